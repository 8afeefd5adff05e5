"""Pages of ratings: the generic views of each model (lists with filters and exports, details,
forms) and the project's page with its steps. Every query goes through ``for_user``; every
change through a service (``actions.run``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parkesg.web.core import policy, vocab
from parkesg.web.core.filters import Filter, FilterSet
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action
from parkesg.web.core.views import ObjectViews
from parkesg.web.documents.models import DocStatus
from parkesg.web.ratings import (
    actions,
    checks,
    criteria,
    flows,
    organisation,
    people,
    portfolio,
    services,
)
from parkesg.web.ratings.forms import (
    BenchmarkChoiceForm,
    BodyForm,
    CommitteeForm,
    EvaluatorForm,
    ProjectForm,
)
from parkesg.web.ratings.kinds import TeamRole
from parkesg.web.ratings.models import (
    BenchmarkTable,
    Certificate,
    CommitteeMember,
    ConflictDeclaration,
    Evaluator,
    Objection,
    PortfolioMember,
    RatingBody,
    RatingProject,
    RatingResult,
    Reconfirmation,
    ReferenceTable,
)

SHOWN = 50  # rows a project page lists before pointing to the full list


def _save_evaluator(*, actor: Any, obj: Evaluator, request: Any) -> Evaluator:
    return organisation.save_evaluator(actor=actor, obj=obj, request=request)


def _save_committee(*, actor: Any, obj: CommitteeMember, request: Any) -> CommitteeMember:
    return organisation.save_committee_member(actor=actor, obj=obj, request=request)


def _save_body(*, actor: Any, obj: RatingBody, request: Any) -> RatingBody:
    return organisation.save_body(actor=actor, obj=obj, request=request)


def _raters(user: Any) -> bool:
    return services.may_create(user)


def _state_choices(user: Any) -> list[tuple[str, str]]:
    return vocab.get("rating_state").choices()


def _project_choices(user: Any) -> list[tuple[int, str]]:
    qs = RatingProject.objects.for_user(user, Action.view).order_by("-id")[:200]
    return [(p.pk, f"{p.number} {p.title}") for p in qs]


PROJECTS = ObjectViews(
    RatingProject, ["number", "title", "rating_type", "state", "year", "organisation",
                    "commissioned_by", "created_at"],
    search=["number", "title"], form=ProjectForm, save=services.save_project,
    filterset=FilterSet({"state": Filter("state", gettext_lazy("状态"), str, _state_choices)}),
    add_if=_raters,
)  # fmt: skip
BODIES = ObjectViews(RatingBody, ["organisation", "independent", "legal_person", "legal_basis"],
                     form=BodyForm, save=_save_body, add_action=Action.manage,
                     edit_action=Action.manage, add_if=_raters)  # fmt: skip
EVALUATORS = ObjectViews(
    Evaluator, ["user", "full_time", "experience_years", "integrity_pledged_on",
                "confidentiality_pledged_on", "active"],
    form=EvaluatorForm, save=_save_evaluator, add_action=Action.manage,
    edit_action=Action.manage, add_if=_raters,
)  # fmt: skip
COMMITTEE = ObjectViews(CommitteeMember, ["user", "role", "appointed_on", "ends_on"],
                        form=CommitteeForm, save=_save_committee, add_action=Action.manage,
                        edit_action=Action.manage, add_if=_raters)  # fmt: skip
MEMBERS = ObjectViews(
    PortfolioMember, ["name", "project", "credit_code", "industry", "region", "basis",
                      "added_via"],
    search=["name", "credit_code", "entity_key"],
    filterset=FilterSet({"project": Filter("project_id", gettext_lazy("评价项目"), int,
                                           _project_choices)}),
)  # fmt: skip
RESULTS = ObjectViews(
    RatingResult, ["member", "project", "year", "score", "grade", "comprehensive_score",
                   "comprehensive_grade", "withheld", "previous_grade", "current", "created_at"],
    search=["member__name", "member__credit_code"],
    filterset=FilterSet({
        "project": Filter("project_id", gettext_lazy("评价项目"), int, _project_choices),
        "current": Filter("current", gettext_lazy("当前结果"), str,
                          lambda u: [("1", _("是")), ("0", _("否"))]),
        "grade": Filter("grade", gettext_lazy("等级"), str),
    }),
)  # fmt: skip
CERTIFICATES = ObjectViews(
    Certificate, ["number", "enterprise_name", "credit_code", "grade", "rating_kind",
                  "rating_type", "issued_on", "valid_until", "status", "organisation"],
    search=["number", "enterprise_name", "credit_code"],
    filterset=FilterSet({"status": Filter("status", gettext_lazy("状态"), str,
                                          lambda u: vocab.get("rating_status").choices())}),
)  # fmt: skip
OBJECTIONS = ObjectViews(Objection, ["member", "project", "certificate", "state", "created_at",
                                     "decided_at"], search=["member__name"])  # fmt: skip
REFERENCES = ObjectViews(ReferenceTable, ["title", "source", "entities", "groups", "made",
                                          "framework_id"], search=["title", "source"])  # fmt: skip
BENCHMARKS = ObjectViews(BenchmarkTable, ["title", "standard", "note", "created_at"],
                         search=["title", "standard"])  # fmt: skip


def _declared(p: RatingProject) -> dict[int, ConflictDeclaration]:
    return {d.evaluator_id: d for d in ConflictDeclaration.objects.filter(project=p)}


def _steps(p: RatingProject, user: Any) -> list[dict[str, Any]]:
    """The steps this person may take now, each with what still blocks it."""
    return [{"event": s.event, "label": _(s.label), "clause": s.clause, "note": s.note_required,
             "blockers": flows.PROJECT.blockers(p, s.event)}
            for s in flows.PROJECT.available(p, user)]  # fmt: skip


def project_context(request: HttpRequest, p: RatingProject) -> dict[str, Any]:
    user: Any = request.user
    insider = user.organisation_id == p.organisation_id
    results = RatingResult.objects.for_user(user, Action.view).filter(project=p, current=True)
    results = results.select_related("member").order_by("member__name")
    ctx: dict[str, Any] = {
        "p": p, "insider": insider, "results": results[:SHOWN], "result_count": results.count(),
        "certificates": Certificate.objects.for_user(user, Action.view).filter(project=p)[:SHOWN],
        "objections": Objection.objects.for_user(user, Action.view).filter(project=p),
        "type_label": _type_label(p),
    }  # fmt: skip
    if not insider:
        return ctx
    declared = _declared(p)
    me = people.evaluator(user, p.organisation_id)
    members = p.members.order_by("name")
    doc = p.criteria_doc
    ctx.update({
        "steps": _steps(p, user), "team": list(p.team.select_related("evaluator__user")),
        "declared": declared, "me": me, "my_declaration": declared.get(me.pk) if me else None,
        "candidates": [e for e in Evaluator.objects.filter(organisation_id=p.organisation_id,
                                                            active=True)
                       if e.pk in declared and not declared[e.pk].has_conflict
                       and not p.team.filter(evaluator=e).exists()],
        "members": members[:SHOWN], "member_count": members.count(),
        "consenting": portfolio.consenting(p).exclude(
            pk__in=p.members.exclude(enterprise=None).values("enterprise_id")),
        "runs": p.runs.all()[:10], "may_lead": people.lead_or_admin(user, p),
        "may_work": people.team_or_admin(user, p),
        "editable": p.state in services.EDITABLE, "working": p.state in services.WORKING,
        "criteria": criteria.content(p), "criteria_problems": criteria.criteria_problems(p),
        "criteria_confirmed": not criteria.confirmation_problems(p),
        "may_approve_criteria": bool(doc and doc.status == DocStatus.review
                                     and doc.author_id != user.pk
                                     and people.committee(user, p.organisation_id)),
        "bench_form": BenchmarkChoiceForm(user=user, initial={"tables": p.benchmarks.all()}),
        "reconfirmations": Reconfirmation.objects.filter(member__project=p)
        .select_related("member").order_by("member__name")[:SHOWN],
        "sources": vocab.get("source_67").choices(),
        "today": timezone.localdate(),  # Beijing time, as every page
        "concluded": p.state in ("approved", "published", "closed"),
        "parks": sorted({(o.park.pk, o.park.name) for o in portfolio.consenting(p)
                         .select_related("park") if o.park is not None}),
    })  # fmt: skip
    return ctx


def _type_label(p: RatingProject) -> str:
    from parkesg.web.ratings.conclusion import type_label

    return type_label(p)


PROJECTS.detail_context = project_context


def _project_url(pk: int) -> str:
    return reverse("ratingproject_detail", args=[pk])


@policy.obj(RatingProject)  # the project flow decides who takes which step
@login_required
@require_POST
def move_view(request: HttpRequest, pk: int, event: str) -> HttpResponse:
    note = request.POST.get("note", "")
    return actions.run(request, lambda: services.move(actor=request.user, project_id=pk,
                                                      event=event, note=note, request=request),
                       done=_("已完成：%(step)s") % {"step": _(flows.PROJECT.step(event).label)}
                       if event in {s.event for s in flows.PROJECT.steps} else "",
                       default=_project_url(pk))  # fmt: skip


@policy.obj(RatingProject, Action.change)
@login_required
@require_POST
def run_view(request: HttpRequest, pk: int) -> HttpResponse:
    return actions.run(request, lambda: services.run_rating(actor=request.user, project_id=pk,
                                                            request=request),
                       done=_("评价计算完成"), default=_project_url(pk))  # fmt: skip


@policy.obj(RatingProject)  # confirm / benchmarks: change; approve: a committee member
@login_required
@require_POST
def criteria_view(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    def act() -> Any:
        if what == "approve":
            return services.approve_criteria(actor=request.user, project_id=pk, request=request)
        if what == "benchmarks":
            ids = [int(i) for i in request.POST.getlist("tables") if i.isdigit()]
            return services.set_benchmarks(actor=request.user, project_id=pk, table_ids=ids,
                                           request=request)  # fmt: skip
        return services.confirm_criteria(actor=request.user, project_id=pk, request=request)

    return actions.run(request, act, done=_("已保存"), default=_project_url(pk))


@policy.obj(RatingProject)  # add: change; declare: a team member
@login_required
@require_POST
def team_view(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    post = request.POST

    def act() -> Any:
        if what == "declare":
            return services.declare(actor=request.user, project_id=pk,
                                    has_conflict=post.get("has_conflict") == "1",
                                    detail=post.get("detail", ""), request=request)  # fmt: skip
        role = TeamRole.lead if post.get("role") == TeamRole.lead else TeamRole.member
        return services.add_to_team(actor=request.user, project_id=pk,
                                    evaluator_id=post.get("evaluator"), role=role,
                                    request=request)  # fmt: skip

    return actions.run(request, act, done=_("已保存"), default=_project_url(pk))


@policy.obj(RatingProject, Action.change, upload="file")  # the CSV import
@login_required
@require_POST
def portfolio_view(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    post = request.POST
    services.project_for(request.user, pk, Action.change, request)  # before reading any file

    def act() -> Any:
        if what == "list":
            return portfolio.add_enterprises(actor=request.user, project_id=pk,
                                             enterprise_ids=post.getlist("enterprise"),
                                             request=request)  # fmt: skip
        if what == "filter":
            return portfolio.add_by_filter(actor=request.user, project_id=pk,
                                           industry=post.get("industry", ""),
                                           region=post.get("region", ""),
                                           park_id=post.get("park") or None, request=request)  # fmt: skip
        got = actions.upload(request)
        if got is None:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("请选择要导入的 CSV 文件"))
        return portfolio.import_portfolio(actor=request.user, project_id=pk, data=got[0],
                                          name=got[1], source=post.get("source", ""),
                                          note=post.get("note", ""), request=request)  # fmt: skip

    return actions.run(request, act, done=_("评价范围已更新"), default=_project_url(pk))


@policy.obj(RatingProject, Action.change)
@login_required
@require_POST
def rerate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A re-rating project of this concluded one (all enterprises, or those ticked)."""
    from parkesg.web.ratings import rerating

    post = request.POST
    made: list[RatingProject] = []

    def act() -> Any:
        year = int(post["year"]) if post.get("year", "").isdigit() else None
        made.append(rerating.start_rerating(actor=request.user, project_id=pk,
                                            member_ids=post.getlist("member"), year=year,
                                            request=request))  # fmt: skip

    response = actions.run(request, act, done=_("已建立复评项目"), default=_project_url(pk))
    return redirect("ratingproject_detail", pk=made[0].pk) if made else response


@policy.obj(Certificate, Action.manage)
@login_required
@require_POST
def withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    from parkesg.web.ratings import rerating

    return actions.run(request, lambda: rerating.withdraw_certificate(
        actor=request.user, certificate_id=pk, reason=request.POST.get("reason", ""),
        request=request), done=_("证书已撤销"), default=reverse("certificate_detail", args=[pk]))  # fmt: skip


def certificate_context(request: HttpRequest, c: Certificate) -> dict[str, Any]:
    user: Any = request.user
    return {"may_withdraw": c.status == "valid" and people.admin(user, c.organisation_id),
            "type_label": _type_label(c.project)}  # fmt: skip


CERTIFICATES.detail_context = certificate_context


@policy.member()  # a bank or rating agency: its own
@login_required
def organisation_view(request: HttpRequest) -> HttpResponse:
    """The rating organisation's page: profile (6.5), quality documents, committee,
    evaluators (6.6), reference and benchmark tables — its own only."""
    user: Any = request.user
    kinds = set().union(*checks.TYPE_KINDS.values())
    if user.organisation is None or user.organisation.kind not in kinds:
        deny(user, RatingBody, "", Action.view, request)
        raise PermissionDenied
    body = RatingBody.objects.for_user(user, Action.view).filter(
        organisation_id=user.organisation_id).first()  # fmt: skip
    docs: Any = []
    if body is not None:
        from parkesg.web.documents.services import of

        docs = of(body, "ratings.quality").order_by("-id")
    ctx = {
        "body": body, "docs": docs, "admin": people.admin(user, user.organisation_id),
        "problems": {t: checks.body_problems(user.organisation, t)
                     for t in ("third_party", "stakeholder")} if user.organisation_id else {},
        "committee": CommitteeMember.objects.for_user(user, Action.view).filter(
            organisation_id=user.organisation_id).select_related("user"),
        "evaluators": Evaluator.objects.for_user(user, Action.view).filter(
            organisation_id=user.organisation_id).select_related("user"),
        "references": ReferenceTable.objects.for_user(user, Action.view).filter(
            organisation_id=user.organisation_id)[:20],
        "benchmarks": BenchmarkTable.objects.for_user(user, Action.view).filter(
            organisation_id=user.organisation_id)[:20],
        "committee_seat": people.committee(user, user.organisation_id),
    }  # fmt: skip
    return render(request, "ratings/organisation.html", ctx)


# its admins (organisation._admin_only); "approve": a quality document (Document.approve)
@policy.member(Action.change, upload="file")
@login_required
@require_POST
def organisation_upload_view(request: HttpRequest, what: str) -> HttpResponse:
    post, user = request.POST, request.user

    def act() -> Any:
        if what == "approve":
            return organisation.approve_document(actor=user, document_id=post.get("document"),
                                                 request=request)  # fmt: skip
        got = actions.upload(request)
        if got is None:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("请选择文件"))
        data, name = got
        if what == "quality":
            return organisation.add_quality_document(actor=user, title=post.get("title", ""),
                                                     number=post.get("number", ""), data=data,
                                                     name=name, request=request)  # fmt: skip
        if what == "benchmark":
            return organisation.upload_benchmarks(actor=user, data=data, name=name,
                                                  title=post.get("title", ""),
                                                  standard=post.get("standard", ""),
                                                  note=post.get("note", ""), request=request)  # fmt: skip
        return organisation.upload_reference(actor=user, data=data, name=name,
                                             title=post.get("title", ""), request=request)  # fmt: skip

    return actions.run(request, act, done=_("已保存"), default=reverse("ratings_organisation"))


def get_project(request: HttpRequest, pk: Any) -> RatingProject:
    return get_for_user(RatingProject, request.user, Action.view, pk, request=request)  # type: ignore[no-any-return]
