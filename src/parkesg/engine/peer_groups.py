"""Which peers an indicator value is compared with (T/JDFA01 6.8 b; README “Scoring
conventions”).

A peer group at a level is every entity of the year whose GB/T 4754 industry code starts with
the level's prefix (小类 5 characters → 大类 3 → 门类 1) and that has a value — whether or not
its own narrower group was large enough; the widest level, 全部, holds every entity of the
year with a value. A code shorter than a level has no group there; an entity without a code
goes straight to 全部. Under a segment model that splits the peers, groups are further keyed
by the peer key and named “大|C2614”. An entity takes the narrowest level whose group holds at
least ``min_size`` values.

Everything here is counted on a small table — one row per (year, industry[, peer key]) — and
joined back: the sizes of every level cost one aggregation per level, never a pass over rows.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine.balanced import reduce_balanced
from parkesg.engine.plan import col
from parkesg.frameworks.schema import Indicator, Peer

ALL = "全部"  # the widest level's group
KEYS = ["year", "industry"]
PEER_KEY = "peer_key"  # a segment model's split of the peers (engine/segments.py)
GROUP_PARTS = ("peer_group", "peer_fallback", "peer_n", "peer_level")


def keys_of(t: ir.Table) -> list[str]:
    """(year, industry), and the segment's peer key when a segment model splits the peers."""
    return [*KEYS, PEER_KEY] if PEER_KEY in t.columns else list(KEYS)


def level_label(t: ir.Table, industry: ir.StringValue, length: int) -> ir.StringValue:
    """The group of ``industry`` at the level of prefix ``length``: the prefix, NULL where the
    code is shorter, 全部 at length 0; after the peer key when there is one (“大|C2614”), so
    that groups of different keys never merge."""
    if length == 0:
        prefix: ir.StringValue = ibis.literal(ALL)
    else:
        short = industry.length() < length
        prefix = ibis.ifelse(short, ibis.null("string"), industry.substr(0, length))
    if PEER_KEY not in t.columns:
        return prefix
    key = t[PEER_KEY]
    return ibis.ifelse(key == "", prefix, key.concat("|", prefix))


def peer_groups(t: ir.Table, inds: list[Indicator], peer: Peer) -> ir.Table:
    """(year, industry[, peer key]) → for each indicator the group its values are scored in:
    ``{id}__peer_group`` (label), ``__peer_level`` (prefix length, 0 for 全部), ``__peer_n``
    (values in the group) and ``__peer_fallback`` (not the narrowest level)."""
    keys = keys_of(t)
    counts = t.group_by(keys).aggregate(
        **{f"_n{k}": t[col(i.id, "value")].count() for k, i in enumerate(inds)}
    )
    levels = list(peer.levels)
    keyed = counts.mutate(
        **{f"_k{lv}": level_label(counts, counts.industry, n) for lv, n in enumerate(levels)}
    )
    for lv in range(len(levels)):  # the size of every level's group, widest included
        label = f"_k{lv}"
        sizes = keyed.group_by(_zy=keyed.year, _zg=keyed[label]).aggregate(
            **{f"_n{k}_{lv}": keyed[f"_n{k}"].sum() for k in range(len(inds))}
        )
        # a left join: a NULL label (code too short) has no group and no size
        keyed = keyed.left_join(sizes, [keyed.year == sizes._zy, keyed[label] == sizes._zg]).drop(
            "_zy", "_zg"
        )
    out: dict[str, ir.Value] = {}
    last = len(levels) - 1
    for k, ind in enumerate(inds):
        n = [keyed[f"_n{k}_{lv}"].fill_null(0) for lv in range(len(levels))]
        fits = [keyed[f"_k{lv}"].notnull() & (n[lv] >= peer.min_size) for lv in range(last)]
        chosen = ibis.cases(*[(fits[lv], lv) for lv in range(last)], else_=last)
        out[col(ind.id, "peer_group")] = _pick(chosen, [keyed[f"_k{lv}"] for lv in range(last + 1)])
        out[col(ind.id, "peer_n")] = _pick(chosen, n).cast("int64")
        out[col(ind.id, "peer_level")] = _pick(chosen, [ibis.literal(x) for x in levels]).cast(
            "int64"
        )
        out[col(ind.id, "peer_fallback")] = chosen > 0
    return keyed.select(*keys, **out)


def _pick(index: ir.IntegerValue, values: list[ir.Value]) -> ir.Value:
    return ibis.cases(*[(index == j, v) for j, v in enumerate(values[:-1])], else_=values[-1])


def members(rows: ir.Table, value: str, peer: Peer, wanted: ir.Table) -> ir.Table:
    """(``_y`` year, ``_g`` group, ``_v`` value) of every value of column ``value`` in every
    group of ``wanted`` (``_wy`` year, ``_wg`` group): each row once per level at which its
    group is wanted — a value of C3391 is a member of C3391, of C33, of C and of 全部."""
    parts = []
    for lv, n in enumerate(peer.levels):
        at = rows.select(_y=rows.year, _g=level_label(rows, rows.industry, n), _v=rows[value])
        at = at.filter(at._v.notnull() & at._g.notnull())
        if lv > 0:  # the narrowest groups are nearly all wanted: no probe (the rest are small)
            at = at.semi_join(wanted, [at._y == wanted._wy, at._g == wanted._wg])
        parts.append(at)
    return reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))


def cells(rows: ir.Table, values: list[str]) -> ir.Table:
    """Per (year, industry[, peer key]) and value column ``c``: ``c__n`` values, their sum
    ``c__s`` and sum of squared deviations ``c__m2`` — from which every level's mean and σ
    follow without passing over the rows again (``rolled_moments``)."""
    keys = keys_of(rows)
    aggs: dict[str, ir.Value] = {}
    for c in values:
        v = rows[c]
        aggs[f"{c}__n"] = v.count()
        aggs[f"{c}__s"] = v.sum()
        aggs[f"{c}__m2"] = v.var(how="pop") * v.count()
    return rows.group_by(keys).aggregate(**aggs)


def rolled_moments(cell: ir.Table, value: str, peer: Peer, wanted: ir.Table) -> ir.Table:
    """(``_y``, ``_g``) → mean ``_s0`` and sample σ ``_s1`` of every wanted group, combined from
    the per-industry ``cells``: n = Σnᵢ, μ = Σsᵢ / n, M2 = Σ(M2ᵢ + nᵢ(μᵢ − μ)²) (Chan et al.),
    σ = √(M2 / (n − 1)), none for n = 1."""
    n, s, m2 = cell[f"{value}__n"], cell[f"{value}__s"], cell[f"{value}__m2"]
    parts = []
    for lv, length in enumerate(peer.levels):
        at = cell.select(_y=cell.year, _g=level_label(cell, cell.industry, length), _n=n, _s=s,
                         _m2=m2.fill_null(0.0))  # fmt: skip
        at = at.filter(at._g.notnull() & (at._n > 0))
        if lv > 0:
            at = at.semi_join(wanted, [at._y == wanted._wy, at._g == wanted._wg])
        parts.append(at)
    part = reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))
    sums = part.group_by("_y", "_g").aggregate(_tn=part._n.sum(), _ts=part._s.sum())
    sums = sums.mutate(_mu=sums._ts / sums._tn)
    both = part.join(sums, ["_y", "_g"])
    spread = both._m2 + both._n * (both._s / both._n - both._mu) ** 2
    m2s = both.group_by("_y", "_g").aggregate(_tm2=spread.sum(), _tn=both._tn.max(),
                                                _mu=both._mu.max())  # fmt: skip
    sd = ibis.ifelse(m2s._tn > 1, (m2s._tm2 / (m2s._tn - 1)).sqrt(), ibis.null("float64"))
    return m2s.select("_y", "_g", _s0=m2s._mu, _s1=sd)


def every_group(rows: ir.Table, value: str, peer: Peer) -> ir.Table:
    """(``_y``, ``_g``, ``_v``, ``_l`` level) for every group at every level: what a reference
    peer table describes."""
    parts = []
    for n in peer.levels:
        at = rows.select(
            _y=rows.year, _g=level_label(rows, rows.industry, n), _v=rows[value],
            _l=ibis.literal(n, type="int64"),
        )  # fmt: skip
        parts.append(at.filter(at._v.notnull() & at._g.notnull()))
    return reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))
