"""The independent T/JDFA01 reference (benchmarks/reference_jdfa.py) on worked examples
computed by hand from the standard and README “Scoring conventions” — the reference alone,
no engine. Every expected number is a literal with its arithmetic beside it."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import reference_jdfa as ref

from parkesg.formula.parse import parse
from parkesg.frameworks import load_framework, with_segments

FW = load_framework("t-jdfa-01-2025")
SEGMENTS = (
    Path(__file__).resolve().parents[1]
    / "src/parkesg/frameworks/segments/t-jdfa-01-2025-example.yaml"
)


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Wide rows for 2024; entity ids E000, E001 … unless given; absent fields are missing."""
    return pd.DataFrame(
        [{"entity_id": f"E{k:03d}", "year": 2024} | row for k, row in enumerate(rows)]
    )


def row_of(ind: pd.DataFrame, entity: str, indicator: str) -> dict[str, Any]:
    hit = ind[(ind.entity_id == entity) & (ind.indicator_id == indicator)]
    assert len(hit) == 1
    return {
        k: (None if not isinstance(v, tuple) and pd.isna(v) else v) for k, v in hit.iloc[0].items()
    }


def energy(code: str | None, intensity: float, entity: str) -> dict[str, Any]:
    """Indicator 3 (energy intensity, tiered, lower is better) = consumption ÷ output 1."""
    return {
        "entity_id": entity,
        "industry": code,
        "ent_energy_consumption": intensity,
        "ent_output_value": 1.0,
    }


# ── peer groups: whole wider groups, 全部, no code ─────────────────────────────────────────────


def test_c3391_falls_back_to_c33_with_its_siblings() -> None:
    # C3360: 30 at 1.0 (its own group is large enough); C3311: 10 at 4.0; C3391: T at 5.0 and
    # 9 at 10.0. C3391 (10) and C3311 (10) are below 30, so both fall back to C33, and the C33
    # group is every C33 enterprise with a value: 30 + 10 + 10 = 50, siblings C3360 included.
    rows = [energy("C3360", 1.0, f"A{k:02d}") for k in range(30)]
    rows += [energy("C3311", 4.0, f"B{k:02d}") for k in range(10)]
    rows += [energy("C3391", 5.0, "T")]
    rows += [energy("C3391", 10.0, f"D{k:02d}") for k in range(9)]
    ind = ref.reference_indicators(FW, frame(rows))

    t = row_of(ind, "T", "energy_intensity")
    assert (t["peer_group"], t["peer_level"], t["peer_n"], t["peer_fallback"]) == (
        "C33",
        3,
        50,
        True,
    )
    # strictly better (lower): 30 at 1.0 + 10 at 4.0 = 40; p = 40 / 49 = 0.816 > 0.8 → 20
    # (ranked among the 20 fallen-back members only it would be 10 / 19 = 0.53 → 60)
    assert t["peer_score"] == 20.0 and t["score"] == 20.0 and t["rule"] is None

    b = row_of(ind, "B00", "energy_intensity")
    # C3311 in C33: 30 better; p = 30 / 49 = 0.612 > 0.6 → 40
    assert (b["peer_group"], b["peer_n"], b["score"]) == ("C33", 50, 40.0)

    a = row_of(ind, "A00", "energy_intensity")
    # C3360 keeps its own 5-character group: 30 tied at 1.0, none strictly better: p = 0 → 100
    assert (a["peer_group"], a["peer_level"], a["peer_n"], a["peer_fallback"]) == (
        "C3360",
        5,
        30,
        False,
    )
    assert a["score"] == 100.0

    d = row_of(ind, "D00", "energy_intensity")
    # 10.0 in C33: 30 + 10 + T = 41 better, the 8 other 10.0s tie: p = 41 / 49 = 0.837 → 20
    assert d["score"] == 20.0


def employees(code: str | None, n: float, entity: str) -> dict[str, Any]:
    """Indicator 28 (员工总数, tiered, higher is better) = ent_employees."""
    return {"entity_id": entity, "industry": code, "ent_employees": n}


POPULATION_28 = (
    [employees("C2614", float(k), f"C{k:02d}") for k in range(1, 31)]  # 1 … 30
    + [employees("D4411", 100.0, "T")]
    + [employees("D4411", 200.0, f"D{k}") for k in range(7)]
    + [employees(None, 50.0, "N")]
)  # 30 C2614 + 8 D4411 + 1 without a code = 39


def test_a_d_class_enterprise_falls_to_all_and_no_code_goes_straight_there() -> None:
    ind = ref.reference_indicators(FW, frame(POPULATION_28))
    t = row_of(ind, "T", "employee_count")
    # D4411, D44 and D each hold the 8 D4411 enterprises (< 30): 全部 holds all 39 with a value
    assert (t["peer_group"], t["peer_level"], t["peer_n"], t["peer_fallback"]) == (
        "全部",
        0,
        39,
        True,
    )
    # better (more employees): the 7 at 200; p = 7 / 38 = 0.184 ≤ 0.2 → 100
    # (among the 8 D4411 firms alone: 7 / 7 = 1 → 20)
    assert t["score"] == 100.0

    n = row_of(ind, "N", "employee_count")
    # no code → 全部 at once, marked as fallen back; better: 7 × 200 and T's 100 = 8;
    # p = 8 / 38 = 0.2105 > 0.2 → 80
    assert (n["peer_group"], n["peer_n"], n["peer_fallback"], n["score"]) == (
        "全部",
        39,
        True,
        80.0,
    )

    c = row_of(ind, "C30", "employee_count")
    # C2614 holds its 30 (N has no code and is not in it): the largest, p = 0 → 100
    assert (c["peer_group"], c["peer_n"], c["peer_fallback"], c["score"]) == (
        "C2614",
        30,
        False,
        100.0,
    )
    c1 = row_of(ind, "C01", "employee_count")
    # 1 employee: 29 better, p = 29 / 29 = 1 → the last tier, 20
    assert c1["score"] == 20.0


def test_a_code_shorter_than_a_level_has_no_group_there() -> None:
    # 30 C2614 and one enterprise coded only “C26”: no 5-character group; C26 holds 31
    rows = [employees("C2614", float(k), f"C{k:02d}") for k in range(1, 31)]
    rows += [employees("C26", 15.5, "S")]
    ind = ref.reference_indicators(FW, frame(rows))
    s = row_of(ind, "S", "employee_count")
    # better: 16 … 30 = 15; p = 15 / 30 = 0.5 → 60; level 3, fallen back (no 小类 group)
    assert (s["peer_group"], s["peer_level"], s["peer_n"], s["peer_fallback"], s["score"]) == (
        "C26",
        3,
        31,
        True,
        60.0,
    )


# ── no rating against oneself ────────────────────────────────────────────────────────────────

LONE = {
    "entity_id": "L",
    "industry": "C2614",
    "ent_employees": 100.0,  # 28 员工总数, tiered
    "ent_controlling_shareholder_votes": 51.0,  # 45 控股股东表决权, normal
    "ent_executive_changes": 3.0,  # 44 高管稳定性, Poisson, fewer is better
}


def test_a_lone_enterprise_is_not_rated_against_itself() -> None:
    ind = ref.reference_indicators(FW, frame([LONE]))
    for indicator in ("employee_count", "controlling_shareholder_votes", "executive_stability"):
        r = row_of(ind, "L", indicator)
        # n = 1 at every level, 全部 included: 同业样本不足, no score
        assert (r["rule"], r["score"], r["peer_group"], r["peer_n"]) == (
            "peer_insufficient",
            None,
            "全部",
            1,
        )
    total = ref.reference_assess(FW, frame([LONE]))
    assert total.to_dict("records") == [
        {
            "entity_id": "L",
            "year": 2024,
            "score": None,
            "grade": None,
            "withheld": True,
            "marked": False,
        }
    ]


def test_a_lone_enterprise_issued_on_its_group_of_one() -> None:
    ind = ref.reference_indicators(FW, frame([LONE]), small_peers="issue")
    # tiered: n = 1 → p = 0 → 100; normal: n = 1 → 50;
    # Poisson: λ = 3, k = 3, fewer is better: 100·P(X ≥ 3) = 100·(1 − e⁻³(1 + 3 + 9/2)) = 57.680991887…
    assert row_of(ind, "L", "employee_count")["score"] == 100.0
    assert row_of(ind, "L", "controlling_shareholder_votes")["score"] == 50.0
    poisson = row_of(ind, "L", "executive_stability")
    assert poisson["score"] == pytest.approx(57.68099188731565, abs=1e-12)
    assert poisson["rule"] == "peer_insufficient:issue"
    total = ref.reference_assess(FW, frame([LONE]), small_peers="issue").iloc[0]
    # every other indicator missing → 取一般 60. E: 21 × 60 → 60; S: (18 × 60 + 100) / 19;
    # G: (16 × 60 + 50 + 57.68099…) / 18 = 59.315610660…;
    # S = 0.4 × 60 + 0.3 × 1180 / 19 + 0.3 × 59.315610660 = 60.426262145… → A
    assert total.score == pytest.approx(60.42626214549035, abs=1e-12)
    assert (total.grade, total.withheld, total.marked) == ("A", False, True)


def test_a_lone_enterprise_against_a_reference_population() -> None:
    lone = {"entity_id": "L", "industry": "D4411", "ent_employees": 60.0}
    ind = ref.reference_indicators(FW, frame([lone]), population=frame(POPULATION_28))
    r = row_of(ind, "L", "employee_count")
    # the population's sizes choose the group: D4411 / D44 / D hold 8 → 全部, n = 39;
    # better than 60 in the population: 7 × 200 and 100 = 8; p = 8 / (39 − 1) = 0.2105 → 80
    assert (r["peer_group"], r["peer_n"], r["peer_fallback"], r["score"]) == (
        "全部",
        39,
        True,
        80.0,
    )
    total = ref.reference_assess(FW, frame([lone]), population=frame(POPULATION_28)).iloc[0]
    # E 60; S (18 × 60 + 80) / 19 = 61.0526…; G 60: 24 + 0.3 × 1160 / 19 + 18 = 60.315789… → A
    assert total.score == pytest.approx(60.315789473684205, abs=1e-12)
    assert (total.grade, total.withheld) == ("A", False)


def test_normal_and_poisson_use_the_populations_statistics() -> None:
    # population: 15 at 40 and 15 at 60 (μ = 50, σ = √(15·100 + 15·100) / 29 = 10.170952554…)
    pop = [
        {"entity_id": f"P{k:02d}", "industry": "C2614", "ent_controlling_shareholder_votes": v}
        for k, v in enumerate([40.0] * 15 + [60.0] * 15)
    ]
    lone = {"entity_id": "L", "industry": "C2614", "ent_controlling_shareholder_votes": 40.0}
    r = row_of(
        ref.reference_indicators(FW, frame([lone]), population=frame(pop)),
        "L",
        "controlling_shareholder_votes",
    )
    # lower is better: z = (50 − 40) / 10.170952554 = 0.98319208…; 100·Φ(z) = 83.7243544…
    assert (r["peer_group"], r["peer_n"]) == ("C2614", 30)
    assert r["score"] == pytest.approx(83.72435440528115, abs=1e-9)


# ── 6.9 rules ──────────────────────────────────────────────────────────────────────────────────

SHORT_BOARD = {
    "entity_id": "S",
    "ent_discharge_permit_compliant": None,  # indicator 13: [missing, yes, yes, yes]
    "ent_emissions_within_standards": 1.0,
    "ent_eia_compliant": 1.0,
    "ent_hazardous_waste_managed": 1.0,
    "ent_industrial_policy_compliant": 0.0,  # 14 → 0 (13's sibling in E_cp_management)
    "ent_carbon_reduction_plan": 1.0,  # 21 → 100 (E_climate)
    "ent_social_insurance": 0.0,  # 22 → 0
}


@pytest.mark.parametrize(
    ("rule", "score", "total", "grade"),
    [
        # E: 13 at 60, 14 at 0, 21 at 100, 18 missing at 60 → 1240 / 21; S: 22 at 0, 18 missing at
        # 60 → 1080 / 19; G: 60. 0.4 × 1240 / 21 + 0.3 × 1080 / 19 + 0.3 × 60 = 58.671679198… → BBB
        ("general", 60.0, 58.67167919799499, "BBB"),
        # every missing indicator 0: E = 100 / 21, S = 0, G = 0: 0.4 × 100 / 21 = 1.9047619… → CCC
        ("zero", 0.0, 1.9047619047619047, "CCC"),
        # 13 excluded with every other missing one: E_cp_management = 14 alone = 0, E_climate = 21
        # alone = 100, E = (5/21 × 0 + 4/21 × 100) ÷ (9/21) = 400 / 9; S = 22 alone = 0; G has no
        # score: (0.4 × 400 / 9 + 0.3 × 0) / (0.4 + 0.3) = 25.396825396… → B
        ("exclude", None, 25.3968253968254, "B"),
    ],
)
def test_short_board_with_a_missing_piece(
    rule: str, score: float | None, total: float, grade: str
) -> None:
    ind = ref.reference_indicators(FW, frame([SHORT_BOARD]), missing_rule=rule)
    r = row_of(ind, "S", "env_law_compliance")
    assert (r["score"], r["rule"], r["missing_pieces"]) == (
        score,
        f"missing:{rule}",
        ("ent_discharge_permit_compliant",),
    )
    out = ref.reference_assess(FW, frame([SHORT_BOARD]), missing_rule=rule).iloc[0]
    assert out.score == pytest.approx(total, abs=1e-12)
    assert (out.grade, out.withheld) == (grade, False)


@pytest.mark.parametrize("rule", ["general", "zero", "exclude"])
def test_short_board_with_a_known_no_beside_a_missing_piece_is_zero(rule: str) -> None:
    # [missing, no, yes, yes]: the minimum is 0 whatever the missing piece holds (the reading
    # chosen for exclude too: see the report)
    row = SHORT_BOARD | {"ent_emissions_within_standards": 0.0}
    r = row_of(
        ref.reference_indicators(FW, frame([row]), missing_rule=rule), "S", "env_law_compliance"
    )
    assert (r["score"], r["rule"], r["missing_pieces"]) == (
        0.0,
        None,
        ("ent_discharge_permit_compliant",),
    )


ANY_OF = ("ent_energy_retrofit", "ent_clean_energy_use", "ent_ccus", "ent_green_power_certificates")


@pytest.mark.parametrize(
    ("pieces", "rule", "score", "applied"),
    [
        ((0.0, 1.0, None, 0.0), "general", 100.0, None),  # one known yes → 100
        ((0.0, 1.0, None, 0.0), "exclude", 100.0, None),
        ((0.0, None, 0.0, 0.0), "general", 60.0, "missing:general"),  # no yes, one missing → 60
        ((0.0, None, 0.0, 0.0), "zero", 0.0, "missing:zero"),
        ((0.0, None, 0.0, 0.0), "exclude", None, "missing:exclude"),
        ((0.0, 0.0, 0.0, 0.0), "general", 0.0, None),  # all known no → 0
    ],
)
def test_any_of_indicator_20(
    pieces: tuple[float | None, ...], rule: str, score: float | None, applied: str | None
) -> None:
    row = {"entity_id": "A"} | dict(zip(ANY_OF, pieces))
    r = row_of(
        ref.reference_indicators(FW, frame([row]), missing_rule=rule), "A", "low_carbon_measures"
    )
    assert (r["score"], r["rule"]) == (score, applied)


def test_a_violation_zeroes_the_score_and_keeps_the_value_among_the_peers() -> None:
    # indicator 7 (废水, tiered, lower is better) for 30 C2614 enterprises: wastewater k per
    # output 1 for k = 1 … 30; the one at 1 has a recorded discharge violation
    rows = [
        {
            "entity_id": f"W{k:02d}",
            "industry": "C2614",
            "ent_wastewater_discharged": float(k),
            "ent_output_value": 1.0,
            "ent_water_discharge_violations": 1.0 if k == 1 else 0.0,
        }
        for k in range(1, 31)
    ]
    rows.append({"entity_id": "V", "industry": "C2614", "ent_water_discharge_violations": 2.0})
    ind = ref.reference_indicators(FW, frame(rows))
    v1 = row_of(ind, "W01", "wastewater_intensity")
    assert (v1["peer_score"], v1["score"], v1["rule"]) == (100.0, 0.0, "violation")
    w7 = row_of(ind, "W07", "wastewater_intensity")
    # the violator still counts: better 1 … 6 = 6; p = 6 / 29 = 0.207 → 80
    # (without it: 5 / 28 = 0.179 → 100)
    assert (w7["peer_n"], w7["score"]) == (30, 80.0)
    v = row_of(ind, "V", "wastewater_intensity")
    # no value, but a violation: 0 whatever the value (d before b)
    assert (v["value"], v["score"], v["rule"]) == (None, 0.0, "violation")
    # indicator 10 (COD) shares the violation field and has no value: 0 too
    assert row_of(ind, "W01", "cod_intensity")["score"] == 0.0


def test_a_zero_divisor_is_missing_data() -> None:
    rows = [energy("C2614", 1.0, f"C{k:02d}") for k in range(30)]
    rows.append(
        {
            "entity_id": "Z",
            "industry": "C2614",
            "ent_energy_consumption": 5.0,
            "ent_output_value": 0.0,
        }
    )
    r = row_of(ref.reference_indicators(FW, frame(rows)), "Z", "energy_intensity")
    assert (r["value"], r["peer_group"], r["score"], r["rule"]) == (
        None,
        None,
        60.0,
        "missing:general",
    )


# ── the methods ────────────────────────────────────────────────────────────────────────────────


def test_poisson_count_of_102_against_lambda_108() -> None:
    # indicator 31 负面社会舆情 (Poisson, fewer is better), 30 C2614: 102, 6 × 109, 23 × 108:
    # λ = (102 + 654 + 2484) / 30 = 108. 100·P(X ≥ 102) = 100·(1 − Σ_{j=0}^{101} e⁻¹⁰⁸ 108ʲ / j!)
    # = 73.094638102131… (the series summed in 60-digit decimals); 108: 100·P(X ≥ 108) = 51.279672422…
    counts = [102.0] + [109.0] * 6 + [108.0] * 23
    rows = [
        {"entity_id": f"N{k:02d}", "industry": "C2614", "ent_negative_news": c}
        for k, c in enumerate(counts)
    ]
    ind = ref.reference_indicators(FW, frame(rows))
    assert row_of(ind, "N00", "negative_news")["score"] == pytest.approx(
        73.09463810213149, abs=1e-9
    )
    assert row_of(ind, "N07", "negative_news")["score"] == pytest.approx(51.2796724220666, abs=1e-9)


def test_poisson_edges() -> None:
    # k = x rounded half away from zero
    assert [ref.round_half_away(x) for x in (2.5, -2.5, 0.49999999999999994, 3.4999, 7.0)] == [
        3,
        -3,
        0,
        3,
        7,
    ]
    # fewer is better, k ≤ 0 → 100; λ = 0: P(X ≥ 1) = 0
    assert ref.poisson_score(0.0, [0.0, 4.0], "lower") == 100.0
    assert ref.poisson_score(1.0, [0.0, 0.0], "lower") == 0.0
    # more is better, λ = 0: P(X ≤ 0) = 1
    assert ref.poisson_score(0.0, [0.0, 0.0], "higher") == 100.0
    # more is better, λ = 2, k = 1: 100·e⁻²(1 + 2) = 40.6005849…
    assert ref.poisson_score(1.2, [1.0, 3.0], "higher") == pytest.approx(
        100 * math.exp(-2) * 3, abs=1e-12
    )


TIERS = [(0.2, 100.0), (0.4, 80.0), (0.6, 60.0), (0.8, 40.0), (1.0, 20.0)]


def test_tiered_ranking_with_ties_and_exact_bounds() -> None:
    values = [5.0, 5.0, 5.0, 3.0, 1.0, 1.0]  # n = 6, n − 1 = 5, higher is better
    # 5: none better → p = 0 → 100; 3: three 5s → 3/5 = 0.6 ≤ 0.6 → 60;
    # 1: four better → 4/5 = 0.8 ≤ 0.8 → 40 (ties share the better position)
    assert [ref.tiered_score(x, values, "higher", TIERS) for x in (5.0, 3.0, 1.0)] == [
        100.0,
        60.0,
        40.0,
    ]
    # lower is better: 1: none better → 100; 3: two 1s → 2/5 = 0.4 → 80; 5: three → 0.6 → 60
    assert [ref.tiered_score(x, values, "lower", TIERS) for x in (1.0, 3.0, 5.0)] == [
        100.0,
        80.0,
        60.0,
    ]
    # exactly on a bound with n − 1 = 10: 2/10 = 0.2 → 100, 6/10 = 0.6 → 60, 7/10 → 40
    eleven = [float(k) for k in range(11)]  # higher is better, 10 … 0
    assert [ref.tiered_score(x, eleven, "higher", TIERS) for x in (8.0, 4.0, 3.0)] == [
        100.0,
        60.0,
        40.0,
    ]
    # a group of one: p = 0 → 100
    assert ref.tiered_score(7.0, [7.0], "lower", TIERS) == 100.0


def test_normal_fit_sigma_zero_is_50() -> None:
    rows = [
        {"entity_id": f"V{k:02d}", "industry": "C2614", "ent_controlling_shareholder_votes": 51.0}
        for k in range(30)
    ]
    r = row_of(ref.reference_indicators(FW, frame(rows)), "V00", "controlling_shareholder_votes")
    # 30 identical values: σ = 0 → 50
    assert (r["peer_n"], r["score"]) == (30, 50.0)
    # σ = 0 with values whose mean is not exact in binary (0.1): still 50
    assert ref.normal_score(0.1, [0.1] * 7, "higher") == 50.0
    # higher is better: values 40, 60 (μ 50, σ = √200 = 14.142…): x = 60, z = 0.7071…,
    # 100·Φ(z) = 100·(1 + erf(0.5)) / 2 = 76.0249938…
    assert ref.normal_score(60.0, [40.0, 60.0], "higher") == pytest.approx(
        50 * (1 + math.erf(0.5)), abs=1e-12
    )


# ── formula (1), grades, segments, the formula walker ──────────────────────────────────────────


def test_grades_at_nine_decimals() -> None:
    cases = {
        74.99999999999999: "AA",  # 75.000000000 at 9 decimals
        74.9999999: "A",
        100.0: "AAA",
        90.0: "AAA",
        0.0: "CCC",
        14.9999999999: "B",
        45.0: "BBB",
    }
    assert {x: ref.grade_of(x, FW) for x in cases} == cases


def test_segment_weights_and_peers_by_size() -> None:
    fw = with_segments(FW, SEGMENTS)
    big = {"entity_id": "B", "industry": "C2614", "size_class": "大", "ent_social_insurance": 1.0}
    small = {"entity_id": "S", "industry": "C2614", "size_class": "小", "ent_social_insurance": 1.0}
    power = {"entity_id": "P", "industry": "D4411", "size_class": "大", "ent_social_insurance": 1.0}
    out = ref.reference_assess(fw, frame([big, small, power])).set_index("entity_id")
    # every other indicator 60, 22 at 100: E 60, S (18 × 60 + 100) / 19 = 62.105263…, G 60
    # manufacturing_large: 0.5 × 60 + 0.25 × 1180 / 19 + 0.25 × 60 = 60.526315789…
    # manufacturing_small: 0.3 × 60 + 0.3 × 1180 / 19 + 0.4 × 60 = 60.631578947…
    # default (D): 0.4 × 60 + 0.3 × 1180 / 19 + 0.3 × 60 = 60.631578947…
    assert out.loc["B", "segment"] == "manufacturing_large"
    assert out.loc["B", "score"] == pytest.approx(60.526315789473685, abs=1e-12)
    assert out.loc["S", "segment"] == "manufacturing_small"
    assert out.loc["S", "score"] == pytest.approx(60.631578947368425, abs=1e-12)
    assert out.loc["P", "segment"] == "default"
    assert out.loc["P", "score"] == pytest.approx(60.631578947368425, abs=1e-12)

    # peers split by size class: 30 大 and 30 小 C2614 firms; each group holds only its class
    rows = [employees("C2614", float(k), f"B{k:02d}") | {"size_class": "大"} for k in range(30)]
    rows += [employees("C2614", float(k), f"S{k:02d}") | {"size_class": "小"} for k in range(30)]
    ind = ref.reference_indicators(fw, frame(rows))
    b = row_of(ind, "B29", "employee_count")
    assert (b["peer_group"], b["peer_n"], b["score"]) == ("大|C2614", 30, 100.0)
    s = row_of(ind, "S00", "employee_count")
    # 0 employees among the 30 小: 29 better → 29 / 29 → 20
    assert (s["peer_group"], s["peer_n"], s["score"]) == ("小|C2614", 30, 20.0)


def test_formula_walker() -> None:
    row = {"a": 6.0, "b": 0.0, "c": None, "d": 1.0}

    def look(name: str, lag: int) -> float | None:
        return row.get(name)

    assert ref.evaluate(parse("a * 100 / (a + 2)"), look) == 75.0  # 600 / 8
    assert ref.evaluate(parse("a / b"), look) is None  # zero divisor: not computable
    assert ref.evaluate(parse("max(a, c)"), look) is None  # a missing input
    assert ref.evaluate(parse("coalesce(c, a)"), look) == 6.0
    assert ref.evaluate(parse("if(a > 5, d, c)"), look) == 1.0  # the untaken branch not needed
    assert ref.evaluate(parse("not (a > 5) or d == 1"), look) is True
    assert ref.evaluate(parse("(-a) ** 0.5"), look) is None  # complex
    assert ref.evaluate(parse("-a ** 2"), look) == -36.0
    assert ref.evaluate_formula("b ** -1", look) is None  # 0 ** −1
    assert ref.evaluate_formula("a * 1e308 * 10", look) is None  # inf


def test_a_reported_value_stands_in_for_the_formula() -> None:
    rows = [energy("C2614", float(k), f"C{k:02d}") for k in range(1, 30)]
    rows.append({"entity_id": "R", "industry": "C2614", "indicator:energy_intensity": 0.5})
    r = row_of(ref.reference_indicators(FW, frame(rows)), "R", "energy_intensity")
    # 0.5 is the lowest of 30: p = 0 → 100
    assert (r["value"], r["reported"], r["peer_n"], r["score"]) == (0.5, True, 30, 100.0)
