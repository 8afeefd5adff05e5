"""The state an incremental re-rating needs, kept in one DuckDB database file beside the
output (``--state ratings.state.duckdb``):

- ``input``    every entity-year as last given (new rows replace old ones by entity and year);
- ``indicator_values`` the indicator values of every entity-year (``run.value``);
- ``peers``    the peer table: groups and statistics per year and industry (``peer.peer_table``);
- ``ratings``  the ratings, as written to the output;
- ``meta``     the framework and settings they were computed with.

A full run (``build``) fills it; ``update`` applies new rows for some entities, recomputes
only what they change (``engine.incremental``) and replaces the changed rows in one
transaction: a failure leaves the state as it was. The output file is then rewritten from
``ratings`` (atomically, ``sink.write_output``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis

from parkesg import __version__, service
from parkesg.energy.stage import EnergySettings
from parkesg.engine import incremental, peer, run
from parkesg.errors import DataError
from parkesg.frameworks import load_catalogue
from parkesg.frameworks.schema import Framework, MissingRule, SmallPeers

STATE_VERSION = 2  # the layout of the tables above (2: peer groups hold whole prefixes)
INDUSTRY = "industry"
THEIR_INDUSTRIES = "_their_industries"  # the changed entities' industries, during an update


@dataclass(frozen=True)
class Settings:
    """What ratings depend on besides the data: a state is only updated under the same."""

    framework: str
    framework_sha256: str
    years: list[int] | None
    missing: str | None
    keep: list[str]
    energy: str  # digest of the energy settings (coefficients, convention, grid), "" if none
    small_peers: str | None = None  # withhold / issue (T/JDFA01 6.8 b, too few peers)
    parkesg: str = __version__
    layout: int = STATE_VERSION

    @staticmethod
    def of(
        fw: Framework,
        years: list[int] | None,
        missing: str | None,
        keep: tuple[str, ...],
        energy: EnergySettings | None = None,
        small_peers: str | None = None,
    ) -> Settings:
        return Settings(
            fw.id, _digest(fw.model_dump_json()), sorted(years) if years else None, missing,
            list(keep), _digest(repr(energy)) if energy else "", small_peers,
        )  # fmt: skip


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def open_state(path: Path, **options: Any) -> ibis.BaseBackend:
    return service.connect("duckdb", database=str(path), **options)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def build(
    con: ibis.BaseBackend,
    fw: Framework,
    data: ibis.Table,
    settings: Settings,
) -> ibis.Table:
    """Rate every entity-year of ``data`` and store all of the state; returns ``ratings``."""
    ordered = _setting(con, "preserve_insertion_order")
    con.raw_sql("SET preserve_insertion_order = true")  # for the clustered tables below
    con.raw_sql("BEGIN TRANSACTION")
    try:
        for name in ("ratings", "peers", "indicator_values", "input", "meta", "plans"):
            con.raw_sql(f"DROP TABLE IF EXISTS {_q(name)}")
        con.create_table("input", _clustered(data))
        stored = con.table("input")
        valued = _valued(fw, stored, settings)
        con.create_table("indicator_values", _clustered(valued.values))
        values = con.table("indicator_values")
        peers = None
        if fw.peer is not None and _peer_scored(fw):
            con.create_table("peers", peer.peer_table(values, _indicators(fw), fw.peer))
            peers = con.table("peers")
        stages = run.score(
            valued, values, fw, missing=_rule(settings), peers=peers, small_peers=_small(settings)
        )
        out, _detail = service.ratings(fw, stages, stored, tuple(settings.keep))
        con.create_table("ratings", out)
        con.create_table("meta", ibis.memtable({"settings": [json.dumps(settings.__dict__)]}))
        steps = _plans(con, fw, settings)
        con.create_table("plans", ibis.memtable({"step": list(steps), "sql": list(steps.values())}))
        con.raw_sql("COMMIT")
    except BaseException:
        con.raw_sql("ROLLBACK")
        raise
    finally:
        con.raw_sql(f"SET preserve_insertion_order = {ordered}")
    return con.table("ratings")


def _clustered(t: ibis.Table) -> ibis.Table:
    """``t`` stored in order of industry (the peer groups' key) and entity: an update of some
    industries, or of some entities, then reads the few stretches of the table that hold them
    (DuckDB skips the vectors a pushed-down filter rules out) instead of every row. Rows an
    update adds go to the end, so the order wears off over many updates; a full run restores it."""
    keys = [k for k in (INDUSTRY, "entity_id", "year") if k in t.columns]
    return t.order_by(keys)


def _setting(con: ibis.BaseBackend, name: str) -> str:
    return str(con.raw_sql(f"SELECT current_setting('{name}')").fetchone()[0])


def _plans(con: ibis.BaseBackend, fw: Framework, settings: Settings) -> dict[str, str]:
    """The SQL of each step of ``update``, compiled once here from the engine's expressions
    over the state's tables: an update then runs SQL only, without planning the framework
    again (which costs seconds). Each step's temporary table is created empty so that the
    next step can be planned over it."""
    inds = _indicators(fw)
    steps: dict[str, str] = {}

    def plan(name: str, expr: ibis.Table) -> ibis.Table:
        steps[name] = str(con.compile(expr))
        con.raw_sql(f"CREATE OR REPLACE TEMP TABLE {name} AS {steps[name]} LIMIT 0")
        return con.table(name)

    con.raw_sql('CREATE OR REPLACE TEMP TABLE _entities AS SELECT entity_id FROM "input" LIMIT 0')
    con.raw_sql(f"CREATE OR REPLACE TEMP TABLE _old_values AS {_old_keys(con)} LIMIT 0")
    stored, values, entities = (
        con.table("input"), con.table("indicator_values"), con.table("_entities")
    )  # fmt: skip
    mine = stored.filter(stored.entity_id.isin(entities.entity_id))
    if INDUSTRY in stored.columns:  # read only the stretches of their industries (``_clustered``)
        con.raw_sql(
            f'CREATE OR REPLACE TEMP TABLE {THEIR_INDUSTRIES} AS SELECT {INDUSTRY} FROM "input" LIMIT 0'
        )
        known = mine.filter(mine[INDUSTRY].isin(con.table(THEIR_INDUSTRIES)[INDUSTRY]))
        mine = known.union(mine.filter(mine[INDUSTRY].isnull()), distinct=False)
    new_values = plan("_new_values", _valued(fw, mine, settings).values)
    # the changed entities' values are ``_new_values`` (read there, not by scanning all values)
    rows = theirs = new_values.select(*values.columns)
    if fw.peer is not None and _peer_scored(fw):
        old_values, peers = con.table("_old_values"), con.table("peers")
        rule = fw.peer
        groups = plan("_groups", incremental.groups(values, inds, rule))
        dirty = plan("_dirty", incremental.dirty(groups, peers, old_values, new_values, inds, rule))
        flags = plan("_flags", incremental.flags(groups, dirty, inds))
        members = plan("_dirty_values", incremental.dirty_values(values, groups, dirty, inds, rule))
        plan(
            "_peers",
            incremental.updated_peer_table(groups, members, flags, dirty, peers, inds, rule),
        )
        hit = plan("_affected", incremental.affected(flags, inds))
        keys = list(hit.columns)
        rows = values.semi_join(hit, keys).union(theirs.anti_join(hit, keys), distinct=False)
    peers_now = con.table("peers") if _peer_scored(fw) else None
    stages = run.score(
        _valued(fw, stored, settings), rows, fw, missing=_rule(settings), peers=peers_now,
        small_peers=_small(settings),
    )  # fmt: skip
    plan("_rescored", service.ratings(fw, stages, stored, tuple(settings.keep))[0])
    return steps


@dataclass(frozen=True)
class Update:
    """What an update did: entity-years given, and how many ratings were computed again."""

    given: int
    entities: int
    rescored: int
    total: int


def update(con: ibis.BaseBackend, fw: Framework, changes: ibis.Table, settings: Settings) -> Update:
    """Apply ``changes`` (new rows for some entity-years: they replace stored rows of the same
    entity and year, or are added) and re-rate what they affect."""
    _check(con, settings)
    aligned = _aligned(con.table("input"), changes)
    con.raw_sql("BEGIN TRANSACTION")
    try:
        counts = _apply(con, aligned)
        con.raw_sql("COMMIT")
    except BaseException:
        con.raw_sql("ROLLBACK")
        raise
    return Update(*counts)


def _apply(con: ibis.BaseBackend, changes: ibis.Table) -> tuple[int, int, int, int]:
    steps = dict(con.raw_sql("SELECT step, sql FROM plans").fetchall())

    def run_step(name: str) -> None:
        con.raw_sql(f"CREATE OR REPLACE TEMP TABLE {name} AS {steps[name]}")

    def replace(table: str, new: str, where: str) -> None:
        con.raw_sql(f"DELETE FROM {_q(table)} WHERE {where}")
        con.raw_sql(f"INSERT INTO {_q(table)} BY NAME SELECT * FROM {new}")

    con.create_table("_changes", changes, temp=True, overwrite=True)
    con.raw_sql("CREATE OR REPLACE TEMP TABLE _entities AS SELECT DISTINCT entity_id FROM _changes")
    mine = "entity_id IN (SELECT entity_id FROM _entities)"
    # 1. the input: new rows replace the stored ones of the same entity-year
    replace("input", "_changes", '(entity_id, "year") IN (SELECT entity_id, "year" FROM _changes)')
    if INDUSTRY in _columns(con, "input"):
        con.raw_sql(
            f"CREATE OR REPLACE TEMP TABLE {THEIR_INDUSTRIES} AS SELECT DISTINCT {INDUSTRY} "
            f'FROM "input" WHERE {mine} AND {INDUSTRY} IS NOT NULL'
        )
    # 2. values of the changed entities, kept from before (for the groups they leave) and after
    run_step("_new_values")
    con.raw_sql(f"CREATE OR REPLACE TEMP TABLE _old_values AS {_old_keys(con)} WHERE {mine}")
    replace("indicator_values", "_new_values", mine)
    # 3. peer groups, dirty flags, statistics of dirty groups; 4. what they hold, re-scored
    if "_groups" in steps:
        for name in ("_groups", "_dirty", "_flags", "_dirty_values", "_peers", "_affected"):
            run_step(name)
        replace("peers", "_peers", "true")
    run_step("_rescored")
    replace(
        "ratings", "_rescored", '(entity_id, "year") IN (SELECT entity_id, "year" FROM _rescored)'
    )
    given, entities, rescored, total = (
        con.raw_sql(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("_changes", "_entities", "_rescored", "ratings")
    )
    return given, entities, rescored, total


def _aligned(stored: ibis.Table, changes: ibis.Table) -> ibis.Table:
    """``changes`` in the stored input's columns and types: a column the state does not know
    is refused (it could not be rated like the rest); one it lacks is empty."""
    unknown = [c for c in changes.columns if c not in stored.columns]
    if unknown:
        raise DataError(f"更新数据有状态中没有的列：{'、'.join(unknown)}（请完整重评）")
    absent = {"entity_id", "year"} - set(changes.columns)
    if absent:
        raise DataError(f"更新数据缺少必需的列：{'、'.join(sorted(absent))}")
    schema = stored.schema()
    return changes.select(
        **{
            c: (changes[c] if c in changes.columns else ibis.null()).cast(schema[c])
            for c in stored.columns
        }
    )


def _columns(con: ibis.BaseBackend, table: str) -> list[str]:
    return list(con.table(table).columns)


def _tables(con: ibis.BaseBackend) -> set[str]:
    """The state's tables (Ibis 12's ``list_tables`` fails on DuckDB 2)."""
    rows = con.raw_sql("SELECT table_name FROM information_schema.tables").fetchall()
    return {r[0] for r in rows}


def _check(con: ibis.BaseBackend, settings: Settings) -> None:
    tables = _tables(con)
    if not {"meta", "input", "indicator_values", "ratings"} <= tables:
        raise DataError("状态文件不完整或不是 parkesg 的评级状态（请先完整评级一次并加 --state）")
    stored = json.loads(con.table("meta").execute()["settings"].iloc[0])
    differs = [k for k, v in settings.__dict__.items() if stored.get(k) != v]
    if differs:
        raise DataError(
            "状态文件是在不同的设置下生成的（" + "、".join(differs) + "），不能增量更新，请完整重评"
        )


def _old_keys(con: ibis.BaseBackend) -> str:
    """The stored rows of the changed entities need only their peer keys: which groups they
    leave (``incremental.dirty_groups``), not their values."""
    have = con.table("indicator_values").columns
    keys = [k for k in ("entity_id", *peer.RENAMED.values()) if k in have]
    return f'SELECT {", ".join(_q(k) for k in keys)} FROM "indicator_values"'


def _peer_scored(fw: Framework) -> bool:
    return fw.peer is not None and bool(peer.peer_indicators(_indicators(fw)))


def _indicators(fw: Framework) -> list[Any]:
    from parkesg.engine.plan import placed_indicators

    return [p.indicator for p in placed_indicators(fw)]


def _valued(fw: Framework, data: ibis.Table, settings: Settings) -> run.Valued:
    return run.value(
        data, fw, dict(load_catalogue()), years=settings.years,
        size_classes=service.size_classes_of(fw),
    )  # fmt: skip


def _rule(settings: Settings) -> MissingRule | None:
    return MissingRule(settings.missing) if settings.missing else None


def _small(settings: Settings) -> SmallPeers | None:
    return SmallPeers(settings.small_peers) if settings.small_peers else None
