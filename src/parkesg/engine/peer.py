"""Stage 3: peer-group scores (T/JDFA01 6.8 b) — tiered ranking, normal fit, Poisson fit.

The peer group of an indicator value is its industry (GB/T 4754 code prefix) in the same year.
A group with fewer than ``min_size`` values falls back to the next wider prefix, and the
result says which group was used. All statistics are window functions over
``(indicator, year, peer key)``, so one plan serves one enterprise or ten million.
"""

from __future__ import annotations

import math

import ibis
import ibis.expr.types as ir

from parkesg.engine.balanced import reduce_balanced
from parkesg.frameworks.schema import Peer

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


def poisson_cdf(x: ir.NumericValue, lam: ir.FloatingValue) -> ir.FloatingValue:
    """P(X ≤ x) for X ~ Poisson(λ), summed in log space up to ``POISSON_TERMS`` terms."""
    log_lam = ibis.ifelse(lam > 0, lam, 1.0).ln()
    terms = [
        ibis.ifelse(x >= k, (k * log_lam - lam - math.lgamma(k + 1)).exp(), 0.0)
        for k in range(POISSON_TERMS)
    ]
    total = reduce_balanced(terms, lambda a, b: a + b)
    # λ = 0: every peer has a zero count, so P(X ≤ x) = 1 for any x ≥ 0
    return ibis.ifelse(lam > 0, ibis.least(total, 1.0), 1.0)


PEER_METHODS = ("peer_percentile", "peer_normal", "peer_poisson")
GROUP_KEYS = ["indicator_id", "year", "industry"]


def peer_groups(rows: ir.Table, peer: Peer) -> ir.Table:
    """(indicator, year, industry) → the narrowest peer group with ≥ ``min_size`` values.

    Counted on a small table (one row per indicator, year and industry), then joined back:
    the sizes of every prefix level cost one aggregation, not a window over every row.
    """
    counts = rows.group_by(GROUP_KEYS).aggregate(_n=rows.value.count())
    levels = list(peer.levels)
    keyed = counts.mutate(
        **{f"_k{i}": counts.industry.substr(0, lvl) for i, lvl in enumerate(levels)}
    )
    for i in range(len(levels)):
        key = f"_k{i}"
        sizes = keyed.group_by(["indicator_id", "year", key]).aggregate(
            **{f"_n{i}": keyed._n.sum()}
        )
        keyed = keyed.join(sizes, ["indicator_id", "year", key])
    last = f"_k{len(levels) - 1}"
    choice = ibis.cases(
        *[(keyed[f"_n{i}"] >= peer.min_size, keyed[f"_k{i}"]) for i in range(len(levels) - 1)],
        else_=keyed[last],
    )
    return keyed.select(*GROUP_KEYS, peer_group=choice, peer_fallback=choice != keyed._k0)


def _tier_scores(rows: ir.Table, peer: Peer) -> ir.Table:
    """Tiered ranking (分档排序法): rank 1 = best, p = (rank − 1)/(n − 1), score of its tier."""
    has = rows.value.notnull()
    best_first = ibis.ifelse(rows.direction == "higher", -rows.value, rows.value)
    part = [rows.indicator_id, rows.year, rows.peer_group, has]
    p = ibis.percent_rank().over(ibis.window(group_by=part, order_by=best_first))
    rows = rows.mutate(_p=p)
    tiers = [(rows._p <= bound, ibis.literal(float(score))) for bound, score in peer.tiers]
    tier = ibis.cases(*tiers, else_=ibis.literal(float(peer.tiers[-1][1])))
    return rows.mutate(peer_score=ibis.ifelse(has, tier, ibis.null()).cast("float64")).drop("_p")


def _fitted_scores(rows: ir.Table) -> ir.Table:
    """Normal fit and Poisson fit: the peer group's mean and σ come from one aggregation of
    a small table, joined back — no window over the rows."""
    keys = ["indicator_id", "year", "peer_group"]
    stats = rows.group_by(keys).aggregate(_mu=rows.value.mean(), _sd=rows.value.std(how="sample"))
    rows = rows.join(stats, keys, how="left")
    higher = rows.direction == "higher"
    z = ibis.ifelse(higher, rows.value - rows._mu, rows._mu - rows.value) / rows._sd
    normal = ibis.ifelse(rows._sd.isnull() | (rows._sd == 0), 50.0, 100.0 * normal_cdf(z))
    x = rows.value.round(0)
    poisson = ibis.ifelse(
        higher,
        100.0 * poisson_cdf(x, rows._mu),
        100.0 * (1.0 - ibis.ifelse(x <= 0, 0.0, poisson_cdf(x - 1, rows._mu))),
    )
    score = ibis.ifelse(rows.method == "peer_normal", normal, poisson)
    score = ibis.ifelse(rows.value.notnull(), score, ibis.null()).cast("float64")
    return rows.mutate(peer_score=score).drop("_mu", "_sd")


def peer_scores(rows: ir.Table, peer: Peer) -> ir.Table:
    """Add ``peer_score``, ``peer_group`` and ``peer_fallback``; rows of other methods get
    NULL in all three. Only tiered ranking needs a sort (a window); the fits need the peer
    group's mean and σ."""
    is_peer = rows.method.isin(PEER_METHODS)
    others = rows.filter(~is_peer).mutate(
        peer_score=ibis.literal(None, type="float64"),
        peer_group=ibis.literal(None, type="string"),
        peer_fallback=ibis.literal(None, type="boolean"),
    )
    mine = rows.filter(is_peer)
    mine = mine.join(peer_groups(mine, peer), GROUP_KEYS)
    ranked = _tier_scores(mine.filter(mine.method == "peer_percentile"), peer)
    fitted = _fitted_scores(mine.filter(mine.method != "peer_percentile"))
    cols = others.columns
    return reduce_balanced(
        [others, ranked.select(*cols), fitted.select(*cols)],
        lambda a, b: a.union(b, distinct=False),
    )
