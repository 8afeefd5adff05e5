"""The city's pages: the target dashboard, the green-credit list, the high-tech-zone
evaluations and the evidence upload of a register entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkesg.errors import DataError
from parkesg.frameworks import load_framework
from parkesg.web.assessments.models import Assessment
from parkesg.web.city import dashboard, green, services, zones
from parkesg.web.city.models import TargetReading
from parkesg.web.city.registers import REGISTERS, government
from parkesg.web.core import export, policy, vocab
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.orgs.models import OrgKind
from parkesg.web.ratings.banks import grade_choices


@policy.member()
@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The 2027 targets of the government's region (governments only: 404 for others)."""
    if not government(request.user):
        deny(request.user, TargetReading, "dashboard", Action.view, request)
        raise Http404
    ctx = dashboard.context(request.user)
    return render(request, "city/dashboard.html", ctx)


def attach_view(model: Any) -> Callable[..., HttpResponse]:
    """POST a file (field ``file``) to the entry ``pk``: checked by the evidence store's own
    checks first — a refused file answers 422 with its reason, audited, nothing kept."""
    name = model._meta.model_name

    @policy.obj(model, Action.change, upload="file")
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        get_for_user(model, request.user, Action.change, pk, request=request)  # 404 / 403 first
        uploaded = request.FILES.get("file")
        if uploaded is None:
            messages.error(request, _("请选择文件"))
            return redirect(f"{name}_detail", pk=pk)
        try:
            services.attach_evidence(actor=request.user, model=model, pk=pk, uploaded=uploaded,
                                     request=request)  # fmt: skip
        except DataError as exc:
            return HttpResponse(f"<p>证明材料被拒收：{exc.detail}</p>", status=422)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{name}_detail", pk=pk)

    view.__name__ = f"{name}_attach_view"
    return view


ATTACH = {name: attach_view(ov.model) for name, ov in REGISTERS.items()}


def _green_filters(request: HttpRequest) -> dict[str, Any]:
    g = request.GET
    raw = g.get("min_score", "").strip()[:10]
    try:
        score = float(raw) if raw else None
    except ValueError:
        score = None
    return {"min_grade": g.get("min_grade", "")[:4], "min_score": score,
            "region": g.get("region", "")[:6], "industry": g.get("industry", "")[:5],
            "rating_org": g.get("org", "")[:100], "query": g.get("q", "")[:100]}  # fmt: skip


@policy.member()  # banks and governments (a government: its own region only)
@login_required
def green_view(request: HttpRequest) -> HttpResponse:
    """The green-credit list (方案 16), filterable and exported as Excel / CSV."""
    if not green.may_read(request.user):
        deny(request.user, TargetReading, "green-credit", Action.view, request)
        raise Http404
    f = _green_filters(request)
    rows = green.listing(request.user, **f)
    headers = [_("企业名称"), _("统一社会信用代码"), _("行政区划代码"), _("行业代码"), _("等级"),
               _("评价日期"), _("评价机构"), _("证书编号"), _("绿色得分"), _("入选依据")]  # fmt: skip
    if fmt := export.wanted(request):
        out = ([r.enterprise, r.credit_code, r.region, r.industry, r.grade, r.rated_on,
                r.rating_org, r.certificate, r.score, vocab.label("city_green_basis", r.basis)]
               for r in rows)  # fmt: skip
        return export.response(request, fmt=fmt, title=_("绿色信贷企业名单"), headers=headers,
                               rows=out)  # fmt: skip
    c = green.config()
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {"rows": rows, "headers": headers, "f": f, "g": request.GET, "config": c,
           "node": green.node_label(), "grades": grade_choices(),
           "min_grade": f["min_grade"] or c.min_grade,
           "min_score": c.score.min if f["min_score"] is None else f["min_score"],
           "query": query.urlencode() + "&" if query else ""}  # fmt: skip
    return render(request, "city/green.html", ctx)


def _zone_runs(user: Any) -> list[dict[str, Any]]:
    """The park's own high-tech-zone runs, newest first, each with its submission."""
    from parkesg.web.assessments.models import Assessment

    runs = (Assessment.objects.for_user(user, Action.view)
            .filter(organisation=user.organisation, framework_id=zones.FRAMEWORK)
            .select_related("zone_evaluation").order_by("-created_at"))  # fmt: skip
    out = []
    for run in runs:
        year = max(run.years)
        total, dims = zones.figures(run.results, year)
        out.append({"run": run, "year": year, "total": total, "dimensions": dims,
                    "submitted": getattr(run, "zone_evaluation", None)})  # fmt: skip
    return out


@policy.member()  # parks (their runs) and governments (their region's submissions)
@login_required
def zones_view(request: HttpRequest) -> HttpResponse:
    """高新区 ESG 评价: a park submits its runs; a government compares the submissions."""
    user: Any = request.user
    if not zones.may_read(user):
        deny(user, TargetReading, "zones", Action.view, request)
        raise Http404
    compared = zones.compare(user)
    dims = zones.dimension_names()
    headers = [_("排名"), _("园区"), _("评价年份"), _("总分"), *dims, _("报送时间")]
    if fmt := export.wanted(request):
        out = ([z.rank, z.name, z.year, z.total, *(d["score"] for d in z.dimensions),
                z.submitted_at] for z in compared)  # fmt: skip
        return export.response(request, fmt=fmt, title=_("高新区 ESG 评价比较"), headers=headers,
                               rows=out)  # fmt: skip
    park = user.organisation.kind == OrgKind.park
    ctx = {"zones": compared, "dims": dims, "park": park,
           "runs": _zone_runs(user) if park else [],
           "may_submit": park and role_allows(user.role, Action.change),
           "framework": load_framework(zones.FRAMEWORK)}  # fmt: skip
    return render(request, "city/zones.html", ctx)


@policy.obj(Assessment, Action.change)
@login_required
@require_POST
def zone_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit the park's stored high-tech-zone run ``pk`` to its governments."""
    get_for_user(Assessment, request.user, Action.change, pk, request=request)  # 404 / 403 first
    try:
        zones.submit(actor=request.user, assessment_id=pk, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已报送市政府（高新区 ESG 评价）"))
    return redirect("city:zones")
