"""The engagement workbook as a bridge (``parkesg.io.engagement``): any engagement exports
to it (``contract.engagement`` written by ``write_engagement_template``), and a filled
workbook imports into an engagement — every problem by sheet, row and cell, and nothing
stored from a refused file (one transaction; a refusal is audited, the file is not kept).

Rows are matched to the records they update by a natural key (a member by name and group —
the same person may sit in two groups of T/CPPC 5.1.2 —, a plan item by phase and content, a
target by indicator …); rows that match nothing are added; records the workbook does not list
are left alone (clearing a row deletes nothing). A row that would change a record of a stage
already submitted is an error of that row.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import load_workbook

from parkesg.engagement import TABLE_SHEETS
from parkesg.engagement import Engagement as Contract
from parkesg.errors import DataError, DataErrors
from parkesg.io.engagement import read_engagement, write_engagement_template
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core.objects import get_for_user
from parkesg.web.core.roles import Action
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import contract, services, targets
from parkesg.web.engagements import records as r
from parkesg.web.engagements.models import Engagement

LEVELS = {v: k for k, v in contract.LEVEL.items()}
CONCLUDE = {v: k for k, v in contract.CONCLUDE.items()}
STATUS = {v: k for k, v in contract.STATUS.items()}
# words of a speciality → the fields 三（二） names
FIELD_WORDS = ((c.Field.lca, ("生命周期",)), (c.Field.low_carbon, ("低碳", "碳")),
               (c.Field.ecology, ("生态",)), (c.Field.energy, ("能源", "节能", "热能", "电力")),
               (c.Field.environment, ("环境", "环保", "污染")))  # fmt: skip
# professional titles → grade (GB/T 8563 levels); anything else is left ungraded (无职称)
FULL_SENIOR = ("正高级", "教授级", "研究员", "教授")
SENIOR = ("高级工程师", "高级经济师", "高级会计师", "高级统计师", "副教授", "副研究员",
          "高级农艺师", "高级规划师", "高级建筑师")  # fmt: skip
INTERMEDIATE = ("工程师", "经济师", "会计师", "统计师", "讲师", "助理研究员")
JUNIOR = ("助理工程师", "技术员", "助理经济师", "助理会计师")
ANALYSIS_WORDS = ((c.Analysis.structure, ("布局", "产业结构", "产业链")),
                  (c.Analysis.carbon, ("低碳", "碳")),
                  (c.Analysis.infrastructure, ("基础设施", "设施")),
                  (c.Analysis.management, ("管理",)),
                  (c.Analysis.efficiency, ("能源", "资源", "水", "效率", "固废", "废物")))  # fmt: skip


def title_grade(title: str | None) -> str:
    t = (title or "").strip()
    for words, grade in ((JUNIOR, c.TitleGrade.junior), (FULL_SENIOR, c.TitleGrade.full_senior),
                         (SENIOR, c.TitleGrade.senior), (INTERMEDIATE, c.TitleGrade.intermediate)):  # fmt: skip
        if any(w in t for w in words) and not ("副" in t and grade == c.TitleGrade.full_senior):
            return grade
    return c.TitleGrade.none


def _field(text: str | None) -> str:
    for value, words in FIELD_WORDS:
        if any(w in (text or "") for w in words):
            return value
    return c.Field.other


def _analysis(text: str | None) -> str:
    for value, words in ANALYSIS_WORDS:
        if any(w in (text or "") for w in words):
            return value
    return ""


def _due(text: str | None) -> dt.date | None:
    """2024-03-15 → that day; 2024-03 → the month's last day; else None."""
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})\D(\d{1,2})(?:\D(\d{1,2}))?\D?", text.strip())
    if not m:
        return None
    y, mo = int(m[1]), int(m[2])
    if not 1 <= mo <= 12:
        return None
    d = int(m[3]) if m[3] else calendar.monthrange(y, mo)[1]
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def export_bytes(e: Engagement) -> bytes:
    """The engagement workbook of ``e``, pre-filled from its records."""
    with tempfile.TemporaryDirectory(prefix="parkesg-engagement-") as tmp:
        path = write_engagement_template(e.kind, Path(tmp) / "engagement.xlsx",
                                         engagement=contract.engagement(e))  # fmt: skip
        return path.read_bytes()


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (ref, message)


class _Refused(Exception):
    pass


def _rows_of(path: Path) -> dict[str, list[int]]:
    """Per table sheet, the row numbers of its non-blank records (as the reader skips)."""
    wb = load_workbook(path, read_only=True, data_only=True)
    out: dict[str, list[int]] = {}
    for sheet in TABLE_SHEETS:
        if sheet in wb.sheetnames:
            rows = wb[sheet].iter_rows(min_row=3, values_only=True)
            out[sheet] = [n for n, vals in enumerate(rows, start=3)
                          if any(v not in (None, "") for v in vals)]  # fmt: skip
    wb.close()
    return out


def import_workbook(*, actor: Any, engagement_id: Any, data: bytes, name: str,
                    request: Any = None) -> Outcome:  # fmt: skip
    """Read, check and apply a filled workbook, or refuse it whole (``Outcome.errors``)."""
    e = get_for_user(Engagement, actor, Action.change, engagement_id, request=request)
    out = Outcome()
    with tempfile.TemporaryDirectory(prefix="parkesg-engagement-") as tmp:
        path = Path(tmp) / (Path(name).name or "engagement.xlsx")
        path.write_bytes(data)
        try:
            book = read_engagement(path)
            rows = _rows_of(path)
        except DataErrors as exc:
            out.errors = [(_ref(x), x.detail) for x in exc.errors]
        except DataError as exc:
            out.errors = [(_ref(exc), exc.detail)]
    if not out.errors and book.kind.value != e.kind:
        out.errors = [("填写说明!B2", f"工作簿类型为 {book.kind.value}，本项目为 {e.kind}")]
    if not out.errors:
        try:
            with transaction.atomic():
                _apply(actor, e, book, rows, out, request)
                if out.errors:
                    raise _Refused
        except _Refused:
            out.created = out.updated = out.unchanged = 0
    audit.record(action=AuditAction.submit if not out.errors else AuditAction.reject,
                 actor=actor, organisation=e.organisation, obj=e, request=request,
                 after={"workbook": name[:200], "created": out.created, "updated": out.updated,
                        "problems": [f"{a} {b}" for a, b in out.errors][:100]})  # fmt: skip
    return out


def _ref(x: DataError) -> str:
    if x.sheet and x.cell:
        return f"{x.sheet}!{x.cell}"
    if x.sheet and x.row:
        return f"{x.sheet} 第 {x.row} 行"
    return x.sheet or x.file or ""


def _save(actor: Any, e: Engagement, rec: Any, values: dict[str, Any], ref: str, out: Outcome,
          request: Any) -> Any:  # fmt: skip
    adding = rec._state.adding
    changed = adding or any(getattr(rec, k) != v for k, v in values.items())
    if not changed:
        out.unchanged += 1
        return rec
    for k, v in values.items():
        setattr(rec, k, v)
    try:
        services.save_record(actor=actor, engagement=e, record=rec, request=request)
    except ValidationError as exc:
        out.errors.append((ref, "；".join(exc.messages)))
    except PermissionDenied:
        out.errors.append((ref, "无权在当前阶段添加或修改此类记录"))
    else:
        if adding:
            out.created += 1
        else:
            out.updated += 1
    return rec


def _apply(actor: Any, e: Engagement, book: Contract, rows: dict[str, list[int]], out: Outcome,
           request: Any) -> None:  # fmt: skip
    own = {k: v for k, v in book.park.model_dump().items()
           if k in services.PROFILE_FIELDS and v not in (None, "")}  # fmt: skip
    merged = {**(e.profile or {}), **own}
    if merged != (e.profile or {}):
        try:
            services.save_profile(actor=actor, engagement_id=e.pk, values=merged, request=request)
            e.refresh_from_db()
        except ValidationError as exc:
            out.errors.append(("基本信息", "；".join(exc.messages)))
    for sheet, (_model, attr) in TABLE_SHEETS.items():
        items = getattr(book, attr)
        numbers = rows.get(sheet, [])
        for n, item in enumerate(items):
            ref = f"{sheet} 第 {numbers[n] if n < len(numbers) else n + 3} 行"
            handler = HANDLERS.get(attr)
            if handler is not None:
                handler(actor, e, item, ref, out, request)


# T/CPPC 5.1.2: the teams of each group of the workbook (a row's key is its name with its group)
GROUP_TEAMS: dict[str, tuple[str, ...]] = {
    c.Team.leadership: (c.Team.leadership,),
    c.Team.work: (c.Team.work, c.Team.industry),
    c.Team.industry: (c.Team.industry, c.Team.work),
    c.Team.diagnosis: (c.Team.diagnosis,),
}


def _team(e: Engagement, t: Any) -> str:
    """The row's group (T/CPPC; a blank group is the audit group — unless the role names the
    leadership group, as workbooks before the group column did); Beijing has one team."""
    if not e.is_cppc:
        return c.Team.diagnosis
    if t.group == "领导小组" or (t.group is None and "领导" in t.team_role):
        return c.Team.leadership
    return c.Team.industry if "行业" in t.team_role else c.Team.work


def _member(actor: Any, e: Engagement, t: Any, ref: str, out: Outcome, request: Any) -> None:
    team = _team(e, t)
    same = r.Member.objects.filter(engagement=e, name=t.name)
    rec = same.filter(team=team).first() or same.filter(team__in=GROUP_TEAMS[team]).first()
    role = (c.TeamRole.deputy if "副组长" in t.team_role else
            c.TeamRole.leader if "组长" in t.team_role else c.TeamRole.member)  # fmt: skip
    values: dict[str, Any] = {"team": team, "role": role, "title": t.title or "",
                              "speciality": t.speciality or "", "duties": t.duties or "",
                              "green_projects": bool(t.green_projects), "days": _days(e, t.time_committed)}  # fmt: skip
    if t.finance is not None:
        values["finance"] = t.finance
    if rec is not None and not rec.speciality and t.speciality == str(c.Field(rec.field).label):
        values["speciality"] = ""  # the export writes the field where no speciality was typed
    if rec is None:
        rec = r.Member(name=t.name)
        values.update(_new_member(e, t))
        values.setdefault("finance", "财务" in (t.department_post or ""))
    _save(actor, e, rec, values, ref, out, request)


def _new_member(e: Engagement, t: Any) -> dict[str, Any]:
    """Where a new member comes from: the enterprise of the park its 所在单位 names (or, in a
    workbook without that column, its 所在部门及职务 begins with), else the unit's name;
    the park committee, the provider or an outside expert."""
    unit = t.organisation or ""
    text = t.department_post or ""
    ents = list(e.park.enterprises.all())
    ent = next((o for o in ents if unit == o.name), None)
    if ent is None and not unit:
        ent = next((o for o in ents if text.startswith(o.name)), None)
        text = text[len(ent.name) :].strip() if ent else text
    dept, _, post = text.partition(" ")
    from_ent = t.enterprise if t.enterprise is not None else ent is not None
    words = f"{unit} {t.department_post or ''}"
    affiliation = (c.Affiliation.enterprise if from_ent else
                   c.Affiliation.park if t.member_type == "园区工作人员"
                   or "管委会" in unit or (unit and unit in e.park.name) else
                   c.Affiliation.provider if "服务商" in words or e.organisation.name in words
                   else c.Affiliation.expert)  # fmt: skip
    return {"affiliation": affiliation, "enterprise": ent if from_ent else None,
            "unit_name": "" if from_ent and ent else unit[:200], "department": dept[:100],
            "post": post.strip()[:100], "title_grade": title_grade(t.title),
            "field": _field(t.speciality)}  # fmt: skip


def _days(e: Engagement, text: str | None) -> int | None:
    if not text:
        return None
    m = re.search(r"\d+", text)
    if m:
        return int(m[0])
    return (e.ends_on - e.starts_on).days + 1 if "全程" in text else None


PHASES = {str(p.label): p.value for p in c.Phase}


def _plan(actor: Any, e: Engagement, s: Any, ref: str, out: Outcome, request: Any) -> None:
    phase = next((v for k, v in PHASES.items() if k in s.stage or s.stage in k), None)
    allowed = c.CPPC_PHASES if e.is_cppc else (*c.BEIJING_PHASES, c.Phase.follow)
    if phase not in allowed:
        names = "、".join(str(c.Phase(p).label) for p in allowed)
        out.errors.append((ref, f"阶段 “{s.stage}” 应为 {names} 之一"))
        return
    rec = r.PlanItem.objects.filter(engagement=e, phase=phase, content=s.content or s.stage).first()
    due = _due(s.due)
    if s.due and due is None:
        out.errors.append((ref, f"完成时间 “{s.due}” 应为日期，如 2024-03-15 或 2024-03"))
        return
    values = {"phase": phase, "action": s.action or "", "content": (s.content or s.stage)[:300],
              "due": due, "owner": s.owner or "", "departments": s.departments or "",
              "participants": (s.participants or "")[:200], "output": s.output or ""}  # fmt: skip
    _save(actor, e, rec or r.PlanItem(), values, ref, out, request)


def _focus(actor: Any, e: Engagement, f: Any, ref: str, out: Outcome, request: Any) -> None:
    level = LEVELS[f.level]
    rec = r.Focus.objects.filter(engagement=e, level=level, focus=f.focus).first()
    values = {
        "level": level,
        "focus": f.focus[:200],
        "basis": f.basis or "",
        "status": f.status or "",
    }
    if rec is not None:
        values = {k: v for k, v in values.items() if v or k in ("level", "focus")}
    _save(actor, e, rec or r.Focus(), values, ref, out, request)


def _target(actor: Any, e: Engagement, t: Any, ref: str, out: Outcome, request: Any) -> None:
    inds = targets.indicators()
    key = t.indicator.strip()
    ind = next((i for i in inds.values() if key in (str(i.no), i.id, i.name.zh)), None)
    name = ind.name.zh if ind else key
    rec = r.Target.objects.filter(engagement=e, name=name).first()
    values: dict[str, Any] = {"name": name, "unit": t.unit or (ind.unit if ind else ""),
                              "near": t.near, "mid": t.mid, "long": t.long}  # fmt: skip
    if ind is not None:
        values.update(indicator=ind.id, lower_is_better=ind.direction.value == "lower")
    if t.current is not None:
        values["current"] = t.current
    elif ind is not None and rec is None:  # a new target's current value: the evaluation's
        values["current"] = _current(e, ind.id)  # (a blank cell changes no stored target)
    _save(actor, e, rec or r.Target(), values, ref, out, request)


def _current(e: Engagement, indicator: str) -> float | None:
    if e.run is None:
        return None
    for d in e.run.results.get("docs", []):
        if int(d["year"]) == e.base_year:
            hit = next((i for i in d["indicators"] if i["id"] == indicator), None)
            if hit and isinstance(hit["value"], int | float):
                return float(hit["value"])
    return None


def _option(actor: Any, e: Engagement, o: Any, ref: str, out: Outcome, request: Any) -> None:
    rec = r.Option.objects.filter(engagement=e, name=o.name).first()
    values = {"name": o.name[:200], "level": LEVELS.get(o.level or "", c.Level.park),
              "implementer": o.implementer or "", "summary": o.summary or "",
              "investment": o.investment, "fixed_investment": o.fixed_investment,
              "environmental_benefit": o.environmental_benefit or "",
              "economic_benefit": o.economic_benefit or "", "timing": o.timing or "",
              "status": STATUS.get(o.status or "", c.Implementation.planned)}  # fmt: skip
    _save(actor, e, rec or r.Option(), values, ref, out, request)


def _finding(actor: Any, e: Engagement, f: Any, ref: str, out: Outcome, request: Any) -> None:
    rec = r.Finding.objects.filter(engagement=e, problem=f.finding).first()
    level = LEVELS.get(f.level or "", c.Level.park)
    analysis = _analysis(f.aspect)
    if e.is_cppc and f.aspect and not analysis:
        names = "、".join(str(a.label) for a in c.Analysis)
        out.errors.append((ref, f"方面 “{f.aspect}” 应能归入 5.3.2 的 {names}"))
        return
    values: dict[str, Any] = {"problem": f.finding, "cause": f.cause or "", "level": level,
                              "analysis": analysis}  # fmt: skip
    if rec is None or rec.focus_id is None:
        values["focus"] = _focus_for(e, level, f.finding)
    _save(actor, e, rec or r.Finding(), values, ref, out, request)


def _focus_for(e: Engagement, level: str, text: str) -> r.Focus | None:
    """The audit focus a finding speaks of: named in its text, else the only one of its level."""
    same = list(r.Focus.objects.filter(engagement=e, level=level))
    named = [f for f in r.Focus.objects.filter(engagement=e)
             if f.focus.split("（")[0] and f.focus.split("（")[0] in text]  # fmt: skip
    if len(named) == 1:
        return named[0]
    return same[0] if len(same) == 1 else None


def _conclusion(actor: Any, e: Engagement, x: Any, ref: str, out: Outcome, request: Any) -> None:
    kind = CONCLUDE[x.kind]
    if r.Conclusion.objects.filter(engagement=e, kind=kind, content=x.content).exists():
        out.unchanged += 1
        return
    _save(actor, e, r.Conclusion(), {"kind": kind, "content": x.content}, ref, out, request)


def _continuing(actor: Any, e: Engagement, s: Any, ref: str, out: Outcome, request: Any) -> None:
    rec = r.ContinuingStep.objects.filter(engagement=e, item=s.item).first()
    values = {"item": s.item[:200], "content": s.content or "", "time": s.time or "",
              "department": s.department or ""}  # fmt: skip
    _save(actor, e, rec or r.ContinuingStep(), values, ref, out, request)


HANDLERS = {"team": _member, "plan": _plan, "focus": _focus, "targets": _target,
            "options": _option, "findings": _finding, "conclusions": _conclusion,
            "continuing": _continuing}  # fmt: skip
