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

KEYS = ("entity_id", "year")
TYPES = {
    "value": "float64", "category": "string", "reason": "string", "status": "string",
    "level": "string", "own_score": "float64", "violation": "boolean", "peer_score": "float64",
    "peer_group": "string", "peer_fallback": "boolean", "score": "float64", "rule": "string",
    **dict.fromkeys(ADJUSTMENT_COLUMNS, "string"), "adjusted_score": "float64",
    "comprehensive_score": "float64",
}  # fmt: skip
INDICATOR_PARTS = tuple(p for p in TYPES if p not in (*ADJUSTMENT_COLUMNS, "comprehensive_score"))


def _union(parts: list[ir.Table]) -> ir.Table:
    return reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))


def indicator_rows(scored: ir.Table, placed: list[Placed]) -> ir.Table:
    """Wide scored stage → (entity_id, year, industry, indicator_id, method, direction,
    node_id, weight, value … score, rule[, adjustments]) with NULL for parts an indicator
    does not have (peer columns of a non-peer indicator)."""
    adjusted = col(placed[0].indicator.id, "comprehensive_score") in scored.columns
    extra = (*ADJUSTMENT_COLUMNS, "comprehensive_score") if adjusted else ()
    parts = [*INDICATOR_PARTS, *extra]

    def one(p: Placed) -> ir.Table:
        ind = p.indicator
        cells = {
            part: (
                scored[c].cast(TYPES[part])
                if (c := col(ind.id, part)) in scored.columns
                else ibis.literal(None, type=TYPES[part])
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
            weight=ibis.literal(p.weight, type="float64"),
            **cells,
        )

    return _union([one(p) for p in placed])


def node_rows(nodes: ir.Table, meta: pd.DataFrame) -> ir.Table:
    """Wide node stage → (entity_id, year, node_id, depth, score, parent_id, weight)."""
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
                weight=ibis.literal(float(r.weight), type="float64"),
            )
            for r in meta.itertuples()
        ]
    )
