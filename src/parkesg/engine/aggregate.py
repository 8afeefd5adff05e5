"""Stage 5: weighted sum up the tree (T/JDFA01 6.8 formula (1)) and grades (Annex B).

Node score = Σ wᵢ·Fᵢ / Σ wᵢ over the children that have a score, so an excluded indicator's
weight is shared among its siblings; with every score present this is exactly Σ a_ij·F_ij.
Column arithmetic on the wide rows, one tree level at a time (each level reads the named
columns of the one below, so no expression is copied into its parent).
"""

from __future__ import annotations

from typing import TypeAlias

import ibis
import ibis.expr.types as ir
import pandas as pd

from parkesg.engine.balanced import reduce_balanced
from parkesg.engine.plan import Placed, col, node_col
from parkesg.engine.segments import SEGMENT, Shares, weight_of
from parkesg.frameworks.schema import Band

KEYS = ["entity_id", "year"]
TOTAL = "total"


Weight: TypeAlias = (
    float | ir.FloatingValue
)  # a literal, or per segment a CASE (engine/segments.py)


def weighted_mean(parts: list[tuple[Weight, ir.FloatingValue]]) -> ir.FloatingValue:
    """Σ wᵢ·sᵢ / Σ wᵢ over the scores present; NULL when none is."""
    if not parts:
        return ibis.literal(None, type="float64")
    num = reduce_balanced([(s * w).fill_null(0.0) for w, s in parts], lambda a, b: a + b)
    den = reduce_balanced([ibis.ifelse(s.isnull(), 0.0, w) for w, s in parts], lambda a, b: a + b)
    return ibis.ifelse(den > 0, num / den, ibis.null()).cast("float64")


def node_scores(
    t: ir.Table,
    placed: list[Placed],
    nodes: pd.DataFrame,
    part: str = "score",
    keep: tuple[str, ...] = (),
    shares: Shares | None = None,
) -> ir.Table:
    """(entity_id, year, node__… per node, total, *keep) from the indicators' ``part``
    columns; ``nodes`` is ``plan.node_meta``; ``shares`` the weights that differ by segment
    (``segments.varying_shares``), read from the ``segment`` column, which ``keep`` names."""
    children: dict[str, list[tuple[str, float, str]]] = {}
    for p in placed:
        item = (p.indicator.id, p.weight, col(p.indicator.id, part))
        children.setdefault(p.node_id, []).append(item)
    for r in nodes.itertuples():
        parent = TOTAL if pd.isna(r.parent_id) else str(r.parent_id)
        item = (str(r.node_id), float(r.weight), node_col(r.node_id))
        children.setdefault(parent, []).append(item)
    scores = [c for p in placed if (c := col(p.indicator.id, part)) in t.columns]
    out = t.select(*KEYS, *keep, *scores)

    def mean(parent: str) -> ir.FloatingValue:
        return weighted_mean(
            [(weight_of(out, cid, w, shares), out[c]) for cid, w, c in children.get(parent, [])]
        )

    for depth in range(int(nodes.depth.max()), 0, -1):
        out = out.mutate(**{node_col(n): mean(n) for n in nodes[nodes.depth == depth].node_id})
    top = mean(TOTAL)
    return out.mutate(**{TOTAL: top}).select(
        *KEYS, *[node_col(n) for n in nodes.node_id], TOTAL, *keep
    )


def totals(nodes: ir.Table, bands: list[Band]) -> ir.Table:
    """(entity_id, year, score, grade[, segment]): the total graded by bands (lower bound
    inclusive), with the segment whose weights made it."""
    seg = {SEGMENT: nodes[SEGMENT]} if SEGMENT in nodes.columns else {}
    return nodes.select(*KEYS, score=nodes[TOTAL], grade=grade_of(nodes[TOTAL], bands), **seg)


def grade_of(score: ir.FloatingValue, bands: list[Band]) -> ir.StringValue:
    if not bands:
        return ibis.literal(None, type="string")
    ordered = sorted(bands, key=lambda b: b.min, reverse=True)
    near = score.round(9)  # 74.99999999999999 from a float sum is 75, the AA bound
    cases = [(near >= b.min, ibis.literal(b.grade)) for b in ordered]
    return ibis.ifelse(score.isnull(), ibis.null(), ibis.cases(*cases, else_=ordered[-1].grade))
