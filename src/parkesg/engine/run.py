"""The assessment as named stages (like bw2calc's characterize → normalize → weight), each an
Ibis expression that can be executed and inspected on its own:

``wide`` → ``values`` (indicator values and own scores) → ``scored`` (peer methods, progress,
rules of 6.9) → ``nodes`` → ``totals``; plus ``requirements`` where the framework has them.

The engine is pure: it builds expressions and never executes, reads or writes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from parkesg.engine import adjust, aggregate, indicators, peer, plan, progress, rules, wide
from parkesg.engine.balanced import reduce_balanced
from parkesg.frameworks.checks import referenced_fields
from parkesg.frameworks.schema import FieldDef, Framework, MissingRule


@dataclass(frozen=True)
class Stages:
    wide: ir.Table
    values: ir.Table
    scored: ir.Table
    nodes: ir.Table | None
    totals: ir.Table | None
    requirements: ir.Table | None
    comprehensive: ir.Table | None = None  # totals after on-site adjustments (T/JDFA01 6.11 c)


def build(
    data: ir.Table,
    fw: Framework,
    catalogue: dict[str, FieldDef],
    *,
    years: list[int] | None = None,
    missing: MissingRule | None = None,
    targets: ir.Table | None = None,
    materialise: Callable[[ir.Table], ir.Table] | None = None,
    adjustments: ir.Table | None = None,
) -> Stages:
    """Plan the whole assessment of ``data`` (wide, one row per entity-year) under ``fw``.

    ``materialise`` (given by the caller, which owns the backend) may store the indicator
    values and the scored rows, so that later stages read them instead of re-running the plan.
    """
    own = {f.id: f for f in fw.fields}
    fields = {fid: {**catalogue, **own}[fid] for fid in sorted(referenced_fields(fw))}
    placed = plan.placed_indicators(fw)
    table = wide.conform(data, fields, [p.indicator.id for p in placed])
    table = wide.add_lags(table, wide.lags_needed(fw))
    if years:
        table = table.filter(table.year.isin(years))

    values = indicators.indicator_rows([p.indicator for p in placed], table, fields)
    # only what scoring needs rides along; names and units are joined to the (small) result
    meta = ibis.memtable(plan.indicator_meta(fw)[list(plan.SCORING_META)])
    values = values.join(meta, "indicator_id")
    if materialise is not None:  # peer scoring reads it several times; Spark would inline each
        values = materialise(values)

    scored = values
    if fw.peer is not None:
        scored = peer.peer_scores(scored, fw.peer)
    else:
        scored = scored.mutate(
            peer_score=ibis.literal(None, type="float64"),
            peer_group=ibis.literal(None, type="string"),
            peer_fallback=ibis.literal(None, type="boolean"),
        )
    scored = progress.add_progress(scored, targets)
    scored = rules.apply_rules(scored, fw.rules, missing)
    if adjustments is not None:
        scored = adjust.apply_adjustments(scored, adjustments)
    if materialise is not None:
        scored = materialise(scored)

    nodes = totals = comprehensive = None
    if fw.aggregation.method == "weighted_sum":
        nodes = aggregate.node_scores(scored, plan.node_meta(fw))
        totals = aggregate.totals(nodes, fw.grades)
        if adjustments is not None:
            on_site = scored.mutate(score=scored.comprehensive_score)
            comprehensive = aggregate.totals(
                aggregate.node_scores(on_site, plan.node_meta(fw)), fw.grades
            )
    return Stages(table, values, scored, nodes, totals, _requirements(table, fw), comprehensive)


def _requirements(table: ir.Table, fw: Framework) -> ir.Table | None:
    if not fw.requirements:
        return None
    parts = [
        table.select(
            "entity_id",
            "year",
            requirement_id=ibis.literal(r.id),
            no=ibis.literal(r.no),
            text=ibis.literal(r.text),
            met=ibis.ifelse(table[r.field].isnull(), ibis.null(), table[r.field] > 0).cast(
                "boolean"
            ),
            encouraged=ibis.literal(r.encouraged),
        )
        for r in fw.requirements
    ]
    return reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))
