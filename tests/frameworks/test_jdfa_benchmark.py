"""T/JDFA01 6.9 c: indicators scored against a standard's levels instead of peers, on the
worked example of test_jdfa (peer.min_size = 5: every peer group falls back to C26).

E1's energy intensity (0.20 tce/万元, peer score 80) reaches 一级 of a consumption limit
(score 100); its water intensity (5.00 m3/万元, peer score 40) reaches 二级 (score 60).

Node E_resources (4 indicators, equal weights): (80 + 40 + 50 + 50)/4 = 55
                                         → (100 + 60 + 50 + 50)/4 = 65
Dimension E (21 indicators, equal weights): 1620/21 → (1620 + 20 + 20)/21 = 1660/21
                                          = 79.04761904761905
Total S = 0.4·1660/21 + 0.3·1700/19 + 0.3·1580/18 = 84.79448621553885 → AA (written)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from parkesg.errors import DataErrors
from parkesg.service import assess

sys.path.insert(0, str(Path(__file__).parent))
from test_jdfa import FW, Y, _frame, with_min_size

STANDARD = "GB 30251-2013"


def _bench(**override: object) -> pd.DataFrame:
    rows = [
        {"entity_id": "E1", "year": Y, "indicator_id": "energy_intensity", "score": 100,
         "standard": STANDARD, "level": "一级"},
        {"entity_id": "E1", "year": Y, "indicator_id": "water_intensity", "score": 60,
         "standard": STANDARD, "level": "二级"},
    ]  # fmt: skip
    rows[0].update(override)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def res():  # type: ignore[no-untyped-def]
    return assess(with_min_size(5), _frame(), years=[Y], benchmarks=_bench())


def _node(res, node: str) -> float:  # type: ignore[no-untyped-def]
    n = res.nodes
    return float(n[(n.entity_id == "E1") & (n.node_id == node)].score.iloc[0])


def test_benchmark_scores_enter_nodes_dimensions_and_total(res) -> None:  # type: ignore[no-untyped-def]
    assert _node(res, "E_resources") == pytest.approx(65.0, rel=1e-12)
    assert _node(res, "E") == pytest.approx(79.04761904761905, rel=1e-12)
    e1 = res.totals[res.totals.entity_id == "E1"].iloc[0]
    assert e1["score"] == pytest.approx(84.79448621553885, rel=1e-12)
    assert e1["grade"] == "AA"


def test_benchmarked_rows_name_standard_and_level(res) -> None:  # type: ignore[no-untyped-def]
    row = res.row("E1", Y, "water_intensity")
    assert row["score"] == 60.0 and row["rule"] == "benchmark"
    assert row["benchmark_standard"] == STANDARD and row["benchmark_level"] == "二级"
    other = res.row("E2", Y, "water_intensity")  # no row for E2: its peer score stays
    assert other["rule"] is None or pd.isna(other["rule"])
    assert pd.isna(other["benchmark_standard"])


def test_others_unchanged() -> None:
    plain = assess(with_min_size(5), _frame(), years=[Y])
    bench = assess(with_min_size(5), _frame(), years=[Y], benchmarks=_bench())
    a = plain.totals.set_index("entity_id").score.drop("E1")
    b = bench.totals.set_index("entity_id").score.drop("E1")
    assert (a - b).abs().max() == 0.0


def test_a_benchmark_needs_no_peer_basis() -> None:
    """Shipped min_size = 30: peer scores are withheld (test_jdfa), a benchmarked one is not."""
    res = assess(FW, _frame(), years=[Y], benchmarks=_bench())
    row = res.row("E1", Y, "energy_intensity")
    assert row["score"] == 100.0 and row["rule"] == "benchmark"
    peer = res.row("E1", Y, "co2e_intensity")
    assert pd.isna(peer["score"]) and peer["rule"] == "peer_insufficient"


def test_a_recorded_violation_decides_before_the_benchmark() -> None:
    """6.9 d before 6.9 c: wastewater intensity with a discharge violation scores 0."""
    frame = _frame()
    frame.loc[frame.entity_id == "E1", "ent_water_discharge_violations"] = 1
    bench = _bench(indicator_id="wastewater_intensity")
    res = assess(with_min_size(5), frame, years=[Y], benchmarks=bench)
    row = res.row("E1", Y, "wastewater_intensity")
    assert row["score"] == 0.0 and row["rule"] == "violation"


def test_an_on_site_adjustment_overrides_the_benchmark_in_the_comprehensive_score() -> None:
    """6.11 c after 6.9 c: the written score is the benchmark's, the comprehensive one the
    evaluator's."""
    adj = pd.DataFrame([{"entity_id": "E1", "year": Y, "indicator_id": "water_intensity",
                         "score": 0.0, "reason": "现场核查：水表读数不符", "evaluator": "张三",
                         "date": "2025-06-18"}])  # fmt: skip
    res = assess(with_min_size(5), _frame(), years=[Y], benchmarks=_bench(), adjustments=adj)
    row = res.row("E1", Y, "water_intensity")
    assert row["score"] == 60.0 and row["comprehensive_score"] == 0.0


def test_a_missing_value_is_left_to_the_missing_rule() -> None:
    frame = _frame()
    frame.loc[frame.entity_id == "E1", "ent_energy_consumption"] = None
    res = assess(with_min_size(5), frame, years=[Y], benchmarks=_bench())
    row = res.row("E1", Y, "energy_intensity")
    assert row["rule"].startswith("missing:")


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ({"indicator_id": "no_such"}, "定量指标"),
        ({"score": 130}, "0–100"),
        ({"standard": ""}, "标准编号"),
        ({"indicator_id": "water_intensity"}, "多条"),
    ],
)
def test_bad_rows_are_refused_by_row(override, needle) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DataErrors) as info:
        assess(FW, _frame(), years=[Y], benchmarks=_bench(**override))
    assert needle in str(info.value) and "第 2 行" in str(info.value)
