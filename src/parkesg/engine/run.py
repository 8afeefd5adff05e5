"""The assessment as named stages (like bw2calc's characterize → normalize → weight), each an
Ibis expression that can be executed and inspected on its own:

``wide`` → ``values`` (indicator values and own scores) → ``scored`` (peer methods, progress,
rules of 6.9) → ``nodes`` → ``totals``; plus ``requirements`` where the framework has them.
The scoring stages are wide — a column per indicator part — because a batch of a million
enterprises is then one pass of column arithmetic plus a few small per-group aggregations;
``Stages.indicator_rows`` and ``node_rows`` give the long rows people read.

The engine is pure: it builds expressions and never executes, reads or writes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from parkesg.engine import (
    adjust,
    aggregate,
    benchmark,
    indicators,
    long,
    peer,
    peer_reference,
    plan,
    progress,
    rules,
    segments,
    wide,
)
from parkesg.engine.balanced import reduce_balanced
from parkesg.frameworks.checks import referenced_fields
from parkesg.frameworks.schema import FieldDef, Framework, Indicator, MissingRule, SmallPeers
from parkesg.frameworks.segment_checks import entity_columns
from parkesg.frameworks.size_classes import SizeClassification


@dataclass(frozen=True)
class Stages:
    """The named stages; ``values``, ``scored`` and ``nodes`` are wide (one row per
    entity-year, a column per indicator part or node), their long views are methods."""

    wide: ir.Table
    values: ir.Table
    scored: ir.Table
    nodes: ir.Table | None
    totals: ir.Table | None
    requirements: ir.Table | None
    placed: list[plan.Placed]
    node_meta: pd.DataFrame
    comprehensive: ir.Table | None = None  # totals after on-site adjustments (T/JDFA01 6.11 c)
    shares: segments.Shares | None = None  # weights that differ by segment
    peers: ir.Table | None = None  # the peer table scored against (``peer.peer_table``)

    def indicator_rows(self) -> ir.Table:
        """One row per entity, year and indicator (``long.indicator_rows``)."""
        return long.indicator_rows(self.scored, self.placed, self.shares)

    def node_rows(self) -> ir.Table | None:
        """One row per entity, year and node, or None where the framework has no total."""
        if self.nodes is None:
            return None
        return long.node_rows(self.nodes, self.node_meta, self.shares)


@dataclass(frozen=True)
class Valued:
    """Stages 1–2: the conformed input and the indicator values of every entity-year, with
    what the scoring stages need to know about the framework's segments."""

    table: ir.Table
    values: ir.Table
    shares: segments.Shares | None
    keep: tuple[str, ...]


def value(
    data: ir.Table,
    fw: Framework,
    catalogue: dict[str, FieldDef],
    *,
    years: list[int] | None = None,
    size_classes: SizeClassification | None = None,
) -> Valued:
    """Conform ``data`` (wide, one row per entity-year) and compute every indicator's value.

    Values depend on the entity-year's own row and its earlier years only (``field[-k]``),
    never on other entities — which is what lets ``incremental`` recompute them for the
    entities that changed alone.
    """
    own = {f.id: f for f in fw.fields}
    fields = {fid: {**catalogue, **own}[fid] for fid in sorted(referenced_fields(fw))}
    inds = [p.indicator for p in plan.placed_indicators(fw)]
    attributes = entity_columns(fw.segments) if fw.segments else []
    table = wide.conform(data, fields, [i.id for i in inds], attributes)
    if years and fw.entity_kind == "park":  # every requested year of a park, data or not
        table = wide.with_every_year(table, years)
    table = wide.add_lags(table, wide.lags_needed(fw))
    if years:
        table = table.filter(table.year.isin(years))
    shares: segments.Shares | None = None
    keep: tuple[str, ...] = COUNTS
    if fw.segments is not None:  # the segment of every row, its weights and peer key
        table = segments.assign(table, fw.segments, size_classes)
        shares, keep = segments.varying_shares(fw), (*COUNTS, segments.SEGMENT)
    return Valued(table, indicators.indicator_values(inds, table, fields), shares, keep)


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
    size_classes: SizeClassification | None = None,
    small_peers: SmallPeers | None = None,
    reference: ir.Table | None = None,
    benchmarks: ir.Table | None = None,
) -> Stages:
    """Plan the whole assessment of ``data`` (wide, one row per entity-year) under ``fw``.

    ``materialise`` (given by the caller, which owns the backend) may store the indicator
    values and the scored rows, so that later stages read them instead of re-running the plan.
    ``size_classes`` is the national size classification, needed when a segment model of
    ``fw`` derives the size class (``segments.assign``). ``small_peers`` overrides the
    framework's choice when even the widest peer group is too small; ``reference`` is a
    reference peer table (``peer_reference.statistics``) to score against instead of the
    groups the rows form; ``benchmarks``: 6.9 c scores against a standard's levels
    (``engine.benchmark``).
    """
    valued = value(data, fw, catalogue, years=years, size_classes=size_classes)
    values = valued.values
    if materialise is not None:  # peer scoring reads it several times; Spark would inline each
        values = materialise(values)
    return score(
        valued, values, fw, missing=missing, targets=targets, materialise=materialise,
        adjustments=adjustments, small_peers=small_peers, reference=reference,
        benchmarks=benchmarks,
    )  # fmt: skip


def score(
    valued: Valued,
    values: ir.Table,
    fw: Framework,
    *,
    missing: MissingRule | None = None,
    targets: ir.Table | None = None,
    materialise: Callable[[ir.Table], ir.Table] | None = None,
    adjustments: ir.Table | None = None,
    peers: ir.Table | None = None,
    small_peers: SmallPeers | None = None,
    reference: ir.Table | None = None,
    benchmarks: ir.Table | None = None,
) -> Stages:
    """Stages 3–6 over ``values`` (``valued.values`` or rows of it): peer scores, progress,
    the rules of 6.9, on-site adjustments, node scores and totals.

    ``peers``: a peer table (``peer.peer_table``) to score against instead of the groups the
    rows of ``values`` form themselves — an incremental re-rating scores some rows against
    the statistics of all; ``reference``: a reference peer table (``peer_reference``) whose
    groups and statistics stand in for the rows' own.
    """
    placed = plan.placed_indicators(fw)
    inds = [p.indicator for p in placed]
    scored = values
    small = None
    if fw.peer is not None and peer.peer_indicators(inds):
        if peers is None and reference is not None:
            peers = peer_reference.peer_table(values, reference, inds, fw.peer)
        small = peers if peers is not None else peer.peer_table(values, inds, fw.peer, materialise)
        scored = peer.score_against(scored, small, inds, fw.peer)
    scored = progress.add_progress(scored, inds, targets)
    if benchmarks is not None:
        scored = benchmark.join_benchmarks(scored, inds, benchmarks)
    scored = rules.apply_rules(scored, inds, fw.rules, missing, fw.peer, small_peers)
    if adjustments is not None:
        scored = adjust.apply_adjustments(scored, inds, adjustments)
    scored = _counts(scored, inds)
    if materialise is not None:
        scored = materialise(scored)

    keep, shares = valued.keep, valued.shares
    meta = plan.node_meta(fw)
    nodes = totals = comprehensive = None
    if fw.aggregation.method == "weighted_sum":
        nodes = aggregate.node_scores(scored, placed, meta, keep=keep, shares=shares)
        totals = aggregate.totals(nodes, fw.grades)
        if adjustments is not None:
            on_site = aggregate.node_scores(
                scored, placed, meta, part="comprehensive_score", keep=keep[len(COUNTS) :],
                shares=shares,
            )  # fmt: skip
            comprehensive = aggregate.totals(on_site, fw.grades).drop(*keep[len(COUNTS) :])
    return Stages(
        valued.table, values, scored, nodes, totals, _requirements(valued.table, fw), placed,
        meta, comprehensive, shares, small,
    )  # fmt: skip


COUNTS = ("peer_fallbacks", "missing_indicators", "fallback_list", "missing_list")
LIST_SEP = ";"  # between the items of fallback_list and missing_list


def _counts(scored: ir.Table, inds: list[Indicator]) -> ir.Table:
    """Per entity-year: the indicators whose peer group fell back to a wider industry (count,
    and “indicator@group used” items) and those without a value (missing or not computable:
    count and ids), so that a batch summary needs no long rows."""
    fell = {
        i.id: scored[c].fill_null(False)
        for i in inds
        if (c := plan.col(i.id, "peer_fallback")) in scored.columns
    }
    unavailable = {i.id: indicators.unavailable(scored, i.id) for i in inds}
    group = {i: scored[plan.col(i, "peer_group")].cast("string") for i in fell}
    return scored.mutate(
        peer_fallbacks=_sum([f.cast("int64") for f in fell.values()]),
        missing_indicators=_sum([u.cast("int64") for u in unavailable.values()]),
        fallback_list=_items({i: ibis.literal(f"{i}@") + group[i] for i in fell}, fell),
        missing_list=_items({i: ibis.literal(i) for i in unavailable}, unavailable),
    )


def _items(text: dict[str, ir.StringValue], when: dict[str, ir.BooleanValue]) -> ir.StringValue:
    """The texts whose condition holds, joined by LIST_SEP ('' when none)."""
    if not text:
        return ibis.literal("")
    parts = [ibis.ifelse(when[k], t, ibis.null("string")) for k, t in text.items()]
    return ibis.literal(LIST_SEP).join(parts).fill_null("")


def _sum(terms: list[ir.IntegerValue]) -> ir.IntegerValue:
    zero = ibis.literal(0, type="int64")
    return reduce_balanced(terms, lambda a, b: a + b) if terms else zero


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
