"""Incremental re-rating: what new rows for some entities change, as Ibis expressions.

An entity-year's indicator values depend on its own rows only (``run.value``); its peer
scores on the statistics of its peer groups (``peer.py``, T/JDFA01 6.8 b). So after new rows
for some entities:

1. their values are recomputed (all their years: ``field[-k]`` reads earlier ones);
2. the peer groups are chosen again from the new counts (one aggregation, cheap);
3. a group is *dirty* for an indicator when a changed entity-year was or now is a member of
   it — at every level, since a group holds every member of its prefix (``peer_groups``): a
   change in C3360 moves C3360, C33, C and 全部 — or an industry moved into or out of it (its
   count crossed ``min_size``); only dirty groups' statistics are computed again, from their
   members' values;
4. rows scored in a dirty group of any indicator, and the changed rows, are scored again;
   every other row keeps its result, which is what a full run would give it too.

The caller (``batch.state``) stores the values and the peer table between runs, and each
step's result, which the next step reads.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine import peer
from parkesg.engine.balanced import reduce_balanced
from parkesg.engine.peer_groups import level_label
from parkesg.engine.pivot import max_where
from parkesg.engine.plan import col
from parkesg.frameworks.schema import Indicator, Peer

DIRTY = "__dirty"  # suffix of an indicator's dirty flag in the flags table


def _keys(small: ir.Table) -> list[str]:
    """The peer table's keys: ``_sy``, ``_si`` (and ``_sk`` under a segment model)."""
    return [s for s in peer.RENAMED if s in small.columns]


def _row_keys(small: ir.Table) -> list[str]:
    """The same keys as the value rows name them: year, industry (peer_key)."""
    return [peer.RENAMED[s] for s in _keys(small)]


def _long(small: ir.Table, inds: list[Indicator]) -> ir.Table:
    """(keys, indicator, group): which group each indicator uses per year and industry."""
    keys = _keys(small)
    parts = [
        small.select(*keys, _ind=ibis.literal(i.id), _grp=small[col(i.id, "peer_group")])
        for i in inds
    ]
    return reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))


def _memberships(rows: ir.Table, inds: list[Indicator], rule: Peer) -> ir.Table:
    """(year, indicator, group) of every group ``rows`` are members of, at every level."""
    keys = [k for k in peer.RENAMED.values() if k in rows.columns]
    rk = rows.select(*keys).distinct()
    parts = [
        rk.select(_dy=rk.year, _di=ibis.literal(i.id), _dg=level_label(rk, rk.industry, n))
        for i in inds
        for n in rule.levels
    ]
    every = reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))
    return every.filter(every._dg.notnull())


def dirty_groups(
    old_peers: ir.Table,
    new_peers: ir.Table,
    old_rows: ir.Table,
    new_rows: ir.Table,
    inds: list[Indicator],
    rule: Peer,
) -> ir.Table:
    """(year, indicator, group) whose statistics may differ from the stored ones: every group
    the changed entity-years were (``old_rows``) and are (``new_rows``) members of, and both
    groups of an industry that changed group."""
    old_l, new_l = _long(old_peers, inds), _long(new_peers, inds).view()
    keys = _keys(old_peers)
    moved = old_l.join(new_l, [*[old_l[k] == new_l[k] for k in keys], old_l._ind == new_l._ind])
    moved = moved.filter(moved._grp != moved._grp_right)
    year = keys[0]
    parts = [
        _memberships(old_rows, inds, rule),
        _memberships(new_rows, inds, rule),
        moved.select(_dy=moved[year], _di=moved._ind, _dg=moved._grp),
        moved.select(_dy=moved[year], _di=moved._ind, _dg=moved._grp_right),
    ]
    return reduce_balanced(parts, lambda a, b: a.union(b, distinct=False)).distinct()


def dirty_flags(groups: ir.Table, dirty: ir.Table, inds: list[Indicator]) -> ir.Table:
    """``groups`` (``peer.peer_groups``: year, industry …, a group per indicator) with a flag
    per indicator, ``<id>__dirty``: is the group it uses dirty."""
    keys = [k for k in peer.RENAMED.values() if k in groups.columns]
    parts = [
        groups.select(*keys, _ind=ibis.literal(i.id), _grp=groups[col(i.id, "peer_group")])
        for i in inds
    ]
    lg = reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))
    d = dirty.mutate(_hit=ibis.literal(True))
    hit = lg.left_join(d, [lg.year == d._dy, lg._ind == d._di, lg._grp == d._dg])
    hit = hit.mutate(_hit=hit._hit.fill_null(False))
    return hit.group_by(keys).aggregate(
        **{f"{i.id}{DIRTY}": max_where(hit._hit, hit._ind == i.id) for i in inds}
    )


def groups(values: ir.Table, inds: list[Indicator], rule: Peer) -> ir.Table:
    """Step 2: the peer groups chosen from every entity-year's values after the change."""
    inds = peer.peer_indicators(inds)
    return peer.peer_groups(_narrow(values, inds), inds, rule)


def _narrow(values: ir.Table, inds: list[Indicator]) -> ir.Table:
    keys = [k for k in peer.RENAMED.values() if k in values.columns]
    return values.select(*keys, *[col(i.id, "value") for i in inds])


def dirty(
    new_groups: ir.Table,
    old_peers: ir.Table,
    old_rows: ir.Table,
    new_rows: ir.Table,
    inds: list[Indicator],
    rule: Peer,
) -> ir.Table:
    """Step 3: the dirty groups (``dirty_groups``); ``old_rows`` / ``new_rows``: the changed
    entities' keys before and after."""
    inds = peer.peer_indicators(inds)
    keys = [k for k in peer.RENAMED.values() if k in new_groups.columns]
    renamed = new_groups.rename(**{s: k for s, k in peer.RENAMED.items() if k in keys})
    return dirty_groups(old_peers, renamed, old_rows, new_rows, inds, rule)


def flags(new_groups: ir.Table, dirty_table: ir.Table, inds: list[Indicator]) -> ir.Table:
    """Step 3a: ``new_groups`` with a dirty flag per indicator (``dirty_flags``)."""
    return dirty_flags(new_groups, dirty_table, peer.peer_indicators(inds))


def dirty_values(
    values: ir.Table,
    new_groups: ir.Table,
    dirty_table: ir.Table,
    inds: list[Indicator],
    rule: Peer,
) -> ir.Table:
    """Step 3b: the values the statistics of dirty groups read — the rows of every (year,
    industry) that is a member of some dirty group at some level."""
    inds = peer.peer_indicators(inds)
    keys = [k for k in peer.RENAMED.values() if k in values.columns]
    rk = new_groups.select(*keys)
    parts = []
    for n in rule.levels:
        at = rk.mutate(_ay=rk.year, _ag=level_label(rk, rk.industry, n))
        hit = at.semi_join(dirty_table, [at._ay == dirty_table._dy, at._ag == dirty_table._dg])
        parts.append(hit.select(*keys))
    touched = reduce_balanced(parts, lambda a, b: a.union(b, distinct=False)).distinct()
    return _narrow(values, inds).semi_join(touched, keys)


def updated_peer_table(
    new_groups: ir.Table,
    rows: ir.Table,
    flag_table: ir.Table,
    dirty_table: ir.Table,
    old_peers: ir.Table,
    inds: list[Indicator],
    rule: Peer,
) -> ir.Table:
    """Step 3c: the peer table after the change — fresh statistics of dirty groups from the
    members among ``rows`` (``dirty_values``), the stored ones of ``old_peers`` for the rest."""
    inds = peer.peer_indicators(inds)
    fresh = peer.with_statistics(new_groups, rows, inds, rule, wanted=dirty_table)
    return _merge(fresh, old_peers, flag_table, inds, rule)


def _merge(
    fresh: ir.Table, old: ir.Table, flag_table: ir.Table, inds: list[Indicator], rule: Peer
) -> ir.Table:
    """Per indicator: the fresh statistics where its group is dirty, the stored ones where not."""
    keys = _keys(fresh)
    f = flag_table.rename(**{f"_f{k}": r for k, r in zip(keys, _row_keys(fresh), strict=True)})
    o = old.rename(**{f"_o{k}": k for k in keys})
    both = fresh.join(f, [fresh[k] == f[f"_f{k}"] for k in keys])
    both = both.left_join(o, [both[k] == o[f"_o{k}"] for k in keys])
    stats = {
        name: ibis.ifelse(both[f"{i.id}{DIRTY}"], both[name], both[f"{name}_right"])
        for i in inds
        for name in peer.stat_names(i, rule)
    }
    groups = [c for c in fresh.columns if c not in stats]
    return both.select(*groups, **stats)


def affected(flag_table: ir.Table, inds: list[Indicator]) -> ir.Table:
    """Step 4: the (year, industry …) keys of rows that some dirty group holds."""
    inds = peer.peer_indicators(inds)
    keys = [c for c in flag_table.columns if not c.endswith(DIRTY)]
    anyd = reduce_balanced([flag_table[f"{i.id}{DIRTY}"] for i in inds], lambda a, b: a | b)
    return flag_table.filter(anyd).select(*keys)
