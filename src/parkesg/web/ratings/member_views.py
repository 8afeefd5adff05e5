"""Pages of one enterprise in a project: its data basis, sources, corrections, on-site
records and adjustments, its re-confirmation, its results (each run, the previous grade
beside), certificates and objections; one result with the trace of every number; the
report and certificate downloads; the objection's page."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkesg import formatting
from parkesg.errors import ParkesgError
from parkesg.frameworks import iter_indicators, load_catalogue
from parkesg.web.collection.models import EvidenceFile
from parkesg.web.core import policy, vocab
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.ratings import (
    actions,
    flows,
    objections,
    people,
    portfolio,
    report,
    trace,
    uploads,
)
from parkesg.web.ratings import verification as onsite
from parkesg.web.ratings.criteria import framework_of
from parkesg.web.ratings.kinds import ProjectState, Status
from parkesg.web.ratings.models import (
    Certificate,
    Evaluator,
    Objection,
    OnSiteRecord,
    PortfolioMember,
    RatingResult,
    Reconfirmation,
)
from parkesg.web.ratings.views import MEMBERS, OBJECTIONS, RESULTS


def _enterprise_user(user: Any, m: PortfolioMember) -> bool:
    return bool(m.enterprise_id and user.organisation_id == m.enterprise_id
                and role_allows(user.role, Action.change))  # fmt: skip


def member_context(request: HttpRequest, m: PortfolioMember) -> dict[str, Any]:
    user: Any = request.user
    p = m.project
    insider = user.organisation_id == m.organisation_id
    results = RatingResult.objects.for_user(user, Action.view).filter(member=m)
    certs = Certificate.objects.for_user(user, Action.view).filter(member=m)
    rec = Reconfirmation.objects.for_user(user, Action.view).filter(member=m).first()
    fw = framework_of(p.framework_id, p.segments)
    return {
        "m": m, "p": p, "insider": insider,
        "may_work": insider and people.team_or_admin(user, p) and p.state in (
            ProjectState.planning, ProjectState.implementing, ProjectState.reconfirming),
        "on_team": people.on_team(user, p), "enterprise_user": _enterprise_user(user, m),
        "sources": m.sources.select_related("evidence") if insider or _mine(user, m) else [],
        "corrections": m.corrections.order_by("-id") if insider or _mine(user, m) else [],
        "onsite": m.onsite.prefetch_related("items__evidence").select_related("evaluator__user")
        if insider or _mine(user, m) else [],
        "adjustments": m.adjustments.select_related("evaluator__user") if insider or _mine(user, m) else [],
        "results": results.select_related("run").order_by("-run__no"),
        "certificates": certs.order_by("-issued_on", "-id"),
        "objections": Objection.objects.for_user(user, Action.view).filter(member=m),
        "reconfirmation": rec,
        "may_respond": bool(rec and _enterprise_user(user, m)
                            and p.state == ProjectState.reconfirming),
        "objectable": [c for c in certs if _enterprise_user(user, m)
                       and c.status == Status.valid and objections.window_open(c)],
        "source_choices": vocab.get("source_67").choices(),
        "onsite_kinds": vocab.get("onsite_kind").choices(),
        "media": vocab.get("medium").choices(),
        "fields": sorted((f.id, f.name.zh) for f in _fields(fw)),
        "indicators": [(i.id, f"{i.no} {i.name.zh}") for i in iter_indicators(fw.tree)],
        "today": timezone.localdate(),
    }  # fmt: skip


def _mine(user: Any, m: PortfolioMember) -> bool:
    return bool(m.enterprise_id and user.organisation_id == m.enterprise_id)


def _fields(fw: Any) -> list[Any]:
    from parkesg.frameworks import fields_for

    return fields_for(fw)


MEMBERS.detail_context = member_context


def _member_url(pk: int) -> str:
    return reverse("portfoliomember_detail", args=[pk])


def _with_evidence(request: HttpRequest, record: Callable[[int | None], Any]) -> Any:
    """``record`` given the request's evidence file, which is kept only inside the record's
    transaction (``uploads.kept``): a person or a record refused keeps no file."""
    got = actions.upload(request, "evidence")
    with transaction.atomic(), uploads.kept(request.user, [got] if got else [], request) as files:
        return record(files[0].pk if files else None)


def _float(v: str | None) -> float | None:
    try:
        return float(str(v).strip()) if v not in (None, "") else None
    except ValueError:
        raise ValidationError(_("“%(v)s” 不是数值") % {"v": v}) from None


@policy.obj(PortfolioMember, upload="files")  # evaluators: change; the enterprise: respond
@login_required
@require_POST
def member_action_view(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    post, user = request.POST, request.user

    def act() -> Any:
        if what == "source":
            return _with_evidence(request, lambda ev: portfolio.add_source(
                actor=user, member_id=pk, category=post.get("category", ""),
                description=post.get("description", ""), reference=post.get("reference", ""),
                evidence_id=ev, request=request))  # fmt: skip
        if what == "correction":
            value = _float(post.get("value"))
            return _with_evidence(request, lambda ev: portfolio.add_correction(
                actor=user, member_id=pk, field_id=post.get("field_id", ""), value=value,
                category=post.get("category", ""), reason=post.get("reason", ""),
                evidence_id=ev, request=request))  # fmt: skip
        if what == "onsite":
            items = [(t, md, None) for t, md in zip(post.getlist("item_title"),
                                                     post.getlist("item_medium"), strict=False)
                     if t.strip()]  # fmt: skip
            return onsite.add_onsite(actor=user, member_id=pk, kind=post.get("kind", ""),
                                     held_on=_day(post.get("held_on")),
                                     people_met=post.get("people", ""),
                                     findings=post.get("findings", ""), items=items,
                                     request=request)  # fmt: skip
        if what == "adjust":
            score = _float(post.get("score"))
            if score is None:
                raise ValidationError(_("请填写调整后得分"))
            return onsite.set_adjustment(actor=user, member_id=pk,
                                         indicator_id=post.get("indicator_id", ""), score=score,
                                         reason=post.get("reason", ""), request=request)  # fmt: skip
        if what == "respond":  # its files kept with the answer, in its transaction
            return onsite.respond(actor=user, member_id=pk, response=post.get("response", ""),
                                  comment=post.get("comment", ""),
                                  files=actions.uploads(request), request=request)  # fmt: skip
        if what == "remove":
            return portfolio.remove_member(actor=user, member_id=pk, request=request)
        raise Http404

    if what == "respond":  # who may answer, before any file is read
        onsite.responder(actor=user, member_id=pk, request=request)
    return actions.run(request, act, done=_("已保存"), default=_member_url(pk))


def _day(text: str | None) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise ValidationError(_("请填写日期（YYYY-MM-DD）")) from None


@policy.obj(OnSiteRecord)  # confirm: the enterprise; add an item: change
@login_required
@require_POST
def onsite_action_view(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    post, user = request.POST, request.user
    rec = OnSiteRecord.objects.for_user(user, Action.view).filter(pk=pk).first()
    default = _member_url(rec.member_id) if rec else reverse("home")

    def act() -> Any:
        if what == "confirm":
            return onsite.confirm_onsite(actor=user, record_id=pk, note=post.get("note", ""),
                                         request=request)  # fmt: skip
        return _with_evidence(request, lambda ev: onsite.add_item(
            actor=user, record_id=pk, title=post.get("title", ""),
            medium=post.get("medium", ""), evidence_id=ev, request=request))  # fmt: skip

    return actions.run(request, act, done=_("已保存"), default=default)


def _rater(user: Any, r: RatingResult) -> bool:
    """Whether ``user`` belongs to the rating organisation (which keeps the built trace)."""
    return bool(user.organisation_id) and user.organisation_id == r.organisation_id


def result_context(request: HttpRequest, r: RatingResult) -> dict[str, Any]:
    try:
        doc = trace.document(r, keep=_rater(request.user, r))
        problem = ""
    except ParkesgError as exc:
        doc, problem = {}, str(exc)
    same = RatingResult.objects.for_user(request.user, Action.view).filter(member=r.member)
    if doc:
        lang = get_language() or "zh"
        fw = framework_of(r.run.framework_id, r.run.criteria.get("segments") or "")
        kinds = {i.id: i.kind.value for i in iter_indicators(fw.tree)}
        doc = {**doc, "indicators": [
            {**i, "shown": formatting.value(i["value"], kind=kinds.get(i["id"], "quantitative"),
                                            unit=i["unit"], indicator=i["id"], status=i["status"],
                                            reason=i["trace"].get("reason"), lang=lang)}
            for i in doc.get("indicators", [])]}  # fmt: skip
    return {
        "r": r, "doc": doc, "problem": problem, "cert": report.certificate_of(r),
        "history": same.select_related("run").order_by("-run__no"),
        "trace_base": reverse("ratingresult_detail", args=[r.pk]) + "trace/",
    }  # fmt: skip


RESULTS.detail_context = result_context


def _result(request: HttpRequest, pk: Any) -> RatingResult:
    return get_for_user(RatingResult, request.user, Action.view, pk, request=request)  # type: ignore[no-any-return]


@policy.obj(RatingResult)
@login_required
def trace_view(request: HttpRequest, pk: int, indicator: str) -> HttpResponse:
    r = _result(request, pk)
    try:
        item = trace.indicator(r, indicator, keep=_rater(request.user, r))
    except ParkesgError:
        item = None
    if item is None:
        deny(request.user, RatingResult, f"{pk}/{indicator}", Action.view, request)
        raise Http404
    ctx = _trace_context(r, item)
    partial = request.headers.get("HX-Request") == "true"
    return render(request, "ratings/_trace.html" if partial else "ratings/trace.html", ctx)


def _trace_context(r: RatingResult, item: dict[str, Any]) -> dict[str, Any]:
    lang = get_language() or "zh"
    fw = framework_of(r.run.framework_id, r.run.criteria.get("segments") or "")
    ind = {i.id: i for i in iter_indicators(fw.tree)}.get(item["id"])
    names = {f.id: f.name.zh for f in load_catalogue().values()}
    snap = {(o["field"], o["year"]): o
            for o in (r.run.inputs.get("observations") or {}).get(str(r.member_id), [])
            if isinstance(o, dict)}  # fmt: skip
    inputs = []
    for i in item["trace"]["inputs"]:
        o = snap.get((i["field"], i["year"]))
        inputs.append({**i, "observation": o["observation"] if o else None,
                       "revision": o["revision"] if o else None,
                       "shown": formatting.number(i["value"], unit=i["unit"], lang=lang),
                       "exact": formatting.exact(i["value"]),
                       "unit_shown": formatting.unit(i["unit"])})  # fmt: skip
    kind = ind.kind.value if ind else "quantitative"
    shown = {
        "value": formatting.value(item["value"], kind=kind, unit=item["unit"],
                                  indicator=item["id"], status=item["status"],
                                  reason=item["trace"].get("reason"), lang=lang),
        "exact": formatting.exact(item["value"]) if isinstance(item["value"], float) else "",
        "unit": formatting.unit(item["unit"], framework=r.run.framework_id, kind=kind),
        "formula": formatting.formula(item["trace"].get("formula"), names, lang=lang),
        "direction": ind.direction.value if ind else "higher", "kind": kind,
    }  # fmt: skip
    return {"r": r, "year": r.year, "item": item, "trace": item["trace"], "inputs": inputs,
            "shown": shown}  # fmt: skip


@policy.obj(RatingResult)
@login_required
def download_view(request: HttpRequest, pk: int, what: str) -> HttpResponseBase:
    r = _result(request, pk)
    if what not in ("report", "certificate"):
        raise Http404
    try:
        content, name = report.write(r, certificate=what == "certificate")
    except ParkesgError as exc:
        messages.error(request, _("报告生成失败：%(e)s") % {"e": exc})
        return redirect("ratingresult_detail", pk=r.pk)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)


@policy.member()  # the record (by kind) the user may view, then its file
@login_required
def evidence_view(request: HttpRequest, kind: str, pk: int, file_id: int) -> FileResponse:
    """An evidence file attached to a rating record the user may view (re-confirmation,
    objection, source, on-site item) — served only through that record."""
    from parkesg.web.ratings.models import CollectedItem, DataSource

    model = {"reconfirmation": Reconfirmation, "objection": Objection, "source": DataSource,
             "item": CollectedItem}.get(kind)  # fmt: skip
    if model is None:
        raise Http404
    obj = get_for_user(model, request.user, Action.view, pk, request=request)
    attached = ({f.pk for f in obj.evidence.all()} if hasattr(obj.evidence, "all")
                else {obj.evidence_id})  # fmt: skip
    if file_id not in attached:
        deny(request.user, EvidenceFile, file_id, Action.view, request)
        raise Http404
    ef = EvidenceFile.objects.get(pk=file_id)
    try:
        handle = ef.blob_path().open("rb")
    except FileNotFoundError:
        raise Http404 from None
    resp = FileResponse(handle, as_attachment=True, filename=ef.name, content_type=ef.content_type)
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


def objection_context(request: HttpRequest, o: Objection) -> dict[str, Any]:
    user: Any = request.user
    insider = user.organisation_id == o.organisation_id
    return {
        "o": o, "insider": insider,
        "steps": [{"event": s.event, "label": _(s.label), "note": s.note_required,
                   "blockers": flows.OBJECTION.blockers(o, s.event)}
                  for s in flows.OBJECTION.available(o, user)] if insider else [],
        "may_assign": insider and people.admin(user, o.organisation_id) and o.state == "filed",
        "may_review": insider and o.state == "reviewing" and flows.assigned(user, o)
        and not any(u.pk == user.pk for u in o.original_people),
        "evaluators": Evaluator.objects.filter(organisation_id=o.organisation_id, active=True)
        .select_related("user") if insider else [],
        "fields": sorted((f.id, f.name.zh) for f in _fields(framework_of(o.project.framework_id))),
        "original": {u.pk for u in o.original_people} if insider else set(),
    }  # fmt: skip


OBJECTIONS.detail_context = objection_context


@policy.obj(Certificate, upload="files")  # the rated enterprise (admin, editor)
@login_required
@require_POST
def objection_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The enterprise objects to certificate ``pk`` (who may object is asked before any file
    is read; the files are kept with the objection, in its transaction)."""
    post, user = request.POST, request.user
    made: list[Objection] = []
    objections.objector(actor=user, certificate_id=pk, request=request)

    def act() -> Any:
        made.append(objections.file_objection(actor=user, certificate_id=pk,
                                               reasons=post.get("reasons", ""),
                                               files=actions.uploads(request), request=request))  # fmt: skip

    response = actions.run(request, act, done=_("异议已提交"), default=reverse("ratings_mine"))
    return redirect("objection_detail", pk=made[0].pk) if made else response


@policy.obj(Objection)  # assign: its admin; the rest: assigned evaluators
@login_required
@require_POST
def objection_action_view(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    post, user = request.POST, request.user

    def act() -> Any:
        if what == "assign":
            return objections.assign(actor=user, objection_id=pk,
                                     evaluator_ids=post.getlist("evaluator"), request=request)  # fmt: skip
        if what == "correct":
            value = _float(post.get("value"))
            return _with_evidence(request, lambda ev: objections.correct(
                actor=user, objection_id=pk, field_id=post.get("field_id", ""), value=value,
                category=post.get("category", ""), reason=post.get("reason", ""),
                evidence_id=ev, request=request))  # fmt: skip
        if what == "rerate":
            return objections.rerate(actor=user, objection_id=pk, request=request)
        if what in ("uphold", "reject"):
            return objections.decide(actor=user, objection_id=pk, event=what,
                                     reasons=post.get("note", ""), request=request)  # fmt: skip
        raise Http404

    return actions.run(request, act, done=_("已保存"),
                       default=reverse("objection_detail", args=[pk]))  # fmt: skip
