"""`parkesg energy …`: the park energy balance, the carbon inventory and the energy-flow
chart from activity data (T/CPPC 5.3.2 (2) ②). Thin: the numbers come from the engine's
energy stage through ``parkesg.energy.tables``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from parkesg.cli.data import load_data
from parkesg.energy.coefficients import load_coefficients
from parkesg.energy.schema import CONVENTION_ZH, Convention
from parkesg.energy.stage import EnergySettings
from parkesg.energy.tables import EnergyTables, energy_tables
from parkesg.errors import ParkesgError

app = typer.Typer(help="能源与碳排放核算 / energy balance, carbon inventory, energy flows.")
out = Console(soft_wrap=True)


class By(StrEnum):
    carrier = "carrier"
    entity = "entity"


Years = Annotated[list[int] | None, typer.Option("--year", help="年份（可重复）")]
Coefficients = Annotated[
    Path | None, typer.Option("--coefficients", help="自定义系数文件（YAML，格式同内置系数表）")
]
ConventionOpt = Annotated[
    Convention,
    typer.Option("--convention", help="电力折标口径：calorific 当量值 | equivalent 等价值"),
]
Grid = Annotated[str, typer.Option("--grid", help="电网排放因子系列：national | carbon_market …")]
Kind = Annotated[str, typer.Option("--kind", help="主体类型 park | enterprise")]
Output = Annotated[Path | None, typer.Option("-o", "--output", help="写出 .xlsx、.csv 或 .parquet")]


def settings_from(
    coefficients: Path | None, convention: Convention = Convention.calorific, grid: str = "national"
) -> EnergySettings:
    """The CLI options as the settings of the energy stage (also used by `assess`)."""
    return EnergySettings(load_coefficients(coefficients), convention, grid)


def _tables(
    data: Path, years: list[int] | None, coefficients: Path | None, convention: Convention,
    grid: str, kind: str,
) -> EnergyTables:  # fmt: skip
    if kind not in ("park", "enterprise"):
        raise ParkesgError(f"主体类型 “{kind}” 无效，可选 park 或 enterprise")
    wide, _ = load_data(data)
    settings = settings_from(coefficients, convention, grid)
    return energy_tables(wide, kind=kind, settings=settings, years=years or None)


def _fail(exc: Exception) -> None:
    from parkesg.cli.main import fail  # one error printer for every command

    fail(exc)


def _show(df: pd.DataFrame, title: str) -> None:
    t = Table(title=title)
    for c in df.columns:  # fold long numbers and names rather than cut them with “…”
        t.add_column(str(c), overflow="fold")
    for row in df.itertuples(index=False):
        t.add_row(*[_cell(v) for v in row])
    out.print(t)


def _cell(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "—"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def _provisional_note(tables: EnergyTables, only: str | None = None) -> None:
    c = tables.coefficients
    if only is not None:
        c = c[c["系数"] == only]
    if (c["暂定"] == "是").any():
        out.print("注：所用系数含暂定值（未核对原文），来源见输出文件的“系数来源”表。")
    if (c["数值"].isna()).any():
        missing = sorted(
            set(
                c[c["数值"].isna()].apply(
                    lambda r: f"{r['年份']} {r['能源品种']}{r['系数']}", axis=1
                )
            )
        )
        out.print("缺少系数（相应数值不可计算）：" + "；".join(missing))


@app.command("balance")
def balance_cmd(
    data: Path,
    year: Years = None,
    coefficients: Coefficients = None,
    convention: ConventionOpt = Convention.calorific,
    grid: Grid = "national",
    kind: Kind = "park",
    output: Output = None,
) -> None:
    """园区能源平衡表（按能源品种：实物量、当量值与等价值折标煤、占比）/ energy balance."""
    from parkesg.io.tables import write_sheets

    try:
        t = _tables(data, year, coefficients, convention, grid, kind)
        _show(t.balance, f"能源平衡表（占比按{CONVENTION_ZH[convention]}）")
        _provisional_note(t)
        if output is not None:
            write_sheets({"能源平衡表": t.balance, "系数来源": t.coefficients}, output)
            out.print(f"已写出 {output}")
    except ParkesgError as exc:
        _fail(exc)


@app.command("carbon")
def carbon_cmd(
    data: Path,
    year: Years = None,
    coefficients: Coefficients = None,
    grid: Grid = "national",
    kind: Kind = "park",
    by: Annotated[By, typer.Option("--by", help="carrier 按能源品种 | entity 按主体")] = By.carrier,
    output: Output = None,
) -> None:
    """碳排放清单（按能源品种与按主体）/ carbon inventory by carrier and by entity."""
    from parkesg.io.tables import write_sheets

    try:
        t = _tables(data, year, coefficients, Convention.calorific, grid, kind)
        main = t.carbon_by_carrier if by == By.carrier else t.carbon_by_entity
        _show(main, "碳排放清单（按能源品种）" if by == By.carrier else "碳排放清单（按主体）")
        _provisional_note(t, only="二氧化碳排放因子")
        if output is not None:
            frames = {"按能源品种": t.carbon_by_carrier, "按主体": t.carbon_by_entity}
            if by == By.entity:
                frames = {"按主体": t.carbon_by_entity, "按能源品种": t.carbon_by_carrier}
            write_sheets({**frames, "系数来源": t.coefficients}, output)
            out.print(f"已写出 {output}")
    except ParkesgError as exc:
        _fail(exc)


@app.command("flow")
def flow_cmd(
    data: Path,
    year: Annotated[int, typer.Option("--year", help="年份")],
    output: Annotated[Path, typer.Option("-o", "--output", help=".png 文件")] = Path(
        "energy-flow.png"
    ),
    coefficients: Coefficients = None,
    convention: ConventionOpt = Convention.calorific,
    kind: Kind = "park",
) -> None:
    """能流图（桑基图，T/CPPC 5.3.2 (2) ②）：能源品种 → 用能主体 / energy-flow chart."""
    from parkesg.energy.flow_chart import carrier_flows, flow_chart

    try:
        t = _tables(data, [year], coefficients, convention, "national", kind)
        flows = carrier_flows(t.rows, year, t.convention, t.names)
        title = f"能源流向图 {year} 年（{CONVENTION_ZH[convention]}，tce）"
        flow_chart(flows, output, title=title)
        out.print(f"已写出 {output}")
    except ParkesgError as exc:
        _fail(exc)
