"""Compiled batch plans, kept per framework, input schema, options and engine code (DuckDB).

Planning a T/JDFA01 rating in Ibis and compiling it to SQL takes ~5 s whatever the number of
enterprises — a third of rating a million. That SQL depends only on the framework, the
engine's code, the input's column names and types and the run's options, never on the rows:
so it is compiled once over a stand-in table (``PLACEHOLDER``) and kept, in this process and
under the cache folder; a later run puts its own input in the stand-in's place and hands
DuckDB the text (like a prepared statement that outlives the connection).

The key hashes everything the SQL depends on — the package's own source and data files, the
Ibis, sqlglot and DuckDB versions included — so an edited framework, a new column or a new
release never meets a stale plan. A damaged cache file is ignored and written again, and
only files of this user that no one else may write are read (``_trusted``).
``PARKESG_PLAN_CACHE=off`` turns the cache off; ``PARKESG_CACHE_DIR`` moves it.

An assessment stores some stages as temporary tables before it reads its outputs: it is kept
as a ``Script`` — each stage's SQL in order, then the outputs' — recorded by planning once
with stand-ins for the input tables and for every stored stage (``Recorder``), and run by
``run_script``, which puts the real tables in their places.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir

PLACEHOLDER = "parkesg_input_placeholder_5d1c"  # the stand-in table the kept SQL reads
KEPT_IN_MEMORY = 8  # plans per process
KEPT_ON_DISK = 32  # plan files in the cache folder (the oldest go first)
PACKAGE = Path(__file__).parent


def enabled() -> bool:
    return os.environ.get("PARKESG_PLAN_CACHE", "on").lower() not in ("off", "0", "no")


def folder() -> Path:
    base = os.environ.get("PARKESG_CACHE_DIR") or Path.home() / ".cache" / "parkesg"
    return Path(base) / "plans"


@functools.cache
def code_fingerprint() -> str:
    return fingerprint(PACKAGE)


def fingerprint(package: Path) -> str:
    """SHA-256 over a package's source and data files (the web app aside: it plans nothing)
    and the versions of what compiles SQL."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        inside = path.relative_to(package)
        if path.suffix in (".py", ".yaml", ".yml", ".json", ".txt") and inside.parts[0] != "web":
            h.update(str(inside).encode())
            h.update(path.read_bytes())
    for dist in ("ibis-framework", "sqlglot", "duckdb"):
        h.update(f"{dist}={version(dist)}".encode())
    return h.hexdigest()


def key(parts: dict[str, object]) -> str:
    """The cache key of a plan: the code fingerprint and every option, as canonical JSON."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{code_fingerprint()}\n{text}".encode()).hexdigest()


def schema_of(table: ir.Table) -> list[tuple[str, str]]:
    return [(name, str(typ)) for name, typ in table.schema().items()]


def cacheable(con: ibis.BaseBackend, data: ir.Table) -> bool:
    """DuckDB, the cache on, and an input the kept SQL can name (no in-memory table, which
    Ibis registers only when it runs an expression itself)."""
    return con.name == "duckdb" and enabled() and not data.op().find(ops.InMemoryTable)


@dataclass(frozen=True)
class Kept:
    """A compiled plan: its SQL (reading ``PLACEHOLDER``) and the schema of what it gives."""

    sql: str
    schema: list[tuple[str, str]]


@dataclass(frozen=True)
class Script:
    """A kept plan of several statements: ``stages`` (stand-in name, SQL) stored in order as
    temporary tables, each reading the inputs and the stages before it; then ``outputs``."""

    stages: list[tuple[str, str]]
    outputs: dict[str, Kept]


_memory: OrderedDict[str, Kept | Script] = OrderedDict()


_memory_lock = threading.Lock()  # the web app assesses in several threads


def _remember(plan_key: str, plan: Kept | Script) -> None:
    with _memory_lock:
        _memory[plan_key] = plan
        _memory.move_to_end(plan_key)
        while len(_memory) > KEPT_IN_MEMORY:
            _memory.popitem(last=False)


def compiled(plan_key: str, build: Callable[[], ir.Table], con: ibis.BaseBackend) -> Kept:
    """The plan ``build`` makes (over ``stand_in``), from the cache when it holds
    ``plan_key``, else planned and compiled now and kept."""
    kept = _memory.get(plan_key)
    if not isinstance(kept, Kept):
        kept = _kept(_read(plan_key))
        if kept is None:
            expr = build()
            kept = Kept(str(con.compile(expr)), schema_of(expr))
            _write(plan_key, asdict(kept))
    _remember(plan_key, kept)
    return kept


def bind(con: ibis.BaseBackend, kept: Kept, data: ir.Table) -> ir.Table:
    """A kept plan run on ``data``: a temporary view of its SQL with the input in the
    stand-in's place, as a table of the kept schema (so Ibis need not ask DuckDB for it,
    which would bind the whole plan a second time)."""
    name = f"parkesg_plan_{uuid.uuid4().hex}"
    text = _put(kept.sql, {PLACEHOLDER: f"({con.compile(data)})"})
    con.raw_sql(f'CREATE TEMPORARY VIEW "{name}" AS {text}')
    return ops.DatabaseTable(name, schema=ibis.schema(kept.schema), source=con).to_expr()


def stand_in(data: ir.Table, role: str = "input") -> ir.Table:
    """An unbound table with ``data``'s schema, named for its role (``PLACEHOLDER`` for the
    input)."""
    return ibis.table(data.schema(), name=PLACEHOLDER.replace("input", role))


class Recorder:
    """Plans a ``Script``: its ``materialise`` compiles a stage instead of storing it and hands
    back a stand-in table of the stage's schema for the stages after it to read."""

    def __init__(self, con: ibis.BaseBackend) -> None:
        self.con = con
        self.stages: list[tuple[str, str]] = []

    def materialise(self, expr: ir.Table) -> ir.Table:
        name = PLACEHOLDER.replace("input", f"stage{len(self.stages)}")
        self.stages.append((name, self._sql(expr)))
        return ibis.table(expr.schema(), name=name)

    def script(self, outputs: dict[str, ir.Table]) -> Script:
        kept = {k: Kept(self._sql(t), schema_of(t)) for k, t in outputs.items()}
        return Script(list(self.stages), kept)

    def _sql(self, expr: ir.Table) -> str:
        if expr.op().find(ops.InMemoryTable):  # registered only while Ibis runs it itself
            raise RuntimeError("a kept plan cannot read an in-memory table: use a stand-in")
        return str(self.con.compile(expr))


def scripted(
    plan_key: str,
    record: Callable[[Recorder], dict[str, ir.Table]],
    con: ibis.BaseBackend,
) -> Script:
    """The script ``record`` plans (over stand-ins), from the cache when it holds
    ``plan_key`` and the cache is on, else recorded now (and kept when the cache is on)."""
    script = _memory.get(plan_key) if enabled() else None
    if not isinstance(script, Script):
        script = _script(_read(plan_key)) if enabled() else None
        if script is None:
            recorder = Recorder(con)
            script = recorder.script(record(recorder))
            if enabled():
                _write(plan_key, asdict(script))
    if enabled():
        _remember(plan_key, script)
    return script


def run_script(
    con: ibis.BaseBackend, script: Script, inputs: dict[str, ir.Table]
) -> tuple[dict[str, ir.Table], list[str], list[str]]:
    """Store ``script``'s stages as temporary tables with ``inputs`` (stand-in name → table)
    in their places; its outputs as temporary views over them. Returns the outputs and the
    names of the tables and views made, for the caller to drop when it has read them."""
    places = {name: f"({con.compile(table)})" for name, table in inputs.items()}
    tables: list[str] = []
    views: list[str] = []
    try:
        for name, sql in script.stages:
            real = f"parkesg_stage_{uuid.uuid4().hex}"
            con.raw_sql(f'CREATE TEMPORARY TABLE "{real}" AS {_put(sql, places)}')
            tables.append(real)
            places[name] = f'"{real}"'
        outputs = {}
        for key, kept in script.outputs.items():
            real = f"parkesg_plan_{uuid.uuid4().hex}"
            con.raw_sql(f'CREATE TEMPORARY VIEW "{real}" AS {_put(kept.sql, places)}')
            views.append(real)
            schema = ibis.schema(kept.schema)
            outputs[key] = ops.DatabaseTable(real, schema=schema, source=con).to_expr()
    except Exception:
        drop(con, tables, views)
        raise
    return outputs, tables, views


def drop(con: ibis.BaseBackend, tables: list[str], views: list[str]) -> None:
    for name in views:
        con.raw_sql(f'DROP VIEW IF EXISTS "{name}"')
    for name in reversed(tables):
        con.raw_sql(f'DROP TABLE IF EXISTS "{name}"')


def _put(sql: str, places: dict[str, str]) -> str:
    """``sql`` with each quoted stand-in name replaced (quotes included: no name is a prefix
    of another's quoted form)."""
    for name, text in places.items():
        sql = sql.replace(f'"{name}"', text)
    return sql


def _path(plan_key: str) -> Path:
    return folder() / f"{plan_key}.json"


def _trusted(path: Path) -> bool:
    """A kept plan is SQL that DuckDB will run: read only files of this user that no one else
    may write (a cache folder shared with others could otherwise inject statements)."""
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _read(plan_key: str) -> Any:
    try:
        path = _path(plan_key)
        if not _trusted(path) or not _trusted(path.parent):
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # absent or damaged: compile again
        return None


def _kept(got: Any) -> Kept | None:
    try:
        return Kept(str(got["sql"]), [(str(n), str(t)) for n, t in got["schema"]])
    except (KeyError, TypeError, ValueError):  # damaged: compile again
        return None


def _script(got: Any) -> Script | None:
    try:
        stages = [(str(name), str(sql)) for name, sql in got["stages"]]
        outputs = {str(k): _kept(v) for k, v in got["outputs"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if any(v is None for v in outputs.values()):
        return None
    return Script(stages, {k: v for k, v in outputs.items() if v is not None})


def _write(plan_key: str, payload: dict[str, Any]) -> None:
    """Atomically (a temporary file renamed), then the oldest files beyond KEPT_ON_DISK go;
    a cache that cannot be written only costs the next run its compile time."""
    path = _path(plan_key)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
        kept_files = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in kept_files[:-KEPT_ON_DISK]:
            old.unlink(missing_ok=True)
    except OSError:
        partial.unlink(missing_ok=True)
