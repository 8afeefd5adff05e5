"""parkesg command line (typer + rich). Thin: every number comes from ``parkesg.service``.

Bad input gets one clear Chinese line on stderr and exit code 2 — never a traceback.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from parkesg import service, stored
from parkesg.cli.data import (
    apply_weights,
    load_adjustments,
    load_data,
    load_peers,
    load_targets,
    read_weights,
)
from parkesg.cli.energy import app as energy_app
from parkesg.cli.energy import settings_from
from parkesg.cli.years import assessed_years
from parkesg.energy.schema import Convention
from parkesg.energy.stage import activity_fields_for
from parkesg.errors import DataErrors, ParkesgError
from parkesg.frameworks import (
    Framework,
    fields_for,
    iter_indicators,
    list_frameworks,
    load_framework,
)
from parkesg.stored import read_confirmation

app = typer.Typer(
    help="parkesg — 园区与企业 ESG 评价、清洁生产审核与绿色诊断 / park & enterprise ESG.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class Fmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def fail(exc: Exception) -> None:
    if isinstance(exc, DataErrors):
        err.print(f"[red]错误[/red] {exc}", markup=True, highlight=False)
    else:
        err.print(f"[red]错误[/red] {str(exc).splitlines()[0]}", markup=True, highlight=False)
    raise typer.Exit(2)


@app.command("frameworks")
def frameworks_cmd() -> None:
    """列出评价体系 / list the frameworks."""
    t = Table(title="评价体系 frameworks")
    t.add_column("编号 id（命令中使用）", no_wrap=True)
    t.add_column("对象", no_wrap=True)
    t.add_column("指标数", no_wrap=True)
    t.add_column("名称与来源")
    for fid in list_frameworks():
        fw = load_framework(fid)
        kind = {"park": "园区", "enterprise": "企业"}[fw.entity_kind]
        n = len(iter_indicators(fw.tree))
        t.add_row(fid, kind, str(n), f"{fw.title.zh}\n{fw.source.code}（{fw.source.status}）")
    out.print(t)


@app.command("show")
def show_cmd(
    framework: str,
    format: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.table,
) -> None:
    """显示评价体系的指标 / show a framework's indicators."""
    try:
        fw = load_framework(framework)
    except ParkesgError as exc:
        fail(exc)
        return
    inds = iter_indicators(fw.tree)
    if format == Fmt.json:
        from parkesg.formula.parse import fields as refs
        from parkesg.formula.parse import parse

        doc = {
            "id": fw.id,
            "title": fw.title.model_dump(),
            "source": fw.source.model_dump(),
            "indicators": [
                {
                    "no": i.no,
                    "id": i.id,
                    "name_zh": i.name.zh,
                    "unit": i.unit,
                    "method": i.method.value,
                    "formula": i.formula,
                    "fields": sorted(
                        {n for n, _ in refs(parse(i.formula))} if i.formula else set(i.evidence)
                    ),
                    "thresholds": i.thresholds.model_dump(exclude_none=True),
                    "provisional": i.provisional,
                    "clause": i.clause,
                }
                for i in inds
            ],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    t = Table(
        "序号",
        "编号 id",
        "指标",
        "单位",
        "方法",
        "公式",
        "暂定",
        title=f"{fw.title.zh}（{len(inds)} 项指标）",
    )
    for i in inds:
        t.add_row(
            i.no,
            i.id,
            i.name.zh,
            i.unit,
            i.method.value,
            i.formula or "、".join(i.evidence),
            "是" if i.provisional else "",
        )
    out.print(t)


@app.command("template")
def template_cmd(
    framework: Annotated[str | None, typer.Argument()] = None,
    output: Annotated[Path, typer.Option("-o", "--output")] = Path("data.xlsx"),
    years: Annotated[str, typer.Option(help="年份，逗号分隔，如 2021,2022,2023")] = "",
    engagement: Annotated[
        str | None, typer.Option(help="写出项目信息填报表：cppc、beijing、jdfa 或 esc（报告用）")
    ] = None,
) -> None:
    """生成数据填报模板或项目信息填报表 / write a fill-in workbook."""
    from parkesg.io.template import write_template

    try:
        if engagement is not None:
            from parkesg.io.engagement import write_engagement_template

            write_engagement_template(engagement, output)
        elif framework is None:
            raise ParkesgError("请指定评价体系编号，或用 --engagement 写出项目信息填报表")
        else:
            fw = load_framework(framework)
            ys = [int(y) for y in years.split(",") if y.strip()] if years else _default_years(fw)
            fields = fields_for(fw)
            fields += activity_fields_for(fields)  # tce and tCO2 can be derived from these
            write_template(fields, output, years=ys, title=fw.title.zh)
    except ValueError:
        fail(ParkesgError(f"年份 “{years}” 无效，应为逗号分隔的四位年份"))
    except ParkesgError as exc:
        fail(exc)
    out.print(f"已写出模板 {output}")


def _default_years(fw: Framework) -> list[int]:
    """The years an assessment looks at, plus the earlier years its ``field[-k]`` read."""
    from datetime import date

    from parkesg.engine.wide import lags_needed

    last = date.today().year - 1
    n = fw.years + max(lags_needed(fw), default=0)
    return list(range(last - n + 1, last + 1))


@app.command("assess")
def assess_cmd(
    framework: str,
    data: Path,
    entity: Annotated[str | None, typer.Option("--entity")] = None,
    year: Annotated[list[int] | None, typer.Option("--year")] = None,
    format: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.table,
    targets: Annotated[Path | None, typer.Option(help="T/ESC 目标值表 CSV")] = None,
    select: Annotated[str | None, typer.Option(help="参评指标编号，逗号分隔（T/CPPC）")] = None,
    missing: Annotated[str | None, typer.Option(help="缺失数据规则 zero|general|exclude")] = None,
    weights: Annotated[Path | None, typer.Option(help="权重覆盖文件（YAML）")] = None,
    adjustments: Annotated[
        Path | None, typer.Option(help="现场验证调整表 CSV（T/JDFA01 6.11 综合评价）")
    ] = None,
    coefficients: Annotated[
        Path | None, typer.Option(help="能源折算自定义系数文件（YAML，见 parkesg energy）")
    ] = None,
    convention: Annotated[
        Convention,
        typer.Option(
            help="由能源活动数据折算综合能耗的电力口径：calorific 当量值 | equivalent 等价值"
        ),
    ] = Convention.calorific,
    grid: Annotated[
        str, typer.Option(help="电网排放因子系列 national | carbon_market")
    ] = "national",
    peers: Annotated[
        Path | None,
        typer.Option(help="同业参照表（parkesg rate --peers-out 写出）：对照总体而非自身评分"),
    ] = None,
    small_peers: Annotated[
        str | None,
        typer.Option(
            help="“全部”同业组仍不足最小样本时：withhold 不予评级（默认）| issue 照发并标注"
        ),
    ] = None,
    confirmed: Annotated[
        Path | None,
        typer.Option(help="暂定值确认记录（YAML：confirmed_by、date、items）；随结果保存"),
    ] = None,
) -> None:
    """评价一个或多个主体 / assess entities under a framework."""
    try:
        energy = settings_from(coefficients, convention, grid)
        fw = apply_weights(load_framework(framework), weights)
        wide, obs = load_data(data, fw)
        if entity is not None and not (wide.entity_id == entity).any():
            raise ParkesgError(f"数据中没有主体 “{entity}”")
        if missing and missing not in ("zero", "general", "exclude"):
            raise ParkesgError(f"缺失数据规则 “{missing}” 无效，可选 zero、general、exclude")
        _check_small_peers(small_peers)
        selected = _selection(fw, select)
        goals, adjusted = load_targets(targets), load_adjustments(adjustments)
        confirmation = read_confirmation(confirmed) if confirmed else None
        result = service.assess(
            fw,
            wide,
            years=assessed_years(fw, year, err),
            targets=goals,
            selected=selected,
            missing_rule=missing,
            adjustments=adjusted,
            energy=energy,
            small_peers=small_peers,
            peers=load_peers(peers),
        )
        if peers is not None and result.peer_reference is not None:
            result.peer_reference["file"] = peers.name
        if format == Fmt.json:  # peers are the whole input; only the output is narrowed
            docs = stored.documents(
                result, obs, energy, source=_framework_file(framework), frame=wide,
                selected=selected, missing_rule=missing, weights=read_weights(weights),
                targets=goals, adjustments=adjusted, confirmation=confirmation, only=entity,
            )  # fmt: skip
            print(json.dumps(docs, ensure_ascii=False, indent=2, default=str))
            return
    except ParkesgError as exc:
        fail(exc)
        return
    if entity is not None:
        result = result.only(entity)
    if format == Fmt.csv:
        from parkesg.io.safety import escape_cell

        text = result.indicators.select_dtypes(exclude="number").columns
        safe = result.indicators.assign(**{c: result.indicators[c].map(escape_cell) for c in text})
        sys.stdout.write(safe.to_csv(index=False))
    else:
        _print_result(result)


def _check_small_peers(choice: str | None) -> None:
    if choice and choice not in ("withhold", "issue"):
        raise ParkesgError(f"--small-peers “{choice}” 无效，可选 withhold、issue")


def _framework_file(ref: str) -> Path | None:
    """The framework file a user named by path (None: a shipped framework by id)."""
    path = Path(ref)
    return path if path.suffix in (".yaml", ".yml") and path.exists() else None


def _selection(fw: Framework, select: str | None) -> list[str] | None:
    if not select:
        return None
    by_no = {i.no: i.id for i in iter_indicators(fw.tree)}
    ids = set(by_no.values())
    chosen = []
    for item in (s.strip() for s in select.split(",") if s.strip()):
        if item in by_no:
            chosen.append(by_no[item])
        elif item in ids:
            chosen.append(item)
        else:
            raise ParkesgError(f"没有序号或编号为 “{item}” 的指标")
    return chosen


def _fmt(v: object, digits: int = 2) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "—"
    return f"{v:,.{digits}f}" if isinstance(v, float) else str(v)


def _print_result(result: service.AssessmentResult) -> None:
    fw = result.framework
    for (entity, yr), rows in result.indicators.groupby(["entity_id", "year"], sort=True):
        t = Table(
            "序号",
            "指标",
            "数值",
            "单位",
            "水平",
            "得分",
            "状态",
            title=f"{fw.title.zh} — {entity} {yr} 年",
        )
        for r in rows.itertuples():
            if isinstance(r.category, str):
                value = r.category
            elif r.kind == "boolean" and r.value == r.value:  # not NaN
                value = "是" if r.value > 0 else "否"
            else:
                value = _fmt(r.value)
            mark = "（暂定）" if r.provisional else ""
            status = {
                "computed": "计算",
                "reported": "填报",
                "missing": "缺数据",
                "not_computable": "不可计算",
            }[r.status]
            t.add_row(
                r.no,
                r.name_zh + mark,
                value,
                "—" if r.unit in ("1", "-", "") else r.unit,
                r.level if isinstance(r.level, str) else "",
                _fmt(r.score, 1),
                status,
            )
        out.print(t)
        tot = result.totals
        if not tot.empty:
            row = tot[(tot.entity_id == entity) & (tot.year == yr)]
            if not row.empty:
                r = row.iloc[0]
                out.print(f"书面评价：总分 {_fmt(r.score)}  等级 {r.grade or '—'}")
                if "comprehensive_score" in tot.columns:
                    out.print(
                        f"综合评价（含现场调整）：总分 {_fmt(r.comprehensive_score)}  等级 {r.comprehensive_grade or '—'}"
                    )
        sel = result.selection
        if not sel.empty:
            s = sel[(sel.entity_id == entity) & (sel.year == yr)].iloc[0]
            out.print(
                "指标选择：符合要求" if s.ok else "指标选择不符合要求：" + "；".join(s.problems)
            )


@app.command("rate")
def rate_cmd(
    framework: str,
    data: Annotated[
        str,
        typer.Argument(
            help="宽表：.parquet 文件、分区 Parquet 文件夹、.csv，或 table:库.表（Spark/Hive）"
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help=".parquet / .csv，分区输出为文件夹")
    ],
    year: Annotated[list[int] | None, typer.Option("--year")] = None,
    missing: Annotated[str | None, typer.Option()] = None,
    weights: Annotated[Path | None, typer.Option()] = None,
    backend: Annotated[str, typer.Option(help="计算后端 duckdb | spark")] = "duckdb",
    spark_master: Annotated[
        str | None, typer.Option(help="Spark 集群地址，如 spark://host:7077；默认本机 local[*]")
    ] = None,
    spark_conf: Annotated[
        list[str] | None,
        typer.Option(
            help="Spark 配置 KEY=VALUE（可重复），如 spark.sql.catalogImplementation=hive"
        ),
    ] = None,
    partition_by: Annotated[
        str | None, typer.Option(help="按列分区写出 Parquet，如 region,industry")
    ] = None,
    memory_limit: Annotated[
        str | None, typer.Option(help="内存上限，如 8GB（DuckDB；Spark 为 driver 内存）")
    ] = None,
    spill_dir: Annotated[
        Path | None, typer.Option(help="DuckDB 溢写目录（超出内存的排序与连接）")
    ] = None,
    threads: Annotated[int | None, typer.Option(help="线程数（默认全部核）")] = None,
    coefficients: Annotated[Path | None, typer.Option(help="能源折算自定义系数文件")] = None,
    convention: Annotated[Convention, typer.Option(help="电力折标口径")] = Convention.calorific,
    grid: Annotated[str, typer.Option(help="电网排放因子系列")] = "national",
    state: Annotated[
        Path | None,
        typer.Option(help="增量评级的状态文件（DuckDB）：完整评级时写出，--changes 时读取并更新"),
    ] = None,
    changes: Annotated[
        bool,
        typer.Option(
            "--changes", help="DATA 只含部分主体的新数据：按 --state 增量重评，并重写输出"
        ),
    ] = False,
    peers_out: Annotated[
        Path | None,
        typer.Option(help="另写出同业参照表（.parquet / .csv）：各年度各级同业组的统计量"),
    ] = None,
    small_peers: Annotated[
        str | None,
        typer.Option(
            help="“全部”同业组仍不足最小样本时：withhold 不予评级（默认）| issue 照发并标注"
        ),
    ] = None,
) -> None:
    """批量评级（宽表 Parquet/CSV/Hive 表，DuckDB 或 Spark）/ batch-rate many enterprises."""
    from parkesg.cli.batch import Backend, run_batch

    try:
        fw = apply_weights(load_framework(framework), weights)
        parts = tuple(p.strip() for p in (partition_by or "").split(",") if p.strip())
        conf = dict(_key_value(kv) for kv in spark_conf or [])
        _check_small_peers(small_peers)
        run_batch(
            fw,
            data,
            output,
            backend=Backend(backend, spark_master, memory_limit, spill_dir, threads, conf),
            years=year or None,
            missing=missing,
            console=out,
            partition_by=parts,
            energy=settings_from(coefficients, convention, grid),
            state=state,
            changes=changes,
            peers_out=peers_out,
            small_peers=small_peers,
        )
    except ParkesgError as exc:
        fail(exc)


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ParkesgError(f"配置应写成 KEY=VALUE，而不是 “{text}”")
    return key.strip(), value.strip()


@app.command("demo")
def demo_cmd(folder: Annotated[Path, typer.Option("-o", "--output")] = Path("demo")) -> None:
    """写出示例数据，运行四个评价体系并写出报告 / demo data, all four frameworks, reports."""
    from parkesg.demo.run import run_demo

    try:
        run_demo(folder, console=out)
    except ParkesgError as exc:
        fail(exc)


app.add_typer(energy_app, name="energy")

from parkesg.cli.reports import register as _register_reports  # noqa: E402

_register_reports(app, fail)

from parkesg.cli.web import register as _register_web  # noqa: E402

_register_web(app)

if __name__ == "__main__":
    app()
