"""`parkesg rate`: a batch of entities read, rated and written by the backend itself (DuckDB in
process, or Spark where the data lives), so the data never passes through Python rows; a
progress bar fed by the backend and a summary at the end (also written beside the output)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import numpy as np
import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from parkesg import service
from parkesg.batch.progress import watching
from parkesg.batch.sink import check_output, write_output
from parkesg.batch.source import open_input
from parkesg.batch.summary import Summary, summarise
from parkesg.energy.stage import EnergySettings
from parkesg.errors import DataError
from parkesg.frameworks.schema import Framework

if TYPE_CHECKING:
    from parkesg.spark import Checkpoints

# Input columns carried to every rating when present: what a bank filters and partitions by.
CARRIED = ("region", "industry", "size_class")
SHOWN = 12  # rows of the fallback and missing-data tables printed; the file has them all


@dataclass(frozen=True)
class Backend:
    """Where the plan runs and with what resources."""

    name: str = "duckdb"  # duckdb | spark
    spark_master: str | None = None  # local[*] or spark://host:7077, yarn …
    memory_limit: str | None = None  # DuckDB memory_limit / Spark driver memory
    spill_dir: Path | None = None  # DuckDB temp_directory (larger-than-memory sorts, joins)
    threads: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def connect(self, database: Path | None = None) -> ibis.BaseBackend:
        """A connection; ``database``: a DuckDB file to work in (the incremental state)."""
        if database is not None and self.name != "duckdb":
            raise DataError("增量评级（--state）目前只支持 DuckDB 后端")
        if self.name == "duckdb":
            options: dict[str, object] = {"preserve_insertion_order": False}  # order is free
            if self.memory_limit:
                options["memory_limit"] = self.memory_limit
            if self.spill_dir:
                self.spill_dir.mkdir(parents=True, exist_ok=True)
                options["temp_directory"] = str(self.spill_dir)
            if self.threads:
                options["threads"] = self.threads
            if database is not None:
                options["database"] = str(database)
            return service.connect("duckdb", **options)
        if self.name == "spark":
            conf = dict(self.extra)
            if self.memory_limit:
                conf["spark.driver.memory"] = self.memory_limit
            if self.threads and not self.spark_master:
                conf.setdefault("spark.sql.shuffle.partitions", str(self.threads * 2))
            master = self.spark_master or f"local[{self.threads or '*'}]"
            return service.connect("spark", master=master, **conf)
        raise DataError(f"不支持的计算后端 “{self.name}”，可选 duckdb 或 spark")


def summary_path(output: Path) -> Path:
    """``ratings.parquet`` → ``ratings-summary.xlsx`` beside it (a folder: the same)."""
    name = output.name.removesuffix(output.suffix) if output.suffix else output.name
    return output.with_name(f"{name}-summary.xlsx")


def run_batch(
    fw: Framework,
    data: str,
    output: Path,
    *,
    backend: Backend,
    years: list[int] | None,
    missing: str | None,
    console: Console,
    partition_by: tuple[str, ...] = (),
    energy: EnergySettings | None = None,
    state: Path | None = None,
    changes: bool = False,
    peers_out: Path | None = None,
    small_peers: str | None = None,
) -> Summary:
    """Rate every entity-year of ``data`` under ``fw`` into ``output``; print and return the
    summary. With ``state``, also keep what an incremental re-rating needs there; with
    ``changes`` too, ``data`` holds new rows for some entities only and the state is updated
    (``batch.state``). ``peers_out``: also write the run's reference peer table (``peers.py``)."""
    from parkesg.io.tables import write_sheets

    check_output(output, partition_by)
    if changes and state is None:
        raise DataError("--changes 需要 --state（上次完整评级写出的状态文件）")
    if changes and peers_out is not None:
        raise DataError("增量重评不写同业参照表（--peers-out）：请完整评级时写出")
    if changes and state is not None and not state.is_file():
        raise DataError("状态文件不存在，请先完整评级一次并加 --state", file=str(state))
    work = state if changes or state is None else state.with_name(f".{state.name}.partial")
    start = time.perf_counter()
    columns = [
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn()
    ]  # fmt: skip
    with Progress(*columns, console=console, transient=False) as bar:
        step = bar.add_task("连接与读取 connecting, reading", total=None)
        if work is not None and not changes:
            _remove_state(work)
        con = backend.connect(work)
        table = open_input(con, data)
        absent = {"entity_id", "year"} - set(table.columns)
        if absent:
            raise DataError(f"数据缺少必需的列：{'、'.join(sorted(absent))}", file=str(data))
        keep = tuple(dict.fromkeys([*partition_by, *(c for c in CARRIED if c in table.columns)]))
        bar.update(step, total=1, completed=1)
        score = bar.add_task("评分并写出 scoring, writing", total=1.0)
        store = _store(con)
        try:
            if state is None:
                ratings = service.rate_totals(
                    fw, table, con=con, years=years, missing_rule=missing, energy=energy,
                    keep=keep, materialise=store, small_peers=small_peers,
                )  # fmt: skip
            else:
                ratings = _stateful(
                    con, fw, table, keep, years, missing, energy, changes, console, small_peers
                )
            done = [0.0]

            def report(share: float) -> None:  # bars never run backwards between queries
                done[0] = max(done[0], share)
                bar.update(score, completed=done[0])

            with watching(con, report):
                write_output(con, ratings, output, partition_by)
        finally:
            if store is not None:
                store.close()
        if work is not None and work != state and state is not None:
            con.disconnect()  # checkpointed and closed before it takes the state's place
            work.replace(state)
            con = backend.connect()
        bar.update(score, completed=1.0)
        if peers_out is not None:
            reference = bar.add_task("同业参照表 peer reference", total=None)
            _write_peers(con, fw, table, peers_out, data, years, energy)
            bar.update(reference, total=1, completed=1)
        tally = bar.add_task("汇总 summary", total=None)
        summary = summarise(con, _read_back(con, output), fw)
        write_sheets(summary.sheets(), summary_path(output))
        bar.update(tally, total=1, completed=1)
    _print(console, fw, summary, output, time.perf_counter() - start)
    return summary


def _stateful(
    con: ibis.BaseBackend,
    fw: Framework,
    table: ibis.Table,
    keep: tuple[str, ...],
    years: list[int] | None,
    missing: str | None,
    energy: EnergySettings | None,
    changes: bool,
    console: Console,
    small_peers: str | None = None,
) -> ibis.Table:
    """A full run that stores the state, or an incremental one that updates it."""
    from parkesg.batch import state as kept
    from parkesg.energy import stage as energy_stage

    absent = [c for c in keep if c not in table.columns]
    if absent:
        raise DataError(f"数据缺少要保留或分区的列：{'、'.join(absent)}")
    settings = kept.Settings.of(fw, years, missing, keep, energy, small_peers)
    data = energy_stage.apply(table, fw.entity_kind, energy)
    if not changes:
        return kept.build(con, fw, data, settings)
    done = kept.update(con, fw, data, settings)
    console.print(
        f"增量重评：新数据 {done.given:,} 条（{done.entities:,} 个主体），"
        f"重算 {done.rescored:,} / {done.total:,} 条评级（其余不受影响，沿用上次结果）"
    )
    return con.table("ratings")


def _write_peers(
    con: ibis.BaseBackend,
    fw: Framework,
    table: ibis.Table,
    path: Path,
    source: str,
    years: list[int] | None,
    energy: EnergySettings | None,
) -> None:
    """The reference peer table of the run (every group at every level), with what it was made
    from on every row (``peers.about``)."""
    from parkesg import peers
    from parkesg.io.tables import write_table

    stats = con.execute(service.peer_statistics(fw, table, years=years, energy=energy))
    entities = int(con.execute(table.entity_id.nunique()))
    about = peers.about(fw, source=Path(source).name, entities=entities)
    write_table(stats.assign(**about), path)


def _remove_state(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def _store(con: ibis.BaseBackend) -> Checkpoints | None:
    """Spark re-plans a stage at each use: store the peer tables and the scored rows once.
    DuckDB streams the plan as it is (storing 1,000,000 wide rows costs more than it saves)."""
    if con.name != "pyspark":
        return None
    from parkesg.spark import Checkpoints

    return Checkpoints(con)


def _read_back(con: ibis.BaseBackend, output: Path) -> ibis.Table:
    if output.suffix.lower() == ".csv":
        return con.read_csv(str(output))
    if output.is_dir() and con.name == "duckdb":
        pattern = str(output / "**" / "*.parquet")
        return con.read_parquet(pattern, hive_partitioning=True, hive_types_autocast=False)
    return con.read_parquet(str(output))


def _print(console: Console, fw: Framework, s: Summary, output: Path, seconds: float) -> None:
    t = Table(
        "等级", "主体-年数", "占比",
        title=f"{fw.title.zh}：{s.entities:,} 个主体、{s.rows:,} 条评级，用时 {seconds:.1f} 秒",
    )  # fmt: skip
    for r in s.grades.itertuples(index=False):
        t.add_row(str(r[0]), f"{r[1]:,}", f"{r[2]:.1f}%")
    console.print(t)
    if s.fallbacks.empty:
        console.print("同业组：所有指标均在本行业（最细一级）内比较，无回退。")
    else:
        console.print(_top(s.fallbacks, "主体数", "同业组回退到更宽的组"))
    if s.missing.empty:
        console.print("缺失数据：无。")
    else:
        console.print(_top(s.missing, "缺失或不可计算的主体-年数", "缺失或不可计算的指标"))
    console.print(f"结果已写出 {output}；汇总见 {summary_path(output)}")


def _top(df: pd.DataFrame, by: str, title: str) -> Table:
    """The SHOWN largest rows by ``by``; the file beside the output has them all."""
    t = Table(*df.columns, title=f"{title}（共 {len(df):,} 项，列出前 {min(SHOWN, len(df))} 项）")
    for row in df.sort_values(by, ascending=False).head(SHOWN).itertuples(index=False):
        t.add_row(*[_cell(v, c) for v, c in zip(row, df.columns, strict=True)])
    return t


def _cell(v: object, column: str) -> str:
    if isinstance(v, float | np.floating):
        return f"{v:.1f}%"  # the only floats are shares in per cent
    if isinstance(v, int | np.integer) and column != "年份":
        return f"{v:,}"
    return str(v)
