"""The context of the T/ESC 001 park ESG report (9.1.3): KPI values and progress from
``to_json``, baselines and targets as the park set them (6.3.1, 6.3.2), sources from traces."""

from __future__ import annotations

from typing import Any

import pandas as pd

from parkesg.engagement import Engagement
from parkesg.frameworks import iter_indicators
from parkesg.frameworks.schema import Framework
from parkesg.reports import display

BASIS = "T/ESC 001—2024《产业园区环境、社会与治理（ESG）管理体系 要求及使用指南》"


def _dimension(fw: Framework) -> dict[str, str]:
    return {i.id: n.name.zh for n in fw.tree for i in iter_indicators([n])}


def _sources(doc: dict[str, Any]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, int], dict[str, Any]] = {}
    for i in doc["indicators"]:
        for item in i["trace"].get("inputs", []):
            key = (item["field"], item["year"])
            if key not in seen:
                seen[key] = {"name": item["name_zh"], "year": item["year"],
                             "source": item.get("source") or "—", "evidence": item.get("evidence") or "—"}  # fmt: skip
    return sorted(seen.values(), key=lambda s: (s["name"], s["year"]))


def context(
    doc: dict[str, Any], fw: Framework, eng: Engagement, targets: pd.DataFrame | None
) -> dict[str, Any]:
    p = eng.park
    dim = _dimension(fw)
    goal: dict[str, tuple[float, float]] = {}
    if targets is not None:
        mine = targets[targets.entity_id.astype(str) == doc["entity_id"]]
        goal = {r.indicator_id: (r.baseline, r.target) for r in mine.itertuples()}
    kpis = []
    for i in doc["indicators"]:
        base, tgt = goal.get(i["id"], (None, None))
        progress = (
            display.score(i["score"], i["provisional"])
            if i["score"] is not None
            else ("未设目标" if i["id"] not in goal else display.value(i, "quantitative"))
        )
        kpis.append({"dimension": dim[i["id"]], "no": i["no"], "name": i["name_zh"],
                     "unit": display.unit(i["unit"]), "baseline": display.number(base),
                     "target": display.number(tgt), "value": display.value(i, "quantitative"),
                     "progress": progress})  # fmt: skip
    sources = _sources(doc)
    kinds = sorted({s["source"] for s in sources if s["source"] != "—"})
    with_progress = [
        k
        for k in kpis
        if k["progress"] not in ("未设目标", "缺数据") and not k["progress"].startswith("不可计算")
    ]
    return {
        "park_name": p.park_name,
        "managing_body": p.managing_body or "",
        "report_month": p.report_month or "",
        "report_period": p.report_period or f"{doc['year']} 年度",
        "scope": display.text(p.scope, "报告范围"),
        "basis": p.basis or BASIS,
        "publication": display.text(p.publication, "发布方式"),
        "history": display.text(p.history, "发展历程"),
        "honours": display.text(p.honours, "获得荣誉"),
        "mission": display.text(p.mission, "园区宗旨"),
        "esg_organisation": display.text(p.esg_organisation, "ESG 管理机构"),
        "source_kinds": "、".join(kinds) or "（无来源记录）",
        "core_issues": [
            {**c.model_dump(), "dimension": c.dimension or "—"} for c in eng.core_issues
        ],
        "year": doc["year"],
        "kpi_summary": f"本报告跟踪附录A 表A.1 的 {len(kpis)} 项关键绩效指标，其中 {len(with_progress)} 项"
        "已设基准值和目标值并有当年数据，完成情况见表 2。",
        "kpis": kpis,
        "conclusions": [c.content for c in eng.conclusions] or ["（待填写：结论与展望）"],
        "sources": sources,
    }
