"""`parkesg rate`: a batch of entities read, rated and written by the backend itself, so the
data never passes through Python rows; a progress bar per stage and a summary at the end."""

from __future__ import annotations

import time
from pathlib import Path

import ibis
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from parkesg import service
from parkesg.energy.stage import EnergySettings
from parkesg.errors import DataError
from parkesg.frameworks.schema import Framework


def read_input(con: ibis.BaseBackend, path: Path) -> ibis.Table:
    if not path.exists():
        raise DataError("文件不存在", file=str(path))
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".parquet":
        pattern = str(path / "**" / "*.parquet") if path.is_dir() else str(path)
        return con.read_parquet(pattern)
    if suffix == ".csv":
        return con.read_csv(str(path))
    raise DataError(f"批量评级需要 Parquet 或 CSV 宽表，而不是 “{suffix}”", file=path.name)


def run_batch(
    fw: Framework,
    data: Path,
    output: Path,
    *,
    years: list[int] | None,
    missing: str | None,
    memory_limit: str | None,
    console: Console,
    energy: EnergySettings | None = None,
) -> None:
    if output.suffix.lower() not in (".parquet", ".csv"):
        raise DataError("输出文件应为 .parquet 或 .csv", file=output.name)
    config = {"memory_limit": memory_limit} if memory_limit else {}
    con = ibis.duckdb.connect(**config)
    columns = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
    ]
    start = time.perf_counter()
    with Progress(*columns, console=console, transient=False) as bar:
        step = bar.add_task("读取数据 reading", total=3)
        table = read_input(con, data)
        missing_cols = {"entity_id", "year"} - set(table.columns)
        if missing_cols:
            raise DataError(f"数据缺少必需的列：{'、'.join(sorted(missing_cols))}", file=data.name)
        bar.update(step, advance=1, description="评分 scoring")
        totals, _detail = service.rate(
            fw, table, con=con, years=years, missing_rule=missing, energy=energy
        )
        tmp = output.with_name(output.name + ".partial")
        if output.suffix.lower() == ".parquet":
            con.to_parquet(totals, str(tmp))
        else:
            con.to_csv(totals, str(tmp))
        tmp.replace(output)  # nothing half-written under the real name
        bar.update(step, advance=1, description="汇总 summary")
        written = (
            con.read_parquet(str(output))
            if output.suffix.lower() == ".parquet"
            else con.read_csv(str(output))
        )
        summary = con.execute(
            written.group_by("grade").aggregate(n=written.count()).order_by("grade")
        )
        fallback = int(con.execute(written.peer_fallbacks.sum()) or 0)
        n = int(summary.n.sum())
        bar.update(step, advance=1, description="完成 done")
    elapsed = time.perf_counter() - start
    t = Table(
        "等级", "主体-年数", "占比", title=f"{fw.title.zh}：{n:,} 条评级，用时 {elapsed:.1f} 秒"
    )
    for r in summary.itertuples():
        t.add_row(str(r.grade), f"{r.n:,}", f"{r.n / n:.1%}" if n else "—")
    console.print(t)
    console.print(f"同业组回退到更宽行业的指标次数：{fallback:,}；结果已写出 {output}")
