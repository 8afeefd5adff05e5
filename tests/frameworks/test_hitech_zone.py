"""Worked example for the high-tech zone ESG evaluation (framework ``cz-hitech-zone-esg``,
常州方案 二（一）3; every leading value and weight provisional).

Zone Z1 reports 2024. Every expected number was worked out by hand from the framework's
formulas and the scoring rules: ``leading_ratio`` (higher is better: min(v / L × 100, 120)),
``boolean`` (1 → 100, 0 → 0); a dimension is the mean of its scored indicators (equal
weights; a missing indicator is left out, rules.missing = exclude); the total is the mean
of the five dimensions (0.2 each)."""

from __future__ import annotations

import pandas as pd
import pytest

from parkesg.frameworks import load_framework
from parkesg.service import assess

FW = "cz-hitech-zone-esg"
Z1 = {
    "industrial_output": 1_000_000.0, "high_tech_output": 450_000.0,  # 45 %
    "gdp": 800_000.0, "green_industry_value_added": 120_000.0,  # 15 %
    "modern_service_value_added": 200_000.0,  # 25 %
    "industrial_value_added": 500_000.0, "high_tech_value_added": 350_000.0,  # 70 %
    "incubators": 3.0,
    "energy_consumption": 125_000.0,  # 4 万元/tce
    "solid_waste_utilized": 90_000.0, "solid_waste_generated": 95_000.0,
    "solid_waste_stock_utilized": 5_000.0,  # 90 000 / 100 000 = 90 %
    "air_good_days": 300.0, "air_monitored_days": 365.0,
    "executives": 10.0, "female_executives": 2.0,  # 20 %
    "vocational_training": 1.0, "barrier_free": 0.0,
    "key_polluters": 8.0, "key_polluters_disclosing": 6.0,  # 75 %
    "park_esg_report": 1.0,  # esg_disclosure_policy not reported: left out
}  # fmt: skip
AIR = 300 / 365 * 100  # 82.19… %


@pytest.fixture(scope="module")
def res():  # type: ignore[no-untyped-def]
    return assess(FW, pd.DataFrame([{"entity_id": "Z1", "year": 2024, **Z1}]), years=[2024])


INDICATORS = [
    ("hz_high_tech_output_share", 45.0, 75.0),  # 45 / 60 × 100
    ("hz_green_industry_share", 15.0, 50.0),  # 15 / 30 × 100
    ("hz_modern_service_share", 25.0, 250 / 3),  # 25 / 30 × 100
    ("hz_high_tech_value_added_share", 70.0, 350 / 3),  # 70 / 60 × 100
    ("hz_incubators", 3.0, 60.0),  # 3 / 5 × 100
    ("hz_energy_productivity", 4.0, 120.0),  # 4 / 3 × 100 = 133.3 → cap 120
    ("hz_solid_waste_utilization_rate", 90.0, 1800 / 19),  # 90 / 95 × 100
    ("hz_air_quality_good_rate", AIR, AIR / 80 * 100),  # 102.74
    ("hz_female_executive_share", 20.0, 200 / 3),  # 20 / 30 × 100
    ("hz_vocational_training", 1.0, 100.0),
    ("hz_barrier_free", 0.0, 0.0),
    ("hz_key_polluter_disclosure_rate", 75.0, 75.0),  # 75 / 100 × 100
    ("hz_park_esg_report", 1.0, 100.0),
]
ENV = (120 + 1800 / 19 + AIR / 80 * 100) / 3
DIMENSIONS = [
    ("structure", (75 + 50 + 250 / 3) / 3),  # 625 / 9 = 69.44…
    ("innovation", (350 / 3 + 60) / 2),  # 265 / 3 = 88.33…
    ("environment", ENV),  # 105.83…
    ("social", (200 / 3 + 100 + 0) / 3),  # 500 / 9 = 55.55…
    ("governance", (75 + 100) / 2),  # 87.5: the disclosure policy left out
]


@pytest.mark.parametrize(("indicator_id", "value", "score"), INDICATORS)
def test_indicator_values_and_scores(res, indicator_id, value, score) -> None:  # type: ignore[no-untyped-def]
    row = res.row("Z1", 2024, indicator_id)
    assert row["value"] == pytest.approx(value, rel=1e-9)
    assert row["score"] == pytest.approx(score, rel=1e-9)
    assert bool(row["provisional"]) is True


@pytest.mark.parametrize(("node_id", "score"), DIMENSIONS)
def test_dimension_scores(res, node_id, score) -> None:  # type: ignore[no-untyped-def]
    n = res.nodes
    sel = n[(n.entity_id == "Z1") & (n.node_id == node_id)]
    assert float(sel["score"].iloc[0]) == pytest.approx(score, rel=1e-9)


def test_total_is_the_mean_of_the_five_dimensions(res) -> None:  # type: ignore[no-untyped-def]
    t = res.totals
    total = (625 / 9 + 265 / 3 + ENV + 500 / 9 + 87.5) / 5  # 81.33…
    assert float(t[t.entity_id == "Z1"]["score"].iloc[0]) == pytest.approx(total, rel=1e-9)
    assert total == pytest.approx(81.3318, abs=1e-4)


def test_the_plans_five_dimensions_from_catalogue_fields_all_provisional() -> None:
    fw = load_framework(FW)
    assert [n.name.zh for n in fw.tree] == [
        "产业结构",
        "创新能力",
        "环境表现",
        "社会贡献",
        "治理水平",
    ]
    assert [n.weight for n in fw.tree] == [0.2] * 5 and fw.aggregation.weights.provisional
    assert all(i.provisional and i.note.startswith("暂定") for n in fw.tree for i in n.indicators)
    assert fw.fields == []  # nothing of its own: every field is the shared catalogue's
