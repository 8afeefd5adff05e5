"""``parkesg report``, ``parkesg pdf`` and ``parkesg report-template``: Word (and PDF) reports
from a stored result (or from data with the options of ``assess``) and an engagement
workbook. Thin: assessment in ``service``, arrangement in ``parkesg.reports``."""

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
ASSESS_OPTIONS = ("--year", "--select", "--weights", "--missing", "--adjustments", "--targets")


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
            Path,
            typer.Argument(
                help="评价结果 .json（parkesg assess --format json 的输出），或评价数据：填报表 .xlsx、CSV、Parquet"
            ),
        ],
        engagement: Annotated[
            Path, typer.Argument(help="项目信息填报表 .xlsx（parkesg template --engagement）")
        ],
        output: Annotated[Path, typer.Option("-o", "--output")] = Path("report.docx"),
        pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 转换为 PDF")] = False,
        template: Annotated[Path | None, typer.Option(help="使用修改过的报告模板 .docx")] = None,
        year: Annotated[list[int] | None, typer.Option("--year", help="评价年份（可重复）")] = None,
        entity: Annotated[str | None, typer.Option(help="含多个主体时指定报告对象")] = None,
        select: Annotated[str | None, typer.Option(help="参评指标编号，逗号分隔（T/CPPC）")] = None,
        missing: Annotated[
            str | None, typer.Option(help="缺失数据规则 zero|general|exclude")
        ] = None,
        weights: Annotated[Path | None, typer.Option(help="权重覆盖文件（YAML）")] = None,
        adjustments: Annotated[
            Path | None, typer.Option(help="现场验证调整表 CSV（jdfa 综合评价，6.11）")
        ] = None,
        targets: Annotated[Path | None, typer.Option(help="基准值与目标值表 CSV（esc）")] = None,
        confirmed: Annotated[
            Path | None,
            typer.Option(
                help="暂定值确认记录（YAML：confirmed_by、date、items）；jdfa 出具证书须有"
            ),
        ] = None,
        photo: Annotated[
            Path | None, typer.Option(help="园区形象照片 PNG/JPEG（cppc 封面，附件2 1.1 (2)）")
        ] = None,
        energy: Annotated[
            Path | None,
            typer.Option(help="重点用能企业能源活动数据（cppc：能源平衡表、碳排放清单与能流图）"),
        ] = None,
        coefficients: Annotated[
            Path | None, typer.Option(help="自定义折标与排放系数文件（YAML）")
        ] = None,
        convention: Annotated[
            Convention, typer.Option(help="电力折标口径：calorific 当量值 | equivalent 等价值")
        ] = Convention.calorific,
    ) -> None:
        """生成报告（Word，可选 PDF）/ write a report from a stored result or from data."""
        from parkesg.cli.data import load_adjustments, load_data, load_targets, read_weights
        from parkesg.cli.energy import settings_from
        from parkesg.engagement import KIND_FRAMEWORKS, EngagementKind
        from parkesg.frameworks import load_framework
        from parkesg.io.engagement import read_engagement
        from parkesg.reports.write import REPORT_KINDS, assess, write_report
        from parkesg.stored import StoredRun, read_confirmation, read_result_file

        try:
            if kind not in REPORT_KINDS:
                raise ParkesgError(f"报告类型 “{kind}” 无效，可选 {'、'.join(REPORT_KINDS)}")
            if template is not None and not template.exists():
                raise ParkesgError(f"报告模板不存在：{template}")
            eng = read_engagement(engagement)
            if photo is not None:
                if not photo.exists():
                    raise ParkesgError(f"园区形象照片不存在：{photo}")
                eng = eng.model_copy(update={"cover_photo": str(photo)})
            confirmation = read_confirmation(confirmed) if confirmed else None
            settings = settings_from(coefficients, convention)
            if data.suffix.lower() == ".json":  # a stored result: its options are in it
                given = [name for name, v in zip(ASSESS_OPTIONS, (year, select, weights, missing,
                         adjustments, targets), strict=True) if v]  # fmt: skip
                if given:
                    raise ParkesgError(
                        f"评价结果文件已含评价时的选项，不能再指定 {'、'.join(given)}"
                    )
                run = StoredRun.from_documents(read_result_file(data), entity)
                if confirmation is not None:
                    run = run.with_confirmation(confirmation)
            else:
                fw = load_framework(KIND_FRAMEWORKS[EngagementKind(kind)])
                wide, obs = load_data(data, fw)
                if missing and missing not in ("zero", "general", "exclude"):
                    raise ParkesgError(
                        f"缺失数据规则 “{missing}” 无效，可选 zero、general、exclude"
                    )
                run = assess(kind, wide, obs, years=year or None, entity=entity,
                             selected=_selection(fw, select), missing_rule=missing,
                             weights=read_weights(weights) or None,
                             adjustments=load_adjustments(adjustments),
                             targets=load_targets(targets), confirmation=confirmation,
                             energy=settings)  # fmt: skip
            if energy is not None and kind != "cppc":
                raise ParkesgError("--energy 只用于 cppc 报告（能源平衡表与能流图）")
            activity = load_data(energy)[0] if energy is not None else None
            report = write_report(kind, run, eng, output, template=template, pdf=pdf,
                                  energy=activity, energy_settings=settings)  # fmt: skip
        except ParkesgError as exc:
            fail(exc)  # type: ignore[operator]
            return
        for f in report.files:
            typer.echo(f"已写出 {f}")
        for n in report.notices:
            typer.echo(n)

    @app.command("pdf")
    def pdf_cmd(
        files: Annotated[list[Path], typer.Argument(help="Word 文件 .docx（可多个）")],
        output: Annotated[
            Path | None, typer.Option("-o", "--output", help="PDF 文件（只转换一个文件时）")
        ] = None,
    ) -> None:
        """把 Word 报告转换为 PDF（LibreOffice，使用本项目的中文字体映射）/ convert to PDF."""
        from parkesg.reports.pdf import to_pdf

        try:
            if output is not None and len(files) != 1:
                raise ParkesgError("-o 只能用于转换一个文件")
            for f in files:
                if not f.exists():
                    raise ParkesgError(f"文件不存在：{f}")
                if f.suffix.lower() != ".docx":
                    raise ParkesgError(f"只能转换 .docx 文件：{f}")
            done = [to_pdf(f, output) for f in files]
        except ParkesgError as exc:
            fail(exc)  # type: ignore[operator]
            return
        for p in done:
            typer.echo(f"已写出 {p}")

    app.add_typer(template_app, name="report-template")


def _selection(fw: object, select: str | None) -> list[str] | None:
    from parkesg.cli.main import _selection as selection

    return selection(fw, select)  # type: ignore[arg-type]


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
