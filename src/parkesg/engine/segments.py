"""Segment models (issue 5 item 3): which segment every entity-year is in, the weights each
segment uses, and the key its peer groups are split by — all as columns of the wide rows.

A segment is told by dimensions: an industry code prefix (GB/T 4754), the size class 大 / 中 /
小 / 微 of the national classification (国统字〔2017〕213号, derived from employees, revenue and
assets, or given directly), or a column as given. The first segment model whose conditions
all hold applies; otherwise the segment is ``default`` (the framework's own weights).

Weights stay formula (1) of T/JDFA01 6.8 — Σ a_ij·F_ij, normalised per node — with a_ij per
segment: a child whose weight differs between segments gets a CASE on the ``segment`` column,
the others keep their literal. Peer groups (6.8 b) are keyed by (year, peer key, industry
prefix) in ``peer.py``; the peer key is the segment's ``peer_by`` dimensions joined.
No loop over entities: every step is an expression over the column.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

from parkesg.engine.balanced import reduce_balanced
from parkesg.engine.plan import node_meta, placed_indicators
from parkesg.frameworks.schema import SIZE_CLASSES, Dimension, DimensionKind, Framework, Segments
from parkesg.frameworks.segment_checks import DEFAULT_SEGMENT, segment_framework
from parkesg.frameworks.size_classes import ORDER, SizeClassification

SEGMENT = "segment"
PEER_KEY = "peer_key"
UNKNOWN = "未知"  # a dimension without a value, in a peer key
NULL_STR = ibis.literal(None, type="string")

# child id (indicator or node) → segment id → share among its siblings
Shares = Mapping[str, Mapping[str, float]]


def dimension_column(dim_id: str) -> str:
    """Column of a dimension's value in the wide rows (kept for the trace)."""
    return f"segment__{dim_id}"


def size_class(t: ir.Table, cls: SizeClassification, row: ir.StringValue) -> ir.StringValue:
    """大 / 中 / 小 / 微 from the measures, given the classification row of each entity.

    A class needs every lower bound of its row met (附注 1); 微 needs one bound of 小 missed.
    SQL's three-valued logic does the rest: a missing measure leaves “met” unknown, so an
    enterprise is 微 only when a known measure is below 小, and NULL when it cannot be told.
    """
    met: dict[str, ir.BooleanValue] = {}
    for size in ORDER:
        per_row = [
            (row == r.id) & reduce_balanced(
                [t[cls.measures[m]] >= bound for m, bound in sorted(r.lower[size].items())],
                lambda a, b: a & b,
            )
            for r in cls.industries
        ]  # fmt: skip
        met[size] = reduce_balanced(per_row, lambda a, b: a | b)
    derived = ibis.cases(
        *[(met[size], ibis.literal(size)) for size in ORDER],
        (~met["小"], ibis.literal("微")),
        else_=NULL_STR,
    )
    return ibis.ifelse(row.isnull(), NULL_STR, derived)


def classification_row(industry: ir.StringValue, cls: SizeClassification) -> ir.StringValue:
    """The classification row of an industry code: the longest code prefix that matches, else
    其他未列明行业; NULL without a code."""
    cases = [(industry.startswith(code), ibis.literal(rid)) for code, rid in cls.prefixes()]
    other = ibis.ifelse(industry == "", NULL_STR, ibis.literal(cls.fallback()))
    return ibis.cases(*cases, else_=other) if cases else other


def _given_size(value: ir.StringValue) -> ir.StringValue:
    """A size class given directly: 大 / 中 / 小 / 微 (or 大型 …); anything else is not given."""
    clean = value.strip()
    return ibis.cases(
        *[(clean.isin([s, f"{s}型"]), ibis.literal(s)) for s in SIZE_CLASSES], else_=NULL_STR
    )


def _dimension(t: ir.Table, dim: Dimension) -> ir.StringValue:
    if dim.kind == DimensionKind.industry:
        code = t.industry.substr(0, dim.prefix)
        return ibis.ifelse(code == "", NULL_STR, code)
    if dim.kind == DimensionKind.size_class:
        derived = t[dimension_column(dim.id)]  # the derived class, added beforehand
        return (
            ibis.coalesce(_given_size(t[dim.column].cast("string")), derived)
            if dim.column
            else derived
        )
    return t[dim.column].cast("string")


def assign(t: ir.Table, segments: Segments, cls: SizeClassification | None) -> ir.Table:
    """Add the dimension columns, ``segment`` and (when some segment splits its peers)
    ``peer_key`` to the wide rows."""
    sized = [d for d in segments.dimensions if d.kind == DimensionKind.size_class]
    if sized:
        if cls is None:
            raise ValueError("a size_class dimension needs the size classification")
        t = t.mutate(_size_row=classification_row(t.industry, cls))
        t = t.mutate(**{dimension_column(d.id): size_class(t, cls, t._size_row) for d in sized})
        t = t.drop("_size_row")
    t = t.mutate(**{dimension_column(d.id): _dimension(t, d) for d in segments.dimensions})
    t = t.mutate(**{SEGMENT: _segment(t, segments)})
    if not any([segments.peer_by, *[m.peer_by for m in segments.models]]):
        return t  # peers by industry alone, as without segments
    return t.mutate(**{PEER_KEY: _peer_key(t, segments)})


def _segment(t: ir.Table, segments: Segments) -> ir.StringValue:
    cases = []
    for model in segments.models:
        tests = [t[dimension_column(d)].isin(values) for d, values in model.when.items()]
        holds = reduce_balanced(tests, lambda a, b: a & b) if tests else ibis.literal(True)
        cases.append((holds.fill_null(False), ibis.literal(model.id)))
    default = ibis.literal(DEFAULT_SEGMENT)
    return ibis.cases(*cases, else_=default) if cases else default


def _key(t: ir.Table, dims: list[str]) -> ir.StringValue:
    if not dims:
        return ibis.literal("")
    parts = [t[dimension_column(d)].fill_null(UNKNOWN) for d in dims]
    return reduce_balanced(parts, lambda a, b: a.concat("·", b))


def _peer_key(t: ir.Table, segments: Segments) -> ir.StringValue:
    own = [
        (t[SEGMENT] == m.id, _key(t, m.peer_by))
        for m in segments.models
        if m.peer_by is not None and m.peer_by != segments.peer_by
    ]
    default = _key(t, segments.peer_by)
    return ibis.cases(*own, else_=default) if own else default


def segment_ids(fw: Framework) -> list[str]:
    return [m.id for m in fw.segments.models] + [DEFAULT_SEGMENT] if fw.segments else []


def segment_weights(fw: Framework) -> dict[str, dict[str, float]]:
    """Segment → (node or indicator id → its share among its siblings in that segment)."""
    out: dict[str, dict[str, float]] = {}
    for sid in segment_ids(fw):
        seen = segment_framework(fw, sid)
        shares = {p.indicator.id: p.weight for p in placed_indicators(seen)}
        meta = node_meta(seen)
        shares |= {str(r.node_id): float(r.weight) for r in meta.itertuples()}
        out[sid] = shares
    return out


def indicator_weights(shares: Mapping[str, float], fw: Framework) -> dict[str, float]:
    """a_ij of formula (1) in one segment: each indicator's share times the shares of the
    nodes above it (before any re-weighting for missing scores)."""
    placed = placed_indicators(fw)
    parent = {str(r.node_id): r.parent_id for r in node_meta(fw).itertuples()}
    out: dict[str, float] = {}
    for p in placed:
        weight, node = shares[p.indicator.id], p.node_id
        while isinstance(node, str):
            weight *= shares[node]
            node = parent[node]
        out[p.indicator.id] = weight
    return out


def varying_shares(fw: Framework) -> dict[str, dict[str, float]]:
    """Child id → segment → share, for the children whose share is not the same in every
    segment (the others keep their literal weight)."""
    by_segment = segment_weights(fw)
    if not by_segment:
        return {}
    children = by_segment[DEFAULT_SEGMENT]
    return {
        child: {sid: shares[child] for sid, shares in by_segment.items()}
        for child in children
        if len({shares[child] for shares in by_segment.values()}) > 1
    }


def weight_of(
    t: ir.Table, child: str, default: float, shares: Shares | None
) -> float | ir.FloatingValue:
    """The weight of one child in the row's segment: its literal when every segment agrees,
    else a CASE on the ``segment`` column."""
    per_segment = (shares or {}).get(child)
    if not per_segment:
        return default
    cases = [
        (t[SEGMENT] == sid, ibis.literal(w, type="float64"))
        for sid, w in per_segment.items()
        if sid != DEFAULT_SEGMENT
    ]
    return ibis.cases(*cases, else_=ibis.literal(per_segment[DEFAULT_SEGMENT], type="float64"))
