"""Stage 3: peer-group scores (T/JDFA01 6.8 b) — tiered ranking, normal fit, Poisson fit.

The peer group of an indicator value is its industry (GB/T 4754 code prefix) in the same year.
A group with fewer than ``min_size`` values falls back to the next wider prefix, and the
result says which group was used. Under a segment model that splits the peers
(``segments.py``), the groups are keyed by (year, peer key, industry prefix) and named
“大|C2614”; the fallback widens the prefix within the key. Every statistic is an aggregation
per (year, peer group) joined back to the rows — no window, no sort of the rows — so one plan
serves one enterprise or ten million.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from parkesg.engine.balanced import reduce_balanced
from parkesg.engine.pivot import max_where
from parkesg.engine.plan import col
from parkesg.frameworks.schema import Direction, Indicator, Method, Peer

NULL_NUM = ibis.literal(None, type="float64")

TINY_SPREAD = 1e-150  # a σ below this counts as no spread (its square underflows)
POISSON_TERMS = 100  # counts above this are scored as if they were this high


def normal_cdf(z: ir.FloatingValue) -> ir.FloatingValue:
    """Φ(z) to double precision with arithmetic and exp only (Hart 1968, as given by West 2005),
    so it runs on any backend, none of which offers erf."""
    x = z.abs()
    e = (-(x * x) / 2.0).exp()
    num = 3.52624965998911e-02
    for c in (0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871,
              221.213596169931, 220.206867912376):  # fmt: skip
        num = num * x + c
    den = 8.83883476483184e-02
    for c in (1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674,
              637.333633378831, 793.826512519948, 440.413735824752):  # fmt: skip
        den = den * x + c
    frac = x + 0.65
    for c in (4.0, 3.0, 2.0, 1.0):
        frac = x + c / frac
    tail = ibis.cases(
        (x > 37.0, ibis.literal(0.0)),
        (x < 7.07106781186547, e * num / den),
        else_=e / frac / 2.506628274631,
    )
    return ibis.ifelse(z > 0, 1.0 - tail, tail)


def poisson_log_rate(lam: ir.FloatingValue) -> ir.FloatingValue:
    """ln λ (ln 1 for λ = 0, whose terms ``poisson_cdf_table`` does not read)."""
    return ibis.ifelse(lam > 0, lam, 1.0).ln()


def poisson_cdf_table(groups: ir.Table) -> ir.Table:
    """(``_cy`` year, ``_cg`` group, ``_lam`` λ) → (``_cy``, ``_cg``, ``_ck`` k, ``_cv``
    P(X ≤ k)) for k = −1 … POISSON_TERMS − 1 and X ~ Poisson(λ).

    A small table (a hundred rows per peer group), so that the rows look their probability
    up by a join on their own count instead of each carrying the group's terms (a list of a
    hundred numbers per row and indicator, whose copying cost more than all the scoring).
    Terms in log space, so a large λ neither overflows nor underflows; λ = 0 means every
    peer had no count, and P(X ≤ k) = 1 for any k ≥ 0.
    """
    ks = list(range(-1, POISSON_TERMS))  # literals, not a memtable: stored SQL must run alone
    log_factorial = ibis.literal([math.lgamma(k + 1) for k in range(POISSON_TERMS)])
    grid = groups.mutate(_ck=ibis.literal(ks, type="array<int64>").unnest())
    grid = grid.mutate(
        _ll=poisson_log_rate(grid._lam), _lg=log_factorial[ibis.greatest(grid._ck, 0)]
    )
    pmf = ibis.ifelse(grid._ck < 0, 0.0, (grid._ck * grid._ll - grid._lam - grid._lg).exp())
    grid = grid.mutate(_pmf=pmf)
    total = grid._pmf.sum().over(ibis.cumulative_window(group_by=["_cy", "_cg"], order_by="_ck"))
    cdf = ibis.ifelse(grid._lam > 0, ibis.least(total, 1.0), 1.0)
    return grid.select("_cy", "_cg", "_ck", _cv=cdf.cast("float64"))


def poisson_key(count: ir.NumericValue) -> ir.IntegerValue:
    """The row of ``poisson_cdf_table`` that gives P(X ≤ count): counts above the last term
    read the last one, negative ones read k = −1 (probability 0)."""
    return ibis.greatest(ibis.least(count, POISSON_TERMS - 1), -1).cast("int64")


PEER_METHODS = ("peer_percentile", "peer_normal", "peer_poisson")
KEYS = ["year", "industry"]
PEER_KEY = "peer_key"  # a segment model's split of the peers (engine/segments.py)


def _keys(t: ir.Table) -> list[str]:
    """(year, industry), and the segment's peer key when a segment model splits the peers."""
    return [*KEYS, PEER_KEY] if PEER_KEY in t.columns else list(KEYS)


def _group_label(t: ir.Table, prefix: ir.StringValue) -> ir.StringValue:
    """The name of a peer group: the industry prefix, after the peer key when there is one
    (“大|C2614”), so groups of different keys never merge."""
    if PEER_KEY not in t.columns:
        return prefix
    key = t[PEER_KEY]
    return ibis.ifelse(key == "", prefix, key.concat("|", prefix))


def peer_groups(t: ir.Table, inds: list[Indicator], peer: Peer) -> ir.Table:
    """(year, industry) → for each indicator the narrowest peer group with ≥ ``min_size``
    values, and whether that is a fallback from the narrowest level.

    Counted on a small table (one row per year and industry) and joined back: the sizes of
    every prefix level cost one aggregation, not a window over every row.
    """
    keys = _keys(t)
    counts = t.group_by(keys).aggregate(
        **{f"_n{k}": t[col(i.id, "value")].count() for k, i in enumerate(inds)}
    )
    levels = list(peer.levels)
    keyed = counts.mutate(
        **{
            f"_k{lv}": _group_label(counts, counts.industry.substr(0, n))
            for lv, n in enumerate(levels)
        }
    )
    for lv in range(len(levels) - 1):  # the widest level is the fallback of last resort
        key = f"_k{lv}"
        sizes = keyed.group_by(["year", key]).aggregate(
            **{f"_n{k}_{lv}": keyed[f"_n{k}"].sum() for k in range(len(inds))}
        )
        keyed = keyed.join(sizes, ["year", key])
    groups: dict[str, ir.Value] = {}
    for k, ind in enumerate(inds):
        choice = ibis.cases(
            *[(keyed[f"_n{k}_{lv}"] >= peer.min_size, keyed[f"_k{lv}"])
              for lv in range(len(levels) - 1)],
            else_=keyed[f"_k{len(levels) - 1}"],
        )  # fmt: skip
        groups[col(ind.id, "peer_group")] = choice
        groups[col(ind.id, "peer_fallback")] = choice != keyed._k0
    return keyed.select(*keys, **groups)


def _better(higher: bool, x: ir.FloatingValue, cut: ir.FloatingValue) -> ir.BooleanValue:
    """x is at least as good as ``cut``: no better value separates them."""
    return x >= cut if higher else x <= cut


def _cut(ind: Indicator, j: int) -> str:
    return f"{ind.id}__cut{j}"


def _tier_cutoffs(rows: ir.Table, ind: Indicator, peer: Peer) -> ir.Table:
    """Tiered ranking (分档排序法): p = (rank − 1)/(n − 1) with rank 1 the best, ties sharing
    the best rank; the score is that of the first tier whose bound p does not exceed.

    No sort of the rows: p ≤ b holds exactly when at most k_b values are strictly better,
    k_b being the largest r with r/(n − 1) ≤ b; that is, when the value is at least as good
    as the (k_b + 1)-th best of its group. So each group's sorted values give one cut-off per
    tier — (year, peer group) → cut-offs — and scoring is a comparison (``_tier_score``).
    """
    value, group = rows[col(ind.id, "value")], rows[col(ind.id, "peer_group")]
    present = rows.filter(value.notnull())
    stats = present.group_by(_y=present.year, _g=group).aggregate(
        _sorted=value.collect().sort(), _n=value.count()
    )
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


def _moments(rows: ir.Table, ind: Indicator) -> ir.Table:
    """(year, peer group) → the group's mean and sample σ, for the normal and Poisson fits."""
    value, group = rows[col(ind.id, "value")], rows[col(ind.id, "peer_group")]
    return rows.group_by(_y=rows.year, _g=group).aggregate(
        _s0=value.mean(), _s1=value.std(how="sample")
    )


def stat_names(ind: Indicator, peer: Peer) -> list[str]:
    if ind.method == Method.peer_percentile:
        return [_cut(ind, j) for j in range(len(peer.tiers) - 1)]
    return [f"{ind.id}__mu", f"{ind.id}__sd"]


def _statistics(rows: ir.Table, groups: ir.Table, inds: list[Indicator], peer: Peer) -> ir.Table:
    """(year, industry) → every indicator's peer-group statistics, as one small table.

    Each indicator's statistics (by year and its own peer group) are brought to the
    industries of that group, stacked, and turned side by side in one aggregation — no chain
    of joins, which would make the plan grow with every indicator.
    """
    width = max(len(peer.tiers) - 1, 2)
    split = PEER_KEY in groups.columns
    parts = []
    for ind in inds:
        percentile = ind.method == Method.peer_percentile
        stats = _tier_cutoffs(rows, ind, peer) if percentile else _moments(rows, ind)
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
        keys[f"_pk{j}"] = poisson_key(count if ind.direction == Direction.higher else count - 1)
    joined = rows = rows.mutate(**keys)
    helpers = list(keys)
    for j, ind in enumerate(inds):
        group = small[col(ind.id, "peer_group")]
        lam = small[f"{ind.id}__mu"]
        cdf = poisson_cdf_table(small.select(_cy=small._sy, _cg=group, _lam=lam).distinct())
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
    """(year, industry[, peer key]) → every peer indicator's group, fallback flag and group
    statistics: one small table, keyed ``_sy``, ``_si`` (``_sk``) so that it joins back to the
    rows it descends from without Ibis reading ``t.year == t.year``.

    Only rows whose value counts are read: a value set to null (``incremental.mask``) is not in
    its group's statistics, though it still counts toward the group's size when the caller
    passes the sizes in ``t`` unmasked — see ``incremental``.
    """
    inds = peer_indicators(indicators)
    keys = _keys(t)
    narrow = t.select(*keys, *[col(i.id, "value") for i in inds])  # what the statistics read
    # stored when the caller can: Spark re-plans a view at every use, and 25 statistics each
    # re-planning the groups would hold hundreds of broadcast tables at once
    store = materialise or (lambda table: table)
    groups = store(peer_groups(narrow, inds, peer))
    return with_statistics(groups, store(narrow.join(groups, keys)), inds, peer, store)


def with_statistics(
    groups: ir.Table,
    rows: ir.Table,
    inds: list[Indicator],
    peer: Peer,
    store: Callable[[ir.Table], ir.Table] = lambda table: table,
) -> ir.Table:
    """The peer table: ``groups`` (from ``peer_groups``) beside the statistics of ``rows``
    (the values joined to their groups)."""
    stats = store(_statistics(rows, groups, inds, peer))
    renamed = {s: k for s, k in RENAMED.items() if k in groups.columns}
    small = groups.view()
    small = small.left_join(stats, [small[k] == stats[s] for s, k in renamed.items()])
    return small.drop(*renamed).rename(**renamed)


def peer_indicators(indicators: list[Indicator]) -> list[Indicator]:
    return [i for i in indicators if i.method.value in PEER_METHODS]


def score_against(
    t: ir.Table, small: ir.Table, indicators: list[Indicator], peer: Peer
) -> ir.Table:
    """Add ``peer_score``, ``peer_group`` and ``peer_fallback`` columns for every peer
    indicator, the groups and statistics read from the peer table ``small``.

    The statistics of every indicator's peer groups make one small table joined to the rows
    once: the large table meets one join however many indicators.
    """
    inds = peer_indicators(indicators)
    renamed = {s: k for s, k in RENAMED.items() if s in small.columns}
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
