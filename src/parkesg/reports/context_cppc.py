"""The context of the T/CPPC audit report (附件2): the stored run and the engagement record.

Every indicator value, level, threshold and the selection check come from the stored
documents; every sentence that states a result is written here from them (the evaluation
summary, the shortfalls, the conclusion in the standard's words). The engagement gives people,
plans, focus, targets, options and what only a person can say; where it is blank the report
proposes what the results suggest (audit focus from the shortfalls, targets from the current
values and the levels of 附件1) and leaves “（待填写：…）” where a person must write.
"""

from __future__ import annotations

from typing import Any

from parkesg import formatting
from parkesg.engagement import Engagement, TeamMember
from parkesg.reports import display
from parkesg.reports.charts import Benchmark
from parkesg.reports.common import edition_note, node_names, proposed
from parkesg.reports.provisional import Marks, annex_rows, confirmation_text
from parkesg.stored import StoredRun

FW = "t-cppc-park-cpa"
LEVEL_MARK = {
    "未达一般": ("▲未达一般", "F4CCCC"),
    "一般": ("○一般", "FFF2CC"),
    "先进": ("先进", "E2EFDA"),
}


def indicator_rows(
    doc: dict[str, Any], marks: Marks, names: dict[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for i in doc["indicators"]:
        level, bg = LEVEL_MARK.get(i["level"] or "", (display.value(i), "FFFFFF"))
        rows.append({
            "category": names.get(i.get("node") or "", ""),
            "no": i["no"],
            "name": i["name_zh"],
            "unit": display.unit(i, FW),
            "selection": "必选" if i.get("selection") == "mandatory" else "可选",
            "value": display.value(i) + (display.MARK if marks.indicator(i) else ""),
            "general": display.threshold(i, "general"),
            "advanced": display.threshold(i, "advanced"),
            "level": level,
            "bg": bg,
        })  # fmt: skip
    return rows


def benchmarks(doc: dict[str, Any]) -> list[Benchmark]:
    """The shortfalls with numeric values and both levels, for the comparison chart."""
    short = {s["id"] for s in doc["shortfalls"]}
    out = []
    for i in doc["indicators"]:
        t = i["trace"]["thresholds"] or {}
        if i["id"] in short and isinstance(i["value"], int | float) and "general" in t:
            out.append(Benchmark(str(i["no"]), i["name_zh"], display.unit(i, FW), i["value"],
                                 t.get("general"), t.get("advanced")))  # fmt: skip
    return out


def audit_doc(run: StoredRun) -> dict[str, Any]:
    """The audit year's document narrowed to the indicators chosen for the evaluation (附件1:
    the mandatory ones and the optional ones the run selected; all when none was chosen)."""
    doc = run.last
    chosen = run.options.get("selected")
    if not chosen:
        return doc
    keep = set(chosen)
    return {**doc, "indicators": [i for i in doc["indicators"] if i["id"] in keep],
            "shortfalls": [s for s in doc["shortfalls"] if s["id"] in keep]}  # fmt: skip


def _selection_text(run: StoredRun, doc: dict[str, Any]) -> str:
    sel = doc.get("selection")
    if not sel:
        return ""
    chosen = len(run.options.get("selected") or doc["indicators"])
    mandatory = sum(i.get("selection") == "mandatory" for i in doc["indicators"])
    n = len(sel["selected"])
    head = (f"本次评价选定指标 {chosen} 项（必选 {mandatory} 项、可选 {chosen - mandatory} 项）"
            + (f"，其中有数据、纳入评价的 {n} 项" if n != chosen else ""))  # fmt: skip
    if sel["ok"]:
        return (
            head
            + "，满足附件1“必选指标全部完成、可选指标至少完成 6 项、共计至少选择 19 项指标”的要求。"
        )
    return head + "，不满足附件1的选择要求：" + "；".join(sel["problems"]) + "。"


def _counts(doc: dict[str, Any]) -> dict[str, int]:
    levels = [i["level"] for i in doc["indicators"]]
    n = {name: levels.count(name) for name in ("先进", "一般", "未达一般")}
    n["其他"] = len(levels) - sum(n.values())
    return n


def _summary(doc: dict[str, Any], table: str) -> str:
    n = _counts(doc)
    tail = f"；另有 {n['其他']} 项缺数据或不可计算，未参与对标" if n["其他"] else ""
    return (f"依据附件1工业园区清洁生产评价指标体系，对园区 {doc['year']} 年的 "
            f"{len(doc['indicators'])} 项指标对标清洁生产一般水平和先进水平：达到先进水平 "
            f"{n['先进']} 项，达到一般水平 {n['一般']} 项，未达到一般水平 {n['未达一般']} 项"
            f"{tail}（表 {table}）。")  # fmt: skip


def _shortfall_lines(doc: dict[str, Any]) -> list[str]:
    out = []
    for i in doc["indicators"]:
        if i["level"] in ("未达一般", "一般"):
            gap = "未达到一般水平" if i["level"] == "未达一般" else "达到一般水平、未达到先进水平"
            target = display.threshold(i, "general" if i["level"] == "未达一般" else "advanced")
            out.append(f"指标 {i['no']} {i['name_zh']}：现状值 {display.value(i)}"
                       f"{_unit_after(i)}，{gap}（{'一般' if i['level'] == '未达一般' else '先进'}"
                       f"水平 {target}）。")  # fmt: skip
    return out or ["各项指标均达到清洁生产先进水平，未发现评价指标层面的短板。"]


def _unit_after(i: dict[str, Any]) -> str:
    u = display.unit(i, FW)
    return "" if u == display.DASH else ("%" if u == "%" else f" {u}")


def _focus(eng: Engagement, doc: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """The audit focus recorded, or proposed from the shortfalls (5.2.3)."""
    if eng.focus:
        return [{"level": f.level, "focus": f.focus, "basis": f.basis or "",
                 "status": f.status or ""} for f in eng.focus], False  # fmt: skip
    rows = [
        {"level": "园区层面", "focus": f"{i['name_zh']}（指标 {i['no']}）",
         "basis": f"附件1评价：{doc['year']} 年现状值 {display.value(i)}{_unit_after(i)}，"
                  f"{'未达到一般水平' if i['level'] == '未达一般' else '未达到先进水平'}",
         "status": ""}
        for i in doc["indicators"] if i["level"] in ("未达一般", "一般")
    ]  # fmt: skip
    rows.sort(key=lambda r: "未达到一般" not in r["basis"])  # the worst first
    return rows, True


def _targets(eng: Engagement, doc: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """Targets as recorded — current value and unit from the assessment when the target
    names an evaluated indicator — or proposed for each shortfall from the levels (5.2.4)."""
    from parkesg.engagement_checks import indicator_of

    rows: list[dict[str, Any]] = []
    if eng.targets:
        for n, t in enumerate(eng.targets, start=1):
            hit = indicator_of(t, doc["indicators"])

            def fmt(v: float | None, h: dict[str, Any] | None = hit) -> str:
                return display.number(v, h) if h is not None else display.plain(v, 4)

            if hit is not None:
                name, unit, current = (
                    f"{hit['no']} {hit['name_zh']}",
                    display.unit(hit, FW),
                    display.value(hit),
                )
            else:
                name, unit, current = t.indicator, t.unit or display.DASH, fmt(t.current)
            rows.append({"no": n, "indicator": name, "unit": unit, "current": current,
                         "near": fmt(t.near), "mid": fmt(t.mid), "long": fmt(t.long),
                         "entered": hit is None})  # fmt: skip
        return rows, False
    for n, i in enumerate([i for i in doc["indicators"] if i["level"] in ("未达一般", "一般")], 1):
        levels = i["trace"]["thresholds"] or {}
        general, advanced = levels.get("general"), levels.get("advanced")
        below = i["level"] == "未达一般"  # near term: the next level; then the advanced one
        near, mid = (general, advanced) if below else (advanced, None)
        rows.append({"no": n, "indicator": f"{i['no']} {i['name_zh']}", "unit": display.unit(i, FW),
                     "current": display.value(i), "entered": False,
                     "near": display.number(near, i) if near is not None else display.PENDING,
                     "mid": display.number(mid, i) if mid is not None else display.PENDING,
                     "long": display.PENDING})  # fmt: skip
    return rows, True


def _targets_note(rows: list[dict[str, Any]], proposed_: bool, year: int) -> str:
    if not rows:
        return "注：审核小组尚未设置清洁生产目标。"
    entered = [str(r["no"]) for r in rows if r.get("entered")]
    text = f"注：现状值为 {year} 年评价结果"
    text += f"；第 {'、'.join(entered)} 项不是评价指标，现状值为审核小组填报" if entered else ""
    if proposed_:
        text += "；目标值按附件1的一般、先进水平建议，待审核小组按 5.2.4 确定"
    return text + "。"


def _team(team: list[TeamMember]) -> dict[str, Any]:
    leaders = [m for m in team if m.group == "领导小组"]
    auditors = [m for m in team if m.group != "领导小组"]

    def row(m: TeamMember) -> dict[str, Any]:
        unit = "　".join(x for x in (m.organisation, m.department_post) if x)
        return {"name": m.name, "role": m.team_role, "unit": unit or display.DASH,
                "post": m.department_post or display.DASH, "title": m.title or display.DASH,
                "speciality": m.speciality or display.DASH, "duties": m.duties or display.DASH,
                "time": m.time_committed or display.DASH}  # fmt: skip

    keys = ["name", "role", "unit", "post", "title", "speciality", "duties", "time"]
    if not team:
        text = "（待填写：审核小组的组建过程与组成）"
    else:
        enterprises = sorted({m.organisation for m in auditors if m.enterprise and m.organisation})
        text = (
            (f"园区成立清洁生产审核领导小组，共 {len(leaders)} 人（表 3-1）；" if leaders else "")
            + f"组建清洁生产审核小组，共 {len(auditors)} 人（表 3-2）"
            + (f"，其中重点企业 {len(enterprises)} 家（{'、'.join(enterprises)}）各有成员参加，"
               "含企业财务部门人员" if enterprises else "")
            + "。"
        )  # fmt: skip
    return {
        "team_text": text,
        "leaders": display.blank_rows([row(m) for m in leaders], keys),
        "auditors": display.blank_rows([row(m) for m in auditors], keys),
    }


def _options(eng: Engagement) -> tuple[list[dict[str, Any]], str]:
    rows = [
        {"no": n, "name": o.name, "level": o.level or display.DASH,
         "implementer": o.implementer or display.DASH, "summary": o.summary or display.DASH,
         "investment": display.plain(o.investment), "env": o.environmental_benefit or display.DASH,
         "eco": o.economic_benefit or display.DASH, "timing": o.timing or display.DASH,
         "status": o.status or display.DASH}
        for n, o in enumerate(eng.options, start=1)
    ]  # fmt: skip
    if not rows:
        return display.blank_rows([], ["name", "no", "level", "implementer", "summary",
                                       "investment", "env", "eco", "timing", "status"]), \
            "（待填写：方案的来源、数量与分类）"  # fmt: skip
    by_level: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for o in eng.options:
        by_level[o.level or "未分层面"] = by_level.get(o.level or "未分层面", 0) + 1
        if o.status:
            by_status[o.status] = by_status.get(o.status, 0) + 1
    invest = sum(o.investment or 0 for o in eng.options)
    text = (f"本轮审核共产生清洁生产方案 {len(rows)} 项，其中"
            + "、".join(f"{k} {v} 项" for k, v in by_level.items())
            + ("；按实施情况，" + "、".join(f"{k} {v} 项" for k, v in by_status.items())
               if by_status else "")
            + (f"；投资预算合计 {display.plain(invest)} 万元" if invest else "")
            + "。方案汇总见表 6-1。")  # fmt: skip
    return rows, text


def _conclusion(doc: dict[str, Any]) -> str:
    """5.5.1 in the standard's words: the level reached against 附件1, and the shortfalls."""
    n = _counts(doc)
    weak = [f"{i['no']} {i['name_zh']}" for i in doc["indicators"] if i["level"] == "未达一般"]
    text = (f"对照附件1评价指标，园区 {doc['year']} 年清洁生产水平为：{n['先进']} 项指标达到清洁"
            f"生产先进水平，{n['一般']} 项达到一般水平，{n['未达一般']} 项未达到一般水平。")  # fmt: skip
    if weak:
        text += (
            "未达到一般水平的指标（"
            + "；".join(weak)
            + "）是本轮审核的主要短板，应作为清洁生产方案和持续清洁生产计划的重点。"
        )
    elif n["一般"]:
        text += "各项指标均达到一般水平，提升方向是使达到一般水平的指标达到先进水平。"
    return text


def _baseline(run: StoredRun) -> tuple[list[int], list[dict[str, Any]]]:
    """The park's own data for up to 3 years (the audit year and the two before), quantity
    fields only, in catalogue order: 附件2 2.4.1 现状调查."""
    from parkesg.frameworks import load_catalogue

    by_year = run.data_by_year()
    last = int(run.last["year"])
    years = [last - 2, last - 1, last]  # the audit year and the two before (— without data)
    cat = load_catalogue()
    rows = []
    for fid, f in cat.items():
        if f.kind.value != "quantitative" or f.unit in ("1", "-", ""):
            continue
        values = [by_year.get(y, {}).get(fid) for y in years]
        if all(v is None for v in values):
            continue
        rows.append({"name": f.name.zh, "unit": formatting.unit(f.unit),
                     "by_year": [formatting.number(v, unit=f.unit) for v in values]})  # fmt: skip
    return years, rows


def numbering(energy: bool) -> dict[str, str]:
    """Table and figure numbers of chapter 4, which depend on the energy part being there."""
    names = ["baseline", *(["balance", "carbon"] if energy else []), "indicators", "focus",
             "targets"]  # fmt: skip
    t = {name: f"4-{n}" for n, name in enumerate(names, start=1)}
    figures = [*(["flow"] if energy else []), "chart"]
    return t | {name: f"4-{n}" for n, name in enumerate(figures, start=1)}


def context(run: StoredRun, eng: Engagement, *, energy: bool = False) -> dict[str, Any]:
    doc = audit_doc(run)
    t = numbering(energy)
    p = eng.park
    marks = Marks.of(run)
    names = node_names(run)
    years, baseline = _baseline(run)
    focus, focus_proposed = _focus(eng, doc)
    targets, targets_proposed = _targets(eng, doc)
    options, options_text = _options(eng)
    findings = [{"level": f.level or display.DASH, "aspect": f.aspect or display.DASH,
                 "finding": f.finding, "cause": f.cause or "（待填写：原因）"}
                for f in eng.findings]  # fmt: skip
    prov_rows = annex_rows(run, marks)
    return {
        "park_name": p.park_name,
        "stage": p.report_stage or "送审稿",
        "managing_body": p.managing_body or "（待填写：园区管理机构名称）",
        "provider_name": p.provider_name or "",
        "report_month": p.report_month or "（待填写：报告编制时间）",
        "photo_missing": "（待填写：园区形象照片）",
        "preface": display.text(
            p.preface, "开展清洁生产审核的必要性、实施时间、主要内容和参与单位"
        ),
        "background": display.text(p.background, "项目背景、意义、由来、相关要求和审核过程"),
        "scope": display.text(p.scope, "审核范围"),
        "leadership": display.text(p.leadership, "取得园区及企业领导支持与参与的过程"),
        "training": display.text(p.training, "宣传教育和培训的形式、内容与过程"),
        "survey": display.text(p.survey, "园区基本概况、社会经济与产业发展、基础设施、环境质量"),
        **_team(eng.team),
        "plan": display.blank_rows(
            [
                {
                    **s.model_dump(),
                    "no": n,
                    **{
                        k: getattr(s, k) or display.DASH
                        for k in (
                            "action",
                            "content",
                            "due",
                            "owner",
                            "departments",
                            "participants",
                            "output",
                        )
                    },
                }
                for n, s in enumerate(eng.plan, start=1)
            ],
            [
                "stage",
                "no",
                "action",
                "content",
                "due",
                "owner",
                "departments",
                "participants",
                "output",
            ],
        ),  # fmt: skip
        "year": doc["year"],
        "t": t,
        "evaluation_summary": _summary(doc, t["indicators"]),
        "baseline_years": [f"{y} 年" for y in years],
        "baseline": baseline,
        "indicators": indicator_rows(doc, marks, names),
        "indicator_note": marks.note("园区值")
        if any(marks.indicator(i) for i in doc["indicators"])
        else "",
        "selection_text": _selection_text(run, doc),
        "shortfalls": _shortfall_lines(doc),
        "focus": focus,
        "focus_note": proposed("审核重点按评价短板提出，待审核小组按 5.2.3 确认")
        if focus_proposed
        else "",
        "focus_status": [
            f"{f['level']}：{f['focus']}。{f['status'] or '（待填写：审核重点现状）'}"
            for f in focus
        ]
        or ["（待填写：审核重点现状分析）"],  # fmt: skip
        "targets": display.blank_rows(
            targets, ["indicator", "no", "unit", "current", "near", "mid", "long"]
        ),
        "targets_note": _targets_note(targets, targets_proposed, doc["year"]),
        "findings": display.blank_rows(findings, ["finding", "level", "aspect", "cause"]),
        "suggestions": [
            f"{o['level']}：{o['name']}——{o['summary']}"
            for o in options
            if o.get("name") and o["name"] != display.PENDING
        ]
        or ["（待填写：清洁生产建议）"],
        "options": options,
        "options_text": options_text,
        "conclusion": _conclusion(doc),
        "conclusions": [
            c.content for c in eng.conclusions if c.kind in ("结论", "工作亮点", "存在问题")
        ],
        "advice": [c.content for c in eng.conclusions if c.kind == "建议"] or ["（待填写：建议）"],
        "continuing": display.blank_rows(
            [
                {
                    "item": c.item,
                    "content": c.content or display.DASH,
                    "time": c.time or display.DASH,
                    "department": c.department or display.DASH,
                }
                for c in eng.continuing
            ],
            ["item", "content", "time", "department"],
        ),  # fmt: skip
        "provisional_rows": prov_rows,
        "confirmation": confirmation_text(marks),
        "edition_note": edition_note(run),
    }
