"""The system at a glance: the overview by clause, the KPI dashboard (9.1.1), the risk matrix
(6.1) and materiality chart (6.2), the leading group (5.1, 5.3) and the conformity checklist
of every “shall” of clauses 4–10 — for the park committee's people, and for an organisation
that may view its data (an external auditor engaged by the park)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parkesg.web.core import export, policy
from parkesg.web.core.objects import deny, object_id
from parkesg.web.core.roles import Action
from parkesg.web.esg import checks, conformity, enums
from parkesg.web.esg import models as m
from parkesg.web.esg.services import dashboard, planning
from parkesg.web.orgs.access import data_org_q
from parkesg.web.orgs.models import Organisation, OrgKind


def parks_for(user: Any) -> Any:
    """The park committees whose ESG system ``user`` may view: its own, or those that granted
    its organisation access (an engaged service provider acting as external auditor)."""
    q = data_org_q(user, Action.view, "id")
    if q is None:
        return Organisation.objects.none()
    return Organisation.objects.for_user(user, Action.view).filter(q, kind=OrgKind.park)


def park_for(request: HttpRequest) -> Organisation:
    """The park whose system the page shows (``?park=<id>`` among those the user may view)."""
    parks = parks_for(request.user)
    wanted = object_id(request.GET.get("park")) if request.GET.get("park") else None
    own = getattr(request.user, "organisation_id", None)
    park = parks.filter(pk=wanted).first() if wanted else (
        parks.filter(pk=own).first() or parks.order_by("name").first())  # fmt: skip
    if park is None:
        deny(request.user, m.EsgDepartment, request.GET.get("park", ""), Action.view, request)
        raise Http404
    return park  # type: ignore[no-any-return]


def _base(request: HttpRequest, park: Organisation) -> dict[str, Any]:
    parks = parks_for(request.user)
    return {"park": park, "parks": parks if parks.count() > 1 else [],
            "own": park.pk == getattr(request.user, "organisation_id", None)}  # fmt: skip


SECTIONS = [  # (clause, title, [register model name or page URL name])
    ("4", gettext_lazy("组织环境"), ["contextissue", "interestedparty", "esg:scope",
                                   "purposechoice", "domainquestion"]),
    ("5", gettext_lazy("领导作用"), ["esg:leadership", "esgdepartment", "groupmember",
                                   "esg:policy"]),
    ("6", gettext_lazy("策划"), ["riskopportunity", "coreissue", "esg:charts", "kpi", "kpitarget",
                               "kpireading", "programme"]),
    ("7", gettext_lazy("支持"), ["esgresource", "competence", "trainingrecord",
                               "awarenessactivity", "communicationplan", "communicationrecord",
                               "esg:documents"]),
    ("8", gettext_lazy("运行"), ["operationcheck"]),
    ("9", gettext_lazy("绩效评价"), ["monitoringitem", "esg:dashboard", "satisfactionsurvey",
                                   "supervisedunitcheck", "esgreport", "auditprogramme",
                                   "internalaudit", "auditfinding", "managementreview"]),
    ("10", gettext_lazy("改进"), ["nonconformity", "correctiveaction", "improvementitem"]),
]  # fmt: skip
PAGES = {
    "esg:scope": gettext_lazy("体系范围（4.3）"), "esg:leadership": gettext_lazy("领导小组（5.1、5.3）"),
    "esg:policy": gettext_lazy("ESG 政策（5.2）"),
    "esg:charts": gettext_lazy("风险矩阵与议题重要性（6.1、6.2）"),
    "esg:documents": gettext_lazy("成文信息（7.5）"),
    "esg:dashboard": gettext_lazy("关键绩效指标看板（9.1.1）"),
}  # fmt: skip


def menu() -> list[tuple[str, Any, list[tuple[Any, str]]]]:
    """The sections of the system by clause: (clause, title, [(label, href)])."""
    from parkesg.web.core.views import REGISTRY

    out = []
    for clause, title, names in SECTIONS:
        links: list[tuple[Any, str]] = []
        for n in names:
            if n in PAGES:
                links.append((PAGES[n], reverse(n)))
            else:
                links.append((REGISTRY[n].model._meta.verbose_name, reverse(f"{n}_list")))
        out.append((clause, title, links))
    return out


@policy.member()  # park_for: its own park, or one that engaged its organisation
@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    park = park_for(request)
    items = dashboard.lines(park)
    shalls = conformity.checklist(park)
    ctx = {**_base(request, park), "sections": menu(), "counts": dashboard.counts(items),
           "met": sum(s.ok for s in shalls), "shalls": len(shalls),
           "group": checks.leading_group(park),
           "open_ncs": m.Nonconformity.objects.for_user(request.user, Action.view)
           .filter(organisation=park).exclude(state="closed").count()}  # fmt: skip
    return render(request, "esg/home.html", ctx)


def _line_json(line: dashboard.Line) -> dict[str, Any]:
    return {"label": line.label, "years": [str(y) for y in line.years],
            "values": line.values, "progress": line.progress, "status": line.status}  # fmt: skip


@policy.member()
@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    park = park_for(request)
    run = dashboard.latest_run(park)
    items = dashboard.lines(park, run)
    if fmt := export.wanted(request):
        headers = [_("绩效指标"), _("单位"), _("核心议题"), _("基准年"), _("基准值"), _("目标年"),
                   _("目标值"), _("最新年份"), _("最新值"), _("完成进度（%）"), _("应有进度（%）"),
                   _("状态")]  # fmt: skip
        rows = []
        for line in items:
            year, value, progress = line.latest
            t = line.target
            rows.append([line.label, line.unit, line.kpi.core_issue.title,
                         t.baseline_year if t else None, t.baseline if t else None,
                         t.target_year if t else None, t.target if t else None, year, value,
                         progress, line.expected, enums.KPI_STATUS.label(line.status)])  # fmt: skip
        return export.response(request, fmt=fmt, title=_("关键绩效指标看板"), headers=headers,
                               rows=rows)  # fmt: skip
    may_run = _may_recompute(request.user, park)
    ctx = {**_base(request, park), "lines": items, "run": run, "counts": dashboard.counts(items),
           "status_names": dashboard.STATUS, "tolerance": f"{dashboard.TOLERANCE:g}",
           "chart": [_line_json(x) for x in items], "may_run": may_run, "query": ""}  # fmt: skip
    return render(request, "esg/dashboard.html", ctx)


def _may_recompute(user: Any, park: Organisation) -> bool:
    from parkesg.web.assessments.services import may_run

    return park.pk == getattr(user, "organisation_id", None) and may_run(user)


@policy.member(Action.add)  # and only in its own park (_may_recompute)
@login_required
@require_POST
def recompute_view(request: HttpRequest) -> HttpResponse:
    if not _may_recompute(request.user, park_for(request)):
        deny(request.user, m.KpiTarget, "recompute", Action.add, request)
        raise PermissionDenied
    try:
        run = planning.recompute(actor=request.user, request=request, year=None)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request, _("已按现行目标重新计算关键绩效指标（评价 #%(id)s）") % {"id": run.pk}
        )
    return redirect("esg:dashboard")


@policy.member()
@login_required
def charts_view(request: HttpRequest) -> HttpResponse:
    """6.1 risk matrix (severity × urgency) and 6.2 materiality (impact × attention)."""
    park = park_for(request)
    risks = m.RiskOpportunity.objects.for_user(request.user, Action.view).filter(organisation=park)
    issues = m.CoreIssue.objects.for_user(request.user, Action.view).filter(organisation=park)
    kinds = dict(enums.RO_KIND)
    data = {
        "risks": [{"name": r.title, "kind": r.kind, "kind_label": kinds[r.kind], "x": r.urgency,
                   "y": r.severity, "score": r.score, "url": reverse("riskopportunity_detail", args=[r.pk])} for r in risks],
        "issues": [{"name": i.title, "x": i.attention, "y": i.impact, "core": i.core,
                    "url": reverse("coreissue_detail", args=[i.pk])} for i in issues],
        "words": {"risk": kinds["risk"], "opportunity": kinds["opportunity"],
                  "severity": _("严重性"), "urgency": _("紧迫性"), "impact": _("对组织的影响"),
                  "attention": _("相关方关注程度"), "core": _("核心议题"), "other": _("其他议题")},
    }  # fmt: skip
    ctx = {**_base(request, park), "data": data, "risks": risks, "issues": issues}
    return render(request, "esg/charts.html", ctx)


@policy.member()
@login_required
def leadership_view(request: HttpRequest) -> HttpResponse:
    park = park_for(request)
    depts = m.EsgDepartment.objects.for_user(request.user, Action.view).filter(organisation=park)
    members = (m.GroupMember.objects.for_user(request.user, Action.view).filter(organisation=park)
               .select_related("department", "user"))  # fmt: skip
    ctx = {**_base(request, park), "problems": checks.leading_group(park), "depts": depts,
           "members": members, "duties": DUTIES}  # fmt: skip
    return render(request, "esg/leadership.html", ctx)


# 5.3: what the standard asks of the leader, the office and the members
DUTIES = [
    (gettext_lazy("组长"), [
        gettext_lazy("为建立、制定、实施、评价、维护和改进 ESG 管理体系配置足够且适当的资源"),
        gettext_lazy("确保产业园区 ESG 管理体系符合组织宗旨"),
        gettext_lazy("确保按照策划的时间间隔开展管理评审")]),
    (gettext_lazy("办公室"), [
        gettext_lazy("策划产业园区 ESG 管理体系并确保与 ESG 目标保持一致"),
        gettext_lazy("识别产业园区 ESG 管理体系核心议题"),
        gettext_lazy("建立信息披露和产业园区 ESG 报告制度")]),
    (gettext_lazy("成员"), [
        gettext_lazy("按照职责分工策划产业园区 ESG 管理体系改善行动"),
        gettext_lazy("监视和测量产业园区 ESG 管理体系绩效")]),
]  # fmt: skip


@policy.member()
@login_required
def conformity_view(request: HttpRequest) -> HttpResponse:
    park = park_for(request)
    items = conformity.checklist(park)
    if fmt := export.wanted(request):
        headers = [_("编号"), _("条款"), _("要求"), _("是否满足"), _("记录数"), _("缺少")]
        table = [[s.id, s.clause, s.text, s.ok, sum(e.count for e in s.evidence),
                  "；".join(e.missing for e in s.evidence if not e.ok)] for s in items]  # fmt: skip
        return export.response(request, fmt=fmt, title=_("符合性检查"), headers=headers, rows=table)
    rows = [(s, [(e, _where(e.url)) for e in s.evidence]) for s in items]
    ctx = {**_base(request, park), "rows": rows, "met": sum(s.ok for s in items),
           "total": len(items), "query": ""}  # fmt: skip
    return render(request, "esg/conformity.html", ctx)


def _where(url: str) -> Any:
    """What a person calls the register or page behind a URL name."""
    from parkesg.web.core.views import REGISTRY

    if url in PAGES:
        return PAGES[url]
    name = url.removesuffix("_list")
    if name in REGISTRY:
        return REGISTRY[name].model._meta.verbose_name
    return gettext_lazy("ESG 管理体系")
