"""Progress of each KPI from the park's baseline (T/ESC 001 6.3.1) toward its target (6.3.2).

progress % = (value − baseline) / (target − baseline) × 100, so the sign of the target's
distance already carries the KPI's direction; a target equal to the baseline (at 9 decimals)
scores 100 when the value is at least as good (by direction) and 0 otherwise; no value, no
progress.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine.pivot import max_where
from parkesg.engine.plan import col, part
from parkesg.frameworks.schema import Direction, Indicator, Method

NO_TARGET = "未设定基准值或目标值（T/ESC 001 6.3.1、6.3.2）"
DECIMALS = 9  # quantities compared at this many decimals (README “Scoring conventions”)


def _targets_wide(targets: ir.Table, inds: list[Indicator]) -> ir.Table:
    """(entity_id, indicator_id, baseline, target) rows → one row per entity."""
    t = targets.select(
        _e=targets.entity_id.cast("string"),
        _i=targets.indicator_id.cast("string"),
        _b=targets.baseline.cast("float64"),
        _t=targets.target.cast("float64"),
    )
    parts: dict[str, ir.Value] = {}
    for ind in inds:
        mine = t._i == ind.id
        parts[f"{ind.id}__baseline"] = max_where(t._b, mine)
        parts[f"{ind.id}__target"] = max_where(t._t, mine)
    return t.group_by("_e").aggregate(**parts)


def add_progress(t: ir.Table, indicators: list[Indicator], targets: ir.Table | None) -> ir.Table:
    """Fill the own score of ``progress`` indicators; a KPI without a target says so in its
    reason."""
    inds = [i for i in indicators if i.method == Method.progress]
    if not inds:
        return t
    if targets is None:  # no table of targets (literals, not a memtable: kept SQL runs alone)
        none = ibis.literal(None, type="float64")
        t = t.mutate(**{f"{i.id}__{p}": none for i in inds for p in ("baseline", "target")})
    else:
        wide = _targets_wide(targets, inds)
        t = t.left_join(wide, t.entity_id == wide._e).drop("_e")
    updates: dict[str, ir.Value] = {}
    for ind in inds:
        value, reason = t[col(ind.id, "value")], part(t, ind.id, "reason")
        base, goal = t[f"{ind.id}__baseline"], t[f"{ind.id}__target"]
        span = goal - base
        # quantities compared at 9 decimals: 56.99999999999999 is the target 57
        near, aim = value.round(DECIMALS), goal.round(DECIMALS)
        better = near >= aim if ind.direction == Direction.higher else near <= aim
        level = span.round(DECIMALS) == 0
        progress = ibis.ifelse(
            level, ibis.ifelse(better, 100.0, 0.0), (value - base) / span * 100.0
        )
        progress = ibis.ifelse(progress == 0, 0.0, progress)  # never −0
        # no value, no progress (a missing KPI reads 缺数据, never 0 %)
        progress = ibis.ifelse(value.isnull(), ibis.null("float64"), progress)
        no_target = value.notnull() & (goal.isnull() | base.isnull())
        updates[col(ind.id, "own_score")] = progress.cast("float64")
        updates[col(ind.id, "reason")] = ibis.ifelse(no_target, ibis.literal(NO_TARGET), reason)
    joined = [f"{i.id}__{part}" for i in inds for part in ("baseline", "target")]
    return t.mutate(**updates).drop(*joined)
