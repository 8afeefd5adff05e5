"""Write a report from a stored run and an engagement record: check the engagement against
the standard's rules, build the context, draw the charts, render, finish, convert.

    run = assess("cppc", wide, obs)                     # or StoredRun.from_documents(docs)
    write_report("cppc", run, engagement, Path("audit.docx"), pdf=True)

A report reads the stored documents of its run (``parkesg.stored``) and never runs the engine:
the report of a closed run is the same next year. Every file reaches the user: the Beijing
report with its forms 附件2-2, 2-3 and 2-4 beside it, the T/JDFA01 report with its certificate
when one may be issued (a grade, and confirmed weights and score maps).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import pandas as pd

from parkesg import engagement_checks, service, stored
from parkesg.energy.stage import EnergySettings
from parkesg.engagement import KIND_FRAMEWORKS, Engagement, EngagementKind
from parkesg.errors import DataError
from parkesg.frameworks import load_framework, with_weights
from parkesg.reports import (
    charts,
    context_beijing,
    context_cppc,
    context_esc,
    context_jdfa,
    display,
)
from parkesg.reports.energy_section import energy_data, energy_section
from parkesg.reports.finish import finish
from parkesg.reports.pdf import to_pdf
from parkesg.reports.render import render, template_path
from parkesg.stored import Confirmation, StoredRun

REPORT_KINDS = {
    "cppc": "T/CPPC 工业园区清洁生产审核报告（附件2）",
    "beijing": "北京市工业园区绿色诊断评估报告（附件2-1，及附件2-2、2-3、2-4）",
    "jdfa": "T/JDFA01 企业 ESG 评价报告及评价证书（6.4）",
    "esc": "T/ESC 001 产业园区 ESG 报告（9.1.3）",
}
FORMS = {"beijing-2-2": "保密承诺书", "beijing-2-3": "绿色诊断评估工作确认单",
         "beijing-2-4": "绿色诊断服务工作满意度评价表"}  # fmt: skip
TEXT_WIDTH_MM = 156  # GB/T 9704 portrait text block
PHOTO_BOX_MM = (150.0, 95.0)


@dataclass
class Report:
    """The files written (report first) and what was deliberately not written, and why."""

    files: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _entity(wide: pd.DataFrame, entity: str | None) -> str:
    ids = sorted(str(x) for x in wide.entity_id.unique())
    if entity is not None:
        if entity not in ids:
            raise DataError(f"数据中没有主体 “{entity}”")
        return entity
    if len(ids) != 1:
        raise DataError(f"数据中有 {len(ids)} 个主体，请用 --entity 指定报告对象")
    return ids[0]


def _years(kind: str, wide: pd.DataFrame, who: str, years: list[int] | None) -> list[int] | None:
    """T/CPPC: the audit year and up to two years before it with data (a 3-year baseline and
    the park's best year, 5.2.2); the others: the framework's own default."""
    if years or kind != "cppc":
        return years
    mine = sorted(int(y) for y in wide[wide.entity_id.astype(str) == who].year.unique())
    return mine[-3:] or None


def assess(
    kind: str,
    wide: pd.DataFrame,
    obs: pd.DataFrame | None,
    *,
    years: list[int] | None = None,
    entity: str | None = None,
    selected: list[str] | None = None,
    missing_rule: str | None = None,
    weights: dict[str, float] | None = None,
    adjustments: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    confirmation: Confirmation | None = None,
    energy: EnergySettings | None = None,
    con: ibis.BaseBackend | None = None,
) -> StoredRun:
    """Assess with the options of ``parkesg assess`` and keep the result as a stored run
    (the documents ``parkesg assess --format json`` prints) of the report's entity; its
    peers are the whole input."""
    _kind(kind)
    fw = load_framework(KIND_FRAMEWORKS[EngagementKind(kind)])
    if weights:
        fw = with_weights(fw, weights)
    who = _entity(wide, entity)
    result = service.assess(fw, wide, years=_years(kind, wide, who, years), targets=targets,
                            selected=selected, missing_rule=missing_rule,
                            adjustments=adjustments, con=con, energy=energy)  # fmt: skip
    docs = stored.documents(result, obs, energy, frame=wide, selected=selected,
                            missing_rule=missing_rule, weights=weights, targets=targets,
                            adjustments=adjustments, confirmation=confirmation, only=who)  # fmt: skip
    if not docs:
        raise DataError("所选年份没有评价结果，无法生成报告")
    return StoredRun.from_documents(docs, who)


def _kind(kind: str) -> None:
    if kind not in REPORT_KINDS:
        raise DataError(f"报告类型 “{kind}” 无效，可选 {'、'.join(REPORT_KINDS)}")


def _photo(path: str | None) -> tuple[Path | None, float]:
    """The cover photo fitted in its box (T/CPPC 附件2 1.1 (2)); an unreadable image is an
    error naming the file."""
    if not path:
        return None, 0
    from PIL import Image, UnidentifiedImageError

    p = Path(path)
    try:
        with Image.open(p) as im:
            w, h = im.size
    except (OSError, UnidentifiedImageError) as exc:
        raise DataError("园区形象照片无法读取（应为 PNG 或 JPEG 图片）", file=p.name) from exc
    box_w, box_h = PHOTO_BOX_MM
    return p, min(box_w, box_h * w / h)


def _cppc(
    run: StoredRun,
    eng: Engagement,
    work: Path,
    energy: pd.DataFrame | None,
    settings: EnergySettings | None,
) -> tuple[dict[str, Any], dict[str, tuple[Path | None, float]]]:
    doc = run.last
    own = pd.DataFrame([{"entity_id": run.entity_id, "year": y, **v}
                        for y, v in run.data_by_year().items()])  # fmt: skip
    rows, as_kind = energy_data(own, run.entity_id, energy)
    part: dict[str, Any] = {"energy": False}
    flow = None
    warning = ""
    if rows is not None:  # 附件2 2.4.1: energy balance, carbon inventory and energy flows
        labels = context_cppc.numbering(True)
        part, flow = energy_section(rows, doc["year"], work, kind=as_kind, settings=settings,
                                    labels=labels, width_mm=TEXT_WIDTH_MM)  # fmt: skip
        warning = part.pop("energy_warning", "")
    ctx = context_cppc.context(run, eng, energy=bool(part.get("energy")))
    ctx.update(part)
    if warning:
        ctx["survey"] += f"（{warning}，能源平衡表与碳排放清单未编入。）"
    items = context_cppc.benchmarks(context_cppc.audit_doc(run))
    png = (
        charts.benchmark_bars(items, work / "benchmarks.png", width_mm=TEXT_WIDTH_MM)
        if items
        else None
    )
    photo, photo_w = _photo(eng.cover_photo)
    return ctx, {
        "chart_benchmarks": (png, TEXT_WIDTH_MM),
        "chart_energy_flow": (flow, _natural_width(flow)),
        "cover_photo": (photo, photo_w),
    }


def _natural_width(png: Path | None) -> float:
    """A chart drawn at its printed size keeps it (never wider than the text block)."""
    if png is None:
        return 0
    from PIL import Image

    with Image.open(png) as im:
        dpi = im.info.get("dpi", (charts.DPI, charts.DPI))[0] or charts.DPI
        return min(TEXT_WIDTH_MM, im.size[0] / float(dpi) * 25.4)


def _beijing(
    run: StoredRun, eng: Engagement, work: Path
) -> tuple[dict[str, Any], dict[str, tuple[Path | None, float]]]:
    ctx, data = context_beijing.context(run, eng)
    radar = charts.radar(data["labels"], data["last"], work / "radar.png", top=120, width_mm=120)
    trend = charts.trend_lines(data["years"], data["series"], work / "trend.png", ylabel="得分",
                               width_mm=TEXT_WIDTH_MM)  # fmt: skip
    return ctx, {"chart_radar": (radar, 120), "chart_trend": (trend, TEXT_WIDTH_MM)}


def _esc(
    run: StoredRun, eng: Engagement, work: Path
) -> tuple[dict[str, Any], dict[str, tuple[Path | None, float]]]:
    ctx, items = context_esc.context(run, eng)
    png = (
        charts.progress_bars(items, work / "progress.png", width_mm=TEXT_WIDTH_MM)
        if items
        else None
    )
    return ctx, {"chart_progress": (png, TEXT_WIDTH_MM)}


def _jdfa(
    run: StoredRun, eng: Engagement, work: Path
) -> tuple[dict[str, Any], dict[str, tuple[Path | None, float]]]:
    ctx = context_jdfa.context(run, eng)
    doc, peers = run.last, run.last.get("peers")
    png = None
    total = context_jdfa.final_total(doc)
    if peers and peers["n"] > 1 and total is not None:
        bands = [charts.Band(b["grade"], b["min"], b["max"], b["label"])
                 for b in run.edition.get("grades") or []]  # fmt: skip
        png = charts.peer_histogram(peers["edges"], peers["counts"], total, work / "peers.png",
                                    bands=bands, label=f"本企业 {display.score(total)} 分",
                                    width_mm=TEXT_WIDTH_MM)  # fmt: skip
    return ctx, {"chart_peers": (png, TEXT_WIDTH_MM)}


PROPERTIES = {
    "cppc": ("{park_name}清洁生产审核报告（{stage}）", "T/CPPC 工业园区清洁生产审核报告"),
    "beijing": ("{park_name}绿色诊断评估报告", "北京市工业园区绿色诊断评估报告"),
    "esc": ("{park_name}环境、社会与治理（ESG）报告", "T/ESC 001—2024 产业园区 ESG 报告"),
    "jdfa": ("{enterprise_name}ESG 评价报告", "T/JDFA01—2025 强制性清洁生产审核企业 ESG 评价"),
}


def _author(kind: str, eng: Engagement) -> str:
    """Who the document is from: the rating organisation, the diagnosis provider, the park."""
    p = eng.profile
    if kind == "jdfa":
        return eng.rating.rating_org or eng.rating.enterprise_name
    if kind == "beijing":
        return eng.park.provider_name or eng.park.park_name
    return str(eng.park.managing_body or getattr(p, "park_name", ""))


def write_report(
    kind: str,
    run: StoredRun,
    engagement: Engagement,
    out: Path,
    *,
    template: Path | None = None,
    pdf: bool = False,
    energy: pd.DataFrame | None = None,
    energy_settings: EnergySettings | None = None,
) -> Report:
    """Write the report of ``kind`` from a stored run to ``out`` and the files beside it
    (forms, certificate, PDFs). ``energy``: activity rows of the park's energy users for
    the T/CPPC report's energy balance and flow chart. Refused (``DataErrors``, by sheet and
    row) when the engagement breaks a rule of its standard."""
    _kind(kind)
    if engagement.kind.value != kind:
        raise DataError(f"项目信息填报表的类型是 {engagement.kind.value}，不能用于 {kind} 报告")
    want = KIND_FRAMEWORKS[EngagementKind(kind)]
    if run.framework_id != want:
        raise DataError(
            f"评价结果的评价体系是 {run.framework_id}，{kind} 报告需要 {want} 的评价结果"
        )
    if energy is not None and kind != "cppc":
        raise DataError("能源活动数据只用于 cppc 报告（能源平衡表与能流图）")
    engagement_checks.check(
        engagement, indicators=run.last["indicators"],
        unit_text=lambda i: display.unit(i, want), number=lambda v, i: display.number(v, i),
    )  # fmt: skip
    report = Report()
    with tempfile.TemporaryDirectory(prefix="parkesg-charts-") as tmp:
        work = Path(tmp)
        if kind == "cppc":
            ctx, images = _cppc(run, engagement, work, energy, energy_settings)
        elif kind == "beijing":
            ctx, images = _beijing(run, engagement, work)
        elif kind == "esc":
            ctx, images = _esc(run, engagement, work)
        else:
            ctx, images = _jdfa(run, engagement, work)
        title, subject = PROPERTIES[kind]
        props = {
            "title": title.format(**ctx),
            "subject": subject,
            "author": _author(kind, engagement),
        }
        report.files.append(_write(template or template_path(kind), ctx, out, props, images))
    if kind == "jdfa":
        why = context_jdfa.certificate_refusal(run, engagement)
        if why:
            hint = "（确认记录见 --confirmed）" if "确认" in why else ""
            report.notices.append(f"未出具评价证书：{why}{hint}")
        else:
            target = out.with_name(f"{out.stem}-评价证书.docx")
            cert = {**props, "title": f"{ctx['enterprise_name']}ESG 评价证书"}
            report.files.append(_write(template_path("jdfa-certificate"), ctx, target, cert))
    if kind == "beijing":
        forms_ctx = context_beijing.forms_context(engagement)
        for name, form in FORMS.items():
            label = f"附件{name.removeprefix('beijing-')}"
            target = out.with_name(f"{out.stem}-{label}{form}.docx")
            props_form = {**props, "title": f"{label} {form}"}
            report.files.append(_write(template_path(name), forms_ctx, target, props_form))
    if pdf:
        report.files += [to_pdf(p) for p in list(report.files)]
    return report


def _write(
    template: Path,
    ctx: dict[str, Any],
    out: Path,
    props: dict[str, str],
    images: dict[str, tuple[Path | None, float]] | None = None,
) -> Path:
    path = render(template, ctx, out, images=images)
    finish(path, title=props["title"], author=props["author"], subject=props["subject"])
    return path
