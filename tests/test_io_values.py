"""Values that make sense (the catalogue's ranges, the year window) and each year's own 数据来源 /
证明材料 in the workbook, the CSVs and the template's round trip — ``parkesg.io``."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from parkesg.errors import DataErrors
from parkesg.frameworks import load_catalogue
from parkesg.io.tables import read_long_csv, read_wide
from parkesg.io.template import write_template
from parkesg.io.workbook import VERSIONS_SHEET, read_workbook

CATALOGUE = load_catalogue()
# the real catalogue's fields: a quantity in t, a share in %, days, a boolean
FIELDS = [CATALOGUE[f] for f in ("industrial_wastewater", "bus_stop_coverage", "air_good_days",
                                 "central_wastewater_treatment")]  # fmt: skip
YEARS = [2022, 2023]
# 数据: rows 3… in FIELDS order; D 2022, E 2023; F/G 数据来源/证明材料 2022, H/I 2023


def _template(tmp_path: Path, **kw) -> Path:
    return write_template(FIELDS, tmp_path / "t.xlsx", years=YEARS, entity_id="P1", **kw)


def _fill(path: Path, cells: dict[str, object], sheet: str = "数据") -> Path:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)
    return path


def _errors(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(DataErrors) as exc:
        read_workbook(path, fields=FIELDS)
    return [(e.cell, e.detail) for e in exc.value.errors]


def test_negative_quantity_refused_by_cell(tmp_path):
    t = _fill(_template(tmp_path), {"D3": -90, "E3": "-0.5", "C3": "万吨"})
    assert _errors(t) == [
        (
            "D3",
            "“-90” 不能为负数：字段 industrial_wastewater（园区工业废水排放总量）是数量，应大于或等于 0",
        ),
        (
            "E3",
            "“-0.5” 不能为负数：字段 industrial_wastewater（园区工业废水排放总量）是数量，应大于或等于 0",
        ),
    ]


def test_share_above_100_and_days_above_366_refused(tmp_path):
    t = _fill(_template(tmp_path), {"D4": "120%", "E4": 100, "D5": 400, "E5": 365})
    assert _errors(t) == [
        ("D4", "“120%” 超过上限 100 %（字段 bus_stop_coverage（500米公交站点覆盖率））"),
        ("D5", "“400” 超过上限 366 天（字段 air_good_days（空气质量优良天数））"),
    ]


def test_bound_checked_after_the_unit_conversion(tmp_path):
    t = _fill(_template(tmp_path), {"C4": "‰", "D4": 990, "E4": 1200})  # 99 % and 120 %
    assert _errors(t) == [
        ("E4", "“1200” 超过上限 100 %（字段 bus_stop_coverage（500米公交站点覆盖率））")
    ]


def test_infinite_number_refused(tmp_path):
    t = _fill(_template(tmp_path), {"D3": "1e400"})
    assert _errors(t) == [
        ("D3", "“1e400” 不是有限的数值（字段 industrial_wastewater（园区工业废水排放总量））")
    ]


def test_year_outside_the_window(tmp_path, monkeypatch):
    monkeypatch.setenv("PARKESG_YEAR_MAX", "2022")
    t = _fill(_template(tmp_path), {"D3": 1})
    assert _errors(t) == [
        ("E2", "年份 2023 超出允许范围 1990—2022（数据只能填报已开始的年份；范围由 "
               "PARKESG_YEAR_MIN / PARKESG_YEAR_MAX 设置）"),
    ]  # fmt: skip
    monkeypatch.setenv("PARKESG_YEAR_MAX", "2023")
    assert len(read_workbook(t, fields=FIELDS)) == 1


def test_each_year_keeps_its_own_source_and_evidence(tmp_path):
    t = _fill(_template(tmp_path), {
        "D3": 10, "E3": 12,
        "F3": "园区统计数据", "G3": "2022 年统计年报",
        "H3": "政府部门公开数据", "I3": "2023 年环境统计公报",
    })  # fmt: skip
    obs = read_workbook(t, fields=FIELDS).set_index("year")
    assert obs.loc[2022, ["source", "evidence"]].tolist() == ["园区统计数据", "2022 年统计年报"]
    assert obs.loc[2023, ["source", "evidence"]].tolist() == [
        "政府部门公开数据",
        "2023 年环境统计公报",
    ]


def test_older_layout_one_source_column_serves_every_year(tmp_path):
    t = _fill(_template(tmp_path), {"D3": 10, "E3": 12, "F2": "数据来源", "G2": "证明材料",
                                    "H2": None, "I2": None, "F3": "园区统计数据", "G3": "年报"})  # fmt: skip
    obs = read_workbook(t, fields=FIELDS)
    assert set(zip(obs["year"], obs["source"], obs["evidence"], strict=True)) == {
        (2022, "园区统计数据", "年报"), (2023, "园区统计数据", "年报"),
    }  # fmt: skip


def test_prefilled_template_reads_back_what_it_was_written_from(tmp_path):
    values = pd.DataFrame([
        {"field": "industrial_wastewater", "year": 2022, "value": 4957.0, "text": None,
         "source": "园区统计数据", "evidence": "2022 年统计年报 表3"},
        {"field": "industrial_wastewater", "year": 2023, "value": 5010.123456789, "text": None,
         "source": "政府部门公开数据", "evidence": "2023 年环境统计公报 p.7"},
        {"field": "central_wastewater_treatment", "year": 2023, "value": 1.0, "text": None,
         "source": "其他可信数据", "evidence": ""},
    ])  # fmt: skip
    revisions = {("industrial_wastewater", 2022): 3, ("industrial_wastewater", 2023): 5,
                 ("central_wastewater_treatment", 2023): 1}  # fmt: skip
    t = _template(tmp_path, values=values, revisions=revisions)
    assert openpyxl.load_workbook(t)[VERSIONS_SHEET].sheet_state == "hidden"
    back = read_workbook(t, fields=FIELDS)
    got = back[["field", "year", "value", "source", "evidence"]].to_dict("records")
    want = values[["field", "year", "value", "source", "evidence"]].to_dict("records")
    assert sorted(got, key=str) == sorted(want, key=str)
    assert back.attrs["revisions"] == revisions


def test_tampered_revisions_sheet_reported(tmp_path):
    t = _template(tmp_path, values=pd.DataFrame(columns=["field", "year", "value", "text",
                                                          "source", "evidence"]),
                  revisions={("industrial_wastewater", 2022): 3})  # fmt: skip
    _fill(t, {"C3": "三"}, sheet=VERSIONS_SHEET)
    assert _errors(t) == [("A3", "“数据版本”表被改动过：请重新下载含已有数据的模板")]


def test_long_csv_negative_and_year_by_cell(tmp_path, monkeypatch):
    monkeypatch.setenv("PARKESG_YEAR_MAX", "2024")
    path = tmp_path / "long.csv"
    path.write_text(
        "entity_id,year,field,value,unit,source,evidence\n"
        "P1,2023,industrial_wastewater,-90,t,,\n"
        "P1,2031,industrial_wastewater,5,t,,\n"
        "P1,2023,bus_stop_coverage,101,%,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataErrors) as exc:
        read_long_csv(path, fields=FIELDS)
    got = [(e.cell, e.detail) for e in exc.value.errors]
    assert [cell for cell, _ in got] == ["D2", "B3", "D4"]
    for (_, detail), start in zip(got, ("“-90” 不能为负数", "年份 2031 超出允许范围 1990—2024",
                                        "“101” 超过上限 100 %"), strict=True):  # fmt: skip
        assert detail.startswith(start)


def test_wide_csv_negative_by_cell(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("entity_id,year,industrial_wastewater\nP1,2023,-90\n", encoding="utf-8")
    with pytest.raises(DataErrors) as exc:
        read_wide(path, fields=FIELDS)
    [error] = exc.value.errors
    assert error.cell == "C2" and error.detail.startswith("“-90” 不能为负数")
