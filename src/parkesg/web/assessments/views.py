"""Assessment pages: run form, list, results (from the stored results, never re-run), the
trace of one number (page or HTMX partial), chart data (JSON) and the report download."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse

from parkesg.errors import ParkesgError
from parkesg.web.assessments import charts, report, services, versions
from parkesg.web.assessments.forms import AssessmentForm
from parkesg.web.assessments.models import Assessment, ReportVersion, blob_path
from parkesg.web.assessments.results import STATUS_ZH, find
from parkesg.web.core.objects import deny, get_for_user, object_id
from parkesg.web.core.roles import Action

PAGE_SIZE = 50


def get_run(request: HttpRequest, pk: Any, *, defer: tuple[str, ...] = ()) -> Assessment:
    """The assessment with its organisation and runner in one query, through ``for_user``;
    anything else (not visible, bad id) goes to ``get_for_user`` for its 404 and audit."""
    qs = Assessment.objects.for_user(request.user, Action.view).defer(*defer)
    key = object_id(pk)
    try:
        if key is not None:
            return qs.select_related("organisation", "created_by").get(pk=key)  # type: ignore[no-any-return]
    except ObjectDoesNotExist:
        pass
    return get_for_user(Assessment, request.user, Action.view, pk, request=request)  # type: ignore[no-any-return]


@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    if not services.may_run(request.user):
        deny(request.user, Assessment, "", "assess", request)
        raise PermissionDenied
    initial = {"entity": request.GET.get("entity"), "framework": request.GET.get("framework")}
    form = AssessmentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.run_assessment(
                actor=request.user, entity_id=data["entity"].pk, framework_id=data["framework"],
                years=data["years"], chosen=data["indicators"], request=request,
            )  # fmt: skip
        except ValidationError as exc:
            _add(form, exc)
        else:
            return redirect("assessments:detail", pk=run.pk)
    return render(request, "assessments/new.html", {"form": form})


def _add(form: AssessmentForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    qs = (
        Assessment.objects.for_user(request.user, Action.view)
        .select_related("organisation", "created_by")
        .defer("results", "inputs")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"page": page, "may_run": services.may_run(request.user)}
    return render(request, "assessments/list.html", ctx)


def _photos(request: HttpRequest, run: Assessment) -> Any:
    """The assessed organisation's images the user may see (a T/CPPC cover photo)."""
    from parkesg.web.collection.models import EvidenceFile, EvidenceKind

    return EvidenceFile.objects.for_user(request.user, Action.view).filter(
        organisation=run.organisation, kind__in=[EvidenceKind.png, EvidenceKind.jpeg]
    )


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_run(request, pk, defer=("results", "inputs"))  # the page reads ``page`` only
    kind = report.report_kind(run)
    ctx = {
        "run": run, "page": run.page, "trace_base": reverse("assessments:detail", args=[run.pk]) + "trace/",
        "report_kind": kind, "pdf": report.pdf_available(),
        "versions": ReportVersion.objects.filter(assessment=run).select_related("created_by"),
        "may_write": versions.may_write(request.user, run),
        "next_stages": versions.next_stages(run) if kind else [],
        "photos": _photos(request, run) if kind and kind.value == "cppc" else [],
        "provisional": versions.provisional_items(run),
        "may_confirm": versions.may_confirm(request.user, run),
    }  # fmt: skip
    return render(request, "assessments/detail.html", ctx)


@login_required
def version_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """POST: write and keep a new version of the report (stage, cover photo, PDF)."""
    run = get_run(request, pk)
    if request.method != "POST":
        return redirect("assessments:detail", pk=run.pk)
    if not versions.may_write(request.user, run):
        deny(request.user, Assessment, run.pk, "report", request)
        raise PermissionDenied
    photo = None
    photo_id = object_id(request.POST.get("photo"))
    if photo_id is not None:
        photo = _photos(request, run).filter(pk=photo_id).first()
    try:
        v = versions.write_version(actor=request.user, run=run, stage=request.POST.get("stage", ""),
                                   photo=photo, pdf=request.POST.get("pdf") == "1" and report.pdf_available(),
                                   request=request)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已生成第 {v.number} 版（{v.stage}）")
    return redirect("assessments:detail", pk=run.pk)


@login_required
def version_file_view(request: HttpRequest, pk: int, number: int, index: int) -> HttpResponseBase:
    """One file of a kept version, as written (its bytes checked against its sha256)."""
    run = get_run(request, pk, defer=("results", "inputs"))
    v = ReportVersion.objects.filter(assessment=run, number=number).first()
    if v is None or not 0 <= index < len(v.files):
        deny(request.user, ReportVersion, f"{pk}/{number}/{index}", Action.view, request)
        raise Http404
    f = v.files[index]
    path = blob_path(run.organisation_id, f["sha256"])
    if not path.exists():
        raise Http404
    data = path.read_bytes()
    import hashlib

    if hashlib.sha256(data).hexdigest() != f["sha256"]:
        messages.error(request, "文件校验失败（SHA-256 不符），未下载")
        return redirect("assessments:detail", pk=run.pk)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=f["name"])


@login_required
def confirm_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """POST: confirm the run's provisional values (an approver who did not run it)."""
    run = get_run(request, pk)
    if request.method != "POST":
        return redirect("assessments:detail", pk=run.pk)
    if not versions.may_confirm(request.user, run):
        deny(request.user, Assessment, run.pk, "confirm", request)
        raise PermissionDenied
    try:
        versions.confirm(actor=request.user, run=run, items=request.POST.getlist("items"),
                         request=request)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已记录确认")
    return redirect("assessments:detail", pk=run.pk)


def _trace_context(run: Assessment, year: int, indicator_id: str) -> dict[str, Any] | None:
    item = find(run.results, year, indicator_id)
    if item is None:
        return None
    item["status_zh"] = STATUS_ZH[item["status"]]
    used = {(i["field"], i["year"]): i for i in run.inputs}
    inputs = []
    for i in item["trace"]["inputs"]:
        snap = used.get((i["field"], i["year"]))
        inputs.append({**i, "observation": snap["observation"] if snap else None,
                       "revision": snap["revision"] if snap else None})  # fmt: skip
    return {"run": run, "year": year, "item": item, "trace": item["trace"], "inputs": inputs}


@login_required
def trace_view(request: HttpRequest, pk: int, year: int, indicator: str) -> HttpResponse:
    run = get_run(request, pk)
    ctx = _trace_context(run, year, indicator)
    if ctx is None:
        deny(request.user, Assessment, f"{pk}/{year}/{indicator}", Action.view, request)
        raise Http404
    partial = request.headers.get("HX-Request") == "true"
    return render(request, "assessments/_trace.html" if partial else "assessments/trace.html", ctx)


@login_required
def charts_view(request: HttpRequest, pk: int) -> JsonResponse:
    run = get_run(request, pk)
    return JsonResponse(charts.chart_data(run.framework_id, str(run.organisation_id), run.results))


@login_required
def report_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    run = get_run(request, pk)
    pdf = request.GET.get("format") == "pdf"
    if report.report_kind(run) is None or (pdf and not report.pdf_available()):
        messages.error(request, "此评价没有可下载的报告格式")
        return redirect("assessments:detail", pk=run.pk)
    try:
        content, name = report.write(run, pdf=pdf)
    except ParkesgError as exc:  # e.g. no CJK font for the charts: say so, never a 500
        messages.error(request, f"报告生成失败：{exc}")
        return redirect("assessments:detail", pk=run.pk)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)
