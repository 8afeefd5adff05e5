"""The public disclosure portal (no login; 常州行动方案 11: 可查询、可追溯、可比较): search the
current published disclosures, read one with its version history, compare up to five on the
same KPIs with industry medians and ranks, export search results and comparisons. Every page
reads ``PublishedVersion`` snapshots through ``portal`` — nothing unpublished is reachable."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from parkesg.web.core import export, policy
from parkesg.web.disclosures import portal, services, template
from parkesg.web.disclosures.models import PublishedVersion

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "")[:100] for k in (*portal.TEXT_FILTERS, "year")}


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop(export.PARAM, None)
    return query.urlencode() + "&" if query else ""


@policy.public  # 常州行动方案 11: published disclosures, anyone, signed in or not
def search_view(request: HttpRequest) -> HttpResponse:
    """Search the current published disclosures."""
    f = _filters(request)
    qs = portal.search(q=f["q"], industry=f["industry"], region=f["region"], park=f["park"],
                       year=portal.as_int(f["year"]), grade=f["grade"])  # fmt: skip
    headers = [_("企业名称"), _("统一社会信用代码"), _("行业代码"), _("行政区划代码"),
               _("所在园区"), _("披露年度"), _("版本"), _("发布时间"), _("第三方鉴证"),
               _("公示的评价等级")]  # fmt: skip
    if fmt := export.wanted(request):
        grades = portal.grades_by_enterprise()
        rows = ([p.enterprise_name, p.credit_code, p.industry, p.region, p.park_name, p.year,
                 p.no, p.published_at, p.assurance.get("assurer", ""),
                 grades.get(p.organisation_id, "")] for p in qs.iterator())  # fmt: skip
        return export.response(request, fmt=fmt, title=_("ESG 信息披露"), headers=headers,
                               rows=rows)  # fmt: skip
    page = Paginator(qs.defer("kpis", "summary"), PAGE_SIZE).get_page(request.GET.get("page"))
    grades = portal.grades_by_enterprise([p.organisation_id for p in page])
    items = [(p, grades.get(p.organisation_id, "")) for p in page]
    ctx = {"page": page, "items": items, "f": f, "headers": headers, "query": _query(request),
           "grades": portal.grade_choices(), "max_compare": portal.MAX_COMPARE}  # fmt: skip
    return render(request, "disclosures/portal_search.html", ctx)


@policy.public  # 常州行动方案 11: a published disclosure and its history (可追溯)
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A published disclosure: the current version (or ``?v=``) with every KPI, and every
    published version."""
    versions = portal.history(pk) if portal.as_int(pk) else []
    if not versions:
        raise Http404
    wanted = portal.as_int(request.GET.get("v", ""))
    shown = next((v for v in versions if v.no == wanted), versions[0])
    tpl = template.load()
    rows = services.rows(shown.kpis)
    for r in rows:
        r["source_label"] = services.source_label(r.get("source", ""))
    grade = portal.grades_by_enterprise([shown.organisation_id]).get(shown.organisation_id, "")
    ctx = {"pv": shown, "versions": versions, "rows": rows, "sections": tpl.sections,
           "current": versions[0], "grade": grade}  # fmt: skip
    return render(request, "disclosures/portal_detail.html", ctx)


@policy.public  # the report a publication made public, by its frozen snapshot only
def report_view(request: HttpRequest, pk: int, no: int) -> FileResponse:
    """The report PDF of a published version (the file frozen into its snapshot)."""
    if not (portal.as_int(pk) and portal.as_int(no)):
        raise Http404
    pv = (PublishedVersion.objects.filter(disclosure_id=pk, no=no)
          .select_related("report").first())  # fmt: skip
    if pv is None or pv.report is None or pv.report.sha256 != pv.report_sha256:
        raise Http404
    try:
        handle = pv.report.blob_path().open("rb")
    except FileNotFoundError:
        raise Http404 from None
    resp = FileResponse(handle, as_attachment=True, filename=pv.report_name or "report.pdf",
                        content_type="application/pdf")  # fmt: skip
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


@policy.public  # 常州行动方案 11: published disclosures side by side (可比较)
def compare_view(request: HttpRequest) -> HttpResponse:
    """Up to five published disclosures (``?d=<id>``) on the same KPIs, each with its
    industry median and its rank among its industry peers."""
    ids = [i for x in request.GET.getlist("d")[:20] if (i := portal.as_int(x)) is not None]
    c = portal.compare(ids)
    if (fmt := export.wanted(request)) and c.versions:
        headers: list[Any] = [_("指标"), _("单位")]
        for pv in c.versions:
            name = f"{pv.enterprise_name} {pv.year} v{pv.no}"
            headers += [name, f"{name} {_('行业排名')}", f"{name} {_('行业中位数')}"]
        rows = []
        for k, cells in c.rows:
            row: list[Any] = [k.name, k.unit]
            for cell in cells:
                row += [_yes_no(cell.value) if k.boolean else cell.value,
                        f"{cell.rank}/{cell.of}" if cell.rank else "", cell.median]  # fmt: skip
            rows.append(row)
        return export.response(request, fmt=fmt, title=_("ESG 信息披露对比"), headers=headers,
                               rows=rows)  # fmt: skip
    ctx = {"c": c, "query": _query(request), "max_compare": portal.MAX_COMPARE,
           "too_many": len(set(ids)) > portal.MAX_COMPARE}  # fmt: skip
    return render(request, "disclosures/portal_compare.html", ctx)


def _yes_no(value: Any) -> Any:
    if value is None:
        return None
    return _("是") if value else _("否")
