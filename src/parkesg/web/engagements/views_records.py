"""Pages of an engagement's records: add / edit / delete one record of any kind
(``registry``), attach a file and download it, the screening decision of an option, the
park recording a pledge, the report's versions (issue, review, download), the Beijing
forms 2-2 – 2-4 and the energy-flow chart. Thin, through ``for_user`` and ``services``."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkesg.errors import DataError
from parkesg.reports.context_beijing import forms_context
from parkesg.reports.render import render as render_docx
from parkesg.reports.render import template_path
from parkesg.web.core import policy
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action
from parkesg.web.engagements import contract, flows, registry, report, services
from parkesg.web.engagements.forms import DecisionForm, FileForm, IssueForm, record_form
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.records import Attachment, Option, Pledge, Snapshot
from parkesg.web.engagements.views import errors, get, refused_upload, to_detail


def _spec(slug: str) -> registry.Spec:
    spec = registry.spec(slug)
    if spec is None:
        raise Http404
    return spec


def _serve(ef: Any, *, inline: bool = False) -> FileResponse:
    try:
        fh = ef.blob_path().open("rb")
    except FileNotFoundError:
        raise Http404 from None
    out = FileResponse(fh, as_attachment=not inline, filename=ef.name, content_type=ef.content_type)
    out["X-Content-Type-Options"] = "nosniff"
    out["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return out


@policy.obj(Engagement)  # then services.may_add: the side that makes the record
@login_required
def add_view(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    spec = _spec(slug)
    e = get(request, pk)
    if e.kind not in spec.kinds or not services.may_add(request.user, e, spec.model):
        deny(request.user, spec.model, "", Action.add, request)
        raise PermissionDenied
    form = record_form(spec)(request.POST or None, engagement=e, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_record(actor=request.user, engagement=e, record=form.instance,
                                 request=request)  # fmt: skip
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return to_detail(e, slug)
    return render(request, "engagements/record_form.html", {"form": form, "e": e, "spec": spec})


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errs in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, exc)


@policy.member(Action.change)  # the record (kind by slug) the user may change
@login_required
def edit_view(request: HttpRequest, slug: str, rid: int) -> HttpResponse:
    spec = _spec(slug)
    rec = get_for_user(spec.model, request.user, Action.change, rid, request=request)
    e = rec.engagement
    late = () if flows.editable(e, flows.stage_key(rec)) else flows.late_editable(e, spec.key)
    if not flows.editable(e, flows.stage_key(rec)) and not late:
        messages.error(request, _("该阶段已提交签核或已结束，记录不能修改"))
        return to_detail(e, slug)
    form = record_form(spec)(request.POST or None, instance=rec, engagement=e, user=request.user,
                             late=late)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.save_record(actor=request.user, engagement=e, record=form.instance,
                                 request=request)  # fmt: skip
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return to_detail(e, slug)
    return render(request, "engagements/record_form.html",
                  {"form": form, "e": e, "spec": spec, "obj": rec})  # fmt: skip


@policy.member(Action.change)  # the record (kind by slug) the user may change
@login_required
@require_POST
def delete_view(request: HttpRequest, slug: str, rid: int) -> HttpResponse:
    spec = _spec(slug)
    rec = get_for_user(spec.model, request.user, Action.change, rid, request=request)
    try:
        services.delete_record(actor=request.user, model=spec.model, record_id=rec.pk,
                               request=request)  # fmt: skip
    except ValidationError as exc:
        errors(request, exc)
    return to_detail(rec.engagement_id, slug)


def _attach(request: HttpRequest, record: Any, back: tuple[int, str]) -> HttpResponse:
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from parkesg.web.collection.evidence import max_bytes, read_upload

        f = form.cleaned_data["file"]
        data = b""
        try:
            data = read_upload(f, max_bytes())
            services.attach(actor=request.user, record=record, data=data, name=f.name or "",
                            label=form.cleaned_data["label"], request=request)  # fmt: skip
        except DataError as exc:  # the evidence store's checks refused it: nothing kept
            form.add_error("file", exc.detail)
            refused_upload(request, f, data, exc.detail, "evidence")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return to_detail(*back)
    return render(request, "engagements/attach.html", {"form": form, "record": record,
                                                       "back": back},
                  status=422 if form.errors else 200)  # fmt: skip


@policy.member(Action.change, upload="file")  # the record (kind by slug)
@login_required
def attach_view(request: HttpRequest, slug: str, rid: int) -> HttpResponse:
    spec = _spec(slug)
    if not spec.attachments:
        raise Http404
    rec = get_for_user(spec.model, request.user, Action.change, rid, request=request)
    return _attach(request, rec, (rec.engagement_id, slug))


@policy.obj(Engagement, Action.change, upload="file")
@login_required
def attach_engagement_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The approval of a partial boundary (北京指南 三（一）2)."""
    e = get(request, pk, Action.change)
    return _attach(request, e, (e.pk, "boundary"))


@policy.obj(Attachment, kwarg="aid")
@login_required
def download_view(request: HttpRequest, aid: int) -> FileResponse:
    att = get_for_user(Attachment, request.user, Action.view, aid, request=request)
    return _serve(att.file)


@policy.obj(Attachment, Action.change, kwarg="aid")
@login_required
@require_POST
def detach_view(request: HttpRequest, aid: int) -> HttpResponse:
    att = get_for_user(Attachment, request.user, Action.change, aid, request=request)
    try:
        services.delete_record(actor=request.user, model=Attachment, record_id=att.pk,
                               request=request)  # fmt: skip
    except ValidationError as exc:
        errors(request, exc)
    return to_detail(att.engagement_id)


@policy.obj(Option, Action.change, kwarg="rid")
@login_required
def decide_view(request: HttpRequest, rid: int) -> HttpResponse:
    o = get_for_user(Option, request.user, Action.change, rid, request=request)
    initial = {"decision": o.decision, "criteria": o.criteria, "note": o.decision_note}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_option(actor=request.user, option_id=o.pk, request=request,
                                   **form.cleaned_data)  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return to_detail(o.engagement_id, "options")
    return render(request, "engagements/record_form.html",
                  {"form": form, "e": o.engagement, "obj": o, "title": _("方案筛选")})  # fmt: skip


@policy.obj(Pledge, kwarg="rid")  # then the park's admin (services)
@login_required
@require_POST
def record_pledge_view(request: HttpRequest, rid: int) -> HttpResponse:
    p = get_for_user(Pledge, request.user, Action.view, rid, request=request)
    try:
        services.record_pledge(actor=request.user, pledge_id=p.pk, request=request)
    except ValidationError as exc:
        errors(request, exc)
    return to_detail(p.engagement_id, "pledges")


@policy.obj(Engagement, Action.change)
@login_required
@require_POST
def issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = IssueForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"stage": "", "note": ""}
    try:
        report.issue(actor=request.user, engagement_id=pk, stage=data["stage"], note=data["note"],
                     request=request)  # fmt: skip
    except (ValidationError, DataError) as exc:
        errors(request, exc)
    return to_detail(pk, "report")


@policy.obj(Engagement)  # the report flow decides (the provider's reviewer)
@login_required
@require_POST
def review_view(request: HttpRequest, pk: int, doc: int, event: str) -> HttpResponse:
    try:
        report.review(actor=request.user, engagement_id=pk, document_id=doc, event=event,
                      note=request.POST.get("note", ""), request=request)  # fmt: skip
    except ValidationError as exc:
        errors(request, exc)
    return to_detail(pk, "report")


@policy.obj(Engagement)  # report.may_read
@login_required
def report_download_view(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    e = get(request, pk)
    d = report.documents_of(e).filter(pk=doc).first() if report.may_read(e, request.user) else None
    if d is None or d.file is None:
        deny(request.user, Snapshot, f"{pk}/{doc}", Action.view, request)
        raise Http404
    return _serve(d.file)


@policy.obj(Engagement)
@login_required
def form_view(request: HttpRequest, pk: int, name: str) -> FileResponse:
    """Beijing 附件2-2, 2-3, 2-4, pre-filled from the records (for signing)."""
    e = get(request, pk)
    if e.is_cppc or name not in ("2-2", "2-3", "2-4"):
        raise Http404
    ctx = forms_context(contract.engagement(e))
    with tempfile.TemporaryDirectory(prefix="parkesg-form-") as tmp:
        out = render_docx(template_path(f"beijing-{name}"), ctx, Path(tmp) / f"{name}.docx")
        body = out.read_bytes()
    return FileResponse(io.BytesIO(body), as_attachment=True,
                        filename=f"{e.park.name}-附件{name}.docx")  # fmt: skip


@policy.obj(Snapshot, kwarg="sid")
@login_required
def chart_view(request: HttpRequest, pk: int, sid: int) -> FileResponse:
    snap = get_for_user(Snapshot, request.user, Action.view, sid, request=request)
    if snap.engagement_id != pk or snap.file is None:
        raise Http404
    return _serve(snap.file, inline=True)
