"""Pages outside the rating organisation: the public search of published grades (no login:
what was published, no more — ``published.published_grades``), the enterprise's own ratings,
and the banks' portfolio (consents, latest grades, changes; Excel export escaped)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from parkesg.web.core import export, policy, vocab
from parkesg.web.core.objects import deny
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import Organisation, OrgKind
from parkesg.web.ratings import banks, objections
from parkesg.web.ratings.kinds import ProjectState, Status
from parkesg.web.ratings.models import Certificate, Objection, RatingResult, Reconfirmation
from parkesg.web.ratings.published import published_grades

PAGE_SIZE = 50


def _params(request: HttpRequest) -> dict[str, str]:
    g = request.GET
    return {k: g.get(k, "")[:100] for k in ("q", "region", "industry", "grade", "org")}


@policy.public  # 6.12 a: what a publication made public, signed in or not
def published_view(request: HttpRequest) -> HttpResponse:
    """Search published grades — open to anyone (6.12 a), signed in or not."""
    f = _params(request)
    history = request.GET.get("history") == "1"
    qs = published_grades(query=f["q"], region=f["region"], industry=f["industry"],
                          grade=f["grade"], rating_org=f["org"], history=history)  # fmt: skip
    headers = [_("企业名称"), _("统一社会信用代码"), _("等级"), _("评价日期"), _("评价机构"),
               _("评价类型"), _("证书编号"), _("公示日期"), _("状态")]  # fmt: skip
    if fmt := export.wanted(request):
        rows = ([g.enterprise_name, g.credit_code, g.grade, g.rated_on, g.rating_org,
                 vocab.label("rating_type", g.rating_type), g.certificate_number, g.published_on,
                 vocab.label("rating_status", g.status)] for g in qs.iterator())  # fmt: skip
        return export.response(request, fmt=fmt, title=_("公示的评价结果"), headers=headers,
                               rows=rows)  # fmt: skip
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {"page": page, "f": f, "history": history, "headers": headers,
           "grades": banks.grade_choices(), "query": query.urlencode() + "&" if query else ""}  # fmt: skip
    return render(request, "ratings/published.html", ctx)


@policy.member()  # an enterprise: its own ratings
@login_required
def mine_view(request: HttpRequest) -> HttpResponse:
    """An enterprise's ratings: drafts to re-confirm, results, certificates, objections."""
    user: Any = request.user
    org = user.organisation
    if org is None or org.kind != OrgKind.enterprise:
        deny(user, Organisation, "", "ratings.mine", request)
        raise PermissionDenied
    results = (RatingResult.objects.for_user(user, Action.view)
               .filter(member__enterprise_id=org.pk, current=True)
               .select_related("project__organisation", "member").order_by("-created_at"))  # fmt: skip
    certs = Certificate.objects.for_user(user, Action.view).filter(member__enterprise_id=org.pk)
    ctx = {
        "results": results,
        "drafts": Reconfirmation.objects.for_user(user, Action.view).filter(
            member__enterprise_id=org.pk, member__project__state=ProjectState.reconfirming)
        .select_related("member__project"),
        "certificates": certs.select_related("project", "organisation").order_by("-issued_on"),
        "open_certs": [c for c in certs if c.status == Status.valid and objections.window_open(c)],
        "objections": Objection.objects.for_user(user, Action.view).filter(
            member__enterprise_id=org.pk).select_related("certificate"),
        "published": published_grades(enterprise_id=org.pk, history=True)[:20],
    }  # fmt: skip
    return render(request, "ratings/mine.html", ctx)


@policy.member()  # a bank: its consenting enterprises
@login_required
def portfolio_view(request: HttpRequest) -> HttpResponse:
    """A bank's portfolio: consents in force (expiring ones flagged), latest grades, change."""
    user: Any = request.user
    if not banks.is_bank(user):
        deny(user, Organisation, "", "ratings.portfolio", request)
        raise PermissionDenied
    g = request.GET
    rows = banks.portfolio(user, industry=g.get("industry", "")[:5], region=g.get("region", "")[:6],
                           grade=g.get("grade", "")[:4], expiring_only=g.get("expiring") == "1",
                           q=g.get("q", "")[:100])  # fmt: skip
    headers = [_("企业名称"), _("统一社会信用代码"), _("行业代码"), _("行政区划代码"),
               _("授权开始"), _("授权结束"), _("授权状态"), _("等级"), _("评价日期"),
               _("评价机构"), _("评价类型"), _("证书编号"), _("上次等级"), _("变化")]  # fmt: skip
    if fmt := export.wanted(request):
        out = ([r.enterprise.name, r.enterprise.credit_code, r.enterprise.industry,
                r.enterprise.region, r.consent.starts_on, r.consent.ends_on, _consent(r),
                r.grade, r.rated_on, r.rating_org, vocab.label("rating_type", r.rating_type),
                r.certificate, r.previous, r.change] for r in rows)  # fmt: skip
        return export.response(request, fmt=fmt, title=_("授信企业 ESG 评级"), headers=headers,
                               rows=out)  # fmt: skip
    query = g.copy()
    query.pop("page", None)
    ctx = {"rows": rows, "headers": headers, "grades": banks.grade_choices(), "g": g,
           "query": query.urlencode() + "&" if query else "",
           "expiring_days": banks.EXPIRING_DAYS}  # fmt: skip
    return render(request, "ratings/portfolio.html", ctx)


def _consent(r: banks.Row) -> str:
    if not r.in_force:
        return _("已结束")
    return _("即将到期") if r.expiring else _("有效")
