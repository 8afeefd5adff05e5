"""The context of the Beijing green-diagnosis report (附件2-1) and its forms (2-2 … 2-4).

Scores, group scores, totals and requirement checks come from the stored documents of the
three years; evidence references from their traces. The sentences that state results are
written here from them, in the guide's words: the conformity of 附件2-1-1, the change of each
indicator of 附件2-1-2 over the three years and its direction, the overall assessment; a cause
only a person can give is left as “（待填写：原因）”.
"""

from __future__ import annotations

from typing import Any

from parkesg.engagement import Engagement, TeamMember
from parkesg.engagement_checks import _day, working_days
from parkesg.reports import display
from parkesg.reports.common import edition_note, node_names, nodes
from parkesg.reports.provisional import Marks, annex_rows, confirmation_text
from parkesg.stored import StoredRun

FW = "bj-green-diagnosis"
BLANK_DATE = "    年  月  日"


def _evidence(ind: dict[str, Any]) -> list[str]:
    seen: list[str] = []
    for item in ind["trace"].get("inputs", []):
        ev = item.get("evidence")
        if ev and ev not in seen:
            seen.append(ev)
    return seen


def _met(r: dict[str, Any]) -> tuple[str, str]:
    if r["met"] is None:
        return "缺数据", "FFF2CC"
    if r["encouraged"]:
        return ("具备（鼓励项）", "FFFFFF") if r["met"] else ("不具备（鼓励项）", "FFF2CC")
    return ("符合", "FFFFFF") if r["met"] else ("不符合", "F4CCCC")


def requirements_text(reqs: list[dict[str, Any]], year: int) -> str:
    """附件2-1-1 in words: the required items and the encouraged ones, each as it stands."""
    required = [r for r in reqs if not r["encouraged"]]
    encouraged = [r for r in reqs if r["encouraged"]]

    def listed(rs: list[dict[str, Any]]) -> str:
        return "、".join(f"第 {r['no']} 项" for r in rs)

    failed = [r for r in required if r["met"] is False]
    unknown = [r for r in required if r["met"] is None]
    parts = [
        f"对照附件2-1-1，{year} 年基础性要求共 {len(reqs)} 项，其中必须符合的 {len(required)} 项"
    ]
    if not failed and not unknown:
        parts.append("全部符合")
    else:
        if failed:
            parts.append(f"{listed(failed)}不符合")
        if unknown:
            parts.append(f"{listed(unknown)}缺少证明数据，未能判定")
        ok = len(required) - len(failed) - len(unknown)
        parts.append(f"其余 {ok} 项符合")
    if encouraged:
        has = [r for r in encouraged if r["met"]]
        lacks = [r for r in encouraged if r["met"] is False]
        none = [r for r in encouraged if r["met"] is None]
        bits = [f"鼓励项 {len(encouraged)} 项中"]
        bits += [f"{listed(has)}具备"] if has else []
        bits += [f"{listed(lacks)}不具备"] if lacks else []
        bits += [f"{listed(none)}缺少证明数据"] if none else []
        parts.append(bits[0] + "，".join(bits[1:]))
    return "，".join(parts) + "（详见附件2-1-1）。"


def _groups(
    run: StoredRun, marks: Marks
) -> tuple[list[dict[str, Any]], dict[str, list[float | None]]]:
    names = node_names(run)
    order = [n["id"] for n in nodes(run) if n["depth"] == 1]
    rows, series = [], {}
    for gid in order:
        scores: list[str] = []
        raw: list[float | None] = []
        for d in run.docs:
            g = next((g for g in d["groups"] if g["id"] == gid), None)
            inds = [i for i in d["indicators"] if i.get("node") == gid]
            raw.append(g["score"] if g else None)
            scores.append(display.score(g["score"] if g else None, marks.score(inds)))
        rows.append({"id": gid, "name": names.get(gid, gid), "scores": [*scores, "", "", ""][:3]})
        series[names.get(gid, gid)] = raw
    return rows, series


def _year_table(
    run: StoredRun, d: dict[str, Any], index: int, refs: list[str], marks: Marks
) -> dict[str, Any]:
    names = node_names(run)
    rows = []
    for i in d["indicators"]:
        evidence = _evidence(i)
        refs.extend(e for e in evidence if e not in refs)
        rows.append({
            "group": names.get(i.get("node") or "", ""),
            "no": i["no"],
            "name": i["name_zh"],
            "unit": display.unit(i, FW),
            "value": display.value(i),
            "score": display.score(i["score"], marks.indicator(i)),
            "note": "；".join(evidence) or display.DASH,
        })  # fmt: skip
    return {
        "index": index,
        "year": d["year"],
        "indicators": rows,
        "total": display.score(d["total"], marks.score(d["indicators"])),
        "note_header": "证明材料索引" if index == 1 else "评价情况说明",
    }


def _direction_word(i: dict[str, Any], first: float, last: float) -> str:
    if abs(last - first) <= 1e-9 * max(abs(first), 1):
        return "持平"
    up = last > first
    better = up if (i.get("direction") or "higher") == "higher" else not up
    return "改善" if better else "下降"


def _changes(run: StoredRun) -> tuple[list[dict[str, Any]], str]:
    """Each indicator over the years: values, the change from the first year to the last and
    whether that is an improvement in the indicator's direction (附件2-1-2 数值变化情况)."""
    docs = run.docs
    first_year, last_year = docs[0]["year"], docs[-1]["year"]
    rows: list[dict[str, Any]] = []
    better: list[str] = []
    worse: list[str] = []
    flat: list[str] = []
    gaps: list[str] = []
    for i in docs[0]["indicators"]:
        series = [next(x for x in d["indicators"] if x["id"] == i["id"]) for d in docs]
        values = [display.value(x) for x in series]
        a, b = series[0]["value"], series[-1]["value"]
        if isinstance(a, int | float) and isinstance(b, int | float) and i.get("kind") != "ordinal":
            word = _direction_word(i, float(a), float(b))
            if i.get("kind") == "boolean":
                change = "—" if word == "持平" else ("由否变为是" if b > a else "由是变为否")
            else:
                change = display.number(float(b) - float(a), i)
                change = change if change.startswith("-") else "+" + change
            {"改善": better, "下降": worse, "持平": flat}[word].append(f"{i['no']} {i['name_zh']}")
        elif i.get("kind") == "ordinal" and a is not None and b is not None:
            word, change = ("持平", "—") if a == b else ("变化", "—")
            (flat if a == b else better).append(f"{i['no']} {i['name_zh']}")
        else:
            word, change = "数据不全", "—"
            gaps.append(f"{i['no']} {i['name_zh']}")
        rows.append({"no": i["no"], "name": i["name_zh"], "unit": display.unit(i, FW),
                     "by_year": [*values, "", "", ""][:3], "change": change, "trend": word})  # fmt: skip
    text = (f"与 {first_year} 年相比，{last_year} 年 {len(rows)} 项指标中改善 {len(better)} 项、下降 "
            f"{len(worse)} 项、持平 {len(flat)} 项" + (f"、数据不全 {len(gaps)} 项" if gaps else "")
            + "（表 2）。")  # fmt: skip
    if worse:
        text += "下降的指标为：" + "；".join(worse) + "，其原因为（待填写：原因）。"
    if better:
        text += "改善较明显的指标及其原因：（待填写：原因）。"
    return rows, text


def _overall(
    run: StoredRun, groups: list[dict[str, Any]], series: dict[str, list[float | None]]
) -> str:
    """四 诊断评估结论: the score of each year and the strongest and weakest of the six parts."""
    marks = Marks.of(run)
    scores = "、".join(
        f"{d['year']} 年 {display.score(d['total'], marks.score(d['indicators']))} 分"
        for d in run.docs
    )
    last = {name: s[-1] for name, s in series.items() if s and s[-1] is not None}
    text = f"综合诊断，园区绿色化发展水平的诊断评分为：{scores}（单项指标得分不超过 120 分）。"
    if last:
        ranked = sorted(last.items(), key=lambda kv: kv[1], reverse=True)
        top, low = ranked[0], ranked[-1]
        text += (f"{run.last['year']} 年六个方面中得分最高的是{top[0]}（{display.score(top[1])} 分），"
                 f"最低的是{low[0]}（{display.score(low[1])} 分），是园区绿色化提升的重点方向。")  # fmt: skip
    return text


def _team(team: list[TeamMember]) -> dict[str, Any]:
    experts = [m for m in team if m.member_type != "园区工作人员"]
    staff = [m for m in team if m.member_type == "园区工作人员"]
    keys = ["name", "no", "team_role", "title", "speciality"]

    def rows(ms: list[TeamMember]) -> list[dict[str, Any]]:
        return display.blank_rows(
            [{"no": n, "name": m.name, "team_role": m.team_role, "title": m.title or display.DASH,
              "speciality": m.speciality or display.DASH} for n, m in enumerate(ms, start=1)],
            keys,
        )  # fmt: skip

    return {"experts": rows(experts), "staff": rows(staff)}


def _onsite(p: Any) -> str:
    start, end = _day(p.onsite_start), _day(p.onsite_end)
    if start is None or end is None:
        return "现场诊断时间：（待填写：现场诊断起止日期）。"
    return (f"工作组于 {p.onsite_start} 至 {p.onsite_end} 赴园区开展现场诊断，共 "
            f"{working_days(start, end)} 个工作日（指南四（三）1 要求不少于 4 个工作日）。")  # fmt: skip


def context(run: StoredRun, eng: Engagement) -> tuple[dict[str, Any], dict[str, Any]]:
    """(template context, chart data) of the report."""
    p = eng.park
    marks = Marks.of(run)
    docs = run.docs
    years = [d["year"] for d in docs]
    padded = [*[f"{y} 年" for y in years], "—", "—", "—"][:3]
    refs: list[str] = []
    year_tables = [_year_table(run, d, n, refs, marks) for n, d in enumerate(docs, start=1)]
    last = run.last
    requirements = []
    for r in last["requirements"]:
        met, bg = _met(r)
        if r.get("evidence") and r["evidence"] not in refs:
            refs.append(r["evidence"])
        requirements.append({"no": r["no"], "text": r["text"], "met": met, "bg": bg,
                             "evidence": r.get("evidence") or display.DASH})  # fmt: skip
    groups, series = _groups(run, marks)
    changes, change_text = _changes(run)
    level = p.park_level or ""
    any_marks = marks.any(docs)
    ctx = {
        **forms_context(eng),
        **_team(eng.team),
        "park_level_boxes": "  ".join(("■" if level == x else "□") + x for x in ("国家级", "市级", "其他")),
        "report_date": p.report_month or BLANK_DATE,
        "managing_body": p.managing_body or "",
        **{k: getattr(p, k) or "" for k in (
            "project_leader", "project_leader_phone", "park_contact", "park_contact_phone", "email",
            "fax", "provider_address", "provider_legal_rep", "provider_legal_phone",
            "provider_contact", "provider_contact_phone", "report_author", "report_author_phone",
            "report_reviewer", "report_reviewer_phone")},
        "preface": display.text(p.preface, "绿色诊断评估的目的、范围及准则"),
        "background": display.text(p.background, "园区基本信息、功能区划、产业发展现状"),
        "scope": display.text(p.scope, "诊断范围与边界"),
        "process": display.text(p.process, "组织安排、资料审核、现场诊断、报告编写及内部技术复核情况"),
        "measures": display.text(p.measures, "已出台的政策措施、重点工作、重大项目和主要成绩"),
        "onsite_text": _onsite(p),
        "requirements_summary": requirements_text(last["requirements"], last["year"]),
        "years": padded,
        "groups": groups,
        "score_note": marks.note("得分") if any_marks else "",
        "findings": [f"{n}. {f.aspect or f.level or '问题'}：{f.finding}"
                     + (f"原因：{f.cause}" if f.cause else "（待填写：原因）")
                     for n, f in enumerate(eng.findings, start=1)] or ["（待填写：园区绿色发展存在的问题）"],  # fmt: skip
        "highlights": [c.content for c in eng.conclusions if c.kind == "工作亮点"]
        or ["（待填写：园区近三年绿色低碳发展的工作亮点）"],
        "problems": [c.content for c in eng.conclusions if c.kind in ("结论", "存在问题")],
        "overall": _overall(run, groups, series),
        "change_text": change_text,
        "changes": changes,
        "advice": [c.content for c in eng.conclusions if c.kind == "建议"] or ["（待填写：下一步工作建议）"],
        "year_tables": year_tables,
        "requirements": requirements,
        "references": [f"{n}. {r}" for n, r in enumerate(refs, start=1)]
        or ["（待填写：参考文件）"],
        "options": display.blank_rows(
            [{"no": n, "content": o.name + (f"：{o.summary}" if o.summary else ""),
              "investment": display.plain(o.investment), "fixed_investment": display.plain(o.fixed_investment),
              "effect": "；".join(x for x in (o.environmental_benefit, o.economic_benefit) if x) or display.DASH,
              "remark": "；".join(x for x in (o.timing, o.status) if x) or ""}
             for n, o in enumerate(eng.options, start=1)],
            ["content", "no", "investment", "fixed_investment", "effect", "remark"],
        ),
        "provisional_rows": annex_rows(run, marks),
        "confirmation": confirmation_text(marks),
        "edition_note": edition_note(run),
    }  # fmt: skip
    charts = {"years": years, "series": series, "labels": [g["name"] for g in groups],
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
