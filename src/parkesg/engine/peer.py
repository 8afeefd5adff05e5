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


def peer_keys(rows: ir.Table, peer: Peer) -> ir.Table:
    """Choose each row's peer group: the narrowest with at least ``min_size`` values."""
    levels = list(peer.levels)
    keys = {f"_k{n}": rows.industry.fill_null("").substr(0, lvl) for n, lvl in enumerate(levels)}
    rows = rows.mutate(**keys)
    counts = {}
    for n in range(len(levels)):
        w = ibis.window(group_by=[rows.indicator_id, rows.year, rows[f"_k{n}"]])
        counts[f"_n{n}"] = rows.value.count().over(w)
    rows = rows.mutate(**counts)
    choice = ibis.cases(
        *[(rows[f"_n{n}"] >= peer.min_size, rows[f"_k{n}"]) for n in range(len(levels) - 1)],
        else_=rows[f"_k{len(levels) - 1}"],
    )
    rows = rows.mutate(peer_group=choice, peer_fallback=choice != rows._k0)
    return rows.drop(*keys, *counts)


def peer_scores(rows: ir.Table, peer: Peer) -> ir.Table:
    """Add ``peer_score`` for rows whose method is a peer method (others get NULL)."""
    rows = peer_keys(rows, peer)
    has = rows.value.notnull()
    part = [rows.indicator_id, rows.year, rows.peer_group, has]
    higher = rows.direction == "higher"
    # rank 1 = best: sort ascending on a key where smaller is better
    best_first = ibis.ifelse(higher, -rows.value, rows.value)
    p = ibis.percent_rank().over(ibis.window(group_by=part, order_by=best_first))
    stats = ibis.window(group_by=part)
    mean, sd = rows.value.mean().over(stats), rows.value.std(how="sample").over(stats)
    rows = rows.mutate(_p=p, _mu=mean, _sd=sd)

    tiers = [(rows._p <= bound, ibis.literal(float(score))) for bound, score in peer.tiers]
    tier_score = ibis.cases(*tiers, else_=ibis.literal(float(peer.tiers[-1][1])))
    z = ibis.ifelse(higher, rows.value - rows._mu, rows._mu - rows.value) / rows._sd
    normal = ibis.ifelse(rows._sd.isnull() | (rows._sd == 0), 50.0, 100.0 * normal_cdf(z))
    x = rows.value.round(0)
    poisson = ibis.ifelse(
        higher,
        100.0 * poisson_cdf(x, rows._mu),
        100.0 * (1.0 - ibis.ifelse(x <= 0, 0.0, poisson_cdf(x - 1, rows._mu))),
    )
    score = ibis.cases(
        (rows.method == "peer_percentile", tier_score),
        (rows.method == "peer_normal", normal),
        (rows.method == "peer_poisson", poisson),
        else_=ibis.literal(None, type="float64"),
    )
    is_peer = rows.method.isin(["peer_percentile", "peer_normal", "peer_poisson"])
    return rows.mutate(
        peer_score=ibis.ifelse(has, score, ibis.null()),
        peer_group=ibis.ifelse(is_peer, rows.peer_group, ibis.null()),
        peer_fallback=ibis.ifelse(is_peer, rows.peer_fallback, ibis.null()),
    ).drop("_p", "_mu", "_sd")
