"""Where a batch's ratings go: one Parquet or CSV file, or a folder of Parquet files
partitioned by columns (e.g. region and industry). Written by the backend itself, first under
a temporary name beside the target and renamed only when complete: an interrupted run leaves
the previous output as it was, never a half-written one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import ibis

from parkesg.errors import DataError

FORMATS = (".parquet", ".csv")


def check_output(output: Path, partition_by: tuple[str, ...]) -> None:
    suffix = output.suffix.lower()
    if partition_by and suffix == ".csv":
        raise DataError("分区输出只支持 Parquet（输出为文件夹）", file=output.name)
    if not partition_by and suffix not in FORMATS:
        raise DataError("输出文件应为 .parquet 或 .csv（分区输出为文件夹）", file=output.name)


def write_output(
    con: ibis.BaseBackend, expr: ibis.Table, output: Path, partition_by: tuple[str, ...] = ()
) -> Path:
    """Write ``expr`` to ``output`` atomically; returns ``output``."""
    check_output(output, partition_by)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial-{os.getpid()}")
    _remove(partial)
    try:
        _write(con, expr, partial, partition_by, csv=output.suffix.lower() == ".csv")
        _replace(partial, output)
    except OSError as exc:  # disk full, no permission …: the old output stays as it was
        raise DataError(f"写出失败：{exc.strerror or exc}", file=str(output)) from exc
    finally:
        _remove(partial)
    return output


def _write(
    con: ibis.BaseBackend, expr: ibis.Table, path: Path, partition_by: tuple[str, ...], *, csv: bool
) -> None:
    spark = con.name == "pyspark"
    if csv:
        if spark:  # Spark writes folders of parts: collect the (narrow) ratings instead
            con.to_pyarrow(expr).to_pandas().to_csv(path, index=False)
        else:
            con.to_csv(expr, str(path))
    elif spark:
        con.to_parquet(expr, str(path), partitionBy=list(partition_by) or None)
    elif partition_by:
        con.to_parquet(expr, str(path), partition_by=partition_by)
    else:
        con.to_parquet(expr, str(path))


def _replace(new: Path, target: Path) -> None:
    """Put ``new`` in the place of ``target`` (file or folder), the old one removed last."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
