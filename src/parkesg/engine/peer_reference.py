"""Reference peer tables: the statistics of every peer group of a full run, kept so that one
enterprise can be scored against the population it belongs to without rating that population
again (T/JDFA01 6.8 b; README “Scoring conventions”).

``statistics`` describes every (year, peer key, level, group) of a run — n, the tiered-ranking
cut-offs, μ and σ (λ = μ) — one row per group and indicator. ``peer_table`` turns such a
reference into the peer table the scoring stage reads (``peer.score_against``): each entity's
group is chosen by the reference's sizes exactly as a run chooses it by its own.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine.balanced import reduce_balanced
from parkesg.engine.peer import RENAMED, group_statistics, peer_indicators, stat_names
from parkesg.engine.peer_groups import PEER_KEY, every_group, keys_of, level_label
from parkesg.engine.pivot import max_where
from parkesg.engine.plan import col
from parkesg.frameworks.schema import Indicator, Method, Peer

# the columns of a reference file (``cut_j`` for tiered ranking, ``mean``/``sd`` for the fits)
KEY_COLUMNS = ("year", "peer_key", "level", "peer_group", "indicator_id", "n")


def stat_columns(peer: Peer) -> list[str]:
    return [f"cut_{j + 1}" for j in range(len(peer.tiers) - 1)] + ["mean", "sd"]


def _named(ind: Indicator, peer: Peer) -> list[str]:
    """The reference columns that hold ``stat_names(ind, peer)``, in the same order."""
    if ind.method == Method.peer_percentile:
        return [f"cut_{j + 1}" for j in range(len(peer.tiers) - 1)]
    return ["mean", "sd"]


def statistics(values: ir.Table, indicators: list[Indicator], peer: Peer) -> ir.Table:
    """(year, peer_key, level, peer_group, indicator_id, n, cut_1 … , mean, sd) for every group
    at every level of ``values`` (the indicator values of a run: ``run.value``)."""
    inds = peer_indicators(indicators)
    keys = keys_of(values)
    rows = values.select(*keys, *[col(i.id, "value") for i in inds])
    names = stat_columns(peer)
    parts = []
    for ind in inds:
        m = every_group(rows, col(ind.id, "value"), peer)
        sizes = m.group_by("_y", "_g").aggregate(_level=m._l.max(), _n=m._v.count())
        stats = group_statistics(m.select("_y", "_g", "_v"), ind, peer)
        both = sizes.join(stats, ["_y", "_g"])
        mine = dict(zip(_named(ind, peer), stat_names(ind, peer), strict=True))
        cells = {
            c: (both[f"_s{list(mine).index(c)}"] if c in mine else ibis.null("float64")).cast(
                "float64"
            )
            for c in names
        }
        parts.append(
            both.select(
                year=both._y,
                peer_key=_key_of(both._g),
                level=both._level.cast("int64"),
                peer_group=both._g,
                indicator_id=ibis.literal(ind.id),
                n=both._n.cast("int64"),
                **cells,
            )
        )
    return reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))


def _key_of(label: ir.StringValue) -> ir.StringValue:
    """The peer key of a group label (“大|C26” → “大”; “C26” → “”)."""
    return ibis.ifelse(label.contains("|"), label.split("|")[0], "")


def peer_table(
    values: ir.Table, reference: ir.Table, indicators: list[Indicator], peer: Peer
) -> ir.Table:
    """The peer table (as ``peer.peer_table`` makes it, keyed ``_sy``, ``_si`` [``_sk``]) of
    the (year, industry[, peer key]) of ``values``, read from ``reference``: per indicator the
    narrowest level whose reference group holds at least ``min_size`` values, else the widest;
    its label, level, size and statistics."""
    inds = peer_indicators(indicators)
    keys = keys_of(values)
    mine = values.select(*keys).distinct()
    names = stat_columns(peer)
    ref = reference.select(
        _ry=reference.year.cast("int64"), _rg=reference.peer_group.cast("string"),
        _ri=reference.indicator_id.cast("string"), _rn=reference.n.cast("int64"),
        **{c: reference[c].cast("float64") for c in names},
    )  # fmt: skip
    levels = list(peer.levels)
    stacked = reduce_balanced(
        [
            mine.mutate(_lv=ibis.literal(j), _lab=level_label(mine, mine.industry, n))
            for j, n in enumerate(levels)
        ],
        lambda a, b: a.union(b, distinct=False),
    )
    hits = stacked.join(ref, [stacked.year == ref._ry, stacked._lab == ref._rg])
    last = len(levels) - 1
    fits = (hits._rn >= peer.min_size) | (hits._lv == last)
    hits = hits.mutate(_rank=ibis.ifelse(fits, hits._lv, last + 1))
    by = [*keys, "_ri"]
    best = hits.group_by(by).aggregate(_best=hits._rank.min())
    chosen = hits.join(best, by).filter(lambda t: t._rank == t._best)
    out = {}
    for ind in inds:
        is_it = chosen._ri == ind.id
        out[col(ind.id, "peer_group")] = max_where(chosen._lab, is_it)
        out[col(ind.id, "peer_n")] = max_where(chosen._rn, is_it)
        out[col(ind.id, "peer_level")] = max_where(_length_of(chosen._lv, levels), is_it).cast(
            "int64"
        )
        out[col(ind.id, "peer_fallback")] = max_where(chosen._lv > 0, is_it)
        for name, column in zip(stat_names(ind, peer), _named(ind, peer), strict=True):
            out[name] = max_where(chosen[column], is_it)
    small = mine.left_join(chosen.group_by(keys).aggregate(**out), keys)
    return _unmatched(small, inds, peer).rename(**{s: k for s, k in RENAMED.items() if k in keys})


def _length_of(index: ir.IntegerValue, levels: list[int]) -> ir.IntegerValue:
    return ibis.cases(*[(index == j, n) for j, n in enumerate(levels)], else_=levels[-1])


def _unmatched(small: ir.Table, inds: list[Indicator], peer: Peer) -> ir.Table:
    """An entity whose groups the reference does not hold (another year, an empty 全部) has no
    basis: n = 0, the widest group's label."""
    fill = {}
    for ind in inds:
        fill[col(ind.id, "peer_n")] = small[col(ind.id, "peer_n")].fill_null(0).cast("int64")
        fill[col(ind.id, "peer_fallback")] = small[col(ind.id, "peer_fallback")].fill_null(True)
        widest = level_label(small, small.industry, peer.levels[-1])
        fill[col(ind.id, "peer_group")] = small[col(ind.id, "peer_group")].fill_null(widest)
        fill[col(ind.id, "peer_level")] = (
            small[col(ind.id, "peer_level")].fill_null(peer.levels[-1]).cast("int64")
        )
    return small.mutate(**fill)


__all__ = ["KEY_COLUMNS", "PEER_KEY", "peer_table", "stat_columns", "statistics"]
