"""T/JDFA01 6.10–6.11: the comprehensive rating (综合评价) next to the written one (书面评价).

On-site verification adjusts indicator scores (6.11 c). Each adjustment is a row of its own —
indicator, adjusted score, reason, evaluator, date — joined to the written scores, never an
edit of the data; the comprehensive score is the written one where nothing was adjusted.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

ADJUSTMENT_COLUMNS = ("adjusted_score", "adjust_reason", "adjust_evaluator", "adjust_date")


def apply_adjustments(scored: ir.Table, adjustments: ir.Table) -> ir.Table:
    """Add the adjustment columns and ``comprehensive_score`` to every scored row."""
    adj = adjustments.select(
        _e=adjustments.entity_id.cast("string"),
        _y=adjustments.year.cast("int64"),
        _i=adjustments.indicator_id.cast("string"),
        adjusted_score=adjustments.score.cast("float64"),
        adjust_reason=adjustments.reason.cast("string"),
        adjust_evaluator=adjustments.evaluator.cast("string"),
        adjust_date=adjustments.date.cast("string"),
    )
    keys = [scored.entity_id == adj._e, scored.year == adj._y, scored.indicator_id == adj._i]
    joined = scored.left_join(adj, keys).drop("_e", "_y", "_i")
    return joined.mutate(
        comprehensive_score=ibis.coalesce(joined.adjusted_score, joined.score).cast("float64")
    )
