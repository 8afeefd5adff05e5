"""Worked example for T/CPPC 工业园区清洁生产审核指南（征求意见稿）附件1 (`t-cppc-park-cpa`).

Two parks with four years of data (2020–2023); the assessment year is 2023. Every expected
value below was computed by hand from the formulas of 附件1 (as encoded, with the readings
recorded in the framework's notes); the arithmetic is in the comment beside each literal.

P1 is an ordinary park (chemical_park = 0); P2 is the same park as a chemical park
(chemical_park = 1) with a few different management answers and one incident in 2022.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

FW = "t-cppc-park-cpa"
YEAR = 2023

# serial number as printed → indicator id
IDS = {
    "1": "high_tech_value_added_share",
    "2": "industrial_value_added_per_employee",
    "3": "industrial_value_added_growth_3y",
    "4": "recycling_industry_share",
    "5": "solid_waste_utilization_rate",
    "6": "renewable_resources_recycling_rate",
    "7": "energy_intensity",
    "8": "renewable_energy_share",
    "9": "central_wastewater_facility",
    "10": "green_industrial_building_share",
    "11": "green_public_building_share",
    "12": "key_sources_compliance",
    "13": "major_env_incidents_3y",
    "14": "solid_waste_disposal_rate",
    "15": "wastewater_intensity",
    "16": "solid_waste_intensity",
    "17": "air_quality_good_rate",
    "18": "green_coverage_rate",
    "19": "carbon_intensity_reduction_rate",
    "20": "co2_growth_rate",
    "21": "key_enterprise_audit_rate",
    "22": "cp_audit_system_in_place",
    "23": "cp_campaign_count",
    "24": "env_management_completeness",
    "25": "env_risk_system_completeness",
    "26": "key_polluter_disclosure_rate",
}
MANDATORY = ["1", "9", "12", "13", "14", "17", "18", "21", "22", "23", "24", "25", "26"]
GROUPS = [["2", "3", "4"], ["5", "6"], ["7", "8"], ["10", "11"], ["15", "16"], ["19", "20"]]

ADVANCED, GENERAL, BELOW = "先进", "一般", "未达一般"

# Values in the catalogue units (万元, 人, t, tce, tCO2, m2, km2, 天, 个, 次; booleans 1/0).
P1_2023 = {
    "gdp": 2_000_000.0,
    "high_tech_value_added": 700_000.0,
    "industrial_value_added": 1_404_928.0,  # = 1 000 000 × 1.12³
    "industrial_employees": 80_000.0,
    "recycling_industry_value_added": 351_232.0,  # = 1 404 928 / 4
    "solid_waste_generated": 100_000.0,
    "solid_waste_utilized": 90_000.0,  # includes 5 000 t taken from earlier years' stock
    "solid_waste_stock_utilized": 5_000.0,
    "solid_waste_total": 120_000.0,  # 100 000 generated + 20 000 brought in, incl. hazardous
    "solid_waste_handled": 120_000.0,
    "renewable_resources_collected": 60_000.0,
    "renewable_resources_recycled": 42_000.0,
    "energy_consumption": 702_464.0,  # = 1 404 928 / 2
    "renewable_energy": 84_295.68,  # = 702 464 × 0.12
    "central_wastewater_treatment": 1.0,
    "new_industrial_building_area": 200_000.0,
    "new_industrial_green_building_area": 80_000.0,
    "new_public_building_area": 50_000.0,
    "new_public_green_building_area": 45_000.0,
    "key_sources_compliant": 1.0,
    "major_env_incidents": 0.0,
    "industrial_wastewater": 5_619_712.0,  # = 1 404 928 × 4
    "air_good_days": 310.0,
    "air_monitored_days": 365.0,
    "green_area": 4.2,
    "land_area": 12.0,
    "co2_emissions": 2_460_000.0,
    "key_enterprises": 12.0,
    "key_enterprises_audited": 12.0,
    "cp_audit_system": 1.0,
    "cp_campaigns": 4.0,
    "env_dept": 1.0,
    "env_duties": 1.0,
    "env_performance_review": 0.0,
    "cp_audit_staff": 1.0,
    "env_risk_assessment": 1.0,
    "env_emergency_plan": 1.0,
    "env_emergency_resources": 1.0,
    "env_emergency_drills": 1.0,
    # not a chemical park: item ⑤ does not apply and is left empty — 25 must not read it
    "env_risk_warning_platform": None,
    "chemical_park": 0.0,
    "key_polluters": 20.0,
    "key_polluters_disclosing": 19.0,
}

# Earlier years: what grows or changes; everything else as in 2023.
P1_HISTORY = {
    2020: {
        "industrial_value_added": 1_000_000.0,
        "co2_emissions": 2_000_000.0,
        "major_env_incidents": 1.0,  # outside the 2021–2023 window of indicator 13
        "gdp": 1_450_000.0,
        "high_tech_value_added": 480_000.0,
        "industrial_employees": 74_000.0,
    },
    2021: {
        "industrial_value_added": 1_120_000.0,
        "co2_emissions": 2_150_000.0,
        "major_env_incidents": 0.0,
        "gdp": 1_620_000.0,
        "high_tech_value_added": 540_000.0,
        "industrial_employees": 76_000.0,
    },
    2022: {
        "industrial_value_added": 1_254_400.0,
        "co2_emissions": 2_400_000.0,
        "major_env_incidents": 0.0,
        "gdp": 1_800_000.0,
        "high_tech_value_added": 610_000.0,
        "industrial_employees": 78_000.0,
    },
    2023: {},
}

# P2: the same park, but chemical, with one serious incident in 2022 and other answers.
P2_CHANGES = {
    "chemical_park": 1.0,
    "env_risk_warning_platform": 0.0,
    "env_performance_review": 1.0,
    "key_enterprises_audited": 10.0,
    "cp_audit_system": 0.0,
}
P2_HISTORY_CHANGES = {2022: {"major_env_incidents": 1.0}}


def park_rows(entity_id: str, changes: dict, history_changes: dict) -> list[dict]:
    rows = []
    for year, hist in P1_HISTORY.items():
        row = {"entity_id": entity_id, "year": year, **P1_2023, **hist, **changes}
        row.update(history_changes.get(year, {}))
        rows.append(row)
    return rows


def frame(*parks: str) -> pd.DataFrame:
    rows: list[dict] = []
    if "P1" in parks:
        rows += park_rows("P1", {}, {})
    if "P2" in parks:
        rows += park_rows("P2", P2_CHANGES, P2_HISTORY_CHANGES)
    df = pd.DataFrame(rows)
    value_cols = [c for c in df.columns if c not in ("entity_id", "year")]
    df[value_cols] = df[value_cols].astype(float)
    df["year"] = df["year"].astype(int)
    return df


@pytest.fixture(scope="module")
def assess():
    from parkesg.service import assess as _assess

    return _assess


@pytest.fixture(scope="module")
def result(assess):
    return assess(FW, frame("P1", "P2"), years=[YEAR])


def check(res, entity: str, no: str, value: float, level: str) -> None:
    row = res.row(entity, YEAR, IDS[no])
    assert row["no"] == no
    assert row["status"] == "computed", row.get("reason")
    assert row["value"] == pytest.approx(value, rel=1e-9), no
    assert row["level"] == level, no


# ── the framework file itself ──────────────────────────────────────────────────────────


def test_framework_shape():
    from parkesg.frameworks.loader import iter_indicators, load_framework

    fw = load_framework(FW)
    inds = iter_indicators(fw.tree)
    assert [i.no for i in inds] == [str(n) for n in range(1, 27)]
    assert {i.no: i.id for i in inds} == IDS
    assert sorted((i.no for i in inds if i.selection == "mandatory"), key=int) == MANDATORY
    groups: dict[str, list[str]] = {}
    for i in inds:
        if i.selection != "mandatory":
            groups.setdefault(i.selection, []).append(i.no)
    assert sorted(groups.values()) == sorted(GROUPS)
    assert fw.selection is not None and fw.selection.min_total == 19
    assert all(g.min == 1 for g in fw.selection.groups)
    assert [n.name.zh for n in fw.tree] == [
        "经济发展",
        "资源节约",
        "能源利用",
        "基础设施",
        "环境保护",
        "低碳发展",
        "清洁生产",
        "园区管理",
    ]
    assert fw.aggregation.method == "none" and not fw.grades
    assert fw.source.code == "T/CPPC" and fw.source.status == "draft"


# ── worked example: values and levels, P1 (ordinary park) ──────────────────────────────


def test_economy(result):
    # 1: 700 000 / 2 000 000 × 100 = 35 %; 30 ≤ 35 < 50 → 一般
    check(result, "P1", "1", 35.0, GENERAL)
    # 2: 1 404 928 / 80 000 = 17.5616 万元/人; 15 ≤ 17.56 < 20 → 一般
    check(result, "P1", "2", 17.5616, GENERAL)
    # 3: [(1 404 928 / 1 000 000)^(1/3) − 1] × 100 = (1.404928^(1/3) − 1) × 100
    #    = (1.12 − 1) × 100 = 12 %; 10 ≤ 12 < 15 → 一般
    check(result, "P1", "3", 12.0, GENERAL)
    # 4: 351 232 / 1 404 928 × 100 = 25 %; 20 ≤ 25 < 30 → 一般
    check(result, "P1", "4", 25.0, GENERAL)


def test_resources_energy_infrastructure(result):
    # 5: 90 000 / (100 000 + 5 000) × 100 = 85.714285714… %; 70 ≤ 85.7 < 95 → 一般
    check(result, "P1", "5", 85.71428571428571, GENERAL)
    # 6: 42 000 / 60 000 × 100 = 70 %; 60 ≤ 70 < 80 → 一般
    check(result, "P1", "6", 70.0, GENERAL)
    # 7 (lower is better): 702 464 / 1 404 928 = 0.5 tce/万元; ≤ 0.5 (inclusive) but > 0.3 → 一般
    check(result, "P1", "7", 0.5, GENERAL)
    # 8: 84 295.68 / 702 464 × 100 = 12 %; 9 ≤ 12 < 15 → 一般
    check(result, "P1", "8", 12.0, GENERAL)
    # 9 (boolean, 具备): 1 → requirement met → 先进
    check(result, "P1", "9", 1.0, ADVANCED)
    # 10: 80 000 / 200 000 × 100 = 40 %; 30 ≤ 40 < 50 → 一般
    check(result, "P1", "10", 40.0, GENERAL)
    # 11: 45 000 / 50 000 × 100 = 90 %; ≥ 80 → 先进
    check(result, "P1", "11", 90.0, ADVANCED)


def test_environment(result):
    # 12 (boolean, 达标): 1 → 先进
    check(result, "P1", "12", 1.0, ADVANCED)
    # 13 (lower, required 0): 2023 + 2022 + 2021 = 0 + 0 + 0 = 0 次 → 先进
    #    (the 2020 incident is outside the window: year and the two before)
    check(result, "P1", "13", 0.0, ADVANCED)
    # 14: 120 000 / 120 000 × 100 = 100 %; required 100 → 先进
    check(result, "P1", "14", 100.0, ADVANCED)
    # 15 (lower): 5 619 712 / 1 404 928 = 4 t/万元; ≤ 7 but > 3 → 一般
    check(result, "P1", "15", 4.0, GENERAL)
    # 16 (lower): 100 000 / 1 404 928 = 0.0711780247… t/万元; ≤ 0.1 → 先进
    check(result, "P1", "16", 0.07117802478134111, ADVANCED)
    # 17: 310 / 365 × 100 = 84.931506849… %; 80 ≤ 84.9 < 95 → 一般
    check(result, "P1", "17", 84.93150684931507, GENERAL)
    # 18: 4.2 / 12 × 100 = 35 %; ≥ 30 → 先进
    check(result, "P1", "18", 35.0, ADVANCED)


def test_low_carbon(result):
    # 19: intensity 2023 = 2 460 000 / 1 404 928 = 1.7509794096 t/万元
    #     intensity 2020 = 2 000 000 / 1 000 000 = 2.0 t/万元
    #     ratio = 1.7509794096 / 2.0 = 0.8754897048; cube root = 0.9566439908
    #     reduction = (1 − 0.9566439908) × 100 = 4.335600920 %; 3 ≤ 4.34 < 5 → 一般
    check(result, "P1", "19", 4.335600920466687, GENERAL)
    # 20 (lower): (2 460 000 − 2 400 000) / 2 400 000 × 100 = 60 000 / 2 400 000 × 100 = 2.5 %
    #     ≤ 3 → 先进
    check(result, "P1", "20", 2.5, ADVANCED)


def test_cleaner_production_and_management(result):
    # 21: 12 / 12 × 100 = 100 %; required 100 → 先进
    check(result, "P1", "21", 100.0, ADVANCED)
    # 22 (boolean, 具备): 1 → 先进
    check(result, "P1", "22", 1.0, ADVANCED)
    # 23 (次): 4; 3 ≤ 4 < 5 → 一般
    check(result, "P1", "23", 4.0, GENERAL)
    # 24: (1 + 1 + 0 + 1) × 25 = 75 %; required 100 → 未达一般
    check(result, "P1", "24", 75.0, BELOW)
    # 25, not a chemical park: (1 + 1 + 1 + 1) × 25 = 100 %; required 100 → 先进
    #     (env_risk_warning_platform is empty and must not be read)
    check(result, "P1", "25", 100.0, ADVANCED)
    # 26: 19 / 20 × 100 = 95 %; required 100 → 未达一般
    check(result, "P1", "26", 95.0, BELOW)


def test_levels_carry_no_score(result):
    row = result.row("P1", YEAR, IDS["1"])
    assert row["method"] == "levels"
    assert pd.isna(row["score"])


# ── worked example: P2 (chemical park) ─────────────────────────────────────────────────


def test_chemical_park(result):
    # 25, chemical park: (1 + 1 + 1 + 1 + 0) × 20 = 80 %; required 100 → 未达一般
    check(result, "P2", "25", 80.0, BELOW)
    # 24: (1 + 1 + 1 + 1) × 25 = 100 % → 先进
    check(result, "P2", "24", 100.0, ADVANCED)
    # 13: 2023 + 2022 + 2021 = 0 + 1 + 0 = 1 次; required 0 (lower) → 未达一般
    check(result, "P2", "13", 1.0, BELOW)
    # 21: 10 / 12 × 100 = 83.333… %; required 100 → 未达一般
    check(result, "P2", "21", 83.33333333333334, BELOW)
    # 22 (boolean): 0 → 未达一般
    check(result, "P2", "22", 0.0, BELOW)
    # unchanged inputs give the same values as P1: 3 → 12 %, 19 → 4.3356…, 20 → 2.5 %
    check(result, "P2", "3", 12.0, GENERAL)
    check(result, "P2", "19", 4.335600920466687, GENERAL)
    check(result, "P2", "20", 2.5, ADVANCED)


# ── selection (附件1: 13 mandatory, ≥ 1 of each group, ≥ 19 in all) ─────────────────────


def selection_row(res, entity: str = "P1") -> dict:
    sel = res.selection
    rows = sel[(sel["entity_id"] == entity) & (sel["year"] == YEAR)]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def test_selection_all_26_passes(assess):
    res = assess(FW, frame("P1"), years=[YEAR], selected=list(IDS.values()))
    row = selection_row(res)
    assert bool(row["ok"]) is True
    assert list(row["problems"]) == []


def test_selection_minimum_19_passes(assess):
    # 13 mandatory + one of each of the 6 groups = 19
    chosen = MANDATORY + ["2", "5", "7", "10", "15", "19"]
    assert len(chosen) == 19
    res = assess(FW, frame("P1"), years=[YEAR], selected=[IDS[n] for n in chosen])
    row = selection_row(res)
    assert bool(row["ok"]) is True, row["problems"]


def test_selection_problems_named(assess):
    # mandatory 9 left out, group {7, 8} left empty: 12 mandatory + 2, 5, 10, 15, 20 = 17 < 19
    chosen = [n for n in MANDATORY if n != "9"] + ["2", "5", "10", "15", "20"]
    assert len(chosen) == 17
    res = assess(FW, frame("P1"), years=[YEAR], selected=[IDS[n] for n in chosen])
    row = selection_row(res)
    assert bool(row["ok"]) is False
    problems = list(row["problems"])
    numbers = [set(re.findall(r"\d+", p)) for p in problems]
    assert any("9" in ns for ns in numbers), problems  # the missing mandatory indicator
    assert any("7" in ns for ns in numbers), problems  # the empty group {7, 8}
    assert any("19" in ns for ns in numbers), problems  # the minimum total


# ── missing inputs ─────────────────────────────────────────────────────────────────────


def test_missing_input_names_the_field(assess):
    df = frame("P1")
    df.loc[df["year"] == YEAR, "gdp"] = float("nan")
    res = assess(FW, df, years=[YEAR])
    row = res.row("P1", YEAR, IDS["1"])
    assert row["status"] in ("missing", "not_computable")
    assert "gdp" in row["reason"]
    assert pd.isna(row["value"])
    # the rest of the park is still assessed
    assert res.row("P1", YEAR, IDS["2"])["value"] == pytest.approx(17.5616, rel=1e-9)


def test_missing_earlier_year_names_the_field(assess):
    # without 2020 the three-year rates (3, 19) cannot be computed; 20 only needs 2022
    df = frame("P1")
    df = df[df["year"] != 2020].reset_index(drop=True)
    res = assess(FW, df, years=[YEAR])
    for no, field in (("3", "industrial_value_added"), ("19", "co2_emissions")):
        row = res.row("P1", YEAR, IDS[no])
        assert row["status"] in ("missing", "not_computable"), no
        assert field in row["reason"], no
    assert res.row("P1", YEAR, IDS["20"])["value"] == pytest.approx(2.5, rel=1e-9)
