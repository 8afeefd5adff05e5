"""Activity data through the import path (long CSV, workbook) and the `parkesg energy`
commands: units are converted by the registry or rejected by cell, never silently wrong;
files are written and escaped against formula injection."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from parkesg.cli.main import app

runner = CliRunner()
HYPERLINK = '=HYPERLINK("http://evil.example/x","点此查看")'


def long_csv(path: Path, rows: list[tuple[str, int, str, object, str]]) -> Path:
    df = pd.DataFrame(rows, columns=["entity_id", "year", "field", "value", "unit"])
    df.to_csv(path, index=False, encoding="utf-8")
    return path


def ok(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output


def bad(result, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for n in needles:
        assert n in result.output, result.output


def test_kg_and_kwh_are_converted_on_import(tmp_path: Path) -> None:
    # 1,000,000 kg coal = 1000 t; 2,000,000 kWh = 200 万kWh; 20,000 千克 diesel = 20 t
    path = long_csv(
        tmp_path / "activity.csv",
        [
            ("E1", 2022, "raw_coal", "1,000,000", "kg"),
            ("E1", 2022, "electricity_purchased", 2_000_000, "kWh"),
            ("E2", 2022, "electricity_purchased", 300, "万kWh"),
            ("E2", 2022, "diesel", 20_000, "千克"),
        ],
    )
    out = tmp_path / "carbon.csv"
    ok(runner.invoke(app, ["energy", "carbon", str(path), "--by", "entity", "-o", str(out)]))
    got = pd.read_csv(out, encoding="utf-8-sig").set_index("主体编号")
    # E1: 1000 t × 1.9003 + 200 万kWh × 5.366 = 1900.3 + 1073.2
    assert got.loc["E1", "排放总量（tCO2）"] == pytest.approx(2973.5)
    # E2: 300 × 5.366 = 1609.8 + 20 t × 3.0959 = 61.918 → 1671.718
    assert got.loc["E2", "排放总量（tCO2）"] == pytest.approx(1671.718)


@pytest.mark.parametrize(
    ("field", "value", "unit", "words"),
    [
        ("raw_coal", 1000, "tce", ["单位 “tce” 不能换算为 “t”"]),  # already standard coal
        ("electricity_purchased", 200, "m3", ["不能换算为 “万kWh”"]),
        ("natural_gas", 50, "t", ["不能换算为 “万立方米”"]),
        ("heat_purchased", 5000, "万元", ["不能换算为 “GJ”"]),
    ],
)
def test_incompatible_units_are_caught_by_cell(
    tmp_path: Path, field: str, value: object, unit: str, words: list[str]
) -> None:
    path = long_csv(tmp_path / "bad.csv", [("E1", 2022, field, value, unit)])
    bad(runner.invoke(app, ["energy", "balance", str(path)]), "bad.csv", "E2", *words)


def filled_template(tmp_path: Path, entries: dict[str, tuple[str, float]]) -> tuple[Path, dict]:
    """A T/JDFA01 template for 2022 with ``field: (unit, value)`` written in; returns the
    path and each field's row."""
    template = tmp_path / "企业.xlsx"
    ok(runner.invoke(app, ["template", "t-jdfa-01-2025", "-o", str(template), "--years", "2022"]))
    wb = openpyxl.load_workbook(template)
    ws = wb["数据"]
    wb["主体信息"]["B2"] = "E9"
    rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    for field, (unit, value) in entries.items():
        ws.cell(rows[field], 3, unit)  # the unit column, changed by the user
        ws.cell(rows[field], 4, value)
    wb.save(template)
    return template, rows


def test_workbook_with_changed_units(tmp_path: Path) -> None:
    entries = {"raw_coal": ("kg", 1_000_000), "electricity_purchased": ("kWh", 2_000_000)}
    template, _ = filled_template(tmp_path, entries)
    out = tmp_path / "balance.xlsx"
    ok(runner.invoke(app, ["energy", "balance", str(template), "-o", str(out)]))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["能源平衡表", "系数来源"]
    rows = {r[1]: r for r in book["能源平衡表"].iter_rows(min_row=2, values_only=True)}
    # 1000 t × 0.7143 = 714.3 tce; 200 万kWh × 1.229 = 245.8 tce (当量值), × 3.007 = 601.4 (等价值)
    assert rows["原煤"][2:5] == (1000.0, "t", pytest.approx(714.3))
    assert rows["外购电力"][2] == 200.0
    assert rows["外购电力"][4] == pytest.approx(245.8)
    assert rows["外购电力"][5] == pytest.approx(601.4)
    assert rows["合计（综合能耗）"][4] == pytest.approx(960.1)


def test_workbook_unit_mix_up_names_the_cell(tmp_path: Path) -> None:
    template, rows = filled_template(tmp_path, {"raw_coal": ("tce", 714.3)})
    coal = rows["raw_coal"]
    bad(runner.invoke(app, ["energy", "balance", str(template)]), "数据", f"C{coal}", "tce")


def test_carbon_xlsx_and_escaped_names(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    pd.DataFrame(
        {"entity_id": ["E1", "E2"], "year": [2022, 2022], "name": [HYPERLINK, "乙公司"],
         "raw_coal": [1000.0, None], "electricity_purchased": [200.0, 300.0]}
    ).to_csv(wide, index=False)  # fmt: skip
    csv_out, xlsx_out = tmp_path / "c.csv", tmp_path / "c.xlsx"
    ok(runner.invoke(app, ["energy", "carbon", str(wide), "--by", "entity", "-o", str(csv_out)]))
    text = csv_out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
    ok(runner.invoke(app, ["energy", "carbon", str(wide), "-o", str(xlsx_out)]))
    book = openpyxl.load_workbook(xlsx_out)
    assert book.sheetnames == ["按能源品种", "按主体", "系数来源"]
    names = [r[2] for r in book["按主体"].iter_rows(min_row=2, values_only=True)]
    assert names == ["'" + HYPERLINK, "乙公司"]


def test_flow_chart_png(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    pd.DataFrame(
        {"entity_id": ["E1", "E2"], "year": [2022, 2022], "raw_coal": [1000.0, None],
         "natural_gas": [None, 50.0], "electricity_purchased": [200.0, 300.0]}
    ).to_csv(wide, index=False)  # fmt: skip
    png = tmp_path / "flow.png"
    ok(runner.invoke(app, ["energy", "flow", str(wide), "--year", "2022", "-o", str(png)]))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # 2022 has an 等价值 for electricity; 2024 has none: refused, not drawn without it
    later = tmp_path / "later.csv"
    pd.read_csv(wide).assign(year=2024).to_csv(later, index=False)
    args = ["energy", "flow", str(later), "--year", "2024", "--convention", "equivalent"]
    bad(runner.invoke(app, [*args, "-o", str(tmp_path / "x.png")]), "外购电力缺少该年份的折标系数")
    bad(runner.invoke(app, ["energy", "flow", str(wide), "--year", "2022", "-o", "x.svg"]), ".png")


def test_no_activity_data_is_one_line(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    pd.DataFrame({"entity_id": ["P"], "year": [2022], "energy_consumption": [5.0]}).to_csv(
        wide, index=False
    )
    bad(runner.invoke(app, ["energy", "balance", str(wide)]), "没有能源活动数据")


def test_assess_with_coefficient_file_and_trace(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    pd.DataFrame(
        {"entity_id": ["E1"], "year": [2022], "raw_coal": [1000.0], "ent_output_value": [5000.0]}
    ).to_csv(wide, index=False)
    coef = tmp_path / "mine.yaml"
    coef.write_text(
        "coefficients: mine\ntitle:\n  zh: 实测\ncompiled: '2024-01-01'\nentries:\n"
        "- carrier: raw_coal\n  quantity: co2\n  value: 2.0\n  unit: tCO2/t\n  source:\n"
        "    document: 实测报告\n    clause: 表1\n    date: '2024'\n  provisional: false\n",
        encoding="utf-8",
    )
    args = ["assess", "t-jdfa-01-2025", str(wide), "--format", "json", "--coefficients", str(coef)]
    result = runner.invoke(app, args)
    ok(result)
    doc = json.loads(result.output)[0]
    ind = next(i for i in doc["indicators"] if i["id"] == "co2e_intensity")
    assert ind["value"] == pytest.approx(0.4)  # 1000 t × 2.0 = 2000 tCO2 ÷ 5000 万元
    inp = next(i for i in ind["trace"]["inputs"] if i["field"] == "ent_co2e_emissions")
    assert inp["derivation"]["activities"][0]["coefficient"]["source"]["document"] == "实测报告"
    coef.write_text("coefficients: mine\n", encoding="utf-8")
    bad(runner.invoke(app, args), "mine.yaml", "缺少必填的键")
