"""The long views of the wide stages — one row per entity, year and indicator (or node) — for
display, traces and files. Only ever read for results the caller wants as rows; the scoring
itself stays wide.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from parkesg.engine.adjust import ADJUSTMENT_COLUMNS
from parkesg.engine.balanced import reduce_balanced
from parkesg.engine.plan import Placed, col, node_col
from parkesg.engine.segments import SEGMENT, Shares, weight_of

KEYS = ("entity_id", "year")
TYPES = {
    "value": "float64", "category": "string", "reason": "string", "status": "string",
    "level": "string", "own_score": "float64", "violation": "boolean",
    "missing_evidence": "string", "caution": "string", "peer_score": "float64",
    "peer_group": "string", "peer_fallback": "boolean", "peer_n": "int64", "peer_level": "int64",
    "score": "float64", "rule": "string",
    **dict.fromkeys(ADJUSTMENT_COLUMNS, "string"), "adjusted_score": "float64",
    "comprehensive_score": "float64", "benchmark_standard": "string", "benchmark_level": "string",
}  # fmt: skip
ABSENT = {"violation": False}  # an indicator without violation fields never records one
ON_SITE = (*ADJUSTMENT_COLUMNS, "comprehensive_score")
BENCHMARK = ("benchmark_standard", "benchmark_level")  # 6.9 c, with a benchmark input only
INDICATOR_PARTS = tuple(p for p in TYPES if p not in (*ON_SITE, *BENCHMARK))


def _union(parts: list[ir.Table]) -> ir.Table:
    return reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))


def _segment(t: ir.Table) -> dict[str, ir.Value]:
    return {SEGMENT: t[SEGMENT]} if SEGMENT in t.columns else {}


def _weight(t: ir.Table, child: str, weight: float, shares: Shares | None) -> ir.FloatingValue:
    w = weight_of(t, child, weight, shares)
    return ibis.literal(w, type="float64") if isinstance(w, float) else w


def indicator_rows(
    scored: ir.Table, placed: list[Placed], shares: Shares | None = None
) -> ir.Table:
    """Wide scored stage → (entity_id, year, industry, indicator_id, method, direction,
    node_id, weight, value … score, rule[, adjustments][, segment]) with NULL for parts an
    indicator does not have (peer columns of a non-peer indicator, the category of a number); ``weight`` is the one
    of the row's segment where a segment model gives its own (``segments.varying_shares``)."""
    adjusted = col(placed[0].indicator.id, "comprehensive_score") in scored.columns
    benchmarked = any(c.endswith("__benchmark_standard") for c in scored.columns)
    parts = [*INDICATOR_PARTS, *(ON_SITE if adjusted else ()), *(BENCHMARK if benchmarked else ())]

    def one(p: Placed) -> ir.Table:
        ind = p.indicator
        cells = {
            part: (
                scored[c].cast(TYPES[part])
                if (c := col(ind.id, part)) in scored.columns
                else ibis.literal(ABSENT.get(part), type=TYPES[part])
            )
            for part in parts
        }
        return scored.select(
            *KEYS,
            "industry",
            indicator_id=ibis.literal(ind.id),
            method=ibis.literal(ind.method.value),
            direction=ibis.literal(ind.direction.value),
            node_id=ibis.literal(p.node_id),
            weight=_weight(scored, ind.id, p.weight, shares),
            **cells,
            **_segment(scored),
        )

    return _union([one(p) for p in placed])


def node_rows(nodes: ir.Table, meta: pd.DataFrame, shares: Shares | None = None) -> ir.Table:
    """Wide node stage → (entity_id, year, node_id, depth, score, parent_id, weight[,
    segment])."""
    return _union(
        [
            nodes.select(
                *KEYS,
                node_id=ibis.literal(r.node_id),
                depth=ibis.literal(int(r.depth), type="int64"),
                score=nodes[node_col(r.node_id)],
                parent_id=ibis.literal(
                    None if pd.isna(r.parent_id) else r.parent_id, type="string"
                ),
                weight=_weight(nodes, str(r.node_id), float(r.weight), shares),
                **_segment(nodes),
            )
            for r in meta.itertuples()
        ]
    )
