"""The context of the T/CPPC audit report: engagement records plus the assessment's JSON.

Every indicator value, level, threshold and the selection check come from ``to_json`` (the
engine's result and trace); the engagement gives people, plans, focus, options and text.
"""

from __future__ import annotations

from typing import Any

from parkesg.engagement import Engagement
from parkesg.frameworks import iter_indicators
from parkesg.frameworks.schema import Framework
from parkesg.reports import display
from parkesg.reports.charts import Benchmark

LEVEL_MARK = {
    "未达一般": ("▲未达一般", "F4CCCC"),
    "一般": ("△一般", "FFF2CC"),
    "先进": ("先进", "E2EFDA"),
}


def _threshold(t: dict[str, Any] | None, key: str, kind: str) -> str:
    if not t:
        return "—"
    if t.get(key) is not None:
        return display.number(t[key])
    if t.get("required") is not None:  # one requirement for both levels (100 %, 具备, 0 次)
        return "具备" if kind == "boolean" else f"{display.number(t['required'])}"
    return "—"


def indicator_rows(doc: dict[str, Any], fw: Framework) -> list[dict[str, Any]]:
    meta = {i.id: i for i in iter_indicators(fw.tree)}
    rows = []
    for i in doc["indicators"]:
        ind = meta[i["id"]]
        kind = ind.kind.value
        level, bg = LEVEL_MARK.get(i["level"] or "", (display.value(i, kind), "FFFFFF"))
        t = i["trace"]["thresholds"]
        rows.append(
            {
                "no": i["no"],
                "name": i["name_zh"] + ("（暂定）" if i["provisional"] else ""),
                "unit": display.unit(i["unit"]),
                "selection": "必选" if ind.selection == "mandatory" else "可选",
                "value": display.value(i, kind),
                "general": _threshold(t, "general", kind),
                "advanced": _threshold(t, "advanced", kind),
                "level": level,
                "bg": bg,
            }
        )
    return rows


def benchmarks(doc: dict[str, Any]) -> list[Benchmark]:
    """The shortfalls with numeric values and both levels, for the comparison chart."""
    short = {s["id"] for s in doc["shortfalls"]}
    out = []
    for i in doc["indicators"]:
        t = i["trace"]["thresholds"] or {}
        if i["id"] in short and isinstance(i["value"], int | float) and "general" in t:
            out.append(
                Benchmark(i["name_zh"], i["unit"], i["value"], t.get("general"), t.get("advanced"))
            )
    return out


def _targets(eng: Engagement, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """A target naming an evaluated indicator (序号, id or name) takes its current value and
    unit from the assessment; any other target keeps what the team entered."""
    by_key: dict[str, dict[str, Any]] = {}
    for i in doc["indicators"]:
        for key in (i["no"], i["id"], i["name_zh"]):
            by_key[key] = i
    rows = []
    for n, t in enumerate(eng.targets, start=1):
        hit = by_key.get(t.indicator)
        if hit is not None:
            name, unit = f"{hit['no']} {hit['name_zh']}", display.unit(hit["unit"])
            current = f"{display.value(hit, 'quantitative')}（{doc['year']} 年评价）"
        else:
            name, unit, current = t.indicator, t.unit or "—", display.number(t.current)
        rows.append({"no": n, "indicator": name, "unit": unit, "current": current,
                     "near": display.number(t.near), "mid": display.number(t.mid),
                     "long": display.number(t.long)})  # fmt: skip
    return rows


def _selection_text(doc: dict[str, Any]) -> str:
    sel = doc.get("selection")
    if not sel:
        return ""
    n = len(sel["selected"])
    if sel["ok"]:
        return f"本次评价选用指标 {n} 项，满足附件1“必选指标全部完成、可选指标至少 6 项、共计至少 19 项”的要求。"
    return f"本次评价选用指标 {n} 项，不满足附件1的选择要求：" + "；".join(sel["problems"]) + "。"


def _summary(doc: dict[str, Any]) -> str:
    levels = [i["level"] for i in doc["indicators"]]
    n = {name: levels.count(name) for name in ("先进", "一般", "未达一般")}
    other = len(levels) - sum(n.values())
    tail = f"，未能评价 {other} 项（缺数据或不可计算）" if other else ""
    return (f"依据附件1评价指标体系，对园区 {doc['year']} 年的 {len(levels)} 项指标对标清洁生产"
            f"一般水平和先进水平：达到先进水平 {n['先进']} 项、一般水平 {n['一般']} 项、"
            f"未达一般水平 {n['未达一般']} 项{tail}（表 4-1）。")  # fmt: skip


def context(doc: dict[str, Any], fw: Framework, eng: Engagement) -> dict[str, Any]:
    p = eng.park
    options = [
        {**o.model_dump(), "no": n, "investment": display.number(o.investment),
         "level": o.level or "—", "summary": o.summary or ""}
        for n, o in enumerate(eng.options, start=1)
    ]  # fmt: skip
    by_status: dict[str, int] = {}
    for o in eng.options:
        by_status[o.status or "未填实施情况"] = by_status.get(o.status or "未填实施情况", 0) + 1
    return {
        "park_name": p.park_name,
        "stage": p.report_stage or "送审稿",
        "managing_body": p.managing_body or "（待填写：园区管理机构名称）",
        "provider_name": p.provider_name or "",
        "report_month": p.report_month or "（待填写：报告编制时间）",
        "preface": display.text(p.preface, "前言"),
        "background": display.text(p.background, "项目概况"),
        "scope": display.text(p.scope, "审核范围"),
        "leadership": display.text(p.leadership, "取得领导支持和参与"),
        "training": display.text(p.training, "宣传教育和培训"),
        "survey": display.text(p.survey, "现状调查"),
        "warnings": [],
        "team": [m.model_dump() for m in eng.team],
        "plan": [{**s.model_dump(), "no": n} for n, s in enumerate(eng.plan, start=1)],
        "year": doc["year"],
        "indicators": indicator_rows(doc, fw),
        "evaluation_summary": _summary(doc),
        "selection_text": _selection_text(doc),
        "shortfalls": [f"{s['no']} {s['name_zh']}（{s['level']}）" for s in doc["shortfalls"]]
        or ["无"],
        "focus": [f.model_dump() for f in eng.focus],
        "targets": _targets(eng, doc),
        "findings": [{**f.model_dump(), "level": f.level or "—"} for f in eng.findings],
        "options": options,
        "options_summary": f"本轮审核共产生清洁生产方案 {len(options)} 项（"
        + "、".join(f"{k} {v} 项" for k, v in by_status.items())
        + "），汇总见表 6-1。",
        "conclusions": [
            c.content for c in eng.conclusions if c.kind in ("结论", "工作亮点", "存在问题")
        ]
        or ["（待填写：结论）"],
        "advice": [c.content for c in eng.conclusions if c.kind == "建议"] or ["（待填写：建议）"],
        "continuing": [c.model_dump() for c in eng.continuing],
    }
