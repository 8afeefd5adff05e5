"""The fitted distributions of T/JDFA01 6.8 b — Φ for the normal fit, P(X ≤ k) for the Poisson
fit — in arithmetic every backend has (none of them offers erf or lgamma)."""

from __future__ import annotations

import math

import ibis
import ibis.expr.types as ir

SPREAD = 20.0  # in σ = √λ (and as many counts): Poisson terms beyond are below double precision
EXACT_FACTORIALS = 100  # ln k! from a table below this, by Stirling's series above


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


def poisson_window(lam: ir.FloatingValue) -> tuple[ir.IntegerValue, ir.IntegerValue]:
    """(lo, hi): the counts whose Poisson(λ) probability counts at double precision. Below lo
    the mass is under e^(−SPREAD²/2) (Chernoff), above hi as small: P(X ≤ k) is 0 for k < lo and
    1 for k > hi, exactly as double arithmetic would sum it."""
    width = lam.sqrt() * SPREAD + SPREAD
    lo = ibis.greatest((lam - width).floor(), 0).cast("int64")
    return lo, (lam + width).ceil().cast("int64")


def _log_factorial(k: ir.IntegerValue) -> ir.FloatingValue:
    """ln k!: exact values below EXACT_FACTORIALS, Stirling's series (error < 1e-17) above."""
    table = ibis.literal([math.lgamma(j + 1) for j in range(EXACT_FACTORIALS)])
    x = ibis.greatest(k, EXACT_FACTORIALS).cast("float64")
    stirling = (
        x * x.ln() - x + (2.0 * math.pi * x).ln() / 2.0
        + 1.0 / (12.0 * x) - 1.0 / (360.0 * x**3) + 1.0 / (1260.0 * x**5)
    )  # fmt: skip
    small = table[ibis.least(ibis.greatest(k, 0), EXACT_FACTORIALS - 1).cast("int32")]  # Spark
    return ibis.ifelse(k < EXACT_FACTORIALS, small, stirling)


def poisson_cdf_table(groups: ir.Table) -> ir.Table:
    """(``_cy`` year, ``_cg`` group, ``_lam`` λ) → (``_cy``, ``_cg``, ``_ck`` k, ``_cv``
    P(X ≤ k)) for k = lo − 1 … hi (``poisson_window``) and X ~ Poisson(λ).

    A small table (a few hundred rows per peer group), so that the rows look their probability
    up by a join on their own count (``poisson_key``) instead of each carrying the group's terms.
    Terms in log space, so a large λ neither overflows nor underflows; λ = 0 means every peer
    had no count, and P(X ≤ k) = 1 for any k ≥ 0.
    """
    lo, hi = poisson_window(groups._lam)
    grid = groups.mutate(_ck=ibis.range(lo - 1, hi + 1).unnest())
    log_rate = ibis.ifelse(grid._lam > 0, grid._lam, 1.0).ln()  # ln 1 for λ = 0 (unread)
    log_pmf = grid._ck * log_rate - grid._lam - _log_factorial(grid._ck)
    first, _hi = poisson_window(grid._lam)
    grid = grid.mutate(_pmf=ibis.ifelse(grid._ck < first, 0.0, log_pmf.exp()))
    total = grid._pmf.sum().over(ibis.cumulative_window(group_by=["_cy", "_cg"], order_by="_ck"))
    zero = ibis.ifelse(grid._ck >= 0, 1.0, 0.0)
    cdf = ibis.ifelse(grid._lam > 0, ibis.least(total, 1.0), zero)
    return grid.select("_cy", "_cg", "_ck", _cv=cdf.cast("float64"))


def poisson_key(count: ir.NumericValue, lam: ir.FloatingValue) -> ir.IntegerValue:
    """The row of ``poisson_cdf_table`` that gives P(X ≤ count): counts beyond the window read
    its last row (P = 1 to double precision), counts below it the row before it (P = 0)."""
    lo, hi = poisson_window(lam)
    return ibis.greatest(ibis.least(count, hi), lo - 1).cast("int64")
