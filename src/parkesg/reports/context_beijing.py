"""The context of the Beijing green-diagnosis report (附件2-1) and its forms (2-2 … 2-4).

Scores, group scores, totals and requirement checks come from ``to_json`` for each of the
three years; evidence references come from the observations the data was read from.
A score resting on a provisional leading value or weight carries “（暂定）”.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from parkesg.engagement import Engagement, team_rule_problems
from parkesg.frameworks import iter_indicators
from parkesg.frameworks.schema import Framework
from parkesg.reports import display

BLANK_DATE = "    年  月  日"


def _evidence(ind: dict[str, Any]) -> list[str]:
    seen: list[str] = []
    for item in ind["trace"].get("inputs", []):
        ev = item.get("evidence")
        if ev and ev not in seen:
            seen.append(ev)
    return seen


def _req_evidence(
    fw: Framework, obs: pd.DataFrame | None, entity: str, year: int
) -> dict[str, str]:
    if obs is None or obs.empty:
        return {}
    out = {}
    for r in fw.requirements:
        hit = obs[(obs.entity_id == entity) & (obs.year == year) & (obs.field == r.field)]
        if not hit.empty and isinstance(hit.iloc[0].evidence, str):
            out[r.id] = hit.iloc[0].evidence
    return out


def _met(r: dict[str, Any]) -> tuple[str, str]:
    if r["met"] is None:
        return "缺数据", "FFF2CC"
    if r["encouraged"]:
        return ("具备（鼓励项）", "FFFFFF") if r["met"] else ("不具备（鼓励项）", "FFF2CC")
    return ("符合", "FFFFFF") if r["met"] else ("不符合", "F4CCCC")


def _groups(
    fw: Framework, docs: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, list[float | None]]]:
    rows, series = [], {}
    for node in fw.tree:
        name = node.name.zh.replace("\n", "")
        ids = {i.id for i in iter_indicators([node])}
        scores: list[str] = []
        raw: list[float | None] = []
        for d in docs:
            g = next((g for g in d["groups"] if g["id"] == node.id), None)
            prov = any(i["provisional"] for i in d["indicators"] if i["id"] in ids)
            raw.append(g["score"] if g else None)
            scores.append(display.score(g["score"] if g else None, prov))
        rows.append({"id": node.id, "name": f"{name}（{node.id}）", "scores": scores})
        series[f"{name}（{node.id}）"] = raw
    return rows, series


def _team(eng: Engagement) -> dict[str, Any]:
    experts = [m for m in eng.team if m.member_type != "园区工作人员"]
    staff = [m for m in eng.team if m.member_type == "园区工作人员"]
    return {
        "experts": [{**m.model_dump(), "no": n} for n, m in enumerate(experts, start=1)],
        "staff": [{**m.model_dump(), "no": n} for n, m in enumerate(staff, start=1)],
        "team_problems": team_rule_problems(eng.team),
    }


def _year_table(fw: Framework, d: dict[str, Any], index: int, refs: list[str]) -> dict[str, Any]:
    meta = {i.id: i for i in iter_indicators(fw.tree)}
    group_of = {
        i.id: n.name.zh.replace("\n", "") + f"（{n.id}）"
        for n in fw.tree
        for i in iter_indicators([n])
    }
    rows, last_group = [], None
    for i in d["indicators"]:
        evidence = _evidence(i)
        refs.extend(e for e in evidence if e not in refs)
        group = group_of[i["id"]]
        rows.append({
            "group": group if group != last_group else "",
            "no": i["no"],
            "name": i["name_zh"],
            "unit": display.unit(i["unit"]),
            "value": display.value(i, meta[i["id"]].kind.value),
            "score": display.score(i["score"], i["provisional"]),
            "note": "；".join(evidence) or "—",
        })  # fmt: skip
        last_group = group
    prov = any(i["provisional"] for i in d["indicators"])
    return {
        "index": index,
        "year": d["year"],
        "indicators": rows,
        "total": display.score(d["total"], prov),
        "note_header": "证明材料索引" if index == 1 else "评价情况说明",
    }


def context(
    docs: list[dict[str, Any]], fw: Framework, eng: Engagement, obs: pd.DataFrame | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(template context, chart data) for the report; ``docs`` are the years in order."""
    p = eng.park
    years = [d["year"] for d in docs]
    padded = [*years, "—", "—", "—"][:3]
    refs: list[str] = []
    year_tables = [_year_table(fw, d, n, refs) for n, d in enumerate(docs, start=1)]
    last = docs[-1]
    req_ev = _req_evidence(fw, obs, last["entity_id"], last["year"])
    requirements = []
    for r in last["requirements"]:
        met, bg = _met(r)
        ev = req_ev.get(r["id"], "—")
        if ev != "—" and ev not in refs:
            refs.append(ev)
        requirements.append(
            {"no": r["no"], "text": r["text"], "met": met, "bg": bg, "evidence": ev}
        )
    failed = [r for r in requirements if r["met"] in ("不符合", "缺数据")]
    groups, series = _groups(fw, docs)
    meta = {i.id: i for i in iter_indicators(fw.tree)}
    trend_rows = []
    for i in docs[0]["indicators"]:
        values = [
            display.value(
                next(x for x in d["indicators"] if x["id"] == i["id"]), meta[i["id"]].kind.value
            )
            for d in docs
        ]
        trend_rows.append({"no": i["no"], "name": i["name_zh"], "unit": display.unit(i["unit"]),
                           "by_year": [*values, "—", "—"][:3]})  # fmt: skip
    any_prov = any(i["provisional"] for d in docs for i in d["indicators"])
    level = p.park_level or ""
    ctx = {
        **forms_context(eng),
        **_team(eng),
        "park_level_boxes": "  ".join(("☑" if level == x else "□") + x for x in ("国家级", "市级", "其他")),
        "report_date": p.report_month or BLANK_DATE,
        "managing_body": p.managing_body or "",
        **{k: getattr(p, k) or "" for k in (
            "project_leader", "project_leader_phone", "park_contact", "park_contact_phone", "email",
            "fax", "provider_address", "provider_legal_rep", "provider_legal_phone",
            "provider_contact", "provider_contact_phone", "report_author", "report_author_phone",
            "report_reviewer", "report_reviewer_phone")},
        "preface": display.text(p.preface, "绿色诊断评估的目的、范围及准则"),
        "background": display.text(p.background, "园区基本信息、功能区划、产业发展现状"),
        "scope": display.text(p.scope, "诊断范围"),
        "process": display.text(p.process, "组织安排、资料审核、现场诊断、报告编写及内部技术复核情况"),
        "measures": display.text(p.measures, "已出台的政策措施、重点工作、重大项目和主要成绩"),
        "onsite_text": f"现场诊断时间：{p.onsite_start} 至 {p.onsite_end}。" if p.onsite_start and p.onsite_end
        else "现场诊断时间：（待填写）。",
        "requirements_summary": f"基础性要求共 {len(requirements)} 项（{last['year']} 年），"
        + ("全部符合或具备。" if not failed else "未符合或缺数据的有："
           + "；".join(f"第 {r['no']} 项（{r['met']}）" for r in failed) + "。"),
        "years": padded,
        "groups": groups,
        "score_note": "标注“暂定”的得分所用引领值或权重是文档化的默认值，尚未经主管部门确认" if any_prov else "",
        "score_text": "诊断评分：" + "；".join(
            f"{d['year']} 年 {display.score(d['total'], any(i['provisional'] for i in d['indicators']))} 分"
            for d in docs) + "。",
        "findings": [{"no": n, "aspect": f.aspect or f.level or "问题", "finding": f.finding,
                      "cause": f"（原因：{f.cause}）" if f.cause else ""}
                     for n, f in enumerate(eng.findings, start=1)] or [{"no": 1, "aspect": "问题", "finding": "（待填写）", "cause": ""}],
        "highlights": [c.content for c in eng.conclusions if c.kind == "工作亮点"],
        "conclusions": [c.content for c in eng.conclusions if c.kind in ("结论", "存在问题")],
        "advice": [c.content for c in eng.conclusions if c.kind == "建议"] or ["（待填写：建议）"],
        "trend_rows": trend_rows,
        "year_tables": year_tables,
        "requirements": requirements,
        "references": [{"no": n, "text": r} for n, r in enumerate(refs, start=1)],
        "options": [
            {"no": n, "content": o.name + (f"：{o.summary}" if o.summary else ""),
             "investment": display.number(o.investment), "fixed_investment": display.number(o.fixed_investment),
             "effect": "；".join(x for x in (o.environmental_benefit, o.economic_benefit) if x) or "—",
             "remark": "；".join(x for x in (o.timing, o.status) if x) or ""}
            for n, o in enumerate(eng.options, start=1)
        ],
    }  # fmt: skip
    charts = {"years": years, "series": series, "labels": [g["id"] for g in groups],
              "last": [s[-1] for s in series.values()]}  # fmt: skip
    return ctx, charts


def forms_context(eng: Engagement) -> dict[str, Any]:
    """What forms 2-2, 2-3 and 2-4 need: park, provider, dates, third-party evaluation."""
    p = eng.park
    return {
        "park_name": p.park_name,
        "provider_name": p.provider_name or "（待填写：服务商名称）",
        "onsite_start": p.onsite_start or BLANK_DATE,
        "onsite_end": p.onsite_end or BLANK_DATE,
        "report_submitted": p.report_submitted or BLANK_DATE,
        "report_meeting": p.report_meeting or BLANK_DATE,
        "third_party_evaluation": bool(p.third_party_evaluation),
    }
