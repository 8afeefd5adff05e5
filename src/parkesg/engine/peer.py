"""Stage 3: peer-group scores (T/JDFA01 6.8 b) — tiered ranking, normal fit, Poisson fit.

The groups (``peer_groups.py``) hold every entity of the year at a level's industry prefix;
the statistics of a group read each of its members' values, whichever level the member itself
is scored at. Every statistic is an aggregation per (year, group) joined back to the rows — no
window, no sort of the rows — so one plan serves one enterprise or ten million. A reference
peer table (``peer_reference.py``) can stand in for the groups the rows form themselves.
"""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from parkesg.engine.balanced import reduce_balanced
from parkesg.engine.peer_fit import normal_cdf, poisson_cdf_table, poisson_key
from parkesg.engine.peer_groups import (
    GROUP_PARTS,
    PEER_KEY,
    cells,
    keys_of,
    members,
    peer_groups,
    rolled_moments,
)
from parkesg.engine.pivot import max_where
from parkesg.engine.plan import col
from parkesg.frameworks.schema import Direction, Indicator, Method, Peer

__all__ = ["PEER_KEY", "normal_cdf", "peer_groups"]  # read here by other stages

NULL_NUM = ibis.literal(None, type="float64")

TINY_SPREAD = 1e-150  # a σ below this counts as no spread (its square underflows)


PEER_METHODS = ("peer_percentile", "peer_normal", "peer_poisson")


def _better(higher: bool, x: ir.FloatingValue, cut: ir.FloatingValue) -> ir.BooleanValue:
    """x is at least as good as ``cut``: no better value separates them."""
    return x >= cut if higher else x <= cut


def _cut(ind: Indicator, j: int) -> str:
    return f"{ind.id}__cut{j}"


def _tier_cutoffs(m: ir.Table, ind: Indicator, peer: Peer) -> ir.Table:
    """Tiered ranking (分档排序法): p = (enterprises strictly better) / (n − 1), ties sharing
    the better position; the score is that of the first tier whose bound p does not exceed.

    No sort of the rows: p ≤ b holds exactly when at most k_b values are strictly better,
    k_b being the largest r with r/(n − 1) ≤ b; that is, when the value is at least as good
    as the (k_b + 1)-th best of its group. So each group's sorted values give one cut-off per
    tier — (year, peer group) → cut-offs — and scoring is a comparison (``_tier_score``).
    ``m``: the group members (``peer_groups.members``: ``_y``, ``_g``, ``_v``).
    """
    stats = m.group_by("_y", "_g").aggregate(_sorted=m._v.collect().sort(), _n=m._v.count())
    # one step per column: each expression below names the one before instead of repeating
    # it (repeated, the SQL of fifteen indicators grows to 600 floors and takes long to plan)
    # n = 1: p = 0, the only value is the best
    stats = stats.mutate(_last=stats._n - 1, _steps=ibis.greatest(stats._n - 1, 1))
    bounds = [bound for bound, _score in peer.tiers[:-1]]
    stats = stats.mutate(
        **{f"_f{j}": (stats._steps * b).floor().cast("int64") for j, b in enumerate(bounds)}
    )
    higher = ind.direction == Direction.higher
    positions: dict[str, ir.Value] = {}  # of each cut-off in the ascending sorted values
    for j, b in enumerate(bounds):
        k, steps = stats[f"_f{j}"], stats._steps
        # float rounding: bound × (n − 1) may land just below or above an integer
        k = ibis.cases(((k + 1) / steps <= b, k + 1), (k / steps > b, k - 1), else_=k)
        k = ibis.least(ibis.greatest(k, 0), stats._last)
        positions[f"_p{j}"] = (stats._last - k if higher else k).cast("int32")  # Spark: 32-bit
    stats = stats.mutate(**positions)
    cuts = {f"_s{j}": stats._sorted[stats[f"_p{j}"]] for j in range(len(bounds))}
    return stats.select("_y", "_g", **cuts)


def _tier_score(t: ir.Table, ind: Indicator, peer: Peer) -> ir.FloatingValue:
    value, higher = t[col(ind.id, "value")], ind.direction == Direction.higher
    last = ibis.literal(float(peer.tiers[-1][1]))
    tiers = [
        (_better(higher, value, t[_cut(ind, j)]), ibis.literal(float(score)))
        for j, (_bound, score) in enumerate(peer.tiers[:-1])
    ]
    tier = ibis.cases(*tiers, else_=last) if tiers else last
    return ibis.ifelse(value.isnull(), NULL_NUM, tier)


def _moments(m: ir.Table) -> ir.Table:
    """(year, peer group) → the group's mean and sample σ, for the normal and Poisson fits."""
    return m.group_by("_y", "_g").aggregate(_s0=m._v.mean(), _s1=m._v.std(how="sample"))


def stat_names(ind: Indicator, peer: Peer) -> list[str]:
    if ind.method == Method.peer_percentile:
        return [_cut(ind, j) for j in range(len(peer.tiers) - 1)]
    return [f"{ind.id}__mu", f"{ind.id}__sd"]


def group_statistics(m: ir.Table, ind: Indicator, peer: Peer) -> ir.Table:
    """(``_y``, ``_g``) → the indicator's statistics ``_s0`` … of each group in ``m``."""
    return _tier_cutoffs(m, ind, peer) if ind.method == Method.peer_percentile else _moments(m)


def _statistics(
    rows: ir.Table,
    groups: ir.Table,
    inds: list[Indicator],
    peer: Peer,
    wanted: ir.Table | None = None,
) -> ir.Table:
    """(year, industry[, peer key]) → every indicator's peer-group statistics, as one small
    table; ``wanted`` (``_dy`` year, ``_di`` indicator, ``_dg`` group) limits them to some
    groups (an incremental update's dirty ones).

    Each indicator's statistics (by year and group, over the group's members) are brought to
    the industries that use the group, stacked, and turned side by side in one aggregation —
    no chain of joins, which would make the plan grow with every indicator.
    """
    width = max(len(peer.tiers) - 1, 2)
    split = PEER_KEY in groups.columns
    fitted = [col(i.id, "value") for i in inds if i.method != Method.peer_percentile]
    per_industry = cells(rows, fitted) if fitted else None  # the fits need no second pass
    parts = []
    for ind in inds:
        used = groups.view()
        used = used.select(_wy=used.year, _wg=used[col(ind.id, "peer_group")]).distinct()
        if wanted is not None:
            mine = wanted.filter(wanted._di == ind.id)
            used = used.semi_join(mine, [used._wy == mine._dy, used._wg == mine._dg])
        value = col(ind.id, "value")
        if ind.method == Method.peer_percentile:
            stats = _tier_cutoffs(members(rows, value, peer, used), ind, peer)
        else:
            assert per_industry is not None
            stats = rolled_moments(per_industry, value, peer, used)
        pad = {f"_s{j}": NULL_NUM for j in range(len(stats.columns) - 2, width)}
        stats = stats.mutate(**pad)
        mine = groups.view()  # a fresh identity: ``stats`` descends from ``groups`` too
        key = {"_gk": mine[PEER_KEY]} if split else {}
        mine = mine.select(
            _gy=mine.year, _gi=mine.industry, **key, _gg=mine[col(ind.id, "peer_group")]
        )
        both = mine.join(stats, [mine._gy == stats._y, mine._gg == stats._g])
        parts.append(
            both.select(
                _gy=both._gy,
                _gi=both._gi,
                **({"_gk": both._gk} if split else {}),
                _which=ibis.literal(ind.id),
                **{f"_s{j}": both[f"_s{j}"].cast("float64") for j in range(width)},
            )  # fmt: skip
        )
    stacked = reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))
    by = {"_sy": stacked._gy, "_si": stacked._gi} | ({"_sk": stacked._gk} if split else {})
    return stacked.group_by(**by).aggregate(
        **{
            name: max_where(stacked[f"_s{j}"], stacked._which == ind.id)
            for ind in inds
            for j, name in enumerate(stat_names(ind, peer))
        }
    )


def _flat(sd: ir.FloatingValue) -> ir.BooleanValue:
    """No spread: σ = 0, or so small (values 1e-313 apart) that σ² underflows and backends
    disagree whether it is 0."""
    return sd.isnull() | (sd < TINY_SPREAD)


def _standardised(t: ir.Table, ind: Indicator) -> ir.FloatingValue:
    """z = (x − μ)/σ, turned so that a larger z is better; null without spread (never a
    division by zero, which Spark's ANSI mode refuses)."""
    x, mu, sd = t[col(ind.id, "value")], t[f"{ind.id}__mu"], t[f"{ind.id}__sd"]
    z = ((x - mu) if ind.direction == Direction.higher else (mu - x)) / sd
    return ibis.ifelse(_flat(sd), NULL_NUM, z)


def _fitted_score(t: ir.Table, ind: Indicator) -> ir.FloatingValue:
    x, sd = t[col(ind.id, "value")], t[f"{ind.id}__sd"]
    higher = ind.direction == Direction.higher
    if ind.method == Method.peer_normal:
        z = t[f"{ind.id}__z"]  # ``_standardised``
        score = ibis.ifelse(_flat(sd), 50.0, 100.0 * normal_cdf(z))
    else:  # P(X ≤ x) for more is better, P(X ≥ x) = 1 − P(X ≤ x − 1) for fewer is better
        cdf = t[f"{ind.id}__cdf"]
        score = 100.0 * (cdf if higher else 1.0 - ibis.ifelse(x.round(0) <= 0, 0.0, cdf))
    return ibis.ifelse(x.notnull(), score, NULL_NUM).cast("float64")


def _with_poisson_cdf(rows: ir.Table, small: ir.Table, inds: list[Indicator]) -> ir.Table:
    """``rows`` with ``{id}__cdf`` for each Poisson-fitted indicator: P(X ≤ x) of the row's
    count x under its group's λ (more is better), or P(X ≤ x − 1) (fewer is better,
    ``_fitted_score``); NULL without a value. One chain of joins, so the SQL lists the wide
    row's columns once rather than once per indicator."""
    if not inds:
        return rows
    keys = {}
    for j, ind in enumerate(inds):
        count = rows[col(ind.id, "value")].round(0)
        count = count if ind.direction == Direction.higher else count - 1
        keys[f"_pk{j}"] = poisson_key(count, rows[f"{ind.id}__mu"])
    joined = rows = rows.mutate(**keys)
    helpers = list(keys)
    for j, ind in enumerate(inds):
        group = small[col(ind.id, "peer_group")]
        lam = small[f"{ind.id}__mu"]
        lams = small.select(_cy=small._sy, _cg=group, _lam=lam).distinct()
        cdf = poisson_cdf_table(lams.filter(lams._lam.notnull()))
        named = {f"_cy{j}": "_cy", f"_cg{j}": "_cg", f"_ck{j}": "_ck"}
        cdf = cdf.select(**{n: cdf[c] for n, c in named.items()}, **{f"{ind.id}__cdf": cdf._cv})
        joined = joined.left_join(
            cdf,
            [rows.year == cdf[f"_cy{j}"], rows[col(ind.id, "peer_group")] == cdf[f"_cg{j}"],
             rows[f"_pk{j}"] == cdf[f"_ck{j}"]],
        )  # fmt: skip
        helpers += list(named)
    return joined.drop(*helpers)


RENAMED = {"_sy": "year", "_si": "industry", "_sk": PEER_KEY}  # the peer table's keys


def peer_table(
    t: ir.Table,
    indicators: list[Indicator],
    peer: Peer,
    materialise: Callable[[ir.Table], ir.Table] | None = None,
) -> ir.Table:
    """(year, industry[, peer key]) → every peer indicator's group (label, level, size,
    fallback) and group statistics: one small table, keyed ``_sy``, ``_si`` (``_sk``) so that
    it joins back to the rows it descends from without Ibis reading ``t.year == t.year``."""
    inds = peer_indicators(indicators)
    narrow = t.select(*keys_of(t), *[col(i.id, "value") for i in inds])  # what groups read
    # stored when the caller can: Spark re-plans a view at every use, and 25 statistics each
    # re-planning the groups would hold hundreds of broadcast tables at once
    store = materialise or (lambda table: table)
    groups = store(peer_groups(narrow, inds, peer))
    return with_statistics(groups, store(narrow), inds, peer, store)


def with_statistics(
    groups: ir.Table,
    rows: ir.Table,
    inds: list[Indicator],
    peer: Peer,
    store: Callable[[ir.Table], ir.Table] = lambda table: table,
    wanted: ir.Table | None = None,
) -> ir.Table:
    """The peer table: ``groups`` (from ``peer_groups``) beside the statistics of their
    members among ``rows`` (year, industry[, peer key] and the values); ``wanted`` limits the
    statistics to some groups (``_statistics``)."""
    stats = store(_statistics(rows, groups, inds, peer, wanted))
    renamed = {s: k for s, k in RENAMED.items() if k in groups.columns}
    small = groups.view()
    small = small.left_join(stats, [small[k] == stats[s] for s, k in renamed.items()])
    return small.drop(*renamed).rename(**renamed)


def peer_indicators(indicators: list[Indicator]) -> list[Indicator]:
    return [i for i in indicators if i.method.value in PEER_METHODS]


def score_against(
    t: ir.Table, small: ir.Table, indicators: list[Indicator], peer: Peer
) -> ir.Table:
    """Add ``peer_score`` and the group parts (``peer_groups.GROUP_PARTS``) for every peer
    indicator, the groups and statistics read from the peer table ``small``.

    The statistics of every indicator's peer groups make one small table joined to the rows
    once: the large table meets one join however many indicators.
    """
    inds = peer_indicators(indicators)
    renamed = {s: k for s, k in RENAMED.items() if s in small.columns}
    wanted = [*renamed, *[col(i.id, p) for i in inds for p in GROUP_PARTS]]
    wanted += [name for i in inds for name in stat_names(i, peer)]
    small = small.select(*wanted)
    out = t.join(small, [t[k] == small[s] for s, k in renamed.items()]).drop(*renamed)
    poisson = [i for i in inds if i.method == Method.peer_poisson]
    out = _with_poisson_cdf(out, small, poisson)  # P(X ≤ k) by (year, group, k)
    # each column once, then named: Φ(z) reads z some twenty times (``normal_cdf``)
    normal = [i for i in inds if i.method == Method.peer_normal]
    out = out.mutate(**{f"{i.id}__z": _standardised(out, i) for i in normal})
    scores = {
        col(ind.id, "peer_score"): (
            _tier_score(out, ind, peer)
            if ind.method == Method.peer_percentile
            else _fitted_score(out, ind)
        ).cast("float64")
        for ind in inds
    }
    helpers = [name for i in inds for name in stat_names(i, peer)]
    helpers += [f"{i.id}__cdf" for i in poisson]
    helpers += [f"{i.id}__z" for i in normal]
    return out.mutate(**scores).drop(*helpers)


def peer_scores(
    t: ir.Table,
    indicators: list[Indicator],
    peer: Peer,
    materialise: Callable[[ir.Table], ir.Table] | None = None,
) -> ir.Table:
    """The rows of ``t`` scored against the peer groups they form (``peer_table`` then
    ``score_against``); ``t`` unchanged when no indicator is scored against peers."""
    if not peer_indicators(indicators):
        return t
    return score_against(t, peer_table(t, indicators, peer, materialise), indicators, peer)
