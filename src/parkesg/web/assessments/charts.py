"""The data of the results page's ECharts charts, read from the stored results (drawn in the
browser by ``static/parkesg/assessments.js``): benchmark bars, trends over the years assessed,
radar of group scores, peer distribution. Numbers are the engine's; nothing is scored here.
"""

from __future__ import annotations

from typing import Any

from parkesg.frameworks import iter_indicators, load_framework
from parkesg.web.assessments.results import LEVEL_ORDER


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def bars(doc: dict[str, Any]) -> dict[str, Any]:
    """Each quantitative indicator of the last year against its general / advanced levels (or
    its leading value): the value, the thresholds and the unit, per indicator."""
    items = []
    for i in doc["indicators"]:
        t = i["trace"]["thresholds"] or {}
        value = _number(i["value"])
        if value is None or not ({"general", "advanced", "leading"} & set(t)):
            continue
        items.append({"no": i["no"], "name": i["name_zh"], "unit": i["unit"], "value": value,
                      "general": t.get("general"), "advanced": t.get("advanced"),
                      "leading": t.get("leading"), "level": i["level"]})  # fmt: skip
    return {"title": f"指标值与基准对比（{doc['year']} 年）", "items": items}


def trend(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Group scores and total by year where the framework scores them; otherwise how many
    indicators reached each level in each year."""
    years = [d["year"] for d in docs]
    series: dict[str, list[float | None]] = {}
    for n, d in enumerate(docs):
        for g in d["groups"]:
            if g["depth"] == 1:
                series.setdefault(g["name_zh"], [None] * len(docs))[n] = _number(g["score"])
        if d["total"] is not None:
            series.setdefault("总分", [None] * len(docs))[n] = _number(d["total"])
    measure = "得分"
    if not series:
        measure = "指标数"
        for level in LEVEL_ORDER:
            series[level] = [sum(i["level"] == level for i in d["indicators"]) for d in docs]
    span = f"{years[0]}—{years[-1]}" if len(years) > 1 else str(years[0])
    return {"title": f"历年{measure}趋势（{span} 年）", "years": years,
            "measure": measure, "series": [{"name": k, "data": v} for k, v in series.items()]}  # fmt: skip


def radar(framework_id: str, doc: dict[str, Any]) -> dict[str, Any]:
    """Top-level group scores of the last year; for a framework without group scores
    (T/CPPC), the indicators of each category at 一般 or 先进 against the category's count."""
    groups = [g for g in doc["groups"] if g["depth"] == 1 and _number(g["score"]) is not None]
    if groups:
        top = max([100.0, *(float(g["score"]) for g in groups)])
        axes = [{"name": g["name_zh"], "max": top} for g in groups]
        return {"title": f"各类指标得分（{doc['year']} 年）", "measure": "得分", "axes": axes,
                "values": [float(g["score"]) for g in groups]}  # fmt: skip
    level = {i["id"]: i["level"] for i in doc["indicators"]}
    axes, values = [], []
    for node in load_framework(framework_id).tree:
        ids = [i.id for i in iter_indicators([node]) if i.id in level]
        if ids:
            axes.append({"name": node.name.zh, "max": len(ids)})
            values.append(sum(level[i] in ("一般", "先进") for i in ids))
    return {"title": f"各类别达到一般及以上水平的指标数（{doc['year']} 年）", "measure": "指标数",
            "axes": axes, "values": values}  # fmt: skip


def peers(results: dict[str, Any], entity_id: str, year: int) -> dict[str, Any]:
    """The totals of every entity rated in the same run, this one marked; a run of one
    entity has no peers to show."""
    tot = [t for t in results["totals"] if t["year"] == year and _number(t.get("score"))]
    mine = next((t["score"] for t in tot if str(t["entity_id"]) == entity_id), None)
    values = sorted(float(t["score"]) for t in tot)
    note = "" if len(values) > 1 else "本次评价只有一个主体，没有同业数据可比较"
    return {"title": f"同业总分分布（{year} 年）", "values": values if len(values) > 1 else [],
            "entity": mine, "note": note}  # fmt: skip


def chart_data(framework_id: str, entity_id: str, results: dict[str, Any]) -> dict[str, Any]:
    docs = results["docs"]
    if not docs:
        return {"bars": None, "trend": None, "radar": None, "peers": None}
    last = docs[-1]
    return {"bars": bars(last), "trend": trend(docs), "radar": radar(framework_id, last),
            "peers": peers(results, entity_id, last["year"])}  # fmt: skip
