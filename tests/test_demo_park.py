"""The demo park (``parkesg.demo.park``): complete, in catalogue units, internally consistent,
and assessable under the three park frameworks (T/CPPC 附件1, Beijing green diagnosis,
T/ESC 001—2024 表A.1).

Expected T/CPPC values for 2023 were worked out by hand from the demo tables; the
arithmetic is written out as the Python expression next to each level.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from parkesg.demo.park import ENTITY_ID, YEARS, demo_park, demo_park_profile, demo_targets
from parkesg.frameworks.loader import iter_indicators, load_catalogue_file, load_framework
from parkesg.frameworks.schema import Kind
from parkesg.service import assess

SOURCES = {"政府部门公开数据", "研究机构数据", "利益相关方反馈", "园区统计数据", "其他可信数据"}
PARK_YAML = Path(str(resources.files("parkesg.frameworks").joinpath("catalogue", "park.yaml")))
FIELDS = {f.id: f for f in load_catalogue_file(PARK_YAML).fields}


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return demo_park()


@pytest.fixture(scope="module")
def wide(obs: pd.DataFrame) -> pd.DataFrame:
    """Engine input: one row per year; numbers and booleans from value, ordinals from text."""
    keys = ["entity_id", "year"]
    ordinal = [f for f, d in FIELDS.items() if d.kind == Kind.ordinal]
    num = obs[~obs.field.isin(ordinal)].pivot(index=keys, columns="field", values="value")
    txt = obs[obs.field.isin(ordinal)].pivot(index=keys, columns="field", values="text")
    return num.join(txt).reset_index()


@pytest.fixture(scope="module")
def by_year(obs: pd.DataFrame) -> dict[int, dict[str, float]]:
    """year → field → value (numbers and booleans)."""
    return {
        int(y): dict(zip(g.field, g.value, strict=True)) for y, g in obs.groupby("year", sort=True)
    }


# ── shape, units, kinds, provenance ─────────────────────────────────────────────────────


def test_columns_and_entity(obs: pd.DataFrame) -> None:
    assert list(obs.columns) == [
        "entity_id", "year", "field", "value", "text", "unit", "source", "evidence",
    ]  # fmt: skip
    assert set(obs.entity_id) == {ENTITY_ID} == {"P-DEMO-001"}
    assert tuple(sorted(set(obs.year))) == YEARS == (2019, 2020, 2021, 2022, 2023)


def test_every_catalogue_field_every_year_exactly_once(obs: pd.DataFrame) -> None:
    assert len(FIELDS) == 102
    assert set(obs.field) == set(FIELDS)
    counts = obs.groupby(["field", "year"]).size()
    assert len(counts) == len(FIELDS) * len(YEARS)
    assert (counts == 1).all()


def test_units_equal_catalogue(obs: pd.DataFrame) -> None:
    wrong = {
        (r.field, r.unit, FIELDS[r.field].unit)
        for r in obs.itertuples()
        if r.unit != FIELDS[r.field].unit
    }
    assert wrong == set()


def test_values_match_kind(obs: pd.DataFrame) -> None:
    for r in obs.itertuples():
        fd = FIELDS[r.field]
        if fd.kind == Kind.ordinal:
            assert math.isnan(r.value), r.field
            assert r.text in fd.categories, (r.field, r.year, r.text)
        elif fd.kind == Kind.boolean:
            assert r.value in (0.0, 1.0), (r.field, r.year)
            assert r.text is None
        else:
            assert math.isfinite(r.value) and r.value >= 0, (r.field, r.year)
            assert r.text is None


def test_sources_and_evidence(obs: pd.DataFrame) -> None:
    assert set(obs.source) <= SOURCES
    assert len(set(obs.source)) == 5  # every 9.1.2 category is used somewhere
    assert obs.evidence.str.len().min() > 0
    assert not obs.evidence.str.contains("{y}", regex=False).any()
    assert obs[(obs.field == "gdp") & (obs.year == 2022)].evidence.item().startswith("2022年")


def test_profile() -> None:
    p = demo_park_profile()
    assert p["entity_id"] == ENTITY_ID
    assert p["kind"] == "park"
    assert p["name"] and p["region"].startswith("江苏省")
    assert p["industry_focus"]
    assert p["area_km2"] == 30.0


# ── internal consistency ────────────────────────────────────────────────────────────────

LE = [  # (a, b): a ≤ b in every year
    ("solid_waste_utilized", "solid_waste_generated"),
    ("solid_waste_generated", "solid_waste_total"),
    ("solid_waste_handled", "solid_waste_total"),
    ("renewable_resources_recycled", "renewable_resources_collected"),
    ("waste_heat_recovered", "waste_heat_available"),
    ("waste_gas_recovered", "waste_gas_available"),
    ("reclaimed_water_used", "wastewater_treated"),
    ("industrial_wastewater", "wastewater_treated"),
    ("new_industrial_green_building_area", "new_industrial_building_area"),
    ("new_public_green_building_area", "new_public_building_area"),
    ("renewable_energy", "clean_energy"),
    ("clean_energy", "energy_consumption"),
    ("clean_energy", "final_energy_consumption"),
    ("energy_consumption_above_scale", "energy_consumption"),
    ("industrial_value_added_above_scale", "industrial_value_added"),
    ("co2_emissions_above_scale", "co2_emissions"),
    ("fresh_water_above_scale", "fresh_water"),
    ("high_tech_value_added", "industrial_value_added"),
    ("green_industry_value_added", "industrial_value_added"),
    ("recycling_industry_value_added", "industrial_value_added"),
    ("industrial_value_added", "industrial_output"),
    ("industrial_value_added", "gdp"),
    ("high_tech_output", "industrial_output"),
    ("industrial_land_area", "land_area"),
    ("green_area", "land_area"),
    ("ecological_land_area", "land_area"),
    ("air_good_days", "air_monitored_days"),
    ("female_executives", "executives"),
    ("key_enterprises_audited", "key_enterprises"),
    ("key_polluters_disclosing", "key_polluters"),
    ("buses_clean", "buses_total"),
    ("ev_charging_points", "parking_spaces"),
    ("public_service_expenditure", "budget_expenditure"),
]


@pytest.mark.parametrize(("a", "b"), LE)
def test_part_not_more_than_whole(by_year: dict[int, dict[str, float]], a: str, b: str) -> None:
    for year, v in by_year.items():
        assert v[a] <= v[b], (year, a, v[a], b, v[b])


def test_other_consistency(by_year: dict[int, dict[str, float]]) -> None:
    for year, v in by_year.items():
        # utilised incl. stock never exceeds what could be utilised
        assert (
            v["solid_waste_utilized"]
            <= v["solid_waste_generated"] + v["solid_waste_stock_utilized"]
        )
        # industrial and modern-service value added fit inside GDP
        assert v["industrial_value_added"] + v["modern_service_value_added"] <= v["gdp"]
        for pct in ("bus_stop_coverage", "road_shade_ratio", "parking_shade_ratio"):
            assert 0 <= v[pct] <= 100, (year, pct)
        assert v["air_monitored_days"] <= (366 if year % 4 == 0 else 365)
        assert 150_000 <= v["industrial_employees"] <= 250_000
        assert v["land_area"] == pytest.approx(30.0)
        # booleans agree with the counts they summarise
        audited_all = v["key_enterprises_audited"] == v["key_enterprises"]
        assert v["br_key_enterprise_audit"] == float(audited_all), year
        if v["major_env_incidents"] > 0:
            assert v["br_no_major_incident"] == 0.0
        assert v["central_wastewater_treatment"] == 1.0  # the park has a central WWTP


def test_trends(by_year: dict[int, dict[str, float]]) -> None:
    for year in YEARS[1:]:
        now, before = by_year[year], by_year[year - 1]
        growth = now["industrial_value_added"] / before["industrial_value_added"] - 1
        assert 0.06 <= growth <= 0.09, (year, growth)
        e_now = now["energy_consumption"] / now["industrial_value_added"]
        e_before = before["energy_consumption"] / before["industrial_value_added"]
        assert e_now < e_before and 0.3 <= e_now <= 0.5, year
        c_now = now["co2_emissions"] / now["industrial_value_added"]
        c_before = before["co2_emissions"] / before["industrial_value_added"]
        assert c_now < c_before, year
    assert 3_000_000 <= by_year[2019]["industrial_value_added"] <= 5_000_000


# ── T/CPPC 附件1, 2023 ──────────────────────────────────────────────────────────────────

ADV, GEN, BELOW = "先进", "一般", "未达一般"
CPPC_2023 = {  # indicator id: (value by hand from the 2023 / 2022 / 2021 / 2020 rows, level)
    "high_tech_value_added_share": (2_700_000 / 7_400_000 * 100, GEN),  # 36.49: 30 ≤ x < 50
    "industrial_value_added_per_employee": (4_530_000 / 201_000, ADV),  # 22.54 ≥ 20
    "industrial_value_added_growth_3y": (
        ((4_530_000 / 3_610_000) ** (1 / 3) - 1) * 100,
        BELOW,
    ),  # 7.86 < 10
    "recycling_industry_share": (148_000 / 4_530_000 * 100, BELOW),  # 3.27 < 20
    "solid_waste_utilization_rate": (482_800 / (521_000 + 3_800) * 100, GEN),  # 92.00: 70–95
    "renewable_resources_recycling_rate": (70_500 / 86_000 * 100, ADV),  # 81.98 ≥ 80
    "energy_intensity": (1_631_000 / 4_530_000, GEN),  # 0.3600: 0.3 < x ≤ 0.5
    "renewable_energy_share": (151_700 / 1_631_000 * 100, GEN),  # 9.30: 9–15
    "central_wastewater_facility": (1.0, ADV),  # 具备
    "green_industrial_building_share": (391_000 / 850_000 * 100, GEN),  # 46.0: 30–50
    "green_public_building_share": (124_200 / 138_000 * 100, ADV),  # 90.0 ≥ 80
    "key_sources_compliance": (1.0, ADV),  # 达标
    "major_env_incidents_3y": (0.0, ADV),  # 0 + 0 + 0 次
    "solid_waste_disposal_rate": (604_000 / 604_000 * 100, ADV),  # 100 %
    "wastewater_intensity": (12_900_000 / 4_530_000, ADV),  # 2.85 ≤ 3
    "solid_waste_intensity": (521_000 / 4_530_000, GEN),  # 0.115: 0.1 < x ≤ 0.2
    "air_quality_good_rate": (294 / 365 * 100, GEN),  # 80.55: 80–95
    "green_coverage_rate": (9.45 / 30 * 100, ADV),  # 31.5 ≥ 30
    "carbon_intensity_reduction_rate": (
        (1 - ((3_780_000 / 4_530_000) / (3_440_000 / 3_610_000)) ** (1 / 3)) * 100,
        GEN,
    ),  # 4.33: 3–5
    "co2_growth_rate": ((3_780_000 - 3_690_000) / 3_690_000 * 100, ADV),  # 2.44 ≤ 3
    "key_enterprise_audit_rate": (38 / 38 * 100, ADV),  # 100 %
    "cp_audit_system_in_place": (1.0, ADV),  # 具备
    "cp_campaign_count": (4.0, GEN),  # 3 ≤ 4 < 5
    "env_management_completeness": ((1 + 1 + 1 + 1) * 25.0, ADV),  # 100 %
    "env_risk_system_completeness": ((1 + 1 + 1 + 1) * 25.0, ADV),  # not a chemical park: 4 × 25
    "key_polluter_disclosure_rate": (52 / 52 * 100, ADV),  # 100 %
}


def test_cppc_2023(wide: pd.DataFrame) -> None:
    res = assess("t-cppc-park-cpa", wide, years=[2023])
    ind = res.indicators
    assert len(ind) == 26
    assert (ind.status == "computed").all()
    mandatory = ind[ind.selection == "mandatory"]
    assert len(mandatory) == 13
    assert (mandatory.status == "computed").all()
    sel = res.selection.iloc[0]
    assert bool(sel.ok) and list(sel.problems) == []
    for iid, (value, level) in CPPC_2023.items():
        row = res.row(ENTITY_ID, 2023, iid)
        assert row["value"] == pytest.approx(value, rel=1e-9), iid
        assert row["level"] == level, iid
    assert sorted(ind[ind.level == BELOW].no, key=int) == ["3", "4"]


# ── Beijing green diagnosis, 2021–2023 ──────────────────────────────────────────────────


def test_beijing_2021_2023(wide: pd.DataFrame) -> None:
    res = assess("bj-green-diagnosis", wide, years=[2021, 2022, 2023])
    ind = res.indicators
    assert len(ind) == 31 * 3
    assert (ind.status == "computed").all()
    assert ind.score.notna().all()
    assert len(res.totals) == 3 and res.totals.score.notna().all()
    req = res.requirements
    assert len(req) == 8 * 3
    assert req[~req.encouraged.astype(bool)].met.astype(bool).all()  # every basic requirement met
    unmet = req[~req.met.astype(bool)]
    assert set(unmet.requirement_id) == {"br_management_systems"}  # the encouraged one not
    assert unmet.encouraged.astype(bool).all()
    # 2021 reads 2020 for the [-1] indicators: 1 − (3 600 000/3 930 000)/(3 440 000/3 610 000)
    c21 = (3_440_000 / 3_610_000 - 3_600_000 / 3_930_000) / (3_440_000 / 3_610_000) * 100
    row = res.row(ENTITY_ID, 2021, "carbon_intensity_reduction")
    assert row["value"] == pytest.approx(c21, rel=1e-9)  # 3.87 %


# ── T/ESC 001—2024 表A.1, 2023 with the demo targets ────────────────────────────────────


def test_targets_table() -> None:
    t = demo_targets()
    assert list(t.columns) == ["entity_id", "indicator_id", "baseline", "target"]
    assert set(t.entity_id) == {ENTITY_ID}
    assert t.indicator_id.is_unique
    kpis = {i.id for i in iter_indicators(load_framework("t-esc-001-2024").tree)}
    assert len(kpis) == 35
    assert set(t.indicator_id) <= kpis
    assert kpis - set(t.indicator_id) == {"gdp_growth", "public_service_expenditure_share"}


def test_esc_2023(wide: pd.DataFrame) -> None:
    targets = demo_targets()
    res = assess("t-esc-001-2024", wide, years=[2021, 2023], targets=targets)
    ind = res.indicators
    y23 = ind[ind.year == 2023]
    assert len(y23) == 35
    assert (y23.status == "computed").all()
    # baselines are the 2021 values (rounded to 4 decimals)
    y21 = ind[ind.year == 2021].set_index("indicator_id").value
    for r in targets.itertuples():
        assert r.baseline == pytest.approx(y21[r.indicator_id], abs=5e-5), r.indicator_id
    # every KPI with a target has a progress score; the two without one say why
    scored = y23.set_index("indicator_id")
    for iid in targets.indicator_id:
        assert pd.notna(scored.score[iid]), iid
    for iid in ("gdp_growth", "public_service_expenditure_share"):
        assert pd.isna(scored.score[iid])
        assert "未设定基准值或目标值" in scored.reason[iid]
    # worked examples: (value − baseline) / (target − baseline) × 100
    clean = 1_255_900 / 1_784_000 * 100  # 70.40 %
    assert scored.score["clean_energy_share"] == pytest.approx(
        (clean - 66.8765) / (75.0 - 66.8765) * 100, rel=1e-9
    )  # 43.5 %
    air = 294 / 365 * 100  # 80.55 % < baseline 82.42 %: negative progress
    assert scored.score["air_good_days_share"] == pytest.approx(
        (air - 82.4176) / (85.0 - 82.4176) * 100, rel=1e-9
    )
    assert scored.score["esg_disclosure_policy_published"] == 0.0  # (0 − 0) / (1 − 0)
    assert scored.score["central_wastewater_treatment_built"] == 100.0  # target == baseline, met
