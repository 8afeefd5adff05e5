"""T/JDFA01 6.10–6.11: written vs comprehensive rating on the worked example of test_jdfa.

On-site verification finds that five environmental indicators of E1 (nos. 1, 13, 14, 15, 16,
each scored 100 in writing) do not hold, and sets them to 0. Adjustments are rows of their
own; the written rating does not move.

Written (test_jdfa):  S  = 0.4·1620/21 + 0.3·1700/19 + 0.3·1580/18 = 84.03258145363408 → AA
Comprehensive:        E sum 1620 − 5×100 = 1120
                      S' = 0.4·1120/21 + 510/19 + 474/18
                         = 21.333333333333332 + 26.842105263157894 + 26.333333333333332
                         = 74.50877192982456 → A (60 ≤ S' < 75)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from parkesg.errors import DataErrors
from parkesg.frameworks import iter_indicators, load_framework
from parkesg.service import assess

sys.path.insert(0, str(Path(__file__).parent))
from test_jdfa import FW, Y, _frame, with_min_size

BY_NO = {i.no: i.id for i in iter_indicators(load_framework(FW).tree)}


def _adjustments(**override: object) -> pd.DataFrame:
    rows = [
        {
            "entity_id": "E1",
            "year": Y,
            "indicator_id": BY_NO[no],
            "score": 0.0,
            "reason": "现场核查：证明材料与实际不符",
            "evaluator": "张三",
            "date": "2025-06-18",
        }
        for no in ("1", "13", "14", "15", "16")
    ]
    rows[0].update(override)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def res():  # type: ignore[no-untyped-def]
    return assess(with_min_size(5), _frame(), years=[Y], adjustments=_adjustments())


def test_both_grades_are_reported(res) -> None:  # type: ignore[no-untyped-def]
    e1 = res.totals[res.totals.entity_id == "E1"].iloc[0]
    assert e1["score"] == pytest.approx(84.03258145363408, rel=1e-9)  # written, unchanged
    assert e1["grade"] == "AA"
    assert e1["comprehensive_score"] == pytest.approx(74.50877192982456, rel=1e-9)
    assert e1["comprehensive_grade"] == "A"


def test_others_unchanged(res) -> None:  # type: ignore[no-untyped-def]
    others = res.totals[res.totals.entity_id != "E1"]
    assert (others.score - others.comprehensive_score).abs().max() <= 1e-9  # two parallel sums
    assert (others.grade == others.comprehensive_grade).all()


def test_adjustment_rows_carry_reason_evaluator_date(res) -> None:  # type: ignore[no-untyped-def]
    row = res.row("E1", Y, BY_NO["13"])
    assert row["score"] == 100.0  # the written score stays
    assert row["adjusted_score"] == 0.0 and row["comprehensive_score"] == 0.0
    assert row["adjust_reason"].startswith("现场核查")
    assert row["adjust_evaluator"] == "张三" and row["adjust_date"] == "2025-06-18"
    untouched = res.row("E1", Y, BY_NO["2"])
    assert pd.isna(untouched["adjusted_score"]) and untouched["comprehensive_score"] == 80.0


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ({"indicator_id": "no_such"}, "no_such"),
        ({"score": 130}, "0–100"),
        ({"reason": ""}, "调整原因"),
        ({"date": "18/06/2025"}, "YYYY-MM-DD"),
    ],
)
def test_bad_adjustments_are_refused_by_row(override, needle) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DataErrors) as info:
        assess(FW, _frame(), years=[Y], adjustments=_adjustments(**override))
    assert needle in str(info.value) and "第 2 行" in str(info.value)


def test_parks_have_no_comprehensive_rating() -> None:
    with pytest.raises(Exception, match="不计总分"):
        assess("t-cppc-park-cpa", _frame(), years=[Y], adjustments=_adjustments())
