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
from parkesg.web.collection import evidence, template, upload
from parkesg.web.collection.forms import EvidenceForm, WorkbookForm
from parkesg.web.collection.models import EvidenceFile, WorkbookUpload
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action
from parkesg.web.core.views import ObjectViews
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


@login_required
def upload_view(request: HttpRequest) -> HttpResponse:
    user = _require_collector(request, WorkbookUpload)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    errors: list[upload.UploadError] = []
    if request.method == "POST" and form.is_valid():
        try:
            done = upload.import_workbook(
                actor=user, uploaded=form.cleaned_data["workbook"], request=request,
                default_source=form.cleaned_data["default_source"],
            )  # fmt: skip
        except upload.UploadRejected as exc:
            errors = exc.errors
        else:
            return redirect("workbookupload_detail", pk=done.pk)
    years = template.default_years(timezone.localdate())
    ctx = {"form": form, "errors": errors, "years": ",".join(map(str, years))}
    return render(request, "collection/upload.html", ctx)


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


@login_required
@require_POST
def submit_all_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        n = upload.submit_all(actor=request.user, upload_id=pk, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"已提交审核 {n} 条 / {n} sent for review")
    return redirect("workbookupload_detail", pk=pk)


@login_required
def evidence_upload_view(request: HttpRequest) -> HttpResponse:
    user = _require_collector(request, EvidenceFile)
    form = EvidenceForm(request.POST or None, request.FILES or None,
                        initial={"observation": request.GET.get("observation")})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            data = evidence.read_upload(f, evidence.max_bytes())
            ef = evidence.store_evidence(actor=user, data=data, name=f.name or "", request=request)
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
    return render(request, "collection/evidence_form.html", {"form": form})


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


def _upload_detail(request: HttpRequest, obj: WorkbookUpload) -> dict[str, Any]:
    user: Any = request.user
    rows = obj.observations.all() & obj.observations.model.objects.for_user(user, Action.view)
    waiting = [o for o in rows if o.state in (ReviewState.draft, ReviewState.rejected)]
    may_submit = (
        bool(waiting)
        and WorkbookUpload.objects.for_user(user, Action.change).filter(pk=obj.pk).exists()
    )
    return {"observations": rows.order_by("field_id", "year"), "may_submit": may_submit,
            "waiting": len(waiting)}  # fmt: skip


EVIDENCE = ObjectViews(
    EvidenceFile, ["name", "kind", "size", "organisation", "created_at"], search=["name", "sha256"]
)
UPLOADS = ObjectViews(
    WorkbookUpload, ["file", "organisation", "created_by", "created_at", "created", "changed",
                     "unchanged"],
    search=["file__name"], detail_context=_upload_detail,
)  # fmt: skip
