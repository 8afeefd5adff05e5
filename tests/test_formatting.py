"""The one formatter (``parkesg.formatting``): every expectation is a literal."""

from __future__ import annotations

import datetime as dt

import pytest

from parkesg import formatting as f


@pytest.mark.parametrize(
    ("value", "unit", "indicator", "shown"),
    [
        (1631000.0, "万元", None, "1,631,000.00"),  # the raw float, in 万元
        (0.36004415011037527, "tce/万元", None, "0.360"),  # the raw float
        (0.36004415011037527, "%", None, "0.4"),
        (36.04, "%", None, "36.0"),
        (2.675, "万元", None, "2.68"),  # half up (四舍五入), not the float's 2.67499…
        (0.0005, "tce/万元", None, "0.001"),
        (-0.04, "%", None, "0.0"),  # never “-0.0”
        (-180.25, "%", None, "-180.3"),
        (12345.0, "人", None, "12,345"),
        (3.0, "次", None, "3"),
        (1500.0, "元/m3", None, "1,500.0"),
        (8123.4567, "m3", None, "8,123"),
        (1.23456, "unknown-unit", None, "1.23"),  # the default: 2 decimals
        (0.30001, "-", "pollutant_elasticity", "0.30"),
        (123456.7, "tCO2", "co2e_total", "123,457"),  # by indicator, not by unit
        (7, "t/万元", None, "7.000"),  # an int is a number too
    ],
)
def test_number_by_unit_and_indicator(value, unit, indicator, shown):
    assert f.number(value, unit=unit, indicator=indicator) == shown


def test_number_blanks_booleans_text_and_options():
    assert f.number(None) == "—"
    assert f.number(float("nan")) == "—"
    assert f.number(float("inf")) == "—"
    assert f.number(True) == "是" and f.number(False) == "否"
    assert f.number(True, lang="en") == "Yes"
    assert f.number("绿色") == "绿色"
    assert f.number(1234.5, digits=0) == "1,235"
    assert f.number(1234.5, unit="万元", grouping=False) == "1234.50"
    assert f.number(0.5, unit="tce/万元", trim=True) == "0.5"
    assert f.number(30.0, unit="%", trim=True) == "30"
    assert f.number(1e30, unit="万元") == "1,000,000,000,000,000,019,884,624,838,656.00"


def test_exact_beside_the_rounded():
    assert f.exact(0.36004415011037527) == "0.36004415011037527"
    assert f.exact(1631000.0) == "1631000"
    assert f.exact(None) == "—"


def test_booleans():
    assert f.boolean(1) == "是"
    assert f.boolean(0.0) == "否"
    assert f.boolean(True) == "是"
    assert f.boolean(None) == "—"
    assert f.boolean(0, lang="en") == "No"


@pytest.mark.parametrize(
    ("unit", "framework", "kind", "shown"),
    [
        ("tce/万元", "t-cppc-park-cpa", None, "吨标煤/万元"),  # T/CPPC 附表1 7
        ("t/万元", "t-cppc-park-cpa", None, "吨/万元"),  # T/CPPC 附表1 15, 16
        ("t/万元", "bj-green-diagnosis", None, "t/万元"),  # 北京指南 prints t/万元
        ("元/m3", "bj-green-diagnosis", None, "元/m³"),
        ("亿元/km2", "bj-green-diagnosis", None, "亿元/km²"),
        ("立方米/万元", "t-esc-001-2024", None, "立方米/万元"),  # T/ESC 表A.1 4
        ("1", "t-esc-001-2024", "boolean", "是/否"),  # T/ESC 表A.1 13, 14, 19 …
        ("1", "t-cppc-park-cpa", "boolean", "—"),  # T/CPPC 附表1 9: —
        ("tCO2/万元", "t-jdfa-01-2025", None, "tCO₂/万元"),
        ("m3/万元", None, None, "m³/万元"),
        ("kgCO2/kWh", None, None, "kgCO₂/kWh"),
        ("m2", None, None, "m²"),
        ("%", None, None, "%"),
        ("-", None, None, "—"),
        ("", None, None, "—"),
        (None, None, None, "—"),
        ("万kWh", None, None, "万kWh"),
        ("次", None, "boolean", "—"),
    ],
)
def test_units_as_the_standards_print_them(unit, framework, kind, shown):
    assert f.unit(unit, framework=framework, kind=kind) == shown


def test_with_unit():
    assert f.with_unit(36.04, "%") == "36.0%"
    assert f.with_unit(0.36, "tce/万元") == "0.360 tce/万元"
    assert f.with_unit(1200, "人") == "1,200 人"
    assert f.with_unit(0.3, "-") == "0.30"
    assert f.with_unit(None, "%") == "—"


def test_statuses_and_levels():
    assert f.status("missing") == "缺数据"
    assert f.status("not_computable", "分母为零") == "不可计算（分母为零）"
    assert f.status("not_computable", "division by zero", lang="en") == (
        "not computable (division by zero)"
    )
    assert f.status("computed") == "计算" and f.status("reported") == "填报"
    assert f.status(None) == "—"
    assert f.level("未达一般") == "未达一般" and f.level("先进", lang="en") == "advanced"
    assert f.level(None) == "—"


def test_indicator_values():
    assert f.value(None, status="missing") == "缺数据"
    assert f.value(None, status="not_computable", reason="分母为零") == "不可计算（分母为零）"
    assert f.value(1.0, kind="boolean", status="computed") == "是"
    assert f.value(0.0, kind="boolean", status="reported", lang="en") == "No"
    assert f.value("蓝色", kind="ordinal", status="reported") == "蓝色"
    assert f.value(0.36004, unit="tce/万元", status="computed") == "0.360"
    assert f.value(0.31234, unit="-", indicator="pollutant_elasticity") == "0.31"


def test_scores():
    assert f.score(96.44) == "96.4"
    assert f.score(120) == "120.0"
    assert f.score(85.25, provisional=True) == "85.3（暂定）"
    assert f.score(85.25, provisional=True, lang="en") == "85.3 (provisional)"
    assert f.score(None) == "—"


def test_thresholds():
    assert f.threshold(30.0) == "≥30"
    assert f.threshold(0.5, direction="lower") == "≤0.5"
    assert f.threshold(1500.0, bound=False) == "1,500"
    assert f.threshold(0.3, direction="lower", bound=False) == "0.3"
    assert f.threshold(1, kind="boolean") == "是"
    assert f.threshold(None) == "—"


def test_dates_shanghai_on_pages_utc_in_records():
    t = dt.datetime(2026, 3, 1, 18, 5, 9, tzinfo=dt.UTC)
    assert f.datetime_local(t) == "2026-03-02 02:05"  # next day in Asia/Shanghai
    assert f.datetime_local(t, seconds=True) == "2026-03-02 02:05:09"
    assert f.datetime_utc(t) == "2026-03-01T18:05:09Z"
    assert f.datetime_iso(t) == "2026-03-02T02:05:09+08:00"
    assert f.date(t) == "2026-03-02"
    assert f.date(dt.date(2026, 1, 5)) == "2026-01-05"
    naive = dt.datetime(2026, 3, 1, 0, 0)  # naive: taken as UTC
    assert f.datetime_local(naive) == "2026-03-01 08:00"
    shanghai = dt.datetime(2026, 3, 1, 8, 0, tzinfo=f.TZ)
    assert f.datetime_utc(shanghai) == "2026-03-01T00:00:00Z"
    assert f.datetime_local(None) == f.datetime_utc(None) == f.date(None) == "—"


def test_formula_with_chinese_names():
    names = {"industrial_value_added": "园区工业增加值", "gdp": "园区生产总值",
             "co2": "二氧化碳排放量"}  # fmt: skip
    assert f.formula("industrial_value_added / gdp * 100", names) == (
        "园区工业增加值 ÷ 园区生产总值 × 100"
    )
    assert f.formula("(co2 / co2[-3]) ** (1/3) - 1", names) == (
        "(二氧化碳排放量 ÷ 二氧化碳排放量（3 年前）)^(1 ÷ 3) - 1"
    )
    assert f.formula("max(gdp, 0) + unknown_field", names) == "max(园区生产总值, 0) + unknown_field"
    assert f.formula("gdp[-1]", names, lang="en") == "园区生产总值 (1 yr earlier)"
    assert f.formula(None, names) == ""


def test_export_cells():
    assert f.export_cell(0.36004415011037527) == 0.36004415011037527  # exact, a number
    assert f.export_cell(True) == "是"
    assert f.export_cell(None) == "" and f.export_cell(float("nan")) == ""
    t = dt.datetime(2026, 3, 1, 18, 5, tzinfo=dt.UTC)
    assert f.export_cell(t) == "2026-03-02T02:05:00+08:00"
    assert f.export_cell(dt.date(2026, 3, 1)) == "2026-03-01"
    assert f.export_cell("=SUM(A1)") == "=SUM(A1)"  # escaping is the writer's (io.safety)


def test_imports_nothing_from_the_faces():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(f.__file__).read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not [m for m in imported if m.startswith("parkesg")]
