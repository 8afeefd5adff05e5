"""What the engine needs to know about a framework, flattened once into small tables.

``indicator_meta`` has one row per indicator (method, direction, thresholds, its node and its
weight among siblings); ``node_meta`` one row per node (parent, depth, weight among
siblings). Weights left out in the file are equal shares (DESIGN.md “Aggregation”).
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from parkesg.frameworks.checks import iter_nodes
from parkesg.frameworks.schema import Framework, Indicator, Node


def _shares(weights: list[float | None]) -> list[float]:
    if not weights:
        return []
    if all(w is None for w in weights):
        return [1.0 / len(weights)] * len(weights)
    total = sum(w or 0.0 for w in weights)
    return [(w or 0.0) / total for w in weights]


@dataclass(frozen=True)
class Placed:
    """An indicator with its parent node and its weight share among siblings."""

    indicator: Indicator
    node_id: str
    weight: float


def placed_indicators(fw: Framework) -> list[Placed]:
    out: list[Placed] = []
    for node in iter_nodes(fw.tree):
        shares = _shares([i.weight for i in node.indicators])
        out += [Placed(i, node.id, w) for i, w in zip(node.indicators, shares)]
    return out


def node_meta(fw: Framework) -> pd.DataFrame:
    rows: list[dict[str, object]] = []

    def walk(nodes: list[Node], parent: str | None, depth: int) -> None:
        for node, share in zip(nodes, _shares([n.weight for n in nodes])):
            rows.append(
                {
                    "node_id": node.id,
                    "parent_id": parent,
                    "depth": depth,
                    "weight": share,
                    "name_zh": node.name.zh,
                }
            )
            walk(node.children, node.id, depth + 1)

    walk(fw.tree, None, 1)
    return pd.DataFrame(rows)


SCORING_META = ("indicator_id", "method", "direction", "node_id", "weight")


def indicator_meta(fw: Framework) -> pd.DataFrame:
    rows = [
        {
            "indicator_id": p.indicator.id,
            "no": p.indicator.no,
            "name_zh": p.indicator.name.zh,
            "unit": p.indicator.unit,
            "kind": p.indicator.kind.value,
            "method": p.indicator.method.value,
            "direction": p.indicator.direction.value,
            "node_id": p.node_id,
            "weight": p.weight,
            "provisional": p.indicator.provisional,
            "selection": p.indicator.selection,
            "order": n,
        }
        for n, p in enumerate(placed_indicators(fw))
    ]
    return pd.DataFrame(rows)


def reported_column(indicator_id: str) -> str:
    """Column of a directly reported indicator value in the wide data."""
    return f"indicator:{indicator_id}"


# The scoring stages are wide: one row per entity-year, a column per indicator and part
# (value, score, rule …). Ids are snake_case, so ``id__part`` is a plain name on every backend.
PARTS = (
    "value", "category", "reason", "status", "level", "own_score", "violation",
    "missing_evidence", "caution", "peer_score", "peer_group", "peer_fallback", "peer_n",
    "peer_level", "score", "rule",
)  # fmt: skip


def col(indicator_id: str, part: str) -> str:
    """Column of one part of one indicator in the wide stages."""
    return f"{indicator_id}__{part}"


PART_TYPES = {
    "value": "float64", "category": "string", "reason": "string", "status": "string",
    "level": "string", "own_score": "float64", "violation": "boolean",
    "missing_evidence": "string", "caution": "string", "peer_n": "int64", "peer_level": "int64",
    "peer_group": "string", "rule": "string", "benchmark_score": "float64",
}  # fmt: skip


def part(t: ir.Table, indicator_id: str, name: str) -> ir.Value:
    """One part of one indicator, or a typed NULL where the indicator has no such part.

    Stage 2 leaves out the parts that would be NULL on every row (the category of a numeric
    indicator, the level outside ``levels`` …): a million rows then carry and materialise
    ~40 % fewer columns."""
    c = col(indicator_id, name)
    return t[c] if c in t.columns else ibis.literal(None, type=PART_TYPES[name])


def node_col(node_id: str) -> str:
    """Column of a node's score in the wide node stage."""
    return f"node__{node_id}"
