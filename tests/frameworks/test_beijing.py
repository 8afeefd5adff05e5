"""Worked example for 北京市工业园区绿色诊断工作指南 (framework ``bj-green-diagnosis``).

Park P1 reports data for 2020–2023; the diagnosis looks at 2021, 2022 and 2023 (附件2-1-2,
第1–3年). 2020 is there only because indicators 22 and 24 compare with the year before.
2023 is complete; 2021 and 2022 carry only the fields of indicators 1, 12, 22, 23, 24, 29, so
their other indicators have no score and drop out of the group means (rules.missing=exclude).

Every expected number below was worked out by hand from the framework's formulas and the
scoring rule `leading_ratio` (higher: min(v / L × 100, 120); lower: min(L / v × 100, 120),
v ≤ 0 → 120), `boolean` (1 → 100) and `ordinal` (完善 100 / 较完善 80 / 基本完善 60 / 不完善 0).
Leading values L are the provisional MIIT-2016 ones written in the framework file.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from parkesg.service import assess

FW = "bj-green-diagnosis"
YEARS = [2021, 2022, 2023]
NAN = float("nan")

# Requirement fields (附件2-1-1). P1 fails no. 6 (no green-development body) and lacks the
# encouraged no. 7; P2 meets 1–6 and lacks both encouraged ones (7, 8).
BR_P1 = {
    "br_laws_implemented": 1.0,
    "br_no_major_incident": 1.0,
    "br_env_quality": 1.0,
    "br_key_enterprise_audit": 1.0,
    "br_no_obsolete": 1.0,
    "br_green_agency": 0.0,
    "br_management_systems": 0.0,
    "br_renewable_facilities": 1.0,
}
BR_P2 = {
    "br_laws_implemented": 1.0,
    "br_no_major_incident": 1.0,
    "br_env_quality": 1.0,
    "br_key_enterprise_audit": 1.0,
    "br_no_obsolete": 1.0,
    "br_green_agency": 1.0,
    "br_management_systems": 0.0,
    "br_renewable_facilities": 0.0,
}

P1_2020 = {
    "industrial_value_added": 320000.0,  # 万元
    "co2_emissions": 704000.0,  # tCO2 → intensity 704000/320000 = 2.2 tCO2/万元
    "main_pollutant_emissions": 1000.0,  # t
}
P1_2021 = {
    "industrial_value_added": 400000.0,  # +25 % on 2020
    "energy_consumption": 160000.0,
    "co2_emissions": 853600.0,  # intensity 853600/400000 = 2.134
    "main_pollutant_emissions": 980.0,  # −2 % on 2020
    "industrial_wastewater": 1600000.0,  # t
    "central_wastewater_treatment": 0.0,
    "green_standard_system": "不完善",
    **BR_P1,
}
P1_2022 = {
    "industrial_value_added": 500000.0,  # +25 % on 2021
    "energy_consumption": 250000.0,
    "co2_emissions": 1000000.0,  # intensity 2.0
    "main_pollutant_emissions": 1102.5,  # +12.5 % on 2021 (980 × 1.125)
    "industrial_wastewater": 3000000.0,
    "central_wastewater_treatment": 1.0,
    "green_standard_system": "完善",
    **BR_P1,
}
P1_2023 = {
    "gdp": 800000.0,
    "industrial_value_added": 600000.0,  # +20 % on 2022
    "industrial_output": 2400000.0,
    "high_tech_output": 720000.0,
    "green_industry_value_added": 144000.0,
    "modern_service_value_added": 120000.0,
    "industrial_employees": 50000.0,
    "land_area": 10.0,  # km²
    "industrial_land_area": 5.0,  # km²
    "green_area": 1.5,  # km²
    "energy_consumption": 250000.0,  # tce
    "renewable_energy": 50000.0,
    "clean_energy": 150000.0,
    "co2_emissions": 1170000.0,  # intensity 1170000/600000 = 1.95
    "fresh_water": 5000000.0,  # m³
    "water_reused": 45000000.0,
    "wastewater_treated": 4000000.0,
    "reclaimed_water_used": 900000.0,
    "industrial_wastewater": 3000000.0,  # t
    "solid_waste_generated": 95000.0,
    "solid_waste_utilized": 95000.0,
    "solid_waste_stock_utilized": 5000.0,
    "solid_waste_total": 110000.0,
    "solid_waste_handled": 104500.0,
    "renewable_resources_collected": 20000.0,
    "renewable_resources_recycled": 18000.0,
    "waste_heat_available": 100000.0,  # GJ
    "waste_heat_recovered": 48000.0,
    "waste_gas_available": 1000000.0,  # m³
    "waste_gas_recovered": 720000.0,
    "main_pollutant_emissions": 1190.7,  # +8 % on 2022 (1102.5 × 1.08)
    "central_wastewater_treatment": 1.0,
    "new_industrial_building_area": 100000.0,  # m²
    "new_industrial_green_building_area": 24000.0,
    "new_public_building_area": 20000.0,
    "new_public_green_building_area": 15000.0,
    "bus_stop_coverage": 72.0,  # %
    "buses_total": 50.0,
    "buses_clean": 30.0,
    "road_shade_ratio": 64.0,  # %
    "parking_shade_ratio": 40.0,  # %
    "air_good_days": 292.0,
    "air_monitored_days": 365.0,
    "green_standard_system": "较完善",
    "green_development_plan": "已发布实施",
    "green_info_platform": "基本完善",
    **BR_P1,
}


def _data() -> pd.DataFrame:
    rows = [
        {"entity_id": "P1", "year": 2020, **P1_2020},
        {"entity_id": "P1", "year": 2021, **P1_2021},
        {"entity_id": "P1", "year": 2022, **P1_2022},
        {"entity_id": "P1", "year": 2023, **P1_2023},
    ]
    rows += [{"entity_id": "P2", "year": y, **BR_P2} for y in YEARS]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def res():
    return assess(FW, _data(), years=YEARS)


def approx(x: float) -> object:
    return pytest.approx(x, rel=1e-9)


# ── 2023: all 31 indicators (value, score) ──────────────────────────────────────────────
ALL_2023 = [
    # EG
    ("energy_productivity", 2.4, 80.0),  # 600000/250000 = 2.4 万元/tce; 2.4/3×100 = 80
    # 50000/250000×100 = 20 %; 20/15×100 = 133.3 → cap 120
    ("renewable_energy_share", 20.0, 120.0),
    ("clean_energy_share", 60.0, 80.0),  # 150000/250000×100 = 60 %; 60/75×100 = 80
    # RG
    ("water_productivity", 1200.0, 80.0),  # 600000×10000/5e6 = 1200 元/m³; 1200/1500×100 = 80
    ("land_productivity", 12.0, 80.0),  # 600000/10000/5 = 12 亿元/km²; 12/15×100 = 80
    ("solid_waste_utilization_rate", 95.0, 100.0),  # 95000/(95000+5000)×100 = 95; 95/95×100
    ("water_reuse_rate", 90.0, 100.0),  # 45e6/(45e6+5e6)×100 = 90; 90/90×100 = 100
    ("reclaimed_water_reuse_rate", 22.5, 75.0),  # 900000/4e6×100 = 22.5; 22.5/30×100 = 75
    ("waste_heat_recovery_rate", 48.0, 80.0),  # 48000/100000×100 = 48; 48/60×100 = 80
    ("waste_gas_recovery_rate", 72.0, 80.0),  # 720000/1e6×100 = 72; 72/90×100 = 80
    ("renewable_resource_recycling_rate", 90.0, 112.5),  # 18000/20000×100 = 90; 90/80×100
    # IG
    ("wastewater_treatment_facility", 1.0, 100.0),  # 具备 → 100
    ("green_industrial_building_share", 24.0, 80.0),  # 24000/100000×100 = 24; 24/30×100 = 80
    # 15000/20000×100 = 75; 75/60×100 = 125 → cap 120
    ("green_public_building_share", 75.0, 120.0),
    ("bus_stop_coverage_500m", 72.0, 80.0),  # 72; 72/90×100 = 80
    ("clean_bus_share", 60.0, 120.0),  # 30/50×100 = 60; 60/30×100 = 200 → 120
    # CG
    ("high_tech_output_share", 30.0, 100.0),  # 720000/2400000×100 = 30; 30/30×100 = 100
    ("green_industry_share", 24.0, 80.0),  # 144000/600000×100 = 24; 24/30×100 = 80
    ("value_added_per_employee", 12.0, 80.0),  # 600000/50000 = 12 万元/人; 12/15×100 = 80
    ("modern_service_share", 15.0, 50.0),  # 120000/800000×100 = 15; 15/30×100 = 50
    # HG
    ("solid_waste_handling_rate", 95.0, 95.0),  # 104500/110000×100 = 95; 95/100×100 = 95
    # (2.0−1.95)/2.0×100 = 2.5; 2.5/3×100 = 83.33…
    ("carbon_intensity_reduction", 2.5, 250.0 / 3),
    ("wastewater_intensity", 5.0, 100.0),  # 3e6/600000 = 5 t/万元 (lower); 5/5×100 = 100
    ("pollutant_elasticity", 0.4, 75.0),  # (8 %)/(20 %) = 0.4 (lower); 0.3/0.4×100 = 75
    ("air_quality_good_rate", 80.0, 100.0),  # 292/365×100 = 80; 80/80×100 = 100
    ("green_coverage_rate", 15.0, 50.0),  # 1.5/10×100 = 15; 15/30×100 = 50
    ("road_shade_rate", 64.0, 80.0),  # 64/80×100 = 80
    ("parking_shade_rate", 40.0, 50.0),  # 40/80×100 = 50
]

ORDINAL_2023 = [
    ("green_standard_system_level", "较完善", 80.0),
    ("green_development_plan_status", "已发布实施", 100.0),
    ("green_info_platform_level", "基本完善", 60.0),
]


@pytest.mark.parametrize(("indicator_id", "value", "score"), ALL_2023)
def test_2023_quantitative_and_boolean(res, indicator_id: str, value: float, score: float) -> None:
    row = res.row("P1", 2023, indicator_id)
    assert row["value"] == approx(value)
    assert row["score"] == approx(score)
    assert bool(row["provisional"]) is True  # every leading value is provisional


@pytest.mark.parametrize(("indicator_id", "category", "score"), ORDINAL_2023)
def test_2023_ordinal(res, indicator_id: str, category: str, score: float) -> None:
    row = res.row("P1", 2023, indicator_id)
    assert row["category"] == category
    assert row["score"] == approx(score)


def test_indicator_numbers_and_count(res) -> None:
    ind = res.indicators
    p1 = ind[(ind.entity_id == "P1") & (ind.year == 2023)]
    assert sorted(p1["no"].astype(int)) == list(range(1, 32))
    assert res.row("P1", 2023, "pollutant_elasticity")["no"] == "24"


# ── 2021 and 2022: indicators with data in every year ───────────────────────────────────
ACROSS_YEARS = [
    # 1 能源产出率 (higher, L = 3)
    (2021, "energy_productivity", 2.5, 250.0 / 3),  # 400000/160000 = 2.5; 2.5/3×100 = 83.33…
    (2022, "energy_productivity", 2.0, 200.0 / 3),  # 500000/250000 = 2.0; 2/3×100 = 66.66…
    # 22 万元工业增加值碳排放量消减率 (higher, L = 3 %), needs the year before
    (2021, "carbon_intensity_reduction", 3.0, 100.0),  # (2.2−2.134)/2.2×100 = 0.066/2.2×100 = 3
    # (2.134−2.0)/2.134×100 = 13.4/2.134 = 6.279287722586692; 6.279…/3×100 = 209.3 → cap 120
    (2022, "carbon_intensity_reduction", 6.279287722586692, 120.0),
    # 23 单位工业增加值废水排放量 (lower, L = 5 t/万元)
    (2021, "wastewater_intensity", 4.0, 120.0),  # 1.6e6/400000 = 4; 5/4×100 = 125 → cap 120
    (2022, "wastewater_intensity", 6.0, 250.0 / 3),  # 3e6/500000 = 6; 5/6×100 = 83.33…
    # 24 主要污染物弹性系数 (lower, L = 0.3), growth rates on the year before
    # 2021: (980−1000)/1000 = −0.02; 400000/320000 − 1 = 0.25; −0.02/0.25 = −0.08 ≤ 0 → 120
    (2021, "pollutant_elasticity", -0.08, 120.0),
    # 2022: (1102.5−980)/980 = 0.125; 0.125/0.25 = 0.5; 0.3/0.5×100 = 60
    (2022, "pollutant_elasticity", 0.5, 60.0),
    # 12 污水集中处理设施 (boolean)
    (2021, "wastewater_treatment_facility", 0.0, 0.0),  # 不具备 → 0
    (2022, "wastewater_treatment_facility", 1.0, 100.0),  # 具备 → 100
]


@pytest.mark.parametrize(("year", "indicator_id", "value", "score"), ACROSS_YEARS)
def test_earlier_years(res, year: int, indicator_id: str, value: float, score: float) -> None:
    row = res.row("P1", year, indicator_id)
    assert row["value"] == approx(value)
    assert row["score"] == approx(score)


def test_earlier_years_ordinal(res) -> None:
    r21 = res.row("P1", 2021, "green_standard_system_level")
    assert (r21["category"], r21["score"]) == ("不完善", 0.0)
    r22 = res.row("P1", 2022, "green_standard_system_level")
    assert (r22["category"], r22["score"]) == ("完善", 100.0)


def test_missing_input_has_no_score(res) -> None:
    # 2021 has no renewable_energy: indicator 2 cannot be computed and carries no score.
    row = res.row("P1", 2021, "renewable_energy_share")
    assert row["status"] in ("missing", "not_computable")
    assert row["score"] is None or math.isnan(row["score"])


# ── groups and totals ───────────────────────────────────────────────────────────────────
def _node(res, year: int, node_id: str) -> float:
    n = res.nodes
    sel = n[(n.entity_id == "P1") & (n.year == year) & (n.node_id == node_id)]
    assert len(sel) == 1
    return float(sel["score"].iloc[0])


GROUPS_2023 = [
    ("EG", 280.0 / 3),  # (80 + 120 + 80)/3 = 93.33…
    ("RG", 88.4375),  # (80 + 80 + 100 + 100 + 75 + 80 + 80 + 112.5)/8 = 707.5/8
    ("IG", 100.0),  # (100 + 80 + 120 + 80 + 120)/5 = 500/5
    ("CG", 77.5),  # (100 + 80 + 80 + 50)/4 = 310/4
    ("HG", 475.0 / 6),  # (95 + 83.33… + 100 + 75 + 100 + 50 + 80 + 50)/8 = (1900/3)/8 = 79.166…
    ("MG", 80.0),  # (80 + 100 + 60)/3 = 240/3
]


@pytest.mark.parametrize(("node_id", "score"), GROUPS_2023)
def test_group_scores_2023(res, node_id: str, score: float) -> None:
    assert _node(res, 2023, node_id) == approx(score)


def test_total_2023(res) -> None:
    t = res.totals
    sel = t[(t.entity_id == "P1") & (t.year == 2023)]
    # In 48ths: EG 4480 + RG 4245 + IG 4800 + CG 3720 + HG 3800 + MG 3840 = 24885/48;
    # mean of the six groups = 24885/288 = 86.40625
    assert float(sel["score"].iloc[0]) == approx(86.40625)


def test_group_scores_with_missing_indicators(res) -> None:
    # 2021 EG: only indicator 1 has a score (2, 3 lack data) → 83.33… alone
    assert _node(res, 2021, "EG") == approx(250.0 / 3)
    # 2021 HG: 22 → 100, 23 → 120, 24 → 120; (100 + 120 + 120)/3 = 340/3
    assert _node(res, 2021, "HG") == approx(340.0 / 3)
    # 2022 HG: 22 → 120, 23 → 83.33…, 24 → 60; (120 + 250/3 + 60)/3 = (790/3)/3 = 790/9
    assert _node(res, 2022, "HG") == approx(790.0 / 9)


# ── 附件2-1-1 basic requirements ────────────────────────────────────────────────────────
def _requirements(res, entity: str) -> dict[str, tuple[bool, bool]]:
    r = res.requirements
    sel = r[(r.entity_id == entity) & (r.year == 2023)]
    return {row.requirement_id: (bool(row.met), bool(row.encouraged)) for row in sel.itertuples()}


def test_requirements_p1(res) -> None:
    req = _requirements(res, "P1")
    assert req == {
        "br_laws_implemented": (True, False),
        "br_no_major_incident": (True, False),
        "br_env_quality": (True, False),
        "br_key_enterprise_audit": (True, False),
        "br_no_obsolete": (True, False),
        "br_green_agency": (False, False),
        "br_management_systems": (False, True),  # 鼓励: reported, not a failure
        "br_renewable_facilities": (True, True),
    }
    failed = {k for k, (met, encouraged) in req.items() if not met and not encouraged}
    assert failed == {"br_green_agency"}


def test_requirements_encouraged_never_fail(res) -> None:
    req = _requirements(res, "P2")
    assert req["br_management_systems"] == (False, True)
    assert req["br_renewable_facilities"] == (False, True)
    failed = {k for k, (met, encouraged) in req.items() if not met and not encouraged}
    assert failed == set()  # P2 passes the basic check although both 鼓励 items are unmet
