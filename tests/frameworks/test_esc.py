"""Worked example for T/ESC 001—2024 Table A.1 (framework ``t-esc-001-2024``).

One park, two years of data (2023, 2024), assessed for 2024 against its own baselines
(6.3.1) and targets (6.3.2). Every expected number below was computed by hand from the
formulas in the framework file and the progress rule of the brief:

    progress % = (value − baseline) / (target − baseline) × 100
    target == baseline → 100 if the value is at least as good (by direction), else 0
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from parkesg.frameworks.loader import iter_indicators, load_framework
from parkesg.service import assess

FW = "t-esc-001-2024"
PARK = "P1"
NAN = float("nan")

# Raw fields in their catalogue units (tce, 万元, m3, t, km2, m2, 个, 人; booleans 1.0 / 0.0).
# 2023 differs from 2024 only where it matters for the example: gdp (KPI 16 reads gdp[-1]).
BASE = {
    "clean_energy": 30_000.0,  # tce
    "final_energy_consumption": 120_000.0,  # tce
    "energy_consumption_above_scale": 90_000.0,  # tce
    "industrial_value_added_above_scale": 2_000_000.0,  # 万元
    "co2_emissions_above_scale": 240_000.0,  # tCO2
    "fresh_water_above_scale": 5_000_000.0,  # m3
    "water_reused": 45_000_000.0,  # m3
    "fresh_water": 5_000_000.0,  # m3
    "solid_waste_utilized": 80_000.0,  # t
    "solid_waste_generated": 95_000.0,  # t
    "solid_waste_stock_utilized": 5_000.0,  # t
    "air_good_days": NAN,  # not reported → KPI 7 missing
    "air_monitored_days": NAN,
    "green_area": 3.0,  # km2
    "land_area": 10.0,  # km2
    "new_industrial_building_area": 200_000.0,  # m2
    "new_industrial_green_building_area": 120_000.0,  # m2
    "new_public_building_area": 50_000.0,  # m2
    "new_public_green_building_area": 30_000.0,  # m2
    "ecological_land_area": 2.5,  # km2
    "green_factories": 6.0,  # 个
    "green_brands": 3.0,  # 个
    "central_wastewater_treatment": 1.0,
    "reclaimed_water_facility": 1.0,
    "ev_charging_points": 1_200.0,  # 个
    "parking_spaces": 8_000.0,  # 个
    "industrial_value_added": 2_500_000.0,  # 万元
    "green_industry_value_added": 500_000.0,  # 万元
    "green_finance_capacity": 0.0,
    "high_tech_output": NAN,  # not reported → KPI 20 missing
    "industrial_output": NAN,
    "incubators": NAN,  # not reported → KPI 21 missing
    "public_service_expenditure": 30_000.0,  # 万元
    "budget_expenditure": 200_000.0,  # 万元
    "executives": 12.0,  # 人
    "female_executives": 3.0,  # 人
    "vocational_training": NAN,  # not reported → KPI 24 missing
    "barrier_free": 1.0,
    "enterprises_esg_reporting": 25.0,  # 个
    "park_esg_report": 1.0,
    "green_mgmt_dept": 1.0,
    "industry_plan": 1.0,
    "green_policy": 1.0,
    "smart_platform": 0.0,
    "esg_disclosure_policy": 1.0,
    "green_procurement": 1.0,
    "iso9001": 1.0,
    "env_emergency_plan": 1.0,
}
GDP = {2023: 5_000_000.0, 2024: 5_400_000.0}  # 万元

# Baseline (6.3.1) and target (6.3.2) per KPI; every other KPI has none.
TARGETS = [
    ("clean_energy_share", 20.0, 40.0),  # higher-is-better ratio
    ("energy_intensity_above_scale", 0.05, 0.04),  # lower, moved the right way
    ("carbon_intensity_above_scale", 0.10, 0.08),  # lower, moved the wrong way
    ("water_reuse_rate", 85.0, 95.0),
    ("national_green_factories", 4.0, 8.0),  # count
    ("reclaimed_water_facility_built", 0.0, 1.0),  # boolean, achieved
    ("gdp_growth", 6.0, 10.0),  # needs gdp[-1]
    ("green_finance_support", 0.0, 1.0),  # boolean, not achieved
    ("female_executive_share", 20.0, 30.0),
    ("enterprises_publishing_esg", 10.0, 40.0),  # count
    ("park_esg_report_published", 1.0, 1.0),  # target == baseline
    ("national_incubators", 2.0, 4.0),  # target set but no data
]

MISSING = {
    "air_good_days_share",  # 7
    "high_tech_output_share",  # 20
    "national_incubators",  # 21
    "vocational_training_institution",  # 24
}


def _data() -> pd.DataFrame:
    rows = [{"entity_id": PARK, "year": y, **BASE, "gdp": GDP[y]} for y in (2023, 2024)]
    return pd.DataFrame(rows)


def _targets() -> pd.DataFrame:
    return pd.DataFrame(
        [{"entity_id": PARK, "indicator_id": i, "baseline": b, "target": t} for i, b, t in TARGETS]
    )


@pytest.fixture(scope="module")
def res() -> Any:
    return assess(FW, _data(), years=[2024], targets=_targets())


def _row(res: Any, indicator_id: str) -> dict[str, Any]:
    return res.row(PARK, 2024, indicator_id)


def test_framework_shape() -> None:
    fw = load_framework(FW)
    inds = iter_indicators(fw.tree)
    assert [i.no for i in inds] == [str(n) for n in range(1, 36)]
    assert [n.name.zh for n in fw.tree] == ["环境管理", "经济社会发展", "产业园区治理"]
    issues = [c.name.zh for n in fw.tree for c in n.children]
    assert issues == [
        "节能减排", "资源节约", "生态宜居", "绿色品牌", "基础设施",
        "经济增长", "科技创新", "社会平等", "信息公开",
        "治理机构", "运营管理", "风险防控",
    ]  # fmt: skip
    operations = fw.tree[2].children[1]
    assert [i.no for i in operations.indicators] == ["29", "30", "31", "32", "33"]
    assert all(i.method.value == "progress" for i in inds)
    assert fw.aggregation.method == "none" and fw.grades == []


# (indicator id, expected value, expected progress score)
CASES = [
    # 1: 30000 / 120000 × 100 = 25 %; progress (25 − 20) / (40 − 20) × 100 = 25
    ("clean_energy_share", 25.0, 25.0),
    # 2: 90000 / 2000000 = 0.045 tce/万元 (fell from 0.05 toward 0.04: right way);
    #    progress (0.045 − 0.05) / (0.04 − 0.05) × 100 = (−0.005) / (−0.01) × 100 = 50
    ("energy_intensity_above_scale", 0.045, 50.0),
    # 3: 240000 / 2000000 = 0.12 tCO2/万元 (rose from 0.10 although the target is 0.08);
    #    progress (0.12 − 0.10) / (0.08 − 0.10) × 100 = 0.02 / (−0.02) × 100 = −100
    ("carbon_intensity_above_scale", 0.12, -100.0),
    # 5: 45e6 / (45e6 + 5e6) × 100 = 90 %; progress (90 − 85) / (95 − 85) × 100 = 50
    ("water_reuse_rate", 90.0, 50.0),
    # 11: count read directly = 6 个; progress (6 − 4) / (8 − 4) × 100 = 50
    ("national_green_factories", 6.0, 50.0),
    # 14: boolean 是 = 1; progress (1 − 0) / (1 − 0) × 100 = 100
    ("reclaimed_water_facility_built", 1.0, 100.0),
    # 16: (5400000 / 5000000 − 1) × 100 = (1.08 − 1) × 100 = 8 %;
    #     progress (8 − 6) / (10 − 6) × 100 = 50
    ("gdp_growth", 8.0, 50.0),
    # 19: boolean 否 = 0; progress (0 − 0) / (1 − 0) × 100 = 0
    ("green_finance_support", 0.0, 0.0),
    # 23: 3 / 12 × 100 = 25 %; progress (25 − 20) / (30 − 20) × 100 = 50
    ("female_executive_share", 25.0, 50.0),
    # 26: count 25 个; progress (25 − 10) / (40 − 10) × 100 = 15 / 30 × 100 = 50
    ("enterprises_publishing_esg", 25.0, 50.0),
    # 27: boolean 是 = 1; target == baseline == 1 and 1 ≥ 1 (higher) → 100
    ("park_esg_report_published", 1.0, 100.0),
]


@pytest.mark.parametrize(("indicator_id", "value", "score"), CASES)
def test_value_and_progress(res: Any, indicator_id: str, value: float, score: float) -> None:
    row = _row(res, indicator_id)
    assert row["value"] == pytest.approx(value, rel=1e-9)
    assert row["score"] == pytest.approx(score, rel=1e-9, abs=1e-9)
    assert row["method"] == "progress"
    assert row["status"] == "computed"


# KPIs with data but no baseline/target: the value is reported, the progress is not.
VALUES_WITHOUT_TARGET = [
    # 4: 5000000 / 2000000 = 2.5 m3/万元
    ("water_intensity_above_scale", 2.5),
    # 6: 80000 / (95000 + 5000) × 100 = 80 %
    ("solid_waste_utilization_rate", 80.0),
    # 8: 3 / 10 × 100 = 30 %
    ("green_coverage_rate", 30.0),
    # 9: (120000 + 30000) / (200000 + 50000) × 100 = 150000 / 250000 × 100 = 60 %
    ("green_building_share", 60.0),
    # 10: 2.5 / 10 = 0.25 (dimensionless, not × 100)
    ("ecological_land_index", 0.25),
    # 12: count read directly = 3 个
    ("green_low_carbon_brands", 3.0),
    # 13: boolean read directly: 是 = 1
    ("central_wastewater_treatment_built", 1.0),
    # 15: 1200 / 8000 × 100 = 15 %
    ("ev_charging_share", 15.0),
    # 17: 5400000 万元 / 10000 = 540 亿元; 540 / 10 km2 = 54 亿元/平方公里
    ("gdp_per_land_area", 54.0),
    # 18: 500000 / 2500000 × 100 = 20 %
    ("green_industry_share", 20.0),
    # 22: 30000 / 200000 × 100 = 15 %
    ("public_service_expenditure_share", 15.0),
    # 25, 28–30, 32–35: booleans 是 = 1; 31: 否 = 0
    ("barrier_free_environment", 1.0),
    ("green_management_department", 1.0),
    ("industry_plan_published", 1.0),
    ("green_policy_published", 1.0),
    ("smart_platform_built", 0.0),
    ("esg_disclosure_policy_published", 1.0),
    ("green_procurement_practised", 1.0),
    ("iso9001_certified", 1.0),
    ("env_emergency_plan_prepared", 1.0),
]


@pytest.mark.parametrize(("indicator_id", "value"), VALUES_WITHOUT_TARGET)
def test_no_target_no_progress(res: Any, indicator_id: str, value: float) -> None:
    row = _row(res, indicator_id)
    assert row["value"] == pytest.approx(value, rel=1e-9)
    assert row["status"] == "computed"
    assert row["score"] is None or math.isnan(row["score"])
    assert "目标" in str(row["reason"])  # the reason says no baseline / target was set


def test_missing_kpis_are_listed(res: Any) -> None:
    ind = res.indicators
    ind = ind[(ind["entity_id"] == PARK) & (ind["year"] == 2024)]
    assert len(ind) == 35  # every KPI has a row, with or without data
    assert set(ind.loc[ind["status"] == "missing", "indicator_id"]) == MISSING
    assert ind.loc[ind["status"] == "missing", "score"].isna().all()
    assert (ind["method"] == "progress").all()
    # 21 has a target (2 → 4) but no data: still missing, no progress
    row = _row(res, "national_incubators")
    assert row["status"] == "missing"
    assert row["score"] is None or math.isnan(row["score"])
