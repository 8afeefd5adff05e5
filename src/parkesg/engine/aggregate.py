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
from parkesg.engine.peer import PEER_METHODS
from parkesg.engine.plan import Placed, col, node_col
from parkesg.engine.rules import INSUFFICIENT
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
    held = _withheld(t, placed, part)
    out = t.select(*KEYS, *keep, *scores, **held)

    def mean(parent: str) -> ir.FloatingValue:
        return weighted_mean(
            [(weight_of(out, cid, w, shares), out[c]) for cid, w, c in children.get(parent, [])]
        )

    def withheld(parent: str) -> list[ir.BooleanValue]:
        names = [_held(cid) for cid, _w, _c in children.get(parent, [])]
        return [out[name] for name in names if name in out.columns]

    for depth in range(int(nodes.depth.max()), 0, -1):
        level = [str(n) for n in nodes[nodes.depth == depth].node_id]
        if held:  # a node resting on a withheld indicator is withheld (不予评级)
            out = out.mutate(**{_held(n): _any(withheld(n)) for n in level})
        out = out.mutate(**{node_col(n): _unless(out, n, mean(n), bool(held)) for n in level})
    top = mean(TOTAL)
    if held:
        out = out.mutate(**{_held(TOTAL): _any(withheld(TOTAL))})
    extra = [WITHHELD] if held else []
    out = out.mutate(**{TOTAL: _unless(out, TOTAL, top, bool(held))})
    if held:
        out = out.rename(**{WITHHELD: _held(TOTAL)})
    return out.select(*KEYS, *[node_col(n) for n in nodes.node_id], TOTAL, *extra, *keep)


WITHHELD = "withheld"  # the total rests on a peer score without a basis (不予评级)


def _held(node_or_indicator: str) -> str:
    return f"_held__{node_or_indicator}"


def _withheld(t: ir.Table, placed: list[Placed], part: str) -> dict[str, ir.BooleanValue]:
    """Per indicator that may lack a peer basis: is its ``part`` withheld (rule
    ``peer_insufficient`` and, for the comprehensive score, no on-site score either)."""
    out: dict[str, ir.BooleanValue] = {}
    for p in placed:
        rule = col(p.indicator.id, "rule")
        if p.indicator.method.value not in PEER_METHODS or rule not in t.columns:
            continue
        flag = (t[rule] == INSUFFICIENT).fill_null(False)
        if part != "score":
            flag = flag & t[col(p.indicator.id, part)].isnull()
        out[_held(p.indicator.id)] = flag
    return out


def _any(flags: list[ir.BooleanValue]) -> ir.BooleanValue:
    return reduce_balanced(flags, lambda a, b: a | b) if flags else ibis.literal(False)


def _unless(t: ir.Table, node: str, score: ir.FloatingValue, held: bool) -> ir.FloatingValue:
    if not held:
        return score
    return ibis.ifelse(t[_held(node)], ibis.null("float64"), score)


def totals(nodes: ir.Table, bands: list[Band]) -> ir.Table:
    """(entity_id, year, score, grade[, segment]): the total graded by bands (lower bound
    inclusive), with the segment whose weights made it."""
    seg = {SEGMENT: nodes[SEGMENT]} if SEGMENT in nodes.columns else {}
    held = {WITHHELD: nodes[WITHHELD]} if WITHHELD in nodes.columns else {}
    grade = grade_of(nodes[TOTAL], bands)
    return nodes.select(*KEYS, score=nodes[TOTAL], grade=grade, **held, **seg)


def grade_of(score: ir.FloatingValue, bands: list[Band]) -> ir.StringValue:
    if not bands:
        return ibis.literal(None, type="string")
    ordered = sorted(bands, key=lambda b: b.min, reverse=True)
    near = score.round(9)  # 74.99999999999999 from a float sum is 75, the AA bound
    cases = [(near >= b.min, ibis.literal(b.grade)) for b in ordered]
    return ibis.ifelse(score.isnull(), ibis.null(), ibis.cases(*cases, else_=ordered[-1].grade))
