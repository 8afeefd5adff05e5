"""Stage 5: weighted sum up the tree (T/JDFA01 6.8 formula (1)) and grades (Annex B).

Node score = Σ wᵢ·Fᵢ / Σ wᵢ over the children that have a score, so an excluded indicator's
weight is shared among its siblings; with every score present this is exactly Σ a_ij·F_ij.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from parkesg.frameworks.schema import Band

KEYS = ["entity_id", "year"]


def _roll_up(items: ir.Table) -> ir.Table:
    """items(entity_id, year, parent_id, weight, score) → (entity_id, year, node_id, score)."""
    present = items.score.notnull()
    weighted = ibis.ifelse(present, items.weight * items.score, 0.0)
    used = ibis.ifelse(present, items.weight, 0.0)
    agg = items.group_by([*KEYS, "parent_id"]).aggregate(_num=weighted.sum(), _den=used.sum())
    return agg.select(
        *KEYS,
        node_id=agg.parent_id,
        score=ibis.ifelse(agg._den > 0, agg._num / agg._den, ibis.null()).cast("float64"),
    )


def node_scores(scores: ir.Table, nodes: pd.DataFrame) -> ir.Table:
    """Score every node, deepest first; ``nodes`` is ``plan.node_meta``."""
    meta = ibis.memtable(
        nodes[["node_id", "parent_id", "depth", "weight"]],
        schema={"node_id": "string", "parent_id": "string", "depth": "int64", "weight": "float64"},
    )
    leaf = scores.select(*KEYS, parent_id=scores.node_id, weight=scores.weight, score=scores.score)
    results: list[ir.Table] = []
    pending = leaf
    for depth in range(int(nodes.depth.max()), 0, -1):
        at = set(nodes.node_id[nodes.depth == depth])
        level = _roll_up(pending.filter(pending.parent_id.isin(list(at))))
        level = level.join(meta, level.node_id == meta.node_id).select(
            *KEYS, "node_id", depth=meta.depth, score=level.score,
            parent_id=meta.parent_id, weight=meta.weight,
        )  # fmt: skip
        results.append(level)
        up = level.select(*KEYS, "parent_id", "weight", "score")
        rest = pending.filter(~pending.parent_id.isin(list(at)))
        pending = rest.union(up, distinct=False)
    out = results[0]
    for r in results[1:]:
        out = out.union(r, distinct=False)
    return out


def totals(nodes: ir.Table, bands: list[Band]) -> ir.Table:
    """Total = roll-up of the top-level nodes; grade by bands (lower bound inclusive)."""
    top = nodes.filter(nodes.depth == 1).select(*KEYS, "parent_id", "weight", "score")
    top = top.mutate(parent_id=ibis.literal("total"))
    total = _roll_up(top).drop("node_id")
    return total.mutate(grade=grade_of(total.score, bands))


def grade_of(score: ir.FloatingValue, bands: list[Band]) -> ir.StringValue:
    if not bands:
        return ibis.literal(None, type="string")
    ordered = sorted(bands, key=lambda b: b.min, reverse=True)
    near = score.round(9)  # 74.99999999999999 from a float sum is 75, the AA bound
    cases = [(near >= b.min, ibis.literal(b.grade)) for b in ordered]
    return ibis.ifelse(score.isnull(), ibis.null(), ibis.cases(*cases, else_=ordered[-1].grade))
