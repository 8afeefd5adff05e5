"""Progress of each KPI from the park's baseline (T/ESC 001 6.3.1) toward its target (6.3.2).

progress % = (value − baseline) / (target − baseline) × 100, so the sign of the target's
distance already carries the KPI's direction; a target equal to the baseline scores 100 when
the value is at least as good (by direction) and 0 otherwise.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir


def add_progress(rows: ir.Table, targets: ir.Table | None) -> ir.Table:
    """Fill ``own_score`` of ``progress`` rows; a KPI without a target says so in ``reason``."""
    if targets is None:
        targets = ibis.memtable(
            {"entity_id": [], "indicator_id": [], "baseline": [], "target": []},
            schema={
                "entity_id": "string",
                "indicator_id": "string",
                "baseline": "float64",
                "target": "float64",
            },
        )
    t = targets.select(
        _e=targets.entity_id.cast("string"),
        _i=targets.indicator_id.cast("string"),
        baseline=targets.baseline.cast("float64"),
        target=targets.target.cast("float64"),
    )
    rows = rows.left_join(t, [rows.entity_id == t._e, rows.indicator_id == t._i]).drop("_e", "_i")
    is_progress = rows.method == "progress"
    span = rows.target - rows.baseline
    better = ibis.ifelse(
        rows.direction == "higher", rows.value >= rows.target, rows.value <= rows.target
    )
    progress = ibis.ifelse(
        span == 0, ibis.ifelse(better, 100.0, 0.0), (rows.value - rows.baseline) / span * 100.0
    )
    no_target = is_progress & rows.value.notnull() & (rows.target.isnull() | rows.baseline.isnull())
    return rows.mutate(
        own_score=ibis.ifelse(is_progress, progress, rows.own_score).cast("float64"),
        reason=ibis.ifelse(
            no_target, ibis.literal("未设定基准值或目标值（T/ESC 001 6.3.1、6.3.2）"), rows.reason
        ),
    )
