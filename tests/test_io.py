"""Input / output layer: template → fill → read back, every bad input, long and wide tables."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from parkesg.errors import DataError, DataErrors
from parkesg.frameworks.schema import FieldDef, Kind, Text
from parkesg.io.safety import Limits, escape_cell, open_workbook, unescape_cell
from parkesg.io.tables import long_to_wide, read_long_csv, read_wide, write_table
from parkesg.io.template import SOURCES, write_template
from parkesg.io.workbook import read_workbook

# A stand-in catalogue built from the schema models (ids as in park.yaml).
FIELDS = [
    FieldDef(id="gdp", name=Text(zh="园区生产总值"), unit="万元"),
    FieldDef(id="land_area", name=Text(zh="园区用地总面积"), unit="km2"),
    FieldDef(id="bus_stop_coverage", name=Text(zh="500米公交站点覆盖率"), unit="%"),
    FieldDef(
        id="central_wastewater_treatment", name=Text(zh="污水集中处理设施"), kind=Kind.boolean
    ),
    FieldDef(
        id="green_standard_system",
        name=Text(zh="园区绿色标准体系完善程度"),
        kind=Kind.ordinal,
        categories=["完善", "较完善", "基本完善", "不完善"],
    ),
    FieldDef(id="energy_consumption", name=Text(zh="园区工业综合能耗总量"), unit="tce"),
]
FMAP = {f.id: f for f in FIELDS}
YEARS = [2022, 2023]
# Layout of sheet “数据”: title row 1, header row 2, FIELDS from row 3 in order;
# D = 2022, E = 2023, F/G = 数据来源/证明材料 2022, H/I = 数据来源/证明材料 2023.
ROW = {f.id: r for r, f in enumerate(FIELDS, start=3)}
HYPERLINK = '=HYPERLINK("http://evil.example/x","点此查看")'


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write_template(
        FIELDS, tmp_path / "模板.xlsx", years=YEARS, entity_id="P001", entity_name="示范园区"
    )


def fill(path: Path, cells: dict[str, object], *, sheet: str = "数据") -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def errors_of(exc: pytest.ExceptionInfo[DataErrors]) -> list[tuple[str, str]]:
    return [(e.cell, e.detail) for e in exc.value.errors]


# ── template ─────────────────────────────────────────────────────────────────────────────


def test_template_layout(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["填写说明", "主体信息", "数据", "选项"]
    assert wb["选项"].sheet_state == "hidden"
    ws = wb["数据"]
    header = [c.value for c in ws[2]]
    assert header == ["字段编号", "指标/字段名称", "单位", 2022, 2023,
                      "数据来源 2022", "证明材料 2022", "数据来源 2023", "证明材料 2023"]  # fmt: skip
    assert ws.freeze_panes == "D3"
    assert [ws.cell(r, 1).value for r in range(3, 9)] == [f.id for f in FIELDS]
    assert ws["C3"].value == "万元" and ws["C6"].value == "—"
    assert ws.column_dimensions["B"].width == 40
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["D6:E6"] == "'选项'!$A$1:$A$2"  # boolean 是/否
    assert lists["D7:E7"] == "'选项'!$C$1:$C$4"  # ordinal categories
    assert lists["F3:F8 H3:H8"] == "'选项'!$B$1:$B$5"  # 数据来源 of each year
    assert [wb["选项"].cell(r, 3).value for r in range(1, 5)] == FIELDS[4].categories
    help_text = "\n".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row)
    for name in SOURCES:
        assert name in help_text
    assert "具备/不具备" in help_text and "亿元" in help_text
    entity = wb["主体信息"]
    assert (entity["A2"].value, entity["B2"].value) == ("主体编号", "P001")


def test_template_escapes_text_cells(tmp_path: Path) -> None:
    path = write_template(
        FIELDS, tmp_path / "t.xlsx", years=[2023], entity_id="P1", entity_name="=1+1"
    )
    cell = openpyxl.load_workbook(path)["主体信息"]["B3"]
    assert (cell.value, cell.data_type) == ("'=1+1", "s")
    assert read_workbook(path, fields=FMAP).attrs["entity"]["name"] == "=1+1"


def test_template_rejects_bad_years(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        write_template(FIELDS, tmp_path / "t.xlsx", years=[2023, 2023])


# ── round trip ───────────────────────────────────────────────────────────────────────────


def test_round_trip_with_unit_change(template: Path) -> None:
    fill(
        template,
        {
            "C3": "亿元",  # gdp entered in 亿元 instead of 万元
            "D3": 1.5,  # 1.5 亿元 = 15000 万元
            "E3": "1.62",  # 1.62 亿元 = 16200 万元
            "F3": "园区统计数据",
            "G3": "2023 年统计年鉴 第 12 页",  # 2022's evidence; 2023's is its own (H3, I3)
            "C4": "公顷",
            "E4": "1,250",  # 1250 公顷 = 12.5 km²
            "D5": "85%",  # 85 %
            "E5": 0.9,  # shown as 90 % (number format below) → 90 %
            "D6": "是",
            "E6": "不具备",
            "E7": "较完善",
            "D8": 3200.5,
        },
    )
    wb = openpyxl.load_workbook(template)
    wb["数据"]["E5"].number_format = "0%"
    wb.save(template)
    obs = read_workbook(template, fields=FMAP)
    got = obs[["year", "field", "value", "text", "unit_given", "cell"]].to_dict("records")
    expected = {
        ("gdp", 2022): 15000.0,
        ("gdp", 2023): 16200.0,
        ("land_area", 2023): 12.5,
        ("bus_stop_coverage", 2022): 85.0,
        ("bus_stop_coverage", 2023): 90.0,
        ("central_wastewater_treatment", 2022): 1.0,
        ("central_wastewater_treatment", 2023): 0.0,
        ("energy_consumption", 2022): 3200.5,
    }
    numbers = {(r["field"], r["year"]): r["value"] for r in got if r["text"] is None}
    assert numbers == {k: pytest.approx(v, rel=1e-9) for k, v in expected.items()}
    assert [(r["field"], r["year"], r["text"]) for r in got if r["text"] is not None] == [
        ("green_standard_system", 2023, "较完善")
    ]
    assert set(obs["entity_id"]) == {"P001"}
    gdp = obs[obs["field"] == "gdp"].iloc[0]
    assert (gdp["unit_given"], gdp["source"], gdp["evidence"], gdp["sheet"], gdp["cell"]) == (
        "亿元",
        "园区统计数据",
        "2023 年统计年鉴 第 12 页",
        "数据",
        "D3",
    )
    assert obs.attrs["entity"] == {
        "entity_id": "P001",
        "name": "示范园区",
        "industry": "",
        "region": "",
    }

    wide = long_to_wide(obs, fields=FIELDS)
    attrs = ["industry", "region", "name"]  # from obs.attrs["entity"]
    assert list(wide.columns) == ["entity_id", "year", *attrs, *(f.id for f in FIELDS)]
    assert wide["year"].tolist() == [2022, 2023]
    assert wide["gdp"].tolist() == pytest.approx([15000.0, 16200.0], rel=1e-9)
    assert wide["central_wastewater_treatment"].tolist() == [1.0, 0.0]
    assert wide["green_standard_system"].iloc[1] == "较完善"
    assert pd.isna(wide["green_standard_system"].iloc[0]) and pd.isna(wide["land_area"].iloc[0])
    assert wide["gdp"].dtype == "float64"


def test_empty_template_reads_as_no_observations(template: Path) -> None:
    obs = read_workbook(template, fields=FMAP)
    assert obs.empty and list(obs.columns)[:4] == ["entity_id", "year", "field", "value"]


def test_real_catalogue_template(tmp_path: Path) -> None:
    from parkesg.frameworks import load_catalogue

    catalogue = load_catalogue()
    fields = [catalogue["gdp"], catalogue["central_wastewater_treatment"]]
    path = write_template(fields, tmp_path / "t.xlsx", years=[2023], entity_id="P9")
    fill(path, {"D3": 100, "D4": "具备"})
    obs = read_workbook(path)  # fields default to the whole catalogue
    assert obs["value"].tolist() == [100.0, 1.0]


# ── bad workbooks: every problem named by cell ──────────────────────────────────────────


@pytest.mark.parametrize(
    ("cells", "cell", "words"),
    [
        ({"C3": "万园", "D3": 1}, "C3", ["无法识别的单位 “万园”", "万元、元、亿元"]),
        ({"C3": "吨", "D3": 1}, "C3", ["不能换算为 “万元”", "可用单位：万元"]),
        ({"C3": "", "D3": 1}, "C3", ["未填写单位"]),
        ({"D3": "约100"}, "D3", ["“约100” 不是数值"]),
        ({"D3": "1,5"}, "D3", ["不是数值"]),  # European decimal comma: ambiguous
        ({"D3": "12%"}, "D3", ["百分数", "万元"]),
        ({"D6": "可能"}, "D6", ["不是有效的是/否值", "具备/不具备"]),
        ({"D7": "很好"}, "D7", ["不在字段 green_standard_system 的可选项中", "完善、较完善"]),
        ({"A3": "gdpp", "D3": 1}, "A3", ["未知的字段编号 “gdpp”", "是否为 “gdp”"]),
        ({"E2": "二〇二三"}, "E2", ["不是年份"]),
        ({"D3": "=1+1"}, "D3", ["公式但没有计算结果"]),
        ({"A9": None, "D9": 5}, "D9", ["缺少字段编号"]),
    ],
)
def test_bad_cells(template: Path, cells: dict[str, object], cell: str, words: list[str]) -> None:
    fill(template, cells)
    with pytest.raises(DataErrors) as exc:
        read_workbook(template, fields=FMAP)
    [(got_cell, detail)] = errors_of(exc)
    assert got_cell == cell
    for w in words:
        assert w in detail
    assert exc.value.errors[0].sheet == "数据"
    assert exc.value.errors[0].file == "模板.xlsx"


def test_formula_uses_the_value_excel_cached(template: Path, tmp_path: Path) -> None:
    fill(template, {"D3": "=1000*3"})
    saved = tmp_path / "saved.xlsx"  # as if Excel had opened and saved it: <v> holds 3000
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(saved, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":
                # an empty cached value: <v /> from the stdlib serialiser, <v></v> from lxml
                empty = re.search(rb"<f>1000\*3</f>(<v ?/>|<v></v>)", data)
                assert empty is not None
                data = data.replace(empty.group(0), b"<f>1000*3</f><v>3000</v>")
            dst.writestr(item, data)
    obs = read_workbook(saved, fields=FMAP)
    assert obs["value"].tolist() == [3000.0]


def test_three_problems_reported_at_once(template: Path) -> None:
    fill(template, {"C3": "吨", "D3": 1, "E5": "很多", "D6": "也许"})
    with pytest.raises(DataErrors) as exc:
        read_workbook(template, fields=FMAP)
    assert [e.cell for e in exc.value.errors] == ["C3", "E5", "D6"]
    assert [e.row for e in exc.value.errors] == [3, 5, 6]
    assert "共发现 3 处数据问题" in str(exc.value)


def test_missing_sheet(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    del wb["主体信息"]
    wb.save(template)
    with pytest.raises(DataErrors) as exc:
        read_workbook(template, fields=FMAP)
    assert "缺少工作表 “主体信息”" in exc.value.errors[0].detail


def test_missing_entity_id_and_bad_industry(template: Path) -> None:
    fill(template, {"B2": None, "B4": "26xx"}, sheet="主体信息")
    with pytest.raises(DataErrors) as exc:
        read_workbook(template, fields=FMAP)
    assert [(e.sheet, e.cell) for e in exc.value.errors] == [("主体信息", "B2"), ("主体信息", "B4")]


def test_oversize_file(template: Path) -> None:
    with pytest.raises(DataErrors) as exc:
        read_workbook(template, fields=FMAP, limits=Limits(max_bytes=1000))
    assert "文件过大" in exc.value.errors[0].detail


def test_zip_bomb_guard(template: Path) -> None:
    with pytest.raises(DataError, match="解压后过大"):
        open_workbook(template, limits=Limits(max_uncompressed=2000))


def test_not_a_zip_renamed_xlsx(tmp_path: Path) -> None:
    fake = tmp_path / "data.xlsx"
    fake.write_text("entity_id,year\nP1,2023\n", encoding="utf-8")
    with pytest.raises(DataErrors) as exc:
        read_workbook(fake, fields=FMAP)
    assert "不是 zip 格式" in exc.value.errors[0].detail


def test_zip_without_content_types(tmp_path: Path) -> None:
    fake = tmp_path / "data.xlsx"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(DataErrors, match="Content_Types"):
        read_workbook(fake, fields=FMAP)


def test_xml_entity_bomb_is_refused(template: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    entity = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                assert not data.startswith(b"<?xml")
                data = entity.encode() + data
            dst.writestr(item, data)
    with pytest.raises(DataErrors, match="被禁止的 XML 实体"):
        read_workbook(bomb, fields=FMAP)


def test_openpyxl_parses_with_defusedxml() -> None:
    import openpyxl.xml.functions as f

    assert openpyxl.DEFUSEDXML is True
    assert f.iterparse.__module__.startswith("defusedxml")


# ── formula injection ────────────────────────────────────────────────────────────────────


def test_escape_cell() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert escape_cell(text) == "'" + text
        assert unescape_cell(escape_cell(text)) == text
    assert escape_cell("园区") == "园区"
    assert escape_cell(-1.5) == -1.5 and escape_cell(None) is None


def test_formula_in_source_is_text_on_import_and_escaped_on_export(
    template: Path, tmp_path: Path
) -> None:
    fill(template, {"D3": 10, "F3": HYPERLINK})
    obs = read_workbook(template, fields=FMAP)
    assert obs.loc[0, "source"] == HYPERLINK  # its text, never evaluated

    write_table(obs, tmp_path / "obs.csv")
    with (tmp_path / "obs.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["source"] == "'" + HYPERLINK
    assert rows[0]["value"] == "10.0"

    write_table(obs, tmp_path / "obs.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "obs.xlsx").active
    col = [c.value for c in ws[1]].index("source") + 1
    assert ws.cell(2, col).value == "'" + HYPERLINK
    assert ws.cell(2, col).data_type == "s"

    write_table(obs, tmp_path / "obs.parquet")  # typed binary: stored as is
    assert pd.read_parquet(tmp_path / "obs.parquet").loc[0, "source"] == HYPERLINK


def test_write_table_rejects_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="不支持的输出格式"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "x.json")


def test_write_table_joins_lists(tmp_path: Path) -> None:
    df = pd.DataFrame({"problems": [["缺少指标 a", "=bad"], []], "ok": [False, True]})
    write_table(df, tmp_path / "x.csv")
    text = (tmp_path / "x.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text == ["problems,ok", "缺少指标 a；=bad,False", ",True"]


# ── long CSV ─────────────────────────────────────────────────────────────────────────────


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


LONG_HEAD = ["entity_id", "year", "field", "value", "unit", "source", "evidence"]


def test_read_long_csv(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "long.csv",
        [
            LONG_HEAD,
            ["P1", 2023, "gdp", "2.5", "亿元", "园区统计数据", "年鉴"],  # 25000 万元
            ["P1", 2023, "central_wastewater_treatment", "达标", "", "", ""],
            ["P1", 2023, "green_standard_system", "完善", "", "", ""],
            ["P1", 2023, "energy_consumption", "", "", "", ""],  # blank → no observation
            ["P2", "2023年", "gdp", "1,200", "", "", ""],  # empty unit = catalogue unit
        ],
        encoding="gb18030",  # as Chinese Excel saves CSV
    )
    obs = read_long_csv(path, fields=FMAP)
    assert obs[["entity_id", "year", "field"]].values.tolist() == [
        ["P1", 2023, "gdp"],
        ["P1", 2023, "central_wastewater_treatment"],
        ["P1", 2023, "green_standard_system"],
        ["P2", 2023, "gdp"],
    ]
    assert obs["value"].tolist()[:2] == [pytest.approx(25000.0, rel=1e-9), 1.0]
    assert obs["value"].iloc[3] == pytest.approx(1200.0, rel=1e-9)
    assert obs["text"].tolist() == [None, None, "完善", None]
    assert obs["cell"].tolist() == ["D2", "D3", "D4", "D6"]
    wide = long_to_wide(obs)
    assert list(wide.columns) == [
        "entity_id",
        "year",
        "gdp",
        "central_wastewater_treatment",
        "green_standard_system",
    ]
    assert wide["gdp"].tolist() == pytest.approx([25000.0, 1200.0], rel=1e-9)


def test_read_long_csv_errors_by_row_and_cell(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "long.csv",
        [
            LONG_HEAD,
            ["P1", 2023, "gdp", "abc", "万元", "", ""],
            ["P1", 2023, "gdp", "1", "吨", "", ""],
            ["P1", "23", "land_area", "1", "", "", ""],
            ["P1", 2023, "nope", "1", "", "", ""],
            ["P1", 2023, "central_wastewater_treatment", "maybe", "", "", ""],
        ],
    )
    with pytest.raises(DataErrors) as exc:
        read_long_csv(path, fields=FMAP)
    assert [(e.row, e.cell) for e in exc.value.errors] == [
        (2, "D2"),  # text in a number cell
        (3, "E3"),  # incompatible unit
        (4, "B4"),  # bad year
        (5, "C5"),  # unknown field
        (6, "D6"),  # bad boolean
    ]


def test_read_long_csv_unknown_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "long.csv", [[*LONG_HEAD, "extra"], ["P1", 2023, "gdp", 1, "", "", "", "x"]]
    )
    with pytest.raises(DataErrors) as exc:
        read_long_csv(path, fields=FMAP)
    assert [(e.cell, e.detail) for e in exc.value.errors] == [("H1", "未知的列 “extra”")]


# ── wide CSV / Parquet ───────────────────────────────────────────────────────────────────


def wide_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "entity_id": ["P1", "P1", "P2"],
            "year": [2022, 2023, 2023],
            "industry": ["C26", "C26", "C2614"],
            "gdp": [100.0, 120.0, None],
            "central_wastewater_treatment": ["是", "否", None],
            "green_standard_system": ["完善", None, "不完善"],
        }
    )


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_read_wide(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"wide{suffix}"
    df = wide_frame()
    df.to_csv(path, index=False) if suffix == ".csv" else df.to_parquet(path, index=False)
    wide = read_wide(path, fields=FMAP)
    assert list(wide.columns) == list(df.columns)
    assert wide["year"].tolist() == [2022, 2023, 2023]
    assert wide["gdp"].tolist()[:2] == [100.0, 120.0] and pd.isna(wide["gdp"].iloc[2])
    assert wide["central_wastewater_treatment"].tolist()[:2] == [1.0, 0.0]
    assert wide["green_standard_system"].tolist()[0] == "完善"
    assert wide["industry"].tolist() == ["C26", "C26", "C2614"]


def test_read_wide_csv_errors(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "wide.csv",
        [
            ["entity_id", "year", "gdp", "bogus"],
            ["P1", 2023, "abc", 1],
            ["P1", 2023, 5, 1],
        ],
    )
    with pytest.raises(DataErrors) as exc:
        read_wide(path, fields=FMAP)
    assert [(e.cell, e.detail) for e in exc.value.errors] == [
        ("D1", "未知的列 “bogus”（不是字段编号）")
    ]

    path = write_csv(
        tmp_path / "wide.csv",
        [["entity_id", "year", "gdp"], ["P1", 2023, "abc"], ["P1", 2023, 5], ["P2", "x", 1]],
    )
    with pytest.raises(DataErrors) as exc:
        read_wide(path, fields=FMAP)
    details = [(e.row, e.cell) for e in exc.value.errors]
    assert details == [(2, "C2"), (4, "B4"), (None, "")]
    assert "“abc” 不是数值" in exc.value.errors[0].detail
    assert "重复：第 2 行 与 第 3 行" in exc.value.errors[2].detail


def test_read_wide_parquet_non_numeric(tmp_path: Path) -> None:
    path = tmp_path / "wide.parquet"
    pd.DataFrame({"entity_id": ["P1"], "year": [2023], "gdp": ["很多"]}).to_parquet(path)
    with pytest.raises(DataErrors) as exc:
        read_wide(path, fields=FMAP)
    assert [(e.row, e.cell) for e in exc.value.errors] == [(1, "gdp")]


# ── long_to_wide ─────────────────────────────────────────────────────────────────────────


def test_long_to_wide_duplicates_name_both_rows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "long.csv",
        [LONG_HEAD, ["P1", 2023, "gdp", 1, "", "", ""], ["P1", 2023, "gdp", 2, "", "", ""]],
    )
    obs = read_long_csv(path, fields=FMAP)
    with pytest.raises(DataErrors) as exc:
        long_to_wide(obs.iloc[::-1])  # positions, not index labels, name the places
    detail = exc.value.errors[0].detail
    assert "“P1 2023 gdp” 重复：long.csv D3 与 long.csv D2" in detail


def test_long_to_wide_entities_and_fields() -> None:
    obs = pd.DataFrame(
        {
            "entity_id": ["A", "B", "A"],
            "year": [2022, 2023, 2023],
            "field": ["green_standard_system", "gdp", "gdp"],
            "value": [float("nan"), 2.0, 1.0],
            "text": ["完善", None, None],
        }
    )
    entities = pd.DataFrame({"entity_id": ["A", "B"], "industry": ["C26", "C27"]})
    wide = long_to_wide(obs, fields=FIELDS, entities=entities)  # catalogue order, observed only
    assert list(wide.columns) == ["entity_id", "year", "industry", "gdp", "green_standard_system"]
    assert wide[["entity_id", "year", "industry"]].values.tolist() == [
        ["A", 2022, "C26"],
        ["A", 2023, "C26"],
        ["B", 2023, "C27"],
    ]
    assert wide["gdp"].tolist()[1:] == [1.0, 2.0]
    assert wide["green_standard_system"].iloc[0] == "完善"
