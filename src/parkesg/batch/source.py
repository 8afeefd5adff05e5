"""Where a batch's input lives: a Parquet file, a folder of (hive-partitioned) Parquet files,
a CSV file, or a table of the backend's catalogue (a Hive table on Spark: ``table:db.name``).

Partition folders (``region=苏州市/industry=C3130/part-0.parquet``) become columns of text,
never guessed numbers: a region code 320500 stays “320500”.
"""

from __future__ import annotations

from pathlib import Path

import ibis

from parkesg.errors import DataError

TABLE_PREFIX = "table:"


def is_table(spec: str) -> bool:
    return spec.startswith(TABLE_PREFIX)


def open_input(con: ibis.BaseBackend, spec: str) -> ibis.Table:
    """The input named by ``spec`` as a backend table (nothing is read yet)."""
    if is_table(spec):
        return _catalogue_table(con, spec.removeprefix(TABLE_PREFIX))
    path = Path(spec)
    if not path.exists():
        raise DataError("文件不存在", file=str(path))
    suffix = path.suffix.lower()
    if path.is_dir():
        return _parquet_folder(con, path)
    if suffix == ".parquet":
        return con.read_parquet(str(path))
    if suffix == ".csv":
        return con.read_csv(str(path))
    raise DataError(f"批量评级需要 Parquet 或 CSV 宽表，而不是 “{suffix}”", file=path.name)


def _parquet_folder(con: ibis.BaseBackend, path: Path) -> ibis.Table:
    if not any(path.rglob("*.parquet")):
        raise DataError("文件夹中没有 .parquet 文件", file=str(path))
    if con.name == "duckdb":
        pattern = str(path / "**" / "*.parquet")
        return con.read_parquet(pattern, hive_partitioning=True, hive_types_autocast=False)
    # Spark discovers partition folders itself; keep their values as text there too
    session = con._session
    session.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    return con.read_parquet(str(path))


def _catalogue_table(con: ibis.BaseBackend, name: str) -> ibis.Table:
    database, _, table = name.rpartition(".")
    try:
        return con.table(table, database=database or None)
    except Exception as exc:  # the backends raise their own "not found" types
        raise DataError(f"找不到数据表 “{name}”：{type(exc).__name__}") from exc
