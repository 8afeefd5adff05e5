"""The command line as a user meets it: right answers, and one clear line with exit 2 for
bad input — never a traceback."""

from __future__ import annotations

import json

import openpyxl
import pytest
from typer.testing import CliRunner

from parkesg.cli.main import app
from parkesg.demo.run import write_demo_inputs

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return write_demo_inputs(tmp_path_factory.mktemp("demo"))


def _data_cell(path, field, year):
    """(sheet, cell) of a field's value for a year in a template workbook."""
    wb = openpyxl.load_workbook(path)
    ws = wb["数据"]
    col = next(c.column for c in ws[2] if c.value == year)
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == field)
    return wb, ws, row, col


def _bad_exit(result, *needles):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for n in needles:
        assert n in result.output, result.output


@pytest.mark.parametrize(
    ("framework", "count"),
    [
        ("t-cppc-park-cpa", 26),
        ("bj-green-diagnosis", 31),
        ("t-jdfa-01-2025", 58),
        ("t-esc-001-2024", 35),
    ],
)
def test_show_lists_every_indicator(framework, count):
    result = runner.invoke(app, ["show", framework, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert len(doc["indicators"]) == count
    assert all({"no", "id", "fields", "formula"} <= set(i) for i in doc["indicators"])


def test_frameworks_lists_four():
    result = runner.invoke(app, ["frameworks"])
    assert result.exit_code == 0
    for fid in ("t-cppc-park-cpa", "bj-green-diagnosis", "t-esc-001-2024", "t-jdfa-01-2025"):
        assert fid[:12] in result.output


def test_assess_json_has_trace_and_selection(demo):
    result = runner.invoke(
        app, ["assess", "t-cppc-park-cpa", str(demo["park"]), "--year", "2023", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.output)
    first = doc["indicators"][0]
    assert set(first) >= {
        "no",
        "id",
        "name_zh",
        "value",
        "unit",
        "level",
        "score",
        "status",
        "provisional",
        "trace",
    }
    assert first["trace"]["formula"] == "high_tech_value_added / gdp * 100"
    inputs = {i["field"]: i for i in first["trace"]["inputs"]}
    assert inputs["gdp"]["source"] and inputs["gdp"]["evidence"]
    assert doc["selection"]["ok"] is True


def test_entity_filter_keeps_the_peer_group(demo):
    full = runner.invoke(
        app, ["assess", "t-jdfa-01-2025", str(demo["enterprises"]), "--format", "json"]
    )
    one = runner.invoke(
        app,
        [
            "assess",
            "t-jdfa-01-2025",
            str(demo["enterprises"]),
            "--entity",
            "E0000001",
            "--format",
            "json",
        ],
    )
    assert full.exit_code == one.exit_code == 0
    whole = next(d for d in json.loads(full.output) if d["entity_id"] == "E0000001")
    (alone,) = json.loads(one.output)
    assert alone["total"] == whole["total"] and alone["grade"] == whole["grade"]


def test_unknown_framework():
    _bad_exit(runner.invoke(app, ["show", "no-such"]), "no-such")


def test_wrong_unit_names_the_cell(demo, tmp_path):
    wb, ws, row, col = _data_cell(demo["park"], "gdp", 2023)
    ws.cell(row, 3).value = "吨"  # 万元 expected
    path = tmp_path / "bad_unit.xlsx"
    wb.save(path)
    _bad_exit(
        runner.invoke(app, ["assess", "t-cppc-park-cpa", str(path)]), "bad_unit.xlsx", f"C{row}"
    )


def test_text_in_number_cell(demo, tmp_path):
    wb, ws, row, col = _data_cell(demo["park"], "industrial_value_added", 2022)
    ws.cell(row, col).value = "约三百万"
    path = tmp_path / "text.xlsx"
    wb.save(path)
    letter = openpyxl.utils.get_column_letter(col)
    _bad_exit(runner.invoke(app, ["assess", "t-cppc-park-cpa", str(path)]), f"{letter}{row}")


def test_missing_sheet(demo, tmp_path):
    wb = openpyxl.load_workbook(demo["park"])
    del wb["数据"]
    path = tmp_path / "nosheet.xlsx"
    wb.save(path)
    _bad_exit(runner.invoke(app, ["assess", "t-cppc-park-cpa", str(path)]), "数据")


def test_oversize_file(tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    _bad_exit(runner.invoke(app, ["assess", "t-cppc-park-cpa", str(path)]), "huge.xlsx")


def test_formula_injection_is_not_evaluated_and_is_escaped(demo, tmp_path):
    wb, ws, row, col = _data_cell(demo["park"], "gdp", 2023)
    source = next(c.column for c in ws[2] if c.value == "数据来源 2023")  # 2023's own column
    ws.cell(row, source).value = '=HYPERLINK("http://x","click")'
    path = tmp_path / "inject.xlsx"
    wb.save(path)
    result = runner.invoke(
        app, ["assess", "t-cppc-park-cpa", str(path), "--year", "2023", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.output)
    gdp = next(i for i in doc["indicators"][0]["trace"]["inputs"] if i["field"] == "gdp")
    assert gdp["source"].startswith("=HYPERLINK")  # kept as text, never run


def test_bad_missing_rule(demo):
    _bad_exit(
        runner.invoke(
            app, ["assess", "t-jdfa-01-2025", str(demo["enterprises"]), "--missing", "maybe"]
        ),
        "maybe",
    )


def test_template_writes_workbook(tmp_path):
    out = tmp_path / "t.xlsx"
    result = runner.invoke(
        app, ["template", "bj-green-diagnosis", "-o", str(out), "--years", "2021,2022,2023"]
    )
    assert result.exit_code == 0, result.output
    assert {"填写说明", "主体信息", "数据"} <= set(openpyxl.load_workbook(out).sheetnames)


def test_rate_writes_parquet(demo, tmp_path):
    out = tmp_path / "r.parquet"
    result = runner.invoke(
        app, ["rate", "t-jdfa-01-2025", str(demo["enterprises"]), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    import pandas as pd

    df = pd.read_parquet(out)
    assert len(df) == 2000 and df.grade.notna().all()


def test_comprehensive_rating_from_adjustment_rows(demo, tmp_path):
    adj = tmp_path / "adj.csv"
    adj.write_text(
        "entity_id,year,indicator_id,score,reason,evaluator,date\n"
        "E0000001,2024,env_law_compliance,0,现场发现未批先建,李四,2025-07-01\n",
        encoding="utf-8",
    )
    args = ["assess", "t-jdfa-01-2025", str(demo["enterprises"]), "--entity", "E0000001"]
    result = runner.invoke(app, [*args, "--adjustments", str(adj), "--format", "json"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.output)
    assert doc["comprehensive"]["total"] <= doc["total"]
    law = next(i for i in doc["indicators"] if i["id"] == "env_law_compliance")
    assert law["adjustment"] == {
        "score": 0.0,
        "reason": "现场发现未批先建",
        "evaluator": "李四",
        "date": "2025-07-01",
    }
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "entity_id,year,indicator_id,score,reason,evaluator,date\nE0000001,2024,x,5,r,e,2025-07-01\n",
        encoding="utf-8",
    )
    _bad_exit(runner.invoke(app, [*args, "--adjustments", str(bad)]), "第 2 行", "indicator_id")
