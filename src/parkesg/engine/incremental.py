"""Incremental re-rating: what new rows for some entities change, as Ibis expressions.

An entity-year's indicator values depend on its own rows only (``run.value``); its peer
scores on the statistics of its peer groups (``peer.py``, T/JDFA01 6.8 b). So after new rows
for some entities:

1. their values are recomputed (all their years: ``field[-k]`` reads earlier ones);
2. the peer groups are chosen again from the new counts (one aggregation, cheap);
3. a group is *dirty* for an indicator when a changed entity-year was or now is in it, or an
   industry moved into or out of it (its count crossed ``min_size``); only dirty groups'
   statistics are computed again, from their members' values;
4. rows in a dirty group of any indicator, and the changed rows, are scored again; every
   other row keeps its result, which is what a full run would give it too.

The caller (``batch.state``) stores the values and the peer table between runs, and each
step's result, which the next step reads.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine import peer
from parkesg.engine.balanced import reduce_balanced
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


def _groups_of(rows: ir.Table, small: ir.Table, inds: list[Indicator]) -> ir.Table:
    """(year, indicator, group) of every group that ``rows`` belong to under ``small``."""
    rk = rows.select(*_row_keys(small)).distinct()
    lg = _long(small, inds)
    on = [rk[r] == lg[s] for s, r in zip(_keys(small), _row_keys(small), strict=True)]
    hit = rk.join(lg, on)
    return hit.select(_dy=hit[_row_keys(small)[0]], _di=hit._ind, _dg=hit._grp)


def dirty_groups(
    old_peers: ir.Table,
    new_peers: ir.Table,
    old_rows: ir.Table,
    new_rows: ir.Table,
    inds: list[Indicator],
) -> ir.Table:
    """(year, indicator, group) whose statistics may differ from the stored ones: the groups
    the changed entity-years were in (``old_rows`` under ``old_peers``) and are in now
    (``new_rows`` under ``new_peers``), and both groups of an industry that changed group."""
    old_l, new_l = _long(old_peers, inds), _long(new_peers, inds).view()
    keys = _keys(old_peers)
    moved = old_l.join(new_l, [*[old_l[k] == new_l[k] for k in keys], old_l._ind == new_l._ind])
    moved = moved.filter(moved._grp != moved._grp_right)
    year = keys[0]
    parts = [
        _groups_of(old_rows, old_peers, inds),
        _groups_of(new_rows, new_peers, inds),
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


def flags(
    new_groups: ir.Table,
    old_peers: ir.Table,
    old_rows: ir.Table,
    new_rows: ir.Table,
    inds: list[Indicator],
) -> ir.Table:
    """Step 3: ``new_groups`` with a dirty flag per indicator (``dirty_groups``,
    ``dirty_flags``); ``old_rows`` / ``new_rows``: the changed entities' value rows before
    and after."""
    inds = peer.peer_indicators(inds)
    keys = [k for k in peer.RENAMED.values() if k in new_groups.columns]
    renamed = new_groups.rename(**{s: k for s, k in peer.RENAMED.items() if k in keys})
    dirty = dirty_groups(old_peers, renamed, old_rows, new_rows, inds)
    return dirty_flags(new_groups, dirty, inds)


def dirty_values(
    values: ir.Table, new_groups: ir.Table, flag_table: ir.Table, inds: list[Indicator]
) -> ir.Table:
    """Step 3a: the values the statistics of dirty groups read — rows in some dirty group, with
    the values of an indicator whose group is clean hidden (they are in no dirty statistic;
    they did count toward the group sizes in step 2)."""
    inds = peer.peer_indicators(inds)
    keys = [k for k in peer.RENAMED.values() if k in values.columns]
    rows = _narrow(values, inds).join(new_groups, keys).join(flag_table, keys)
    anyd = reduce_balanced([rows[f"{i.id}{DIRTY}"] for i in inds], lambda a, b: a | b)
    return rows.filter(anyd).mutate(
        **{
            col(i.id, "value"): ibis.ifelse(
                rows[f"{i.id}{DIRTY}"], rows[col(i.id, "value")], peer.NULL_NUM
            )
            for i in inds
        }
    )


def updated_peer_table(
    new_groups: ir.Table,
    rows: ir.Table,
    flag_table: ir.Table,
    old_peers: ir.Table,
    inds: list[Indicator],
    rule: Peer,
) -> ir.Table:
    """Step 3b: the peer table after the change — fresh statistics of dirty groups from
    ``rows`` (``dirty_values``), the stored ones of ``old_peers`` for the rest."""
    inds = peer.peer_indicators(inds)
    fresh = peer.with_statistics(new_groups, rows, inds, rule)
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
