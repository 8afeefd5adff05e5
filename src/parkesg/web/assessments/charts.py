"""The data of the results page's ECharts charts, read from the stored results (drawn in the
browser by ``static/parkesg/assessments.js``, which holds no words: titles, legends and axis
names come from here, in the reader's language). Numbers are the engine's; nothing is
scored here. A chart that would say nothing is left out (``None``):

- ``bars``: how far each indicator is from its benchmark, drawn so that longer is better
  whatever the indicator's direction — Beijing: the indicator's own score (引领值 = 100, cap
  120); T/CPPC: value ÷ general level × 100 (higher is better) or general level ÷ value × 100
  (lower is better), never a negative bar; a value beyond the axis is drawn at its end;
- ``trend``: only when more than one year was assessed;
- ``radar``: top-level group scores (T/CPPC: indicators at 一般 or better per category);
- ``peers``: only when the run rated more than one entity.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from parkesg import formatting
from parkesg.frameworks import iter_indicators, load_framework
from parkesg.web.assessments.results import LEVEL_ORDER
from parkesg.web.core import vocab

AXIS_MAX = 200.0  # T/CPPC bars: a value twice as good as the general level or better


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _against(value: float, base: float, direction: str) -> float:
    """Value relative to a positive benchmark, 100 = at the benchmark, longer = better."""
    if direction == "lower":
        return AXIS_MAX if value <= 0 else min(base / value * 100, AXIS_MAX)
    return max(0.0, min(value / base * 100, AXIS_MAX))


def _direction(framework_id: str) -> dict[str, str]:
    fw = load_framework(framework_id)
    return {i.id: i.direction.value for i in iter_indicators(fw.tree)}


def bars(framework_id: str, doc: dict[str, Any]) -> dict[str, Any] | None:
    items = []
    scored = framework_id == "bj-green-diagnosis"
    direction = _direction(framework_id)
    for i in doc["indicators"]:
        t = i["trace"]["thresholds"] or {}
        value = _number(i["value"])
        if value is None:
            continue
        d = direction.get(i["id"], "higher")
        item = {"no": i["no"], "name": i["name_zh"], "unit": formatting.unit(i["unit"]),
                "value": formatting.number(value, unit=i["unit"], indicator=i["id"]),
                "level": vocab.label("level", i["level"]) if i["level"] else ""}  # fmt: skip
        if scored and _number(i["score"]) is not None and t.get("leading"):
            item.update(bar=round(float(i["score"]), 1), benchmark=formatting.threshold(
                t["leading"], direction=d, bound=False))  # fmt: skip
        elif not scored and _number(t.get("general")) and _number(t.get("advanced")):
            general, advanced = float(t["general"]), float(t["advanced"])
            item.update(bar=round(_against(value, general, d), 1),
                        advanced=round(_against(advanced, general, d), 1),
                        benchmark=formatting.threshold(general, direction=d),
                        benchmark2=formatting.threshold(advanced, direction=d))  # fmt: skip
        else:
            continue
        items.append(item)
    if not items:
        return None
    year = doc["year"]
    if scored:
        return {"title": _("各指标得分（%(year)s 年）") % {"year": year},
                "subtitle": _("引领值得 100 分，单项最高 120 分"),
                "series": [_("得分")], "mark": _("引领值"), "mark_at": 100, "max": 120,
                "axis": _("分"), "items": items}  # fmt: skip
    return {"title": _("指标值与清洁生产水平对比（%(year)s 年）") % {"year": year},
            "subtitle": _("以一般水平为 100；越长越好（越低越好的指标按 一般水平 ÷ 数值）"),
            "series": [_("本值"), _("先进水平")], "mark": _("一般水平"), "mark_at": 100,
            "max": AXIS_MAX, "axis": "%", "items": items}  # fmt: skip


def trend(docs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Group scores and total by year where the framework scores them; otherwise how many
    indicators reached each level in each year. None for a single year, or when no indicator
    has a level (T/ESC measures progress, not levels)."""
    if len(docs) < 2:
        return None
    years = [d["year"] for d in docs]
    series: dict[str, list[float | None]] = {}
    for n, d in enumerate(docs):
        for g in d["groups"]:
            if g["depth"] == 1:
                series.setdefault(g["name_zh"], [None] * len(docs))[n] = _number(g["score"])
        if d["total"] is not None:
            series.setdefault(_("总分"), [None] * len(docs))[n] = _number(d["total"])
    measure = _("得分")
    if not series:
        measure = _("指标数")
        for level in LEVEL_ORDER:
            series[vocab.label("level", level)] = [
                sum(i["level"] == level for i in d["indicators"]) for d in docs
            ]
        if not any(any(v) for v in series.values()):  # no levels at all (T/ESC): nothing to draw
            return None
    title = _("历年%(measure)s趋势（%(first)s—%(last)s 年）") % {
        "measure": measure, "first": years[0], "last": years[-1]}  # fmt: skip
    return {"title": title, "years": years, "measure": measure,
            "series": [{"name": k, "data": v} for k, v in series.items()]}  # fmt: skip


def radar(framework_id: str, doc: dict[str, Any]) -> dict[str, Any] | None:
    """Top-level group scores of the last year; for a framework without group scores
    (T/CPPC), the indicators of each category at 一般 or 先进 against the category's count."""
    groups = [g for g in doc["groups"] if g["depth"] == 1 and _number(g["score"]) is not None]
    year = doc["year"]
    if groups:
        top = max([100.0, *(float(g["score"]) for g in groups)])
        axes = [{"name": g["name_zh"], "max": top} for g in groups]
        return {"title": _("各类指标得分（%(year)s 年）") % {"year": year}, "measure": _("得分"),
                "axes": axes, "values": [round(float(g["score"]), 1) for g in groups]}  # fmt: skip
    level = {i["id"]: i["level"] for i in doc["indicators"]}
    axes, values = [], []
    for node in load_framework(framework_id).tree:
        ids = [i.id for i in iter_indicators([node]) if i.id in level]
        if ids:
            axes.append({"name": node.name.zh, "max": len(ids)})
            values.append(sum(level[i] in ("一般", "先进") for i in ids))
    if not axes or not any(level.values()):
        return None
    return {"title": _("各类别达到一般及以上水平的指标数（%(year)s 年）") % {"year": year},
            "measure": _("指标数"), "axes": axes, "values": values}  # fmt: skip


def peers(results: dict[str, Any], entity_id: str, year: int) -> dict[str, Any] | None:
    """The totals of every entity rated in the same run, this one marked; None when the run
    rated this entity alone (no peer to show)."""
    tot = [t for t in results["totals"] if t["year"] == year and _number(t.get("score"))]
    if len(tot) < 2:
        return None
    mine = next((t["score"] for t in tot if str(t["entity_id"]) == entity_id), None)
    return {"title": _("同业总分分布（%(year)s 年，%(n)s 家）") % {"year": year, "n": len(tot)},
            "values": sorted(float(t["score"]) for t in tot), "entity": mine,
            "axis": _("总分"), "mark": _("本主体")}  # fmt: skip


def chart_data(framework_id: str, entity_id: str, results: dict[str, Any]) -> dict[str, Any]:
    docs = results["docs"]
    if not docs:
        return {"bars": None, "trend": None, "radar": None, "peers": None}
    last = docs[-1]
    return {"bars": bars(framework_id, last), "trend": trend(docs),
            "radar": radar(framework_id, last),
            "peers": peers(results, entity_id, last["year"])}  # fmt: skip
