"""Documented information (7.5): the register of every document of the park committee, a
document's versions with its workflow and control data, external documents, and the two
documents the system writes from forms — the scope (4.3, with its boundary file) and the
policy (5.2 a–d, with where it was communicated)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parkesg.errors import DataError
from parkesg.web.core import export, policy, vocab
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.documents import services as docs
from parkesg.web.documents.models import Document
from parkesg.web.esg import checks, flows
from parkesg.web.esg import models as m
from parkesg.web.esg.services import documents as service
from parkesg.web.esg.views.generic import park_member
from parkesg.web.esg.views.pages import _base, park_for
from parkesg.web.ratings import uploads

PAGE_SIZE = 50
KINDS = {"esc.scope": gettext_lazy("体系范围（4.3）"), "esc.policy": gettext_lazy("ESG 政策（5.2）"),
         "esc.report": gettext_lazy("园区 ESG 报告（9.1.3）"),
         "esc.external": gettext_lazy("外来文件（7.5.3）")}  # fmt: skip


def may_write(user: Any) -> bool:
    return park_member(user) and role_allows(user.role, Action.change)


@policy.member()
@login_required
def register_view(request: HttpRequest) -> HttpResponse:
    park = park_for(request)
    qs = Document.objects.for_user(request.user, Action.view).filter(organisation=park)
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    qs = qs.select_related("author", "approved_by").order_by("kind", "number", "-version")
    if fmt := export.wanted(request):
        headers = [_("编号"), _("标题"), _("类别"), _("版本"), _("状态"), _("编写人"), _("日期"),
                   _("形式与载体"), _("访问"), _("外来文件"), _("批准人"), _("批准时间"),
                   _("保存期限"), _("处置日期"), _("SHA-256")]  # fmt: skip
        rows = ([d.number, d.title, str(KINDS.get(d.kind, d.kind)), d.version,
                 vocab.label("document_status", d.status), d.author.get_username(), d.issued_on,
                 d.medium, vocab.label("document_access", d.access), d.external,
                 d.approved_by.get_username() if d.approved_by else "", d.approved_at,
                 d.retention_until, d.disposed_on, d.sha256] for d in qs.iterator())  # fmt: skip
        return export.response(request, fmt=fmt, title=_("成文信息"), headers=headers, rows=rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {**_base(request, park), "page": page, "kinds": KINDS, "kind": kind,
           "may_add": may_write(request.user) and park.pk == getattr(request.user, "organisation_id", None),
           "query": f"kind={kind}&" if kind else ""}  # fmt: skip
    return render(request, "esg/documents.html", ctx)


class ControlForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Document
        fields = ["medium", "access", "issued_on", "review_due", "retention_until", "disposed_on"]
        widgets = {f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                   for f in ("issued_on", "review_due", "retention_until", "disposed_on")}  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["access"].choices = vocab.get("document_access").choices()  # type: ignore[attr-defined]


@policy.obj(Document)  # POST (its control fields) needs change
@login_required
def document_view(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_for_user(Document, request.user, Action.view, pk, request=request)
    may_change = Document.objects.for_user(request.user, Action.change).filter(pk=doc.pk).exists()
    form = ControlForm(request.POST or None, instance=doc) if may_change else None
    if request.method == "POST":
        if form is None:
            deny(request.user, Document, pk, Action.change, request)
            raise PermissionDenied
        if form.is_valid():
            service.control(actor=request.user, doc=form.instance, request=request)
            return redirect("esg:document", pk=doc.pk)
    flow = flows.document_flow(doc)
    moves = [] if doc.kind == "esc.report" else [
        {"event": s.event, "label": _(s.label), "note": s.note_required,
         "blockers": flow.blockers(doc, s.event)} for s in flow.available(doc, request.user)]  # fmt: skip
    report = (
        m.EsgReport.objects.for_user(request.user, Action.view)
        .filter(document__in=docs.versions(doc))
        .first()
    )
    ctx = {"doc": doc, "versions": docs.versions(doc), "moves": moves, "form": form,
           "kind": KINDS.get(doc.kind, doc.kind), "report": report,
           "status": vocab.label("document_status", doc.status)}  # fmt: skip
    return render(request, "esg/document.html", ctx)


@policy.obj(Document)  # the document flow decides who takes which step
@login_required
@require_POST
def document_move_view(request: HttpRequest, pk: int, event: str) -> HttpResponse:
    try:
        service.move(actor=request.user, pk=pk, event=event, note=request.POST.get("note", ""),
                     request=request)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("esg:document", pk=pk)


def _checked(request: HttpRequest, form: forms.Form, name: str) -> list[uploads.Upload] | None:
    """The form's file ``name`` checked by the evidence store's checks, keeping nothing
    (``ratings.uploads``): [] when none was sent; None when it is refused — the reason added
    to the form (the page answers 422), the refusal audited."""
    f = request.FILES.get(name) if name in form.fields else None
    if f is None:
        return []
    try:
        return [uploads.check(actor=request.user, uploaded=f, request=request)]
    except DataError as exc:
        form.add_error(name, exc.detail)
        return None


class ExternalForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("编号"), max_length=80)
    title = forms.CharField(label=gettext_lazy("标题"), max_length=200)
    issued_on = forms.DateField(label=gettext_lazy("日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    medium = forms.CharField(label=gettext_lazy("形式与载体"), max_length=60, initial="电子文档")
    retention_until = forms.DateField(label=gettext_lazy("保存期限"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    file = forms.FileField(label=gettext_lazy("文件"), required=False)


@policy.member(Action.change, upload="file")  # a park member (may_write)
@login_required
def external_view(request: HttpRequest) -> HttpResponse:
    if not may_write(request.user):
        deny(request.user, Document, "external", Action.add, request)
        raise PermissionDenied
    form = ExternalForm(request.POST or None, request.FILES or None)
    # the file is checked whatever the other fields hold (its refusal audited, 422)
    valid = request.method == "POST" and form.is_valid()
    got = _checked(request, form, "file") if request.method == "POST" else []
    if valid and got is not None:
        try:
            # the file kept with the document, in its transaction: nothing kept for a refusal
            with transaction.atomic(), uploads.kept(request.user, got, request) as kept:
                data = form.cleaned_data
                doc = Document(number=data["number"], title=data["title"],
                               issued_on=data["issued_on"], medium=data["medium"],
                               retention_until=data["retention_until"],
                               file=kept[0] if kept else None)  # fmt: skip
                doc = service.add_external(actor=request.user, doc=doc, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("esg:document", pk=doc.pk)
    status = 422 if form.errors else 200
    return render(request, "esg/external.html", {"form": form}, status=status)


# ── the scope and the policy, written from their forms ──────────────────────────────────


class ScopeForm(forms.Form):
    east = forms.CharField(label=gettext_lazy("东至"), max_length=200)
    south = forms.CharField(label=gettext_lazy("南至"), max_length=200)
    west = forms.CharField(label=gettext_lazy("西至"), max_length=200)
    north = forms.CharField(label=gettext_lazy("北至"), max_length=200)
    area = forms.CharField(label=gettext_lazy("面积"), max_length=60, required=False)
    jurisdiction = forms.CharField(
        label=gettext_lazy("实际管辖范围（4.3 b）"), widget=forms.Textarea(attrs={"rows": 3})
    )
    authority = forms.CharField(label=gettext_lazy("解决内外部问题的权限（4.3）"),
                                widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    issues = forms.MultipleChoiceField(label=gettext_lazy("涵盖的内外部问题（4.3 c）"),
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    needs = forms.MultipleChoiceField(label=gettext_lazy("涵盖的相关方需求和期望（4.3 d）"),
                                      widget=forms.CheckboxSelectMultiple)  # fmt: skip
    boundary = forms.FileField(label=gettext_lazy("四至范围图或边界文件"), required=False,
                               help_text=gettext_lazy("PDF、图片或 Excel；已有文件时可不再上传"))  # fmt: skip
    change_note = forms.CharField(label=gettext_lazy("变更说明"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = user.organisation_id
        issues = m.ContextIssue.objects.for_user(user, Action.view).filter(organisation_id=org)
        parties = m.InterestedParty.objects.for_user(user, Action.view).filter(organisation_id=org)
        self.fields["issues"].choices = [(str(i.pk), i.title) for i in issues]  # type: ignore[attr-defined]
        self.fields["needs"].choices = [(str(p.pk), f"{p.name}：{p.needs[:40]}") for p in parties]  # type: ignore[attr-defined]


class PolicyForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("政策正文"), widget=forms.Textarea(attrs={"rows": 6}))
    a = forms.CharField(
        label=gettext_lazy("a) 如何与组织的宗旨（4.5）一致"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    b = forms.CharField(
        label=gettext_lazy("b) 如何为制定管理目标提供框架"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    c = forms.CharField(label=gettext_lazy("c) 如何在运营管理全过程中考虑经济、环境和社会影响"),
                        widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    d = forms.CharField(
        label=gettext_lazy("d) 符合哪些国家、地方相关政策法规"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    change_note = forms.CharField(label=gettext_lazy("变更说明"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


EDITORS = {"esc.scope": ScopeForm, "esc.policy": PolicyForm}


def _system_document(request: HttpRequest, kind: str, template: str) -> HttpResponse:
    park = park_for(request)
    docs_qs = Document.objects.for_user(request.user, Action.view).filter(
        organisation=park, kind=kind
    )
    current = docs_qs.order_by("-version").first()
    writable = may_write(request.user) and park.pk == getattr(request.user, "organisation_id", None)
    form_class = EDITORS[kind]
    form = None
    if writable:
        initial = dict(current.content or {}) if current is not None else {}
        form = form_class(request.POST or None, request.FILES or None, user=request.user,
                          initial=initial)  # fmt: skip
    if request.method == "POST":
        if form is None:
            deny(request.user, Document, kind, Action.change, request)
            raise PermissionDenied
        valid = form.is_valid()  # and the file checked whatever the other fields hold
        if (got := _checked(request, form, "boundary")) is not None and valid:
            data = dict(form.cleaned_data)
            note = data.pop("change_note", "")
            data.pop("boundary", None)
            try:
                # the file kept with the version, in its transaction: nothing kept for a refusal
                with transaction.atomic(), uploads.kept(request.user, got, request) as kept:
                    doc = service.write(actor=request.user, kind=kind, content=data,
                                        change_note=note, file=kept[0] if kept else None,
                                        request=request)  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已保存为草稿（第 %(v)s 版）") % {"v": doc.version})
                return redirect(f"esg:{kind.split('.')[1]}")
    problems = []
    if current is not None:
        problems = (checks.scope_complete if kind == "esc.scope" else checks.policy_complete)(
            current
        )
    told = (
        m.CommunicationRecord.objects.for_user(request.user, Action.view)
        .filter(organisation=park, document__kind=kind)
        .select_related("document")
    )
    ctx = {**_base(request, park), "current": current, "form": form, "problems": problems,
           "versions": docs_qs.order_by("-version"), "told": told,
           "status": vocab.label("document_status", current.status) if current else ""}  # fmt: skip
    return render(request, template, ctx, status=422 if form is not None and form.errors else 200)


@policy.member(upload="boundary")  # POST: a member of the park who may change
@login_required
def scope_view(request: HttpRequest) -> HttpResponse:
    return _system_document(request, "esc.scope", "esg/scope.html")


@policy.member()  # POST: a member of the park who may change
@login_required
def policy_view(request: HttpRequest) -> HttpResponse:
    return _system_document(request, "esc.policy", "esg/policy.html")
