"""Pages: upload a workbook (errors by cell), download the template, send an upload's values
to review; evidence files (upload, list, download). Lists and details are the generic views
of ``core.views``; every query goes through ``for_user`` / ``get_for_user``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from parkesg.errors import DataError
from parkesg.frameworks import load_catalogue
from parkesg.web.collection import apply, evidence, template, upload
from parkesg.web.collection.forms import EvidenceForm, WorkbookForm
from parkesg.web.collection.models import EvidenceFile, WorkbookUpload
from parkesg.web.collection.upload import TEMPLATE_SOURCE
from parkesg.web.core import policy
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.core.views import ObjectViews
from parkesg.web.observations.models import Observation, field_label
from parkesg.web.observations.services import fields_for_entity

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_collector(request: HttpRequest, model: type) -> Any:
    """Editors and admins of a park committee or an enterprise fill in data; others: 403."""
    user: Any = request.user
    evidence.require_entry_rights(user, model, request)
    if not fields_for_entity(user.organisation):
        deny(user, model, "", Action.add, request)
        raise PermissionDenied
    return user


@policy.member(Action.add, upload="workbook")
@login_required
def upload_view(request: HttpRequest) -> HttpResponse:
    user = _require_collector(request, WorkbookUpload)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    errors: list[upload.UploadError] = []
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            done = upload.preview_workbook(
                actor=user, uploaded=form.cleaned_data["workbook"], request=request,
                default_source=form.cleaned_data["default_source"],
            )  # fmt: skip
        except upload.UploadRejected as exc:
            errors, refused = exc.errors, exc.upload
        else:
            return redirect("workbookupload_detail", pk=done.pk)
    years = template.default_years(timezone.localdate())
    ctx = {"form": form, "errors": errors, "refused": refused, "years": ",".join(map(str, years))}
    return render(request, "collection/upload.html", ctx, status=422 if errors else 200)


def _decide(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    try:
        step(actor=request.user, upload_id=pk, request=request)
    except upload.UploadRejected as exc:
        messages.error(request, f"保存时发现 {len(exc.errors)} 处冲突，未保存任何数据：请查看下表")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("workbookupload_detail", pk=pk)


@policy.obj(WorkbookUpload, Action.change)
@login_required
@require_POST
def confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, apply.confirm_upload, "已保存为草稿 / saved as drafts")


@policy.obj(WorkbookUpload, Action.change)
@login_required
@require_POST
def discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, apply.discard_upload, "已放弃，未保存任何数据 / discarded")


@policy.obj(WorkbookUpload, Action.approve)
@login_required
@require_POST
def review_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = request.POST.get("event", "")
    note = request.POST.get("note", "")[:500]
    try:
        n = apply.review_upload(actor=request.user, upload_id=pk, event=event, note=note,
                                request=request)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        word = "审核通过" if event == "approve" else "退回"
        messages.success(request, f"已{word} {n} 条 / {n} reviewed")
    return redirect("workbookupload_detail", pk=pk)


@policy.member(Action.add)
@login_required
def template_view(request: HttpRequest) -> HttpResponse:
    user = _require_collector(request, WorkbookUpload)
    asked = request.GET.get("years", "")
    try:
        years = (
            template.parse_years(asked) if asked else template.default_years(timezone.localdate())
        )
    except DataError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    data = template.template_bytes(
        user.organisation, user, years, with_values=request.GET.get("values") == "1"
    )
    name = f"parkesg-template-{user.organisation_id}-{years[-1]}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@policy.obj(WorkbookUpload, Action.change)
@login_required
@require_POST
def submit_all_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        n = apply.submit_all(actor=request.user, upload_id=pk, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"已提交审核 {n} 条 / {n} sent for review")
    return redirect("workbookupload_detail", pk=pk)


@policy.member(Action.add, upload="file")
@login_required
def evidence_upload_view(request: HttpRequest) -> HttpResponse:
    user = _require_collector(request, EvidenceFile)
    form = EvidenceForm(request.POST or None, request.FILES or None,
                        initial={"observation": request.GET.get("observation")})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            ef = evidence.receive(actor=user, uploaded=f, request=request)
            if obs_id := form.cleaned_data.get("observation"):
                evidence.attach_evidence(actor=user, observation_id=obs_id, evidence_id=ef.pk,
                                         request=request)  # fmt: skip
                return redirect("observation_detail", pk=obs_id)
        except DataError as exc:
            form.add_error("file", exc.detail)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("evidencefile_detail", pk=ef.pk)
    status = 422 if form.errors else 200
    return render(request, "collection/evidence_form.html", {"form": form}, status=status)


@policy.obj(EvidenceFile)
@login_required
def evidence_download_view(request: HttpRequest, pk: int) -> FileResponse:
    """The stored bytes, only through the access policy; always as an attachment of the
    checked type, never rendered by the browser."""
    ef = get_for_user(EvidenceFile, request.user, Action.view, pk, request=request)
    try:
        fh = ef.blob_path().open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(fh, as_attachment=True, filename=ef.name, content_type=ef.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _label(name: str) -> Any:
    return getattr(WorkbookUpload._meta.get_field(name), "verbose_name", name)


def _shown(obj: WorkbookUpload, name: str) -> Any:
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display else getattr(obj, name)
    return "" if value is None else value


def _upload_detail(request: HttpRequest, obj: WorkbookUpload) -> dict[str, Any]:
    """The diff (old → new for every value the upload creates or corrects), and what this
    person may do with it now."""
    user: Any = request.user
    shown_fields = ("name", "state", "organisation", "created_by", "created_at", "decided_at")
    fields = load_catalogue()
    current = {c.pk for c, _ in apply.current_changes(obj)} if obj.state == "applied" else set()
    rows = [
        {"change": c, "label": field_label(c.field_id),
         "old": upload.shown(c.old, fields.get(c.field_id)),
         "new": upload.shown(c.new, fields.get(c.field_id)),
         "old_source": TEMPLATE_SOURCE.get((c.old or {}).get("source", ""), ""),
         "new_source": TEMPLATE_SOURCE.get(c.new.get("source", ""), ""),
         "old_evidence": (c.old or {}).get("evidence", ""), "new_evidence": c.new.get("evidence", ""),
         "current": c.pk in current, "obs": c.observation}
        for c in obj.changes.select_related("observation")
    ]  # fmt: skip
    states = [r["obs"].state for r in rows if r["current"]]
    may_change = WorkbookUpload.objects.for_user(user, Action.change).filter(pk=obj.pk).exists()
    may_approve = getattr(user, "organisation_id", None) == obj.organisation_id and role_allows(
        user.role, Action.approve
    )
    return {
        "fields": [(_label(f), _shown(obj, f)) for f in shown_fields],
        "rows": rows,
        "may_confirm": obj.state == "pending" and obj.created_by_id == user.pk,
        "waiting": sum(s in (ReviewState.draft, ReviewState.rejected) for s in states),
        "submitted": sum(s == ReviewState.submitted for s in states),
        "may_submit": may_change and obj.state == "applied",
        "may_review": may_approve and obj.state == "applied",
        "legacy": obj.state == "applied" and not rows and obj.observations.exists(),
        "observations": obj.observations.all() & Observation.objects.for_user(user, Action.view),
    }


EVIDENCE = ObjectViews(
    EvidenceFile, ["name", "kind", "size", "organisation", "created_at"], search=["name", "sha256"]
)
UPLOADS = ObjectViews(
    WorkbookUpload, ["name", "state", "organisation", "created_by", "created_at", "created",
                     "changed", "unchanged"],
    search=["name", "sha256"], detail_context=_upload_detail,
)  # fmt: skip
