"""``parkesg report`` and ``parkesg report-template``: Word (and PDF) reports from data and an
engagement workbook. Thin: assessment in ``service``, arrangement in ``parkesg.reports``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parkesg.energy.schema import Convention
from parkesg.errors import ParkesgError

template_app = typer.Typer(
    help="报告模板：导出后可在 Word 中修改（加信头、徽标），再用 --template 使用 / report templates.",
    no_args_is_help=True,
)


def register(app: typer.Typer, fail: object) -> None:
    """Add the report commands to the main app (``fail`` prints one line and exits 2)."""

    @app.command("report")
    def report_cmd(
        kind: Annotated[
            str,
            typer.Argument(
                help="cppc（T/CPPC 审核报告）、beijing（北京绿色诊断报告）、jdfa（企业 ESG 评价报告）或 esc（园区 ESG 报告）"
            ),
        ],
        data: Annotated[
            Path, typer.Argument(help="评价数据：填报表 .xlsx、CSV 或 Parquet（jdfa 为企业宽表）")
        ],
        engagement: Annotated[
            Path, typer.Argument(help="项目信息填报表 .xlsx（parkesg template --engagement）")
        ],
        output: Annotated[Path, typer.Option("-o", "--output")] = Path("report.docx"),
        pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 转换为 PDF")] = False,
        template: Annotated[Path | None, typer.Option(help="使用修改过的报告模板 .docx")] = None,
        year: Annotated[list[int] | None, typer.Option("--year", help="评价年份（可重复）")] = None,
        entity: Annotated[str | None, typer.Option(help="数据含多个主体时指定报告对象")] = None,
        adjustments: Annotated[
            Path | None, typer.Option(help="现场验证调整表 CSV（jdfa 综合评价，6.11）")
        ] = None,
        targets: Annotated[Path | None, typer.Option(help="基准值与目标值表 CSV（esc）")] = None,
        energy: Annotated[
            Path | None,
            typer.Option(help="重点用能企业能源活动数据（cppc：能源平衡表与能流图，5.3.2 (2) ②）"),
        ] = None,
        coefficients: Annotated[
            Path | None, typer.Option(help="自定义折标与排放系数文件（YAML）")
        ] = None,
        convention: Annotated[
            Convention, typer.Option(help="电力折标口径：calorific 当量值 | equivalent 等价值")
        ] = Convention.calorific,
    ) -> None:
        """生成报告（Word，可选 PDF）/ write a report."""
        from parkesg.cli.data import load_adjustments, load_data, load_targets
        from parkesg.cli.energy import settings_from
        from parkesg.engagement import KIND_FRAMEWORKS, EngagementKind
        from parkesg.frameworks import load_framework
        from parkesg.io.engagement import read_engagement
        from parkesg.reports.write import REPORT_KINDS, write_report

        try:
            if kind not in REPORT_KINDS:
                raise ParkesgError(f"报告类型 “{kind}” 无效，可选 {'、'.join(REPORT_KINDS)}")
            if template is not None and not template.exists():
                raise ParkesgError(f"报告模板不存在：{template}")
            eng = read_engagement(engagement)
            fw = load_framework(KIND_FRAMEWORKS[EngagementKind(kind)])
            wide, obs = load_data(data, fw)
            if energy is not None and kind != "cppc":
                raise ParkesgError("--energy 只用于 cppc 报告（能源平衡表与能流图）")
            activity = load_data(energy)[0] if energy is not None else None
            files = write_report(kind, wide, obs, eng, output, template=template, pdf=pdf,
                                 years=year or None, entity=entity,
                                 adjustments=load_adjustments(adjustments),
                                 targets=load_targets(targets), energy=activity,
                                 energy_settings=settings_from(coefficients, convention))  # fmt: skip
        except ParkesgError as exc:
            fail(exc)  # type: ignore[operator]
            return
        for f in files:
            typer.echo(f"已写出 {f}")

    app.add_typer(template_app, name="report-template")


@template_app.command("export")
def export_cmd(
    kind: Annotated[
        str,
        typer.Argument(
            help="cppc、beijing、beijing-2-2、beijing-2-3、beijing-2-4、jdfa、jdfa-certificate、esc"
        ),
    ],
    folder: Annotated[Path, typer.Argument(help="导出到的文件夹")],
) -> None:
    """导出内置报告模板 / copy a shipped template out for editing."""
    from parkesg.cli.main import fail
    from parkesg.reports.render import export_template

    try:
        typer.echo(f"已导出 {export_template(kind, folder)}")
    except ParkesgError as exc:
        fail(exc)
