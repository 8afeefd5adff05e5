"""T/JDFA01 6.10–6.11: the comprehensive rating (综合评价) next to the written one (书面评价).

On-site verification adjusts indicator scores (6.11 c). Each adjustment is a row of its own —
indicator, adjusted score, reason, evaluator, date — joined to the written scores, never an
edit of the data; the comprehensive score is the written one where nothing was adjusted.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine.pivot import max_where
from parkesg.engine.plan import col
from parkesg.frameworks.schema import Indicator

ADJUSTMENT_COLUMNS = ("adjusted_score", "adjust_reason", "adjust_evaluator", "adjust_date")
PARTS = {"adjusted_score": "score", "adjust_reason": "reason",
         "adjust_evaluator": "evaluator", "adjust_date": "date"}  # fmt: skip


def apply_adjustments(t: ir.Table, indicators: list[Indicator], adjustments: ir.Table) -> ir.Table:
    """Add the adjustment columns and ``comprehensive_score`` of every indicator."""
    adj = adjustments.select(
        _e=adjustments.entity_id.cast("string"),
        _y=adjustments.year.cast("int64"),
        _i=adjustments.indicator_id.cast("string"),
        score=adjustments.score.cast("float64"),
        reason=adjustments.reason.cast("string"),
        evaluator=adjustments.evaluator.cast("string"),
        date=adjustments.date.cast("string"),
    )  # at most one row per entity, year and indicator (``adjustments.check_adjustments``)
    parts = {
        col(ind.id, name): max_where(adj[source], adj._i == ind.id)
        for ind in indicators
        for name, source in PARTS.items()
    }
    wide = adj.group_by(["_e", "_y"]).aggregate(**parts)
    t = t.left_join(wide, [t.entity_id == wide._e, t.year == wide._y]).drop("_e", "_y")
    return t.mutate(
        **{
            col(ind.id, "comprehensive_score"): ibis.coalesce(
                t[col(ind.id, "adjusted_score")], t[col(ind.id, "score")]
            ).cast("float64")
            for ind in indicators
        }
    )
