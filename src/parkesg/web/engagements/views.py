"""Engagement pages: list (with exports), new, the engagement page (stages, records, steps,
blockers), edit, profile, moves, the computations and the workbook bridge. Thin: every
query through ``for_user`` / ``get_for_user``, every change through ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkesg.engagement import STAGES
from parkesg.errors import DataError
from parkesg.web.core import export, policy, vocab
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.engagements import analysis, bridge, flows, pages, registry, services
from parkesg.web.engagements.choices import State
from parkesg.web.engagements.forms import (
    EngagementForm,
    NextRoundForm,
    RunForm,
    TextForm,
    WorkbookForm,
    profile_form,
)
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.records import Attachment, Focus, Snapshot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get(request: HttpRequest, pk: Any, action: str = Action.view) -> Engagement:
    return get_for_user(Engagement, request.user, action, pk, request=request)  # type: ignore[no-any-return]


def to_detail(e: Engagement | int, anchor: str = "") -> HttpResponse:
    pk = e if isinstance(e, int) else e.pk
    return redirect(f"/engagements/{pk}/" + (f"#{anchor}" if anchor else ""))


def refused_upload(request: HttpRequest, f: Any, data: bytes, reason: str, kind: str) -> None:
    """Audit a refused file as the evidence store does (``collection.evidence.receive``): who,
    when, its label, size, sha256 and why — never its bytes."""
    import hashlib

    from parkesg.web.audit import services as audit
    from parkesg.web.audit.models import AuditAction
    from parkesg.web.collection.sniff import clean_name

    audit.record(
        action=AuditAction.refused_upload, actor=request.user, request=request,
        after={"kind": kind, "name": clean_name(f.name or ""), "size": f.size or len(data),
               "sha256": hashlib.sha256(data).hexdigest() if data else "", "reason": reason},
    )  # fmt: skip


def errors(request: HttpRequest, exc: ValidationError | DataError) -> None:
    for m in exc.messages if isinstance(exc, ValidationError) else [exc.detail]:
        messages.error(request, m)


@policy.member()
@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    qs = (Engagement.objects.for_user(request.user, Action.view)
          .select_related("park", "organisation", "lead"))  # fmt: skip
    if kind := request.GET.get("kind", ""):
        qs = qs.filter(kind=kind)
    if fmt := export.wanted(request):
        headers = [_("项目名称"), _("类型"), _("园区"), _("服务商"), _("轮次"), _("阶段"),
                   _("开始日期"), _("计划完成日期"), _("项目负责人")]  # fmt: skip
        rows = ([e.title, vocab.label("engagement_kind", e.kind), e.park.name, e.organisation.name,
                 e.round, vocab.label("engagement_state", e.state), e.starts_on, e.ends_on,
                 e.lead.get_full_name() or e.lead.get_username()] for e in qs.iterator())  # fmt: skip
        return export.response(request, fmt=fmt, title=_("服务项目"), headers=headers, rows=rows)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = f"kind={kind}&" if kind else ""
    return render(request, "engagements/list.html", {
        "page": page, "may_create": services.may_create(request.user), "query": query,
        "kind": kind, "kinds": vocab.get("engagement_kind").choices(),
    })  # fmt: skip


@policy.member(Action.add)  # a service provider (services.may_create)
@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    if not services.may_create(request.user):
        deny(request.user, Engagement, "", Action.add, request)
        raise PermissionDenied
    form = EngagementForm(request.POST or None, instance=Engagement(), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            e = services.create_engagement(actor=request.user, engagement=form.instance,
                                           enterprises=list(form.cleaned_data["enterprises"]),
                                           request=request)  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return to_detail(e)
    return render(request, "engagements/form.html", {"form": form, "title": _("新建服务项目")})


@policy.obj(Engagement, Action.change)
@login_required
def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    e = get(request, pk, Action.change)
    form = EngagementForm(request.POST or None, instance=e, user=request.user,
                          initial={"enterprises": list(e.enterprises.all())})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.update_engagement(actor=request.user, engagement=form.instance,
                                       enterprises=list(form.cleaned_data["enterprises"]),
                                       request=request)  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return to_detail(e)
    return render(request, "engagements/form.html", {"form": form, "title": _("编辑服务项目"),
                                                     "engagement": e})  # fmt: skip


@policy.obj(Engagement, Action.change)
@login_required
def profile_view(request: HttpRequest, pk: int) -> HttpResponse:
    e = get(request, pk, Action.change)
    form = profile_form(request.POST or None, initial=e.profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(actor=request.user, engagement_id=e.pk,
                                  values=form.cleaned_data, request=request)  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return to_detail(e)
    return render(request, "engagements/form.html", {"form": form, "title": _("基本信息"),
                                                     "engagement": e})  # fmt: skip


@policy.obj(Engagement)
@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    e = get(request, pk)
    user: Any = request.user
    sections = []
    for s in pages.SECTIONS[e.kind]:  # type: ignore[index]
        blocks = [b for slug in s.slugs if (b := pages.block(e, user, registry.BY_SLUG[slug]))]
        if s.slugs and not blocks and not s.extras:
            continue
        sections.append({"s": s, "blocks": blocks, "current": e.state in s.states})
    ctx = {
        "e": e, "sections": sections, "steps": pages.steps(e, user),
        "pending": pages.waiting_on(e), "progress": pages.progress(e),
        "snap": pages.snapshots(e, user),
        "may_change": Engagement.objects.for_user(user, Action.change).filter(pk=e.pk).exists(),
        "frozen": e.submitted_at is not None or e.state == State.closed,  # 报送后不能修改
        "forms": _form_names(e), "state": State, "report_stages": STAGES,
        "park_admin": user.organisation_id == e.park_id and role_allows(user.role, Action.manage),
        "profile": e.profile, "years": e.years,
    }  # fmt: skip
    ctx.update(_tools(e, user))
    return render(request, "engagements/detail.html", ctx)


def _tools(e: Engagement, user: Any) -> dict[str, Any]:
    from parkesg.web.documents.services import LIFE
    from parkesg.web.engagements import report

    docs = list(report.documents_of(e)) if report.may_read(e, user) else []
    mine = user.organisation_id == e.organisation_id
    return {
        "docs": [(d, [s for s in LIFE.available(d, user)] if mine else []) for d in docs],
        "may_issue": mine and e.state in report.REPORT_STATES[e.kind]  # type: ignore[index]
        and role_allows(user.role, Action.add),
        "next_stage": report.next_stage(e),
        "run_key": services.may_add(user, e, Snapshot, "Engagement.run"),
        "baseline_key": services.may_add(user, e, Snapshot, "Snapshot.baseline"),
        "energy_key": services.may_add(user, e, Snapshot, "Snapshot.energy"),
        "focus_key": services.may_add(user, e, Focus),
        "next_plan_key": mine and flows.editable(e, "Engagement.next_plan")
        and Engagement.objects.for_user(user, Action.change).filter(pk=e.pk).exists(),
        "next_round": mine and e.is_cppc and e.state in flows.OVER
        and not hasattr(e, "next_round") and services.may_create(user),
        "run_form": RunForm(engagement=e, initial={"indicators": (e.run.selected or []) if e.run else []}),
        "next_round_form": NextRoundForm(),
        "next_plan_form": TextForm(initial={"text": e.next_plan}), "workbook_form": WorkbookForm(),
        "approval_files": Attachment.objects.for_user(user, Action.view).filter(
            engagement=e, record_type="Engagement"),
        "attach_approval": mine and flows.editable(e, "Engagement") and e.scope == "partial",
    }  # fmt: skip


def _form_names(e: Engagement) -> list[tuple[str, str]]:
    if e.is_cppc:
        return []
    return [("2-2", _("保密承诺书")), ("2-3", _("绿色诊断评估工作确认单")),
            ("2-4", _("绿色诊断服务工作满意度评价表"))]  # fmt: skip


@policy.obj(Engagement)  # the stage flow decides
@login_required
@require_POST
def move_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.move(actor=request.user, engagement_id=pk, event=request.POST.get("event", ""),
                      note=request.POST.get("note", ""), request=request)  # fmt: skip
    except ValidationError as exc:
        errors(request, exc)
    else:
        messages.success(request, _("已完成：%(step)s") % {"step": request.POST.get("label", "")})
    return to_detail(pk, "steps")


@policy.obj(Engagement, Action.change)
@login_required
@require_POST
def compute_view(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Take the baseline, run the evaluation, propose focus, take the energy analysis."""
    get(request, pk, Action.change)
    try:
        if what == "baseline":
            analysis.take_baseline(actor=request.user, engagement_id=pk, request=request)
        elif what == "run":
            e = get(request, pk, Action.change)
            form = RunForm(request.POST, engagement=e)
            chosen = form.cleaned_data.get("indicators") if form.is_valid() else None
            analysis.run_evaluation(actor=request.user, engagement_id=pk, chosen=chosen,
                                    request=request)  # fmt: skip
        elif what == "focus":
            made = analysis.propose_focus(actor=request.user, engagement_id=pk, request=request)
            messages.success(request, _("已按短板提出 %(n)s 项审核重点") % {"n": len(made)})
        elif what == "energy":
            analysis.take_energy(actor=request.user, engagement_id=pk, request=request)
        else:
            raise PermissionDenied
    except (ValidationError, DataError) as exc:
        errors(request, exc)
    return to_detail(pk, what)


@policy.obj(Engagement, Action.change)
@login_required
@require_POST
def next_plan_view(request: HttpRequest, pk: int) -> HttpResponse:
    get(request, pk, Action.change)  # before anything else: an empty form is no way round it
    form = TextForm(request.POST)
    if form.is_valid():
        try:
            services.save_next_plan(actor=request.user, engagement_id=pk,
                                    text=form.cleaned_data["text"], request=request)  # fmt: skip
        except ValidationError as exc:
            errors(request, exc)
    return to_detail(pk, "followup")


@policy.obj(Engagement, Action.change)
@login_required
@require_POST
def next_round_view(request: HttpRequest, pk: int) -> HttpResponse:
    get(request, pk, Action.change)
    form = NextRoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写开始日期、计划完成日期和基准年"))
        return to_detail(pk)
    try:
        e = services.start_next_round(actor=request.user, previous_id=pk, request=request,
                                      **form.cleaned_data)  # fmt: skip
    except ValidationError as exc:
        errors(request, exc)
        return to_detail(pk)
    return to_detail(e)


@policy.obj(Engagement)  # the provider and the park only
@login_required
def workbook_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The engagement workbook, pre-filled from the records (any engagement the user sees)."""
    e = get(request, pk)
    if request.user.organisation_id not in (e.organisation_id, e.park_id):  # type: ignore[union-attr, operator]
        deny(request.user, Engagement, pk, "export", request)  # working papers stay with
        raise PermissionDenied  # the provider and the park (the district sees the report)
    from parkesg.web.audit import services as audit
    from parkesg.web.audit.models import AuditAction

    body = bridge.export_bytes(e)
    audit.record(action=AuditAction.export, actor=request.user, request=request,
                 after={"what": "engagement workbook", "engagement": e.pk})  # fmt: skip
    out = HttpResponse(body, content_type=XLSX)
    name = f"{e.title}-项目信息填报表.xlsx".replace("/", "-")
    out["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    out["X-Content-Type-Options"] = "nosniff"
    return out


@policy.obj(Engagement, Action.change, upload="workbook")
@login_required
def import_view(request: HttpRequest, pk: int) -> HttpResponse:
    e = get(request, pk, Action.change)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        from parkesg.web.collection.evidence import max_bytes, read_upload

        f = form.cleaned_data["workbook"]
        data = b""
        try:
            data = read_upload(f, max_bytes())
        except DataError as exc:
            form.add_error("workbook", exc.detail)
            refused_upload(request, f, data, exc.detail, "engagement workbook")
        else:
            outcome = bridge.import_workbook(actor=request.user, engagement_id=e.pk, data=data,
                                             name=f.name or "", request=request)  # fmt: skip
            if not outcome.errors:
                messages.success(request, _("已导入：新增 %(a)s 条，更新 %(b)s 条，未变 %(c)s 条") % {
                    "a": outcome.created, "b": outcome.updated, "c": outcome.unchanged})  # fmt: skip
                return to_detail(e)
            refused_upload(request, f, data, "；".join(f"{a} {b}" for a, b in outcome.errors[:5]),
                           "engagement workbook")  # fmt: skip
    status = 422 if form.errors or (outcome is not None and outcome.errors) else 200
    return render(
        request,
        "engagements/import.html",
        {"form": form, "e": e, "outcome": outcome},
        status=status,
    )
