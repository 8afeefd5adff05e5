"""Turning stacked rows side by side: the one aggregate the engine pivots with."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir


def max_where(value: ir.Value, when: ir.BooleanValue) -> ir.Scalar:
    """``max(value)`` over the rows where ``when`` holds (null when none does).

    Written as ``max(CASE WHEN … THEN value END)`` rather than ``max(value) FILTER (WHERE …)``
    (Ibis's ``where=``): DuckDB 2 runs a hundred FILTER aggregates ten times slower, which at
    the peer table's pivot cost a fifth of a second whatever the number of rows."""
    return ibis.ifelse(when, value, ibis.null(value.type())).max()
