"""Worked example for T/JDFA01—2025 (frameworks/data/t-jdfa-01-2025.yaml), computed by hand.

Five enterprises, one year (2023): E1–E3 in industry C2614, E4–E5 in C2619. The worked
example runs with peer.min_size = 5: C2614 (3) and C2619 (2) are too small, so every
peer-scored indicator falls back to the 大类 C26, which holds all five, and says so (6.8 b).
With the shipped min_size = 30 no group reaches the minimum, not even 全部: the peer scores
have no basis and the rating is withheld (``test_no_peer_basis_*``).

Scoring semantics (brief): peer_percentile p = (rank − 1)/(n − 1), rank 1 = best, ties share
the lowest rank; tiers (0.2,100) (0.4,80) (0.6,60) (0.8,40) (1.0,20). With n = 5:
p ∈ {0, .25, .5, .75, 1} → 100, 80, 60, 40, 20. peer_normal 100·Φ(z), sample σ.
peer_poisson (lower) 100·P(X ≥ x), λ = peer mean. Violations → 0; missing → rules.missing.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from parkesg.frameworks import load_framework
from parkesg.frameworks.schema import Framework
from parkesg.service import assess

FW = "t-jdfa-01-2025"
Y = 2023
IDS = ["E1", "E2", "E3", "E4", "E5"]
NAN = float("nan")

# Quantities, in catalogue units (万元, tce, m3, t, tCO2, 人, %, 次).
QUANT: dict[str, list[float]] = {
    "ent_output_value": [10000, 20000, 5000, 8000, 40000],
    "ent_energy_consumption": [2000, 6000, 500, 3200, 20000],
    "ent_fresh_water": [50000, 200000, 10000, 24000, 160000],
    "ent_water_reused": [450000, 3800000, 40000, 216000, 3040000],
    "ent_general_solid_waste_generated": [900, 1800, 400, 1000, 3000],
    "ent_general_solid_waste_utilized": [720, 1650, 300, 600, 3000],
    "ent_hazardous_waste_generated": [100, 200, 100, 0, 0],
    "ent_hazardous_waste_utilized": [80, 150, 50, 0, 0],
    "ent_wastewater_discharged": [30000, 100000, 5000, 16000, 160000],
    "ent_waste_gas_discharged": [1e8, 1e8, 1e8, 4e8, 1.2e9],
    "ent_cod_discharged": [5, 4, 5, 2, 8],
    "ent_ammonia_nitrogen_discharged": [0.5, 2, 0.1, 0.8, 1.2],
    "ent_voc_discharged": [1, 6, 1, 0.4, 16],
    "ent_co2e_emissions": [5000, 15000, 1000, 8000, 40000],
    "ent_employees": [500, 1000, 200, 400, 2000],
    "ent_masters_employees": [50, 50, 40, 12, 160],
    "ent_disabled_employees": [10, 10, 0, 0, 30],
    "ent_donations": [20, 50, 0, 5, 100],
    "ent_rd_expenditure": [400, 300, 200, 80, 2400],
    "ent_operating_cost": [8000, 15000, 4000, 7000, 30000],
    "ent_executives": [10, 10, 5, 8, 20],
    "ent_party_member_executives": [6, 8, 2, 6, 9],
    "ent_controlling_shareholder_votes": [60, 100, 51, 30, 59],
    "ent_executive_changes": [0, 1, 0, 3, 1],
    "ent_negative_news": [0, 2, 1, 0, 2],
    "ent_enforcement_records": [0, 0, 1, 0, 0],
    "ent_serious_dishonesty_records": [0, 0, 0, 0, 0],
    "ent_administrative_penalties": [0, 1, 2, 2, 0],
    "ent_abnormal_operation_listings": [0, 0, 0, 1, 0],
}
ORDINAL: dict[str, list[str | None]] = {
    "ent_cp_grade_process": ["I级", "II级", "III级", "II级", "I级"],
    "ent_cp_grade_equipment": ["II级", None, "I级", "III级", "未达级"],  # E2 missing
    "ent_cp_grade_energy_management": ["I级", "II级", "II级", "III级", "I级"],
    "ent_env_credit_colour": ["蓝", "绿", "黄", "红", "绿"],
    "ent_audit_opinion": [
        "标准无保留意见",
        "带强调事项段的无保留意见",
        "保留意见",
        "标准无保留意见",
        "标准无保留意见",
    ],
}
BOOLEANS = [
    "ent_discharge_permit_compliant", "ent_emissions_within_standards", "ent_eia_compliant",
    "ent_hazardous_waste_managed", "ent_industrial_policy_compliant", "ent_cp_management_system",
    "ent_cp_plan", "ent_cp_safeguards", "ent_energy_retrofit", "ent_clean_energy_use", "ent_ccus",
    "ent_green_power_certificates", "ent_carbon_reduction_plan", "ent_social_insurance",
    "ent_occupational_health_measures", "ent_safety_measures", "ent_employee_channels",
    "ent_female_rights_protection", "ent_cp_training", "ent_customer_rights_policy",
    "ent_data_security_programme", "ent_quality_targets", "ent_quality_certification",
    "ent_green_product_certification", "ent_supplier_es_criteria",
    "ent_green_supply_chain_listed", "ent_green_procurement_policy",
    "ent_public_welfare_activities", "ent_trade_union", "ent_national_strategy_response",
    "ent_party_organisation", "ent_party_building_in_articles", "ent_internal_control_system",
    "ent_risk_compliance_system", "ent_financial_accounting_system", "ent_anti_corruption_system",
    "ent_emergency_management_system", "ent_strategic_plan", "ent_esg_governance",
    "ent_information_disclosure",
]  # fmt: skip
# Every boolean is 1 for every enterprise except these (enterprise index → 0):
BOOLEAN_ZEROS = {
    "ent_green_product_certification": [0],  # E1: 绿色产品认证 = 否
    "ent_esg_governance": [0],  # E1: ESG管理体系建设 = 否
    "ent_clean_energy_use": [0],  # E1 has only an energy retrofit among the four
    "ent_ccus": [0],
    "ent_green_power_certificates": [0],
    "ent_eia_compliant": [1],  # E2: one of four 环保法律法规 evidence fields fails
}
VIOLATIONS = [
    "ent_env_penalties", "ent_water_discharge_violations", "ent_air_discharge_violations",
    "ent_solid_waste_violations", "ent_industrial_policy_violations", "ent_cp_audit_violations",
    "ent_energy_inspection_violations", "ent_carbon_data_violations",
    "ent_social_insurance_violations", "ent_safety_penalties", "ent_consumer_rights_penalties",
    "ent_data_security_penalties", "ent_quality_penalties", "ent_financial_penalties",
    "ent_corruption_cases", "ent_disclosure_penalties",
]  # fmt: skip
# All violation records are 0 except: E3 has 2 environmental penalties.
VIOLATION_COUNTS = {"ent_env_penalties": [0, 0, 2, 0, 0]}


def _frame() -> pd.DataFrame:
    cols: dict[str, list[object]] = {
        "entity_id": list(IDS),
        "year": [Y] * 5,
        "industry": ["C2614", "C2614", "C2614", "C2619", "C2619"],
    }
    for f, vals in QUANT.items():
        cols[f] = [float(v) for v in vals]
    for f, cats in ORDINAL.items():
        cols[f] = list(cats)
    for f in BOOLEANS:
        cols[f] = [0.0 if i in BOOLEAN_ZEROS.get(f, []) else 1.0 for i in range(5)]
    for f in VIOLATIONS:
        cols[f] = [float(v) for v in VIOLATION_COUNTS.get(f, [0, 0, 0, 0, 0])]
    return pd.DataFrame(cols)


def with_min_size(n: int) -> Framework:
    fw = load_framework(FW)
    assert fw.peer is not None
    return fw.model_copy(update={"peer": fw.peer.model_copy(update={"min_size": n})})


@pytest.fixture(scope="module")
def res():  # type: ignore[no-untyped-def]
    return assess(with_min_size(5), _frame(), years=[Y])


def _score(res, entity: str, indicator: str) -> float:  # type: ignore[no-untyped-def]
    return float(res.row(entity, Y, indicator)["score"])


# ── peer fallback ──────────────────────────────────────────────────────────────────────


def test_peer_group_falls_back_to_the_major_group(res) -> None:  # type: ignore[no-untyped-def]
    # C2614 holds 3, C2619 2 (< 5); the 大类 C26 holds all 5 → every one scored in C26.
    for e in ("E1", "E4"):
        for ind in ["energy_intensity", "solid_waste_utilization_rate", "negative_news"]:
            row = res.row(e, Y, ind)
            assert row["peer_group"] == "C26"
            assert bool(row["peer_fallback"]) is True
            assert row["peer_n"] == 5
            assert row["peer_level"] == 3


# ── peer_percentile ───────────────────────────────────────────────────────────────────


def test_energy_intensity_percentile(res) -> None:  # type: ignore[no-untyped-def]
    # value = tce / 万元: E1 2000/10000 = 0.2, E2 0.3, E3 0.1, E4 0.4, E5 0.5 (lower better)
    # ranks E3 1, E1 2, E2 3, E4 4, E5 5 → p = 0, .25, .5, .75, 1
    row = res.row("E1", Y, "energy_intensity")
    assert row["value"] == pytest.approx(0.2, rel=1e-9)
    assert row["score"] == pytest.approx(80.0, rel=1e-9)  # p = 1/4 = 0.25 ≤ 0.4 → 80
    assert _score(res, "E3", "energy_intensity") == pytest.approx(100.0, rel=1e-9)  # p = 0
    assert _score(res, "E5", "energy_intensity") == pytest.approx(20.0, rel=1e-9)  # p = 1


def test_cod_intensity_ties_share_the_lowest_rank(res) -> None:  # type: ignore[no-untyped-def]
    # kg/万元 = t × 1000 / 万元: E1 5000/10000 = 0.5, E2 4000/20000 = 0.2, E3 5000/5000 = 1.0,
    # E4 2000/8000 = 0.25, E5 8000/40000 = 0.2. E2 and E5 tie at rank 1; E4 rank 3; E1 rank 4;
    # E3 rank 5 → p = .75, 0, 1, .5, 0
    expected = {
        "E1": (0.5, 40.0),  # p = 3/4 = 0.75 ≤ 0.8 → 40
        "E2": (0.2, 100.0),  # p = 0 → 100
        "E3": (1.0, 20.0),  # p = 4/4 = 1 → 20
        "E4": (0.25, 60.0),  # p = 2/4 = 0.5 ≤ 0.6 → 60
        "E5": (0.2, 100.0),
    }
    for e, (value, score) in expected.items():
        row = res.row(e, Y, "cod_intensity")
        assert row["value"] == pytest.approx(value, rel=1e-9)
        assert row["score"] == pytest.approx(score, rel=1e-9)


def test_rd_ratio_higher_is_better(res) -> None:  # type: ignore[no-untyped-def]
    # % = 万元 × 100 / 万元: E1 40000/8000 = 5, E2 2, E3 5, E4 8000/7000 = 1.142857…, E5 8
    # higher better: E5 rank 1; E1, E3 tie at rank 2 → p = 1/4 → 80
    row = res.row("E1", Y, "rd_ratio")
    assert row["value"] == pytest.approx(5.0, rel=1e-9)
    assert row["score"] == pytest.approx(80.0, rel=1e-9)


# ── peer_normal ───────────────────────────────────────────────────────────────────────


def test_solid_waste_utilisation_normal(res) -> None:  # type: ignore[no-untyped-def]
    # % = (utilised general + hazardous) × 100 / (generated general + hazardous):
    # E1 (720+80)·100/(900+100) = 80, E2 1800·100/2000 = 90, E3 350·100/500 = 70,
    # E4 600·100/1000 = 60, E5 3000·100/3000 = 100.
    # μ = 400/5 = 80; σ² = (0 + 100 + 100 + 400 + 400)/4 = 250; σ = √250 = 15.811388…
    row = res.row("E2", Y, "solid_waste_utilization_rate")
    assert row["value"] == pytest.approx(90.0, rel=1e-9)
    # z = 10/√250 = √0.4 = 0.632455…; 100·Φ(0.632455…) = 73.6455371567231
    # (cross-check: 100 * scipy.stats.norm.cdf(math.sqrt(0.4)))
    assert row["score"] == pytest.approx(73.6455371567231, rel=1e-9)
    assert row["score"] == pytest.approx(
        50 * (1 + math.erf(math.sqrt(0.4) / math.sqrt(2))), rel=1e-9
    )
    # E1 sits at the mean: z = 0 → 50
    assert _score(res, "E1", "solid_waste_utilization_rate") == pytest.approx(50.0, rel=1e-9)


def test_controlling_shareholder_votes_normal_lower(res) -> None:  # type: ignore[no-untyped-def]
    # % as reported: 60, 100, 51, 30, 59 → μ = 300/5 = 60; deviations 0, 40, −9, −30, −1;
    # σ² = (0 + 1600 + 81 + 900 + 1)/4 = 645.5; σ = 25.406692…
    # lower better: E4 z = (60 − 30)/σ = 1.180792…; 100·Φ(z) = 88.11571723320183
    row = res.row("E4", Y, "controlling_shareholder_votes")
    assert row["value"] == pytest.approx(30.0, rel=1e-9)
    assert row["score"] == pytest.approx(88.11571723320183, rel=1e-9)
    assert _score(res, "E1", "controlling_shareholder_votes") == pytest.approx(50.0, rel=1e-9)


# ── peer_poisson ──────────────────────────────────────────────────────────────────────


def test_negative_news_poisson(res) -> None:  # type: ignore[no-untyped-def]
    # counts 0, 2, 1, 0, 2 → λ = 5/5 = 1; lower better: score = 100·P(X ≥ x)
    row = res.row("E2", Y, "negative_news")
    assert row["value"] == pytest.approx(2.0, rel=1e-9)
    # x = 2: 100·(1 − e⁻¹(1 + 1)) = 100·(1 − 2/e) = 26.424111765711533
    assert row["score"] == pytest.approx(26.424111765711533, rel=1e-9)
    # x = 1: 100·(1 − e⁻¹) = 63.212055882855765
    assert _score(res, "E3", "negative_news") == pytest.approx(63.212055882855765, rel=1e-9)
    # x = 0 → 100
    assert _score(res, "E1", "negative_news") == pytest.approx(100.0, rel=1e-9)


def test_executive_changes_poisson(res) -> None:  # type: ignore[no-untyped-def]
    # counts 0, 1, 0, 3, 1 → λ = 5/5 = 1; E4 x = 3:
    # 100·(1 − e⁻¹(1 + 1 + 1/2)) = 100·(1 − 2.5/e) = 8.030139707139416
    assert _score(res, "E4", "executive_stability") == pytest.approx(8.030139707139416, rel=1e-9)


def test_all_zero_counts_poisson(res) -> None:  # type: ignore[no-untyped-def]
    # 严重违法失信 counts all 0 → λ = 0; x = 0 → 100 for everyone
    for e in IDS:
        assert _score(res, e, "serious_dishonesty_records") == pytest.approx(100.0, rel=1e-9)


# ── ordinal, boolean ──────────────────────────────────────────────────────────────────


def test_ordinals(res) -> None:  # type: ignore[no-untyped-def]
    row = res.row("E1", Y, "equipment")
    assert row["category"] == "II级"
    assert row["score"] == pytest.approx(80.0, rel=1e-9)  # II级 → 80
    assert _score(res, "E1", "env_credit_rating") == pytest.approx(80.0, rel=1e-9)  # 蓝 → 80
    assert _score(res, "E4", "env_credit_rating") == pytest.approx(20.0, rel=1e-9)  # 红 → 20
    assert _score(res, "E3", "audit_opinion") == pytest.approx(40.0, rel=1e-9)  # 保留意见 → 40
    assert _score(res, "E5", "equipment") == pytest.approx(0.0, abs=1e-12)  # 未达级 → 0


def test_booleans(res) -> None:  # type: ignore[no-untyped-def]
    row = res.row("E1", Y, "green_product_certification")
    assert row["value"] == pytest.approx(0.0, abs=1e-12)
    assert row["score"] == pytest.approx(0.0, abs=1e-12)  # 否 → 0
    # 减碳工艺或绿电绿证, any-of [是, 否, 否, 否] → one known yes → 100
    row = res.row("E1", Y, "low_carbon_measures")
    assert row["category"] == "是"
    assert row["score"] == pytest.approx(100.0, rel=1e-9)


# ── rules: short-board, violation, missing ────────────────────────────────────────────


def test_short_board_takes_the_minimum(res) -> None:  # type: ignore[no-untyped-def]
    # 环保法律法规执行情况, evidence E2: permit 1 → 100, standards 1 → 100, EIA 0 → 0,
    # hazardous waste 1 → 100 → min = 0 (a mean would give 75)
    assert _score(res, "E2", "env_law_compliance") == pytest.approx(0.0, abs=1e-12)
    # E1: all four evidence fields 1 → min = 100
    assert _score(res, "E1", "env_law_compliance") == pytest.approx(100.0, rel=1e-9)


def test_violation_zeroes_the_indicator(res) -> None:  # type: ignore[no-untyped-def]
    # E3: all four evidence fields 1 (would be 100) but ent_env_penalties = 2 > 0 → 0 (6.9 d)
    row = res.row("E3", Y, "env_law_compliance")
    assert row["score"] == pytest.approx(0.0, abs=1e-12)
    assert row["rule"] == "violation"


def test_missing_general_and_zero(res) -> None:  # type: ignore[no-untyped-def]
    # E2 has no 装备设备 grade: rules.missing = general → general_score 60 (6.9 b 取一般)
    row = res.row("E2", Y, "equipment")
    assert row["status"] == "missing"
    assert row["rule"] == "missing:general"
    assert row["score"] == pytest.approx(60.0, rel=1e-9)
    # 不给分
    zero = assess(with_min_size(5), _frame(), years=[Y], missing_rule="zero")
    row = zero.row("E2", Y, "equipment")
    assert row["status"] == "missing"
    assert row["rule"] == "missing:zero"
    assert row["score"] == pytest.approx(0.0, abs=1e-12)


# ── total S (formula (1)) and grade ───────────────────────────────────────────────────

# E1's 58 scores (no: score):
# 环境 (21): 1 I级 100, 2 II级 80, 3 80, 4 40 [m3/万元 5,10,2,3,4 → E1 rank 4, p .75],
#   5 50, 6 50 [rates 90,95,80,90,95, μ 90 → z 0], 7 60 [3,5,1,2,4 → rank 3],
#   8 60 [t/万元 .02,.01,.03,.05,0 → rank 3], 9 80 [1e4,5e3,2e4,5e4,3e4 → rank 2], 10 40,
#   11 60 [kg/万元 .05,.1,.02,.1,.03 → rank 3], 12 80 [.1,.3,.2,.05,.4 → rank 2],
#   13 100, 14 100, 15 100, 16 I级 100, 17 蓝 80, 18 80 [5000,15000,1000,8000,40000 → rank 2],
#   19 80 [.5,.75,.2,1,1 → rank 2], 20 100, 21 100
#   Σ = 180 + 220 + 380 + 480 + 360 = 1620 → 环境 = 1620/21 = 77.14285714285714
# 社会 (19): 22–26 100 each (500), 27 80 [% 10,5,20,3,8 → rank 2], 28 60 [500,1000,200,400,2000
#   → rank 3], 29 100 [% 2,1,0,0,1.5 → rank 1], 30 100, 31 100 (x 0), 32 100, 33 100, 34 0,
#   35 100, 36 100, 37 100, 38 60 [20,50,0,5,100 → rank 3], 39 100, 40 100
#   Σ = 740 + 300 + 300 + 360 = 1700 → 社会 = 1700/19 = 89.47368421052632
# 治理 (18): 41 100, 42 50 [% 60,80,40,75,45, μ 60], 43 100, 44 100 (x 0), 45 50 (μ 60),
#   46–50 100 each, 51 100, 52 80, 53 0, 54 100, 55–58 100 each (x 0)
#   Σ = 400 + 500 + 280 + 400 = 1580 → 治理 = 1580/18 = 87.77777777777777
# Group weights are n_group / n_dimension, so each dimension score is the plain mean of its
# indicators, and S = Σ a_ij F_ij with a_ij = 0.4/21, 0.3/19, 0.3/18:
# S = 0.4·1620/21 + 0.3·1700/19 + 0.3·1580/18 = 648/21 + 510/19 + 474/18
#   = 30.857142857142858 + 26.842105263157894 + 26.333333333333332 = 84.03258145363408 → AA


def test_dimension_scores(res) -> None:  # type: ignore[no-untyped-def]
    nodes = res.nodes[(res.nodes.entity_id == "E1") & (res.nodes.year == Y)]
    got = dict(zip(nodes.node_id, nodes.score, strict=True))
    assert got["E"] == pytest.approx(1620 / 21, rel=1e-9)  # 77.14285714285714
    assert got["S"] == pytest.approx(1700 / 19, rel=1e-9)  # 89.47368421052632
    assert got["G"] == pytest.approx(1580 / 18, rel=1e-9)  # 87.77777777777777
    assert got["E_pollutants"] == pytest.approx(380 / 6, rel=1e-9)  # (60+60+80+40+60+80)/6
    assert got["G_unnamed"] == pytest.approx(100.0, rel=1e-9)


def test_total_and_grade(res) -> None:  # type: ignore[no-untyped-def]
    tot = res.totals[(res.totals.entity_id == "E1") & (res.totals.year == Y)].iloc[0]
    assert tot["score"] == pytest.approx(84.03258145363408, rel=1e-9)
    assert tot["grade"] == "AA"  # 75 ≤ 84.03 < 90


def test_grade_boundary_75_is_aa() -> None:
    # One enterprise, missing_rule="exclude", only four 员工责任 booleans reported:
    # 五险一金 1 → 100, 沟通渠道 1 → 100, 女性权益 1 → 100, 培训 0 → 0.
    # Every other indicator is missing and excluded, so 员工责任 = (100+100+100+0)/4 = 75,
    # 社会 = 75 (its only scored group), 环境 and 治理 have no score → S = 0.3·75/0.3 = 75
    # → lower bound of AA is inclusive → AA.
    df = _frame().iloc[[0]].copy()
    df["entity_id"] = "E9"
    for c in df.columns:
        if c in ORDINAL:
            df[c] = pd.Series([None], index=df.index, dtype=object)
        elif c not in ("entity_id", "year", "industry"):
            df[c] = NAN
    df["ent_social_insurance"] = 1.0
    df["ent_employee_channels"] = 1.0
    df["ent_female_rights_protection"] = 1.0
    df["ent_cp_training"] = 0.0
    out = assess(FW, df, years=[Y], missing_rule="exclude")
    tot = out.totals[out.totals.entity_id == "E9"].iloc[0]
    assert tot["score"] == pytest.approx(75.0, rel=1e-9)
    assert tot["grade"] == "AA"


# ── no rating against oneself (6.8 b): the shipped min_size 30 ─────────────────────────

PEERED = ["energy_intensity", "solid_waste_utilization_rate", "negative_news", "rd_ratio"]


def test_no_peer_basis_withholds_the_rating() -> None:
    # 5 enterprises; even 全部 holds 5 < 30 values → 同业样本不足: no peer score, and the total,
    # the grade and every node resting on a peer indicator are withheld (不予评级).
    out = assess(FW, _frame(), years=[Y])
    for ind in PEERED:
        row = out.row("E1", Y, ind)
        assert row["peer_group"] == "全部"
        assert row["peer_n"] == 5
        assert row["peer_level"] == 0
        assert row["rule"] == "peer_insufficient"
        assert pd.isna(row["score"])
    tot = out.totals[out.totals.entity_id == "E1"].iloc[0]
    assert pd.isna(tot["score"]) and pd.isna(tot["grade"])
    assert bool(tot["withheld"]) is True
    nodes = out.nodes[out.nodes.entity_id == "E1"].set_index("node_id").score
    assert pd.isna(nodes["E"]) and pd.isna(nodes["E_resources"])  # 能耗强度 is peer-scored
    # 清洁生产管理 (13–17) has no peer indicator: its score stands, (100·4 + 80)/5 = 96
    assert nodes["E_cp_management"] == pytest.approx(96.0, rel=1e-9)


def test_no_peer_basis_issued_anyway_is_marked() -> None:
    # small_peers="issue": the small group's scores (the worked example's numbers, all five
    # in 全部), the rule says so, and the total is issued (84.03… AA) but not withheld.
    out = assess(FW, _frame(), years=[Y], small_peers="issue")
    row = out.row("E1", Y, "energy_intensity")
    assert row["rule"] == "peer_small"
    assert row["score"] == pytest.approx(80.0, rel=1e-9)
    tot = out.totals[out.totals.entity_id == "E1"].iloc[0]
    assert tot["score"] == pytest.approx(84.03258145363408, rel=1e-9)
    assert tot["grade"] == "AA"
    assert bool(tot["withheld"]) is False
