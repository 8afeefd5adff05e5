"""Write a report: assess with the core, build the context, draw charts, render, convert.

    write_report("cppc", wide, obs, engagement, Path("audit.docx"), pdf=True)

The numbers come from ``service.assess`` and ``explain.to_json``; this module only arranges
them. The Beijing report is written with its three forms beside it (附件2-2, 2-3, 2-4).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import ibis
import pandas as pd

from parkesg import service
from parkesg.energy.stage import EnergySettings
from parkesg.engagement import KIND_FRAMEWORKS, Engagement, EngagementKind
from parkesg.errors import DataError
from parkesg.explain import to_json
from parkesg.frameworks import load_framework
from parkesg.reports import charts, context_beijing, context_cppc, context_esc, context_jdfa
from parkesg.reports.energy_section import energy_data, energy_section
from parkesg.reports.pdf import to_pdf
from parkesg.reports.render import render, template_path

REPORT_KINDS = {
    "cppc": "T/CPPC 工业园区清洁生产审核报告（附件2）",
    "beijing": "北京市工业园区绿色诊断评估报告（附件2-1，及附件2-2、2-3、2-4）",
    "jdfa": "T/JDFA01 企业 ESG 评价报告及评价证书（6.4）",
    "esc": "T/ESC 001 产业园区 ESG 报告（9.1.3）",
}
FORMS = {"beijing-2-2": "保密承诺书", "beijing-2-3": "绿色诊断评估工作确认单",
         "beijing-2-4": "绿色诊断服务工作满意度评价表"}  # fmt: skip
CHART_WIDTH_MM = 150


def _entity(wide: pd.DataFrame, entity: str | None) -> str:
    ids = sorted(str(x) for x in wide.entity_id.unique())
    if entity is not None:
        if entity not in ids:
            raise DataError(f"数据中没有主体 “{entity}”")
        return entity
    if len(ids) != 1:
        raise DataError(f"数据中有 {len(ids)} 个主体，请用 --entity 指定报告对象")
    return ids[0]


def assess_for_report(
    kind: str,
    wide: pd.DataFrame,
    obs: pd.DataFrame | None,
    *,
    years: list[int] | None = None,
    entity: str | None = None,
    targets: pd.DataFrame | None = None,
    con: ibis.BaseBackend | None = None,
) -> list[dict[str, Any]]:
    """The assessment documents (``to_json``) of the report's entity, one per year."""
    fw = load_framework(KIND_FRAMEWORKS[EngagementKind(kind)])
    who = _entity(wide, entity)
    result = service.assess(fw, wide, years=years, targets=targets, con=con).only(who)
    return to_json(result, obs)


def _cppc(
    docs: list[dict[str, Any]],
    eng: Engagement,
    work: Path,
    energy: tuple[pd.DataFrame, str] | None,
    settings: EnergySettings | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    fw = load_framework("t-cppc-park-cpa")
    doc = docs[-1]  # T/CPPC evaluates the audit year
    ctx = context_cppc.context(doc, fw, eng)
    sel = doc.get("selection")
    if sel and not sel["ok"]:
        ctx["warnings"] = ["指标选择不符合附件1要求：" + "；".join(sel["problems"])]
    items = context_cppc.benchmarks(doc)
    png = charts.benchmark_bars(items, work / "benchmarks.png") if items else None
    flow = None
    ctx["energy"] = False
    if energy is not None:  # 5.3.2 (2) ②: balance, carbon inventory and energy flows
        part, flow = energy_section(energy[0], doc["year"], work, kind=energy[1], settings=settings)
        ctx.update(part)
        if "energy_warning" in part:
            ctx["warnings"].append(part["energy_warning"])
    ctx["findings_table"] = "5-3" if ctx["energy"] else "5-1"
    return ctx, {
        "chart_benchmarks": (png, CHART_WIDTH_MM),
        "chart_energy_flow": (flow, CHART_WIDTH_MM),
    }


def _beijing(
    docs: list[dict[str, Any]], eng: Engagement, obs: pd.DataFrame | None, work: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    fw = load_framework("bj-green-diagnosis")
    ctx, data = context_beijing.context(docs, fw, eng, obs)
    radar = charts.radar(data["labels"], data["last"], work / "radar.png", top=120)
    trend = charts.trend_lines(data["years"], data["series"], work / "trend.png", ylabel="得分")
    return ctx, {"chart_radar": (radar, 100), "chart_trend": (trend, CHART_WIDTH_MM)}


def _jdfa(
    wide: pd.DataFrame,
    obs: pd.DataFrame | None,
    eng: Engagement,
    work: Path,
    *,
    years: list[int] | None,
    entity: str | None,
    adjustments: pd.DataFrame | None,
    con: ibis.BaseBackend | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Rate the whole input (peers are the whole run), then report one enterprise."""
    fw = load_framework("t-jdfa-01-2025")
    who = _entity(wide, entity)
    result = service.assess(fw, wide, years=years, adjustments=adjustments, con=con)
    docs = to_json(result.only(who), obs)
    if not docs:
        raise DataError("所选年份没有评价结果，无法生成报告")
    doc = docs[-1]
    row = wide[(wide.entity_id == who) & (wide.year == doc["year"])].iloc[0].to_dict()
    tot = result.totals[result.totals.year == doc["year"]]
    if "industry" in wide.columns and row.get("industry"):
        same = wide[(wide.industry == row["industry"]) & (wide.year == doc["year"])].entity_id
        tot = tot[tot.entity_id.isin(same)]
    peers = [float(v) for v in tot.score.dropna()]
    ctx = context_jdfa.context(doc, fw, eng, row, peers)
    png = None
    if len(peers) > 1 and doc["total"] is not None:
        png = charts.peer_distribution(peers, doc["total"], work / "peers.png",
                                       label=f"本企业 {doc['total']:.1f}", xlabel="ESG 总分")  # fmt: skip
    return ctx, {"chart_peers": (png, CHART_WIDTH_MM)}


def write_report(
    kind: str,
    wide: pd.DataFrame,
    obs: pd.DataFrame | None,
    engagement: Engagement,
    out: Path,
    *,
    template: Path | None = None,
    pdf: bool = False,
    years: list[int] | None = None,
    entity: str | None = None,
    adjustments: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    con: ibis.BaseBackend | None = None,
    energy: pd.DataFrame | None = None,
    energy_settings: EnergySettings | None = None,
) -> list[Path]:
    """Write the report of ``kind`` to ``out`` (and forms, PDFs); returns every file written.
    ``energy``: activity rows of the park's energy users for the T/CPPC report's energy
    balance and flow chart (default: the park's own activity fields in ``wide``, if any)."""
    if kind not in REPORT_KINDS:
        raise DataError(f"报告类型 “{kind}” 无效，可选 {'、'.join(REPORT_KINDS)}")
    if engagement.kind.value != kind:
        raise DataError(f"项目信息填报表的类型是 {engagement.kind.value}，不能用于 {kind} 报告")
    written = []
    with tempfile.TemporaryDirectory(prefix="parkesg-charts-") as tmp:
        work = Path(tmp)
        if kind == "jdfa":
            ctx, images = _jdfa(wide, obs, engagement, work, years=years, entity=entity,
                                adjustments=adjustments, con=con)  # fmt: skip
        else:
            docs = assess_for_report(
                kind, wide, obs, years=years, entity=entity, targets=targets, con=con
            )
            if not docs:
                raise DataError("所选年份没有评价结果，无法生成报告")
            if kind == "cppc":
                rows, as_kind = energy_data(wide, docs[-1]["entity_id"], energy)
                given = (rows, as_kind) if rows is not None else None
                ctx, images = _cppc(docs, engagement, work, given, energy_settings)
            elif kind == "esc":
                fw = load_framework("t-esc-001-2024")
                ctx, images = context_esc.context(docs[-1], fw, engagement, targets), {}
            else:
                ctx, images = _beijing(docs, engagement, obs, work)
        written.append(render(template or template_path(kind), ctx, out, images=images))
    if kind == "jdfa":
        target = out.with_name(f"{out.stem}-评价证书.docx")
        written.append(render(template_path("jdfa-certificate"), ctx, target))
    if kind == "beijing":
        forms_ctx = context_beijing.forms_context(engagement)
        for name, title in FORMS.items():
            target = out.with_name(f"{out.stem}-附件{name.removeprefix('beijing-')}{title}.docx")
            written.append(render(template_path(name), forms_ctx, target))
    if pdf:
        written += [to_pdf(p) for p in list(written)]
    return written
