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
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

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


_memory: OrderedDict[str, Kept] = OrderedDict()


def compiled(plan_key: str, build: Callable[[], ir.Table], con: ibis.BaseBackend) -> Kept:
    """The plan ``build`` makes (over ``stand_in``), from the cache when it holds
    ``plan_key``, else planned and compiled now and kept."""
    if plan_key in _memory:
        _memory.move_to_end(plan_key)
        return _memory[plan_key]
    kept = _read(plan_key)
    if kept is None:
        expr = build()
        kept = Kept(str(con.compile(expr)), schema_of(expr))
        _write(plan_key, kept)
    _memory[plan_key] = kept
    while len(_memory) > KEPT_IN_MEMORY:
        _memory.popitem(last=False)
    return kept


def bind(con: ibis.BaseBackend, kept: Kept, data: ir.Table) -> ir.Table:
    """A kept plan run on ``data``: a temporary view of its SQL with the input in the
    stand-in's place, as a table of the kept schema (so Ibis need not ask DuckDB for it,
    which would bind the whole plan a second time)."""
    name = f"parkesg_plan_{uuid.uuid4().hex}"
    text = kept.sql.replace(f'"{PLACEHOLDER}"', f"({con.compile(data)})")
    con.raw_sql(f'CREATE TEMPORARY VIEW "{name}" AS {text}')
    return ops.DatabaseTable(name, schema=ibis.schema(kept.schema), source=con).to_expr()


def stand_in(data: ir.Table) -> ir.Table:
    """An unbound table with ``data``'s schema, named ``PLACEHOLDER``."""
    return ibis.table(data.schema(), name=PLACEHOLDER)


def _path(plan_key: str) -> Path:
    return folder() / f"{plan_key}.json"


def _trusted(path: Path) -> bool:
    """A kept plan is SQL that DuckDB will run: read only files of this user that no one else
    may write (a cache folder shared with others could otherwise inject statements)."""
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _read(plan_key: str) -> Kept | None:
    try:
        path = _path(plan_key)
        if not _trusted(path) or not _trusted(path.parent):
            return None
        got = json.loads(path.read_text(encoding="utf-8"))
        return Kept(str(got["sql"]), [(str(n), str(t)) for n, t in got["schema"]])
    except (OSError, ValueError, KeyError, TypeError):  # absent or damaged: compile again
        return None


def _write(plan_key: str, kept: Kept) -> None:
    """Atomically (a temporary file renamed), then the oldest files beyond KEPT_ON_DISK go;
    a cache that cannot be written only costs the next run its compile time."""
    path = _path(plan_key)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.write_text(json.dumps(asdict(kept), ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
        kept_files = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in kept_files[:-KEPT_ON_DISK]:
            old.unlink(missing_ok=True)
    except OSError:
        partial.unlink(missing_ok=True)
