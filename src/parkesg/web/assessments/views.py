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
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkesg import formatting
from parkesg.errors import ParkesgError
from parkesg.frameworks import iter_indicators, load_catalogue, load_framework
from parkesg.web.assessments import charts, report, services, versions
from parkesg.web.assessments.forms import AssessmentForm
from parkesg.web.assessments.models import Assessment, ReportVersion, blob_path
from parkesg.web.assessments.results import PAGE_VERSION, find
from parkesg.web.assessments.results import page as build_page
from parkesg.web.core import export, policy, vocab
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


@policy.member(Action.add)
@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    if not services.may_run(request.user):
        deny(request.user, Assessment, "", "assess", request)
        raise PermissionDenied
    initial = {"entity": request.GET.get("entity"), "framework": request.GET.get("framework")}
    form = AssessmentForm(request.POST or None, user=request.user, initial=initial)
    if request.headers.get("HX-Request") == "true" and request.method == "GET":
        return render(request, "assessments/_form.html", {"form": form})
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


@policy.member()
@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    qs = (
        Assessment.objects.for_user(request.user, Action.view)
        .select_related("organisation", "created_by")
        .defer("results", "inputs")
    )
    if fmt := export.wanted(request):
        headers = [
            _("评价体系"),
            _("标准编号"),
            _("评价对象"),
            _("评价年份"),
            _("运行人"),
            _("运行时间"),
        ]
        rows = ([r.framework_title, r.framework_code, r.organisation.name,
                 "、".join(map(str, r.years)), r.created_by.get_username(), r.created_at]
                for r in qs.iterator())  # fmt: skip
        return export.response(request, fmt=fmt, title=_("评价"), headers=headers, rows=rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"page": page, "may_run": services.may_run(request.user), "query": ""}
    return render(request, "assessments/list.html", ctx)


def page_of(run: Assessment) -> dict[str, Any]:
    """The stored page, or — for a run stored before this page version — the same page
    rebuilt from its stored results (never by running the engine)."""
    if isinstance(run.page, dict) and run.page.get("version") == PAGE_VERSION:
        return run.page  # type: ignore[no-any-return]
    if "results" in run.get_deferred_fields():
        run.refresh_from_db(fields=["results"])
    stored = run.page if isinstance(run.page, dict) else {}
    return build_page(run.results, int(stored.get("inputs", 0)), run.framework_id)


def _export_results(request: HttpRequest, run: Assessment, page: dict[str, Any], fmt: str
                    ) -> HttpResponse:  # fmt: skip
    """The indicator table of the results page: value (exact), status, level, score."""
    headers: list[Any] = [_("序号"), _("指标"), _("单位")]
    for y in page["years"]:
        headers += [f"{y} {_('数值')}", f"{y} {_('状态')}", f"{y} {_('水平')}", f"{y} {_('得分')}"]
    rows = []
    for r in page["rows"]:
        line: list[Any] = [r["no"], r["name_zh"], r["unit_shown"]]
        for c in r["cells"]:
            value = formatting.boolean(c["value"]) if r["kind"] == "boolean" else c["value"]
            line += [value, vocab.label("status", c["status"]), vocab.label("level", c["level"]),
                     c["score"]]  # fmt: skip
        rows.append(line)
    title = f"{run.organisation.name}-{run.framework_code}-{'-'.join(map(str, run.years))}"
    return export.response(request, fmt=fmt, title=title, headers=headers, rows=rows)


def _photos(request: HttpRequest, run: Assessment) -> Any:
    """The assessed organisation's images the user may see (a T/CPPC cover photo)."""
    from parkesg.web.collection.models import EvidenceFile, EvidenceKind

    return EvidenceFile.objects.for_user(request.user, Action.view).filter(
        organisation=run.organisation, kind__in=[EvidenceKind.png, EvidenceKind.jpeg]
    )


@policy.obj(Assessment)
@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_run(request, pk, defer=("results", "inputs"))  # the page reads ``page`` only
    page = page_of(run)
    if fmt := export.wanted(request):
        return _export_results(request, run, page, fmt)
    kind = report.report_kind(run)
    ctx = {
        "run": run, "page": page, "trace_base": reverse("assessments:detail", args=[run.pk]) + "trace/",
        "report_kind": kind, "pdf": report.pdf_available(),
        "versions": ReportVersion.objects.filter(assessment=run).select_related("created_by"),
        "may_write": versions.may_write(request.user, run),
        "next_stages": versions.next_stages(run) if kind else [],
        "photos": _photos(request, run) if kind and kind.value == "cppc" else [],
        "provisional": versions.provisional_items(run),
        "may_confirm": versions.may_confirm(request.user, run),
    }  # fmt: skip
    return render(request, "assessments/detail.html", ctx)


@policy.obj(Assessment)  # POST writes a version: may_run + view of the run
@login_required
@require_POST
def version_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """POST: write and keep a new version of the report (stage, cover photo, PDF)."""
    run = get_run(request, pk)
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


@policy.obj(Assessment)
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


@policy.obj(Assessment, Action.approve)
@login_required
@require_POST
def confirm_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """POST: confirm the run's provisional values (an approver who did not run it)."""
    run = get_run(request, pk)
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
    used = {(i["field"], i["year"]): i for i in run.inputs}
    inputs = []
    for i in item["trace"]["inputs"]:
        snap = used.get((i["field"], i["year"]))
        inputs.append({**i, "observation": snap["observation"] if snap else None,
                       "revision": snap["revision"] if snap else None})  # fmt: skip
    ind = {i.id: i for i in iter_indicators(load_framework(run.framework_id).tree)}.get(
        indicator_id
    )
    names = {f.id: f.name.zh for f in load_catalogue().values()}
    lang = get_language() or "zh"
    shown = {
        "value": formatting.value(item["value"], kind=ind.kind.value if ind else "quantitative",
                                  unit=item["unit"], indicator=indicator_id,
                                  status=item["status"], reason=item["trace"].get("reason"),
                                  lang=lang),
        "exact": formatting.exact(item["value"]) if isinstance(item["value"], float) else "",
        "unit": formatting.unit(item["unit"], framework=run.framework_id,
                                kind=ind.kind.value if ind else None),
        "formula": formatting.formula(item["trace"].get("formula"), names, lang=lang),
        "direction": ind.direction.value if ind else "higher",
        "kind": ind.kind.value if ind else "quantitative",
    }  # fmt: skip
    for i in inputs:
        i["shown"] = formatting.number(i["value"], unit=i["unit"], lang=lang)
        i["exact"] = formatting.exact(i["value"])
        i["unit_shown"] = formatting.unit(i["unit"])
    return {"run": run, "year": year, "item": item, "trace": item["trace"], "inputs": inputs,
            "shown": shown}  # fmt: skip


@policy.obj(Assessment)
@login_required
def trace_view(request: HttpRequest, pk: int, year: int, indicator: str) -> HttpResponse:
    run = get_run(request, pk)
    ctx = _trace_context(run, year, indicator)
    if ctx is None:
        deny(request.user, Assessment, f"{pk}/{year}/{indicator}", Action.view, request)
        raise Http404
    partial = request.headers.get("HX-Request") == "true"
    return render(request, "assessments/_trace.html" if partial else "assessments/trace.html", ctx)


@policy.obj(Assessment)
@login_required
def charts_view(request: HttpRequest, pk: int) -> JsonResponse:
    run = get_run(request, pk)
    data = charts.chart_data(run.framework_id, str(run.organisation_id), run.results)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@policy.obj(Assessment)
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
