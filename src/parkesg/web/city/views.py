"""The city's pages: the target dashboard, the green-credit list and the evidence upload of
a register entry."""

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
from parkesg.web.city import dashboard, green, services
from parkesg.web.city.models import TargetReading
from parkesg.web.city.registers import REGISTERS, government
from parkesg.web.core import export, policy, vocab
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action
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
