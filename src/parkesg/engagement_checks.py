"""The standards' rules on an engagement record, checked before a report is written.

Each check cites its clause and names the record it is about — the sheet and row of the
engagement workbook, with the member's name or the indicator — and a report with any problem
is refused (``DataErrors``), never written with a silent warning. A rule is checked once the
records it reads exist: a blank engagement (no team yet, no dates) passes, and reads as a
form to fill.

- Beijing guide 三（二）: ≥ 5 members; ≥ 2 with a senior title (正高级 or 副高级) in one of the
  specialities the guide names, or ≥ 3 who led green-manufacturing projects; ≥ 1 park staff.
- Beijing guide 四（三）1: ≥ 4 working days on site, counted from the dates (Monday to Friday;
  public holidays are not known here and count as working days).
- T/CPPC 5.1.2 (2): every enterprise in the audit's scope has ≥ 2 members, one of them from its
  finance department — checked for the enterprises members record.
- T/CPPC 5.2.4: a target fits its indicator — the same unit, the same scale (a % is not
  written as a fraction, a share stays within 100 %, no tenfold jump from the current value)
  and the indicator's direction (no target worse than the current value; near → mid → long
  term never worse).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from parkesg.engagement import (
    PROFILE_SHEET,
    Engagement,
    EngagementKind,
    Profile,
    Target,
    TeamMember,
    columns,
)
from parkesg.errors import DataError, DataErrors

TEAM_SHEET, TARGET_SHEET = "工作组成员", "清洁生产目标"
FIRST_ROW = 3  # table sheets: row 1 headers, row 2 hints, records from row 3

# Professional titles (职称) of the 正高级 and 副高级 grades, as written in appointments. A title
# counts when written exactly so (助理研究员, 工程师 and 助理工程师 are not senior).
SENIOR_TITLES = frozenset({
    # 正高级
    "教授", "研究员", "正高级工程师", "教授级高级工程师", "教授级高工", "正高级经济师",
    "正高级会计师", "正高级统计师", "正高级实验师", "正高级农艺师", "正高级规划师",
    # 副高级
    "副教授", "副研究员", "高级工程师", "高工", "高级经济师", "高级会计师", "高级统计师",
    "高级实验师", "高级农艺师", "高级规划师", "高级环境工程师", "高级审计师",
})  # fmt: skip
# 三（二）: “能源、环境、生态、低碳、生命周期评价等相关专业” — the named ones and their kin.
SPECIALITY_WORDS = ("能源", "节能", "环境", "环保", "生态", "低碳", "碳", "生命周期", "清洁生产",
                    "循环经济", "资源综合利用", "水处理", "大气", "固废", "绿色")  # fmt: skip
MIN_TEAM, MIN_SENIOR, MIN_LED, MIN_ONSITE_DAYS = 5, 2, 3, 4


def _where(items: list[tuple[int, str]]) -> str:
    return "、".join(f"第 {row} 行 {name}" for row, name in items)


def senior_title(title: str | None) -> bool:
    return (title or "").strip().replace(" ", "") in SENIOR_TITLES


def named_speciality(speciality: str | None) -> bool:
    return any(w in (speciality or "") for w in SPECIALITY_WORDS)


def beijing_team(team: list[TeamMember]) -> list[DataError]:
    """三（二）组建诊断工作组, on a team that has been recorded (an empty one is a blank form)."""
    if not team:
        return []
    rows = [(FIRST_ROW + n, m) for n, m in enumerate(team)]
    out = []

    def problem(message: str, row: int | None = None) -> None:
        out.append(DataError(message, sheet=TEAM_SHEET, row=row))

    if len(team) < MIN_TEAM:
        problem(f"工作组成员 {len(team)} 人，指南三（二）要求不少于 {MIN_TEAM} 人")
    senior = [
        (r, m.name) for r, m in rows if senior_title(m.title) and named_speciality(m.speciality)
    ]
    led = [(r, m.name) for r, m in rows if m.green_projects]
    if len(senior) < MIN_SENIOR and len(led) < MIN_LED:
        left_out = [
            f"第 {r} 行 {m.name}（{m.title or '未填职称'}"
            + ("" if senior_title(m.title) else "，不是高级职称")
            + (
                ""
                if named_speciality(m.speciality)
                else f"，专业“{m.speciality or '未填'}”不在所列专业"
            )
            + "）"
            for r, m in rows
            if not (senior_title(m.title) and named_speciality(m.speciality))
        ]
        problem(
            f"能源、环境、生态、低碳、生命周期评价等相关专业高级职称 {len(senior)} 人"
            + (f"（{_where(senior)}）" if senior else "")
            + f"、主导过绿色制造相关项目 {len(led)} 人"
            + (f"（{_where(led)}）" if led else "")
            + f"；指南三（二）要求高级职称不少于 {MIN_SENIOR} 人（或主导过绿色制造相关项目的不少于"
            f" {MIN_LED} 人）。未计入高级职称：" + "；".join(left_out)
        )
    if not any(m.member_type == "园区工作人员" for m in team):
        problem(
            "工作组中没有“成员类别”为园区工作人员的成员，指南三（二）要求至少一名园区相关工作负责人"
        )
    return out


def _day(text: str | None) -> dt.date | None:
    """Back from the engagement's “2024年3月4日”."""
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday to Friday from ``start`` to ``end``, both included."""
    days = (end - start).days + 1
    return sum((start + dt.timedelta(k)).weekday() < 5 for k in range(max(days, 0)))


def _profile_row(name: str) -> int:
    return 2 + [n for n, _, _ in columns(Profile)].index(name)


def onsite_days(profile: Profile) -> list[DataError]:
    """四（三）1: not fewer than 4 working days on site, once both dates are recorded."""
    start, end = _day(profile.onsite_start), _day(profile.onsite_end)
    if start is None or end is None:
        return []
    row = _profile_row("onsite_end")
    if end < start:
        return [DataError(f"现场工作结束日期 {profile.onsite_end} 早于开始日期 {profile.onsite_start}",
                          sheet=PROFILE_SHEET, row=row, cell=f"B{row}")]  # fmt: skip
    n = working_days(start, end)
    if n >= MIN_ONSITE_DAYS:
        return []
    return [DataError(
        f"现场诊断 {profile.onsite_start} 至 {profile.onsite_end} 共 {n} 个工作日（按周一至周五计），"
        f"指南四（三）1 要求不少于 {MIN_ONSITE_DAYS} 个工作日",
        sheet=PROFILE_SHEET, row=row, cell=f"B{row}",
    )]  # fmt: skip


def cppc_team(team: list[TeamMember]) -> list[DataError]:
    """5.1.2 (2): each enterprise with members recorded has ≥ 2, one from its finance
    department (“财务部门” 是, or a department and post naming 财务)."""
    by_enterprise: dict[str, list[tuple[int, TeamMember]]] = {}
    for n, m in enumerate(team):
        if m.enterprise and m.organisation:
            by_enterprise.setdefault(m.organisation, []).append((FIRST_ROW + n, m))
    out = []
    for name, members in by_enterprise.items():
        rows = _where([(r, m.name) for r, m in members])
        if len(members) < 2:
            out.append(DataError(f"{name} 只有 1 名审核小组成员（{rows}），T/CPPC 5.1.2 (2) 要求每家"
                                 "企业至少 2 人，且其中 1 人来自本企业财务部门",
                                 sheet=TEAM_SHEET, row=members[0][0]))  # fmt: skip
        elif not any(m.finance or "财务" in (m.department_post or "") for _, m in members):
            out.append(DataError(f"{name} 的审核小组成员（{rows}）中没有来自本企业财务部门的，"
                                 "T/CPPC 5.1.2 (2) 要求其中 1 人来自财务部门",
                                 sheet=TEAM_SHEET, row=members[0][0]))  # fmt: skip
    return out


# ── targets (5.2.4) ──────────────────────────────────────────────────────────────────────


def indicator_of(target: Target, indicators: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The evaluated indicator a target names (序号, id or name), if any."""
    key = target.indicator.strip()
    for i in indicators:
        if key in (str(i["no"]), i["id"], i["name_zh"]):
            return i
    return None


def _same_unit(given: str, unit: str) -> bool:
    from parkesg.units import factor

    try:
        return abs(factor(given, unit) - 1.0) < 1e-9
    except DataError:
        return False


def target_problems(
    targets: list[Target],
    indicators: list[dict[str, Any]],
    *,
    unit_text: Callable[[dict[str, Any]], str],
    number: Callable[[float, dict[str, Any] | None], str],
) -> list[DataError]:
    """5.2.4 on each target row. ``indicators``: the audit year's results (``to_json``);
    ``unit_text`` and ``number`` write a unit and a value as the report prints them."""
    out = []
    for n, t in enumerate(targets):
        row = FIRST_ROW + n
        ind = indicator_of(t, indicators)
        label = f"{ind['no']} {ind['name_zh']}" if ind else t.indicator
        unit = ind["unit"] if ind else (t.unit or "")
        shown_unit = unit_text(ind) if ind else (t.unit or "")
        current = ind["value"] if ind and isinstance(ind["value"], int | float) else t.current
        if ind and ind.get("kind") == "boolean":
            continue  # 具备 / 达标: nothing to scale
        problems: list[str] = []
        if ind and t.unit and not _same_unit(t.unit, unit):
            problems.append(f"单位“{t.unit}”与指标单位“{shown_unit}”不同")
        goals = [(name, v) for name, v in (("近期", t.near), ("中期", t.mid), ("远期", t.long))
                 if v is not None]  # fmt: skip
        percent = unit.strip() in ("%", "％")
        for name, v in goals:
            if percent and current is not None and abs(current) >= 1 and 0 < abs(v) < 1:
                problems.append(f"{name}目标 {number(v, ind)} 像是小数写法，单位为 %，"
                                f"现状值为 {number(current, ind)}%（如 20% 应写 20）")  # fmt: skip
            elif percent and _share(ind) and not 0 <= v <= 100:
                problems.append(f"{name}目标 {number(v, ind)}% 超出 0—100%")
            elif current and v and (current > 0) == (v > 0) and not 0.1 < v / current < 10:
                problems.append(f"{name}目标 {number(v, ind)} 与现状值 {number(current, ind)}"
                                f"{'' if percent else ' '}{shown_unit} 相差 10 倍以上，请核对单位与量级")  # fmt: skip
        direction = ind.get("direction") if ind else None
        if direction in ("higher", "lower") and not problems:

            def better(a: float, b: float, higher: bool = direction == "higher") -> bool:
                return a >= b if higher else a <= b

            word = "越高越好" if direction == "higher" else "越低越好"
            if current is not None:
                for name, v in goals:
                    if not better(v, current):
                        problems.append(f"该指标{word}，{name}目标 {number(v, ind)} 劣于现状值 "
                                        f"{number(current, ind)}")  # fmt: skip
            for (a_name, a), (b_name, b) in zip(goals, goals[1:], strict=False):
                if not better(b, a):
                    problems.append(f"该指标{word}，{b_name}目标 {number(b, ind)} 劣于{a_name}目标 "
                                    f"{number(a, ind)}")  # fmt: skip
        if problems:
            out.append(DataError(f"目标“{label}”：" + "；".join(problems) + "（T/CPPC 5.2.4）",
                                 sheet=TARGET_SHEET, row=row))  # fmt: skip
    return out


def _share(ind: dict[str, Any] | None) -> bool:
    """A % that is a share of a whole (a rate of change may pass 100 % or go negative)."""
    if ind is None:
        return True
    name = ind["name_zh"]
    return not any(w in name for w in ("增长率", "增速", "削减率", "消减率", "变化率"))


def check(
    eng: Engagement,
    *,
    indicators: list[dict[str, Any]] | None = None,
    unit_text: Callable[[dict[str, Any]], str] = lambda i: str(i["unit"]),
    number: Callable[[float, dict[str, Any] | None], str] = lambda v, i: f"{v:g}",
) -> None:
    """Every rule of the engagement's kind; ``DataErrors`` with all problems at once."""
    errors: list[DataError] = []
    if eng.kind is EngagementKind.beijing:
        errors += beijing_team(eng.team) + onsite_days(eng.park)
    elif eng.kind is EngagementKind.cppc:
        errors += cppc_team(eng.team)
        errors += target_problems(eng.targets, indicators or [], unit_text=unit_text, number=number)
    if errors:
        raise DataErrors(errors)
