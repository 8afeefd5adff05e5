"""Project services (keyword-only; views and the API call these): create and edit a project
in planning, confirm its criteria, the team and each evaluator's conflict declaration, the
workflow moves, and the rating run. Each checks the actor through ``for_user`` and audits."""

from __future__ import annotations

from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core.objects import deny, get_for_user, save_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.documents import services as docs
from parkesg.web.documents.models import Access, DocStatus
from parkesg.web.ratings import checks, criteria, flows, people, rating
from parkesg.web.ratings.kinds import ProjectState, RunKind, TeamRole
from parkesg.web.ratings.models import (
    ConflictDeclaration,
    Evaluator,
    RatingProject,
    RatingRun,
    TeamMember,
)

EDITABLE = (ProjectState.planning,)  # criteria, plan and team change only while planning
WORKING = (ProjectState.implementing, ProjectState.reconfirming)  # data, runs, on-site


def project_for(actor: Any, project_id: Any, action: str = Action.view, request: Any = None) -> Any:
    return get_for_user(RatingProject, actor, action, project_id, request=request)


def _refuse(actor: Any, obj: Any, request: Any, action: str = Action.change) -> NoReturn:
    deny(actor, type(obj), getattr(obj, "pk", ""), action, request)
    raise PermissionDenied


def may_create(user: Any) -> bool:
    """Admins and editors of an organisation that may run some type of rating."""
    org = getattr(user, "organisation", None)
    return bool(org is not None and role_allows(user.role, Action.add)
                and any(org.kind in kinds for kinds in checks.TYPE_KINDS.values()))  # fmt: skip


def next_number(taken: Any, prefix: str, width: int) -> str:
    """``prefix`` + the next serial after the highest taken (numbers are never reused)."""
    serials = [int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:0{width}d}"


def _number(org_id: int, year: int) -> str:
    prefix = f"RP{year}-"
    taken = RatingProject.objects.filter(organisation_id=org_id, number__startswith=prefix)
    return next_number(taken.values_list("number", flat=True), prefix, 3)


def save_project(*, actor: Any, obj: RatingProject, request: Any = None) -> RatingProject:
    """Create a project (its creator, when an evaluator, leads it) or change one in planning."""
    adding = obj._state.adding
    if adding:
        if not may_create(actor):
            _refuse(actor, obj, request, Action.add)
        obj.organisation, obj.created_by = actor.organisation, actor
        obj.number = obj.number or _number(actor.organisation_id, obj.year)
    else:
        current = project_for(actor, obj.pk, Action.change, request)
        if current.state not in EDITABLE:
            raise ValidationError("评价策划阶段之后不能修改项目的范围、准则和计划")
    problems = checks.body_problems(actor.organisation, obj.rating_type)[:1] if adding else []
    if problems and "组织类型" in problems[0]:
        raise ValidationError({"rating_type": problems[0]})
    before = None if adding else audit.snapshot(RatingProject.objects.get(pk=obj.pk))
    with transaction.atomic():
        saved = save_for_user(obj, actor, Action.add if adding else Action.change,
                              before=before, request=request)  # fmt: skip
        lead = people.evaluator(actor, actor.organisation_id)
        if adding and lead is not None:  # leads it; declares once the portfolio is known
            _join(saved, lead, TeamRole.lead, actor, request)
    return saved


def set_benchmarks(
    *, actor: Any, project_id: Any, table_ids: list[int], request: Any = None
) -> None:
    """The benchmark tables (6.9 c) a project scores against, chosen among the organisation's."""
    from parkesg.web.ratings.models import BenchmarkTable

    p = project_for(actor, project_id, Action.change, request)
    if p.state not in EDITABLE:
        raise ValidationError("评价策划阶段之后不能修改评价准则")
    tables = BenchmarkTable.objects.for_user(actor, Action.view).filter(
        organisation_id=p.organisation_id, pk__in=table_ids
    )
    before = sorted(p.benchmarks.values_list("pk", flat=True))
    p.benchmarks.set(tables)
    audit.record(action=AuditAction.change, actor=actor, organisation=p.organisation, obj=p,
                 before={"benchmarks": before}, after={"benchmarks": sorted(t.pk for t in tables)},
                 request=request)  # fmt: skip


def confirm_criteria(*, actor: Any, project_id: Any, request: Any = None) -> Any:
    """6.2 a: write the criteria (with every provisional value adopted) as a document and submit
    it; someone other than its author approves it (``approve_criteria``)."""
    p = project_for(actor, project_id, Action.change, request)
    if not people.lead_or_admin(actor, p):
        _refuse(actor, p, request)
    if problems := criteria.criteria_problems(p):
        raise ValidationError(problems)
    body = criteria.content(p)
    with transaction.atomic():
        doc = p.criteria_doc
        if doc is not None and doc.status == DocStatus.draft:
            doc.content = body
            doc.save()
        elif doc is not None and doc.status in (DocStatus.approved, DocStatus.published):
            doc = docs.new_version(doc, author=actor, change_note="评价准则调整", content=body,
                                   request=request)  # fmt: skip
        elif doc is None or doc.status != DocStatus.review:
            doc = docs.create(organisation=p.organisation, author=actor, kind="ratings.criteria",
                              number=f"{p.number}-准则", title=f"{p.title} 评价准则", subject=p,
                              content=body, access=Access.internal, request=request)  # fmt: skip
        if doc.status == DocStatus.draft:
            docs.LIFE.move(doc, "submit", user=actor, request=request)
        p.criteria_doc = doc
        p.save(update_fields=["criteria_doc"])
    return doc


def approve_criteria(*, actor: Any, project_id: Any, request: Any = None) -> Any:
    """A committee member (not the author) approves the criteria document."""
    p = project_for(actor, project_id, Action.view, request)
    if p.criteria_doc is None or people.committee(actor, p.organisation_id) is None:
        _refuse(actor, p, request, Action.approve)
    return docs.LIFE.move(p.criteria_doc, "approve", user=actor, request=request)


def _declare(p: RatingProject, ev: Evaluator, conflict: bool, detail: str, actor: Any,
             request: Any) -> ConflictDeclaration:  # fmt: skip
    found = ConflictDeclaration.objects.filter(project=p, evaluator=ev).first()
    before = audit.snapshot(found)
    d = found or ConflictDeclaration(organisation=p.organisation, created_by=actor, project=p,
                                     evaluator=ev)  # fmt: skip
    d.has_conflict, d.detail = conflict, detail
    d.save()
    audit.record(action=AuditAction.change if found else AuditAction.create, actor=actor,
                 organisation=p.organisation, obj=d, before=before, after=audit.snapshot(d),
                 request=request)  # fmt: skip
    if conflict:  # 6.6 e: someone with a conflict does not stay on the project
        for t in TeamMember.objects.filter(project=p, evaluator=ev):
            audit.record(action=AuditAction.change, actor=actor, organisation=p.organisation,
                         obj=t, before=audit.snapshot(t), after={"removed": "利益冲突"},
                         request=request)  # fmt: skip
            t.delete()
    return d


def declare(*, actor: Any, project_id: Any, has_conflict: bool, detail: str = "",
            request: Any = None) -> ConflictDeclaration:  # fmt: skip
    """6.6 e: an evaluator declares, for this project, whether it has a conflict of interest
    with any enterprise of the portfolio — only for itself."""
    p = project_for(actor, project_id, Action.view, request)
    ev = people.evaluator(actor, p.organisation_id)
    if ev is None:
        _refuse(actor, p, request)
    if has_conflict and not detail.strip():
        raise ValidationError({"detail": "声明存在利益冲突时须说明与哪家企业、何种关系"})
    with transaction.atomic():
        return _declare(p, ev, has_conflict, detail.strip(), actor, request)


def _join(p: RatingProject, ev: Evaluator, role: str, actor: Any, request: Any) -> TeamMember:
    t = TeamMember.objects.create(organisation=p.organisation, created_by=actor, project=p,
                                  evaluator=ev, role=role)  # fmt: skip
    audit.record(action=AuditAction.create, actor=actor, organisation=p.organisation, obj=t,
                 after=audit.snapshot(t), request=request)  # fmt: skip
    return t


def add_to_team(*, actor: Any, project_id: Any, evaluator_id: Any, role: str = TeamRole.member,
                request: Any = None) -> TeamMember:  # fmt: skip
    """6.2 b: put an evaluator on the team — only after its declaration of no conflict (6.6 e)."""
    p = project_for(actor, project_id, Action.change, request)
    if not people.lead_or_admin(actor, p):
        _refuse(actor, p, request)
    if p.state not in (*EDITABLE, *WORKING):
        raise ValidationError("项目已进入复核或审定，不能再调整评价组")
    ev = get_for_user(Evaluator, actor, Action.view, evaluator_id, request=request)
    if ev.organisation_id != p.organisation_id:
        raise ValidationError("只能选择本组织的评价人员")
    problems = checks.evaluator_problems(ev)
    d = ConflictDeclaration.objects.filter(project=p, evaluator=ev).first()
    if d is None:
        problems.append(f"{ev} 尚未就本项目作利益冲突声明，不能加入评价组（6.6 e）")
    elif d.has_conflict:
        problems.append(f"{ev} 声明与评价对象存在利益冲突，不能加入评价组（6.6 e）")
    if TeamMember.objects.filter(project=p, evaluator=ev).exists():
        problems.append(f"{ev} 已在评价组中")
    if role == TeamRole.lead and p.team.filter(role=TeamRole.lead).exists():
        problems.append("评价组已有组长")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        return _join(p, ev, role, actor, request)


def remove_from_team(*, actor: Any, member_id: Any, request: Any = None) -> None:
    t = get_for_user(TeamMember, actor, Action.change, member_id, request=request)
    if not people.lead_or_admin(actor, t.project) or t.project.state not in EDITABLE:
        _refuse(actor, t, request)
    with transaction.atomic():
        audit.record(action=AuditAction.change, actor=actor, organisation=t.organisation, obj=t,
                     before=audit.snapshot(t), after={"removed": True}, request=request)  # fmt: skip
        t.delete()


def move(*, actor: Any, project_id: Any, event: str, note: str = "", request: Any = None) -> Any:
    """A workflow step on the project (``flows.PROJECT``), refused with every problem at once."""
    p = project_for(actor, project_id, Action.view, request)
    return flows.PROJECT.move(p, event, user=actor, note=note, request=request)


def run_rating(*, actor: Any, project_id: Any, request: Any = None) -> RatingRun:
    """6.3 b, 6.8: rate the whole portfolio in one engine run (team or admin, while working)."""
    p = project_for(actor, project_id, Action.change, request)
    if not people.team_or_admin(actor, p):
        _refuse(actor, p, request)
    if p.state not in WORKING:
        raise ValidationError("只有在评价实施或信息再确认阶段才能进行评价计算")
    if problems := [*criteria.criteria_problems(p), *checks.REFERENCE.problems(p)]:
        raise ValidationError(problems)
    return rating.rate(p, actor=actor, kind=RunKind.project)
