"""The context of the T/ESC 001 park ESG report (9.1.3): KPI values and progress from the
stored run, grouped by dimension and core issue as 表A.1 prints them; baselines and targets
as the park set them (6.3.1, 6.3.2) and stored with the run; data sources by the categories
of 9.1.2 a)–e) in that order."""

from __future__ import annotations

from typing import Any

from parkesg import formatting
from parkesg.engagement import Engagement
from parkesg.reports import display
from parkesg.reports.common import edition_note, nodes
from parkesg.reports.provisional import Marks, annex_rows, confirmation_text
from parkesg.stored import StoredRun

FW = "t-esc-001-2024"
BASIS = "T/ESC 001—2024《产业园区环境、社会与治理（ESG）管理体系 要求及使用指南》"
# 9.1.2 a)–e), as the standard words them; then anything a user typed that fits none
CATEGORIES = (
    ("a", "国家、地方等主管部门公开的数据", ("政府部门公开数据", "official", "主管部门")),
    ("b", "研究机构提供的研究数据", ("研究机构数据", "research", "研究机构")),
    ("c", "利益相关方反馈的数据", ("利益相关方反馈", "stakeholder", "利益相关方")),
    ("d", "产业园区统计部门提供的数据", ("园区统计数据", "park_statistics", "统计部门")),
    ("e", "其他具有公信力的数据", ("其他可信数据", "other", "其他具有公信力")),
)


def category(source: str | None) -> tuple[int, str]:
    """(order, label) of a source as 9.1.2 a)–e); an unknown one comes last, as given."""
    text = (source or "").strip()
    for n, (letter, label, words) in enumerate(CATEGORIES):
        if text.startswith(f"{letter})") or text == letter or any(w in text for w in words):
            return n, f"{letter}) {label}"
    return len(CATEGORIES), text or "未注明来源"


def _sources(doc: dict[str, Any]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, int], dict[str, Any]] = {}
    for i in doc["indicators"]:
        for item in i["trace"].get("inputs", []):
            key = (item["field"], item["year"])
            if key not in seen:
                order, label = category(item.get("source"))
                seen[key] = {"order": order, "category": label, "name": item["name_zh"],
                             "year": f"{item['year']} 年", "evidence": item.get("evidence") or display.DASH}  # fmt: skip
    return sorted(seen.values(), key=lambda s: (s["order"], s["name"], s["year"]))


def _goal(v: Any, ind: dict[str, Any]) -> str:
    if v is None:
        return display.DASH
    if ind.get("kind") == "boolean":
        return formatting.boolean(v)
    return display.number(v, ind)


def _kpis(
    run: StoredRun, marks: Marks, only: list[str] | None = None
) -> tuple[list[dict[str, Any]], list[tuple[str, float]], dict[str, int]]:
    """(rows of table 2, progress bars, tally) over the run's KPIs, or over ``only``'s."""
    doc = run.last
    tree = {n["id"]: n for n in nodes(run)}
    goals = doc.get("targets") or {}
    rows, bars = [], []
    tally = {"reached": 0, "better": 0, "worse": 0, "set": 0}
    for i in _reported(doc, only):
        issue = tree.get(i.get("node") or "", {})
        dimension = tree.get(issue.get("parent") or "", {})
        base, target = (goals.get(i["id"]) or [None, None])[:2]
        if i["score"] is not None:
            progress = display.score(i["score"], marks.indicator(i))
            tally["set"] += 1
            tally["reached" if i["score"] >= 100 else "better" if i["score"] > 0 else "worse"] += 1
            bars.append((f"{i['no']} {i['name_zh']}", float(i["score"])))
        elif i["id"] not in goals:
            progress = "未设目标"
        else:
            progress = (
                display.value(i) if i["status"] in ("missing", "not_computable") else display.DASH
            )
        rows.append({"dimension": dimension.get("name_zh", ""), "issue": issue.get("name_zh", ""),
                     "no": i["no"], "name": i["name_zh"], "unit": display.unit(i, FW),
                     "baseline": _goal(base, i), "target": _goal(target, i),
                     "value": display.value(i), "progress": progress})  # fmt: skip
    return rows, bars, tally


def _reported(doc: dict[str, Any], only: list[str] | None) -> list[dict[str, Any]]:
    """The KPIs a report shows: all, or a single-issue disclosure's (9.1.3)."""
    inds: list[dict[str, Any]] = doc["indicators"]
    return inds if only is None else [i for i in inds if i["id"] in set(only)]


def _outlook(tally: dict[str, int], year: int, n: int) -> str:
    if not tally["set"]:
        return f"本报告期 {n} 项关键绩效指标均未设定基准值与目标值，目标完成情况待设定后评价。"
    return (f"{year} 年，{n} 项关键绩效指标中 {tally['set']} 项设定了基准值与目标值并有当年数据："
            f"已达到目标 {tally['reached']} 项，较基准值改善、尚未达到目标 {tally['better']} 项，"
            f"较基准值未改善 {tally['worse']} 项（表 2、图 1）。")  # fmt: skip


def context(run: StoredRun, eng: Engagement) -> tuple[dict[str, Any], list[tuple[str, float]]]:
    """(template context, KPI progress bars)."""
    doc = run.last
    p = eng.park
    marks = Marks.of(run)
    kpis, bars, tally = _kpis(run, marks, eng.kpis_only)
    sources = _sources({**doc, "indicators": _reported(doc, eng.kpis_only)})
    kinds = list(dict.fromkeys(s["category"] for s in sources))
    issues = [{"dimension": c.dimension or display.DASH, "issue": c.issue,
               "achievements": c.achievements or "（待填写：取得成效）",
               "measures": c.measures or "（待填写：重点举措）"} for c in eng.core_issues]  # fmt: skip
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
        "source_kinds": "、".join(kinds) if kinds else "（待填写：数据来源）",
        "core_issues": display.blank_rows(
            issues, ["issue", "dimension", "achievements", "measures"]
        ),
        "year": doc["year"],
        "kpi_summary": (
            f"本专项披露报告跟踪核心议题“{'、'.join(c.issue for c in eng.core_issues)}”"
            if eng.kpis_only is not None
            else "本报告跟踪附录A 表A.1"
        )
        + f"的 {len(kpis)} 项关键绩效指标，按维度和核心议题列于表 2；"
        f"其中 {tally['set']} 项已设基准值（6.3.1）和目标值（6.3.2）并有当年数据。",
        "kpis": kpis,
        "kpi_note": marks.note("进度")
        if any(marks.indicator(i) for i in _reported(doc, eng.kpis_only))
        else "",
        "outlook": _outlook(tally, doc["year"], len(kpis)),
        "conclusions": [c.content for c in eng.conclusions],
        "sources": display.blank_rows(sources, ["category", "name", "year", "evidence"]),
        "provisional_rows": annex_rows(run, marks),
        "confirmation": confirmation_text(marks),
        "edition_note": edition_note(run),
    }, bars
