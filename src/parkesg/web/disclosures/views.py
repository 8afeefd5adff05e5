"""The enterprise's pages: its disclosures (open a year), one disclosure with its working
version — KPI values read from approved observations, the report PDF, the assurance record,
the steps this person may take — its versions, and the correction of a published one.
Views are thin: every change goes through ``services`` (and ``flows.FLOW``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parkesg.errors import DataError
from parkesg.web.core import policy
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.disclosures import services, template
from parkesg.web.disclosures.flows import FLOW
from parkesg.web.disclosures.models import Disclosure, DisclosureVersion, VersionState
from parkesg.web.orgs.models import OrgKind
from parkesg.web.ratings import actions


class DraftForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DisclosureVersion
        fields = ["summary", "reason", "assurer", "assurance_scope", "assurance_standard",
                  "assurance_opinion", "assured_on"]  # fmt: skip
        widgets = {"assured_on": forms.DateInput(attrs={"type": "date"}),
                   "summary": forms.Textarea(attrs={"rows": 4})}  # fmt: skip
        help_texts = {
            "assurance_standard": gettext_lazy("如 ISAE 3000、AA1000AS、CNAS 相关准则"),
            "assurance_opinion": gettext_lazy("如 有限保证：未发现重大错报"),
        }


def _enterprise(request: HttpRequest) -> Any:
    user: Any = request.user
    if user.organisation_id is None or user.organisation.kind != OrgKind.enterprise:
        deny(user, Disclosure, "", "disclosures.list", request)
        raise PermissionDenied
    return user


@policy.member()  # an enterprise: its own disclosures
@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    """The enterprise's disclosures; POST opens a year (add)."""
    user = _enterprise(request)
    if request.method == "POST":
        try:
            year = int(request.POST.get("year", ""))
            d = services.open_disclosure(actor=user, year=year, request=request)
        except (ValueError, ValidationError) as exc:
            messages.error(request, "；".join(actions.problems(exc)) if isinstance(
                exc, ValidationError) else _("请填写年度"))  # fmt: skip
            return redirect("disclosures:list")
        return redirect("disclosures:detail", pk=d.pk)
    items = []
    for d in Disclosure.objects.for_user(user, Action.view).order_by("-year"):
        latest = d.versions.order_by("-no").first()
        published = d.published.order_by("-no").first()
        items.append((d, latest, published))
    ctx = {"items": items, "may_add": role_allows(user.role, Action.add),
           "this_year": timezone.localdate().year - 1}  # fmt: skip
    return render(request, "disclosures/list.html", ctx)


@policy.obj(Disclosure)
@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A disclosure: its working (latest) version, with what this person may do, and its
    versions."""
    user: Any = request.user
    d = get_for_user(Disclosure, user, Action.view, pk, request=request)
    versions = list(d.versions.order_by("-no").select_related("report", "preparer", "approver"))
    if not versions:  # opened through ``services.open_disclosure``, a disclosure has one
        raise Http404
    v = versions[0]
    frozen = v.state != VersionState.draft
    values = (v.snapshot.kpis if v.state == VersionState.published
              else v.values if frozen else services.live_values(v))  # fmt: skip
    rows = services.rows(values)
    for r in rows:
        r["source_label"] = services.source_label(r.get("source", ""))
    may_change = DisclosureVersion.objects.for_user(user, Action.change).filter(pk=v.pk).exists()
    steps = [{"event": s.event, "label": _(s.label), "note": s.note_required}
             for s in FLOW.available(v, user)]  # fmt: skip
    ctx = {"d": d, "v": v, "versions": versions, "rows": rows, "steps": steps,
           "sections": template.load().sections,
           "blockers": FLOW.blockers(v, "submit") if v.state == VersionState.draft else [],
           "form": DraftForm(instance=v) if may_change and not frozen else None,
           "may_upload": may_change and not frozen,
           "may_correct": may_change and v.state == VersionState.published,
           "published": d.published.order_by("-no")}  # fmt: skip
    return render(request, "disclosures/detail.html", ctx)


def _back(pk: int) -> str:
    return reverse("disclosures:detail", args=[pk])


@policy.obj(DisclosureVersion, Action.change)
@login_required
@require_POST
def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the summary, correction reason and assurance record of a draft."""
    v = get_for_user(DisclosureVersion, request.user, Action.change, pk, request=request)
    form = DraftForm(request.POST, instance=v)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, str(e))
        return redirect(_back(v.disclosure_id))
    fields = {k: form.cleaned_data[k] for k in DraftForm.Meta.fields}
    return actions.run(request, lambda: services.save_draft(
        actor=request.user, version_id=pk, fields=fields, request=request),
        done=_("已保存"), default=_back(v.disclosure_id))  # fmt: skip


@policy.obj(DisclosureVersion, Action.change, upload="file")
@login_required
@require_POST
def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach the report PDF (checked like any evidence; refused: 422, audited)."""
    v = get_for_user(DisclosureVersion, request.user, Action.change, pk, request=request)
    f = request.FILES.get("file")
    if f is None:
        messages.error(request, _("请选择 ESG 报告文件（PDF）"))
        return redirect(_back(v.disclosure_id))
    try:
        services.attach_report(actor=request.user, version_id=pk, uploaded=f, request=request)
    except DataError as exc:
        return actions.refuse_file(request, exc, _back(v.disclosure_id))
    except ValidationError as exc:
        for p in actions.problems(exc):
            messages.error(request, p)
    else:
        messages.success(request, _("报告已上传"))
    return redirect(_back(v.disclosure_id))


@policy.obj(DisclosureVersion)  # the workflow decides who takes which step
@login_required
@require_POST
def move_view(request: HttpRequest, pk: int, event: str) -> HttpResponse:
    v = get_for_user(DisclosureVersion, request.user, Action.view, pk, request=request)
    note = request.POST.get("note", "")
    label = next((s.label for s in FLOW.steps if s.event == event), "")
    return actions.run(request, lambda: services.move(actor=request.user, version_id=pk,
                                                      event=event, note=note, request=request),
                       done=_("已完成：%(step)s") % {"step": _(label)} if label else "",
                       default=_back(v.disclosure_id))  # fmt: skip


@policy.obj(Disclosure, Action.change)
@login_required
@require_POST
def correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a correction (a new version) of a published disclosure, with its reason."""
    get_for_user(Disclosure, request.user, Action.change, pk, request=request)
    reason = request.POST.get("reason", "")
    return actions.run(request, lambda: services.correct(actor=request.user, disclosure_id=pk,
                                                         reason=reason, request=request),
                       done=_("已新建更正版本，请修改后重新提交审核"), default=_back(pk))  # fmt: skip
