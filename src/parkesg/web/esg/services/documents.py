"""Documented information of the system (7.5): the scope (4.3) and the policy (5.2) as
versioned documents written from a form, external documents, the control data of any
document (access, retention, disposal), and moves along each document's workflow."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from parkesg.web.audit import services as audit
from parkesg.web.core.objects import deny, get_for_user, save_for_user
from parkesg.web.core.roles import Action
from parkesg.web.documents import services as docs
from parkesg.web.documents.models import DocStatus, Document
from parkesg.web.esg import flows
from parkesg.web.esg.services import records

SYSTEM_DOCS = {
    "esc.scope": ("ESG-SCOPE", "园区 ESG 管理体系范围"),
    "esc.policy": ("ESG-POLICY", "园区 ESG 政策"),
}
CONTROL_FIELDS = ("medium", "access", "review_due", "retention_until", "disposed_on", "issued_on")


def current(org: Any, kind: str) -> Document | None:
    """The newest version of the organisation's system document of ``kind``."""
    number = SYSTEM_DOCS[kind][0]
    return (Document.objects.filter(organisation=org, kind=kind, number=number)  # type: ignore[no-any-return]
            .order_by("-version").first())  # fmt: skip


def write(
    *, actor: Any, kind: str, content: dict[str, Any], change_note: str = "", file: Any = None,
    request: Any = None,
) -> Document:  # fmt: skip
    """The scope or the policy as written in its form: a draft is changed in place, a version
    in review is refused, and a version in force gets a new draft version after it."""
    records.require_park(actor, Document, request)
    doc = current(actor.organisation, kind)
    number, title = SYSTEM_DOCS[kind]
    with transaction.atomic():
        if doc is None:
            return docs.create(organisation=actor.organisation, author=actor, kind=kind,
                               number=number, title=title, content=content, file=file,
                               request=request)  # fmt: skip
        if doc.status == DocStatus.review:
            raise ValidationError("当前版本正在审核，审核完成前不能修改")
        if doc.status == DocStatus.draft:
            before = audit.snapshot(doc)
            doc.content, doc.author = content, actor
            if file is not None:
                doc.file = file
            if change_note:
                doc.change_note = change_note
            return save_for_user(doc, actor, Action.change, before=before, request=request)
        if not change_note.strip():
            raise ValidationError({"change_note": "新版本须写明变更说明"})
        return docs.new_version(doc, author=actor, change_note=change_note, content=content,
                                file=file, request=request)  # fmt: skip


def add_external(*, actor: Any, doc: Document, request: Any = None) -> Document:
    """An external document the system needs (7.5.3), identified and kept under control."""
    records.require_park(actor, Document, request)
    meta = {f: getattr(doc, f) for f in (*CONTROL_FIELDS, "stage")}
    return docs.create(organisation=actor.organisation, author=actor, kind="esc.external",
                       number=doc.number, title=doc.title, file=doc.file, external=True,
                       request=request, **meta)  # fmt: skip


def control(*, actor: Any, doc: Document, request: Any = None) -> Document:
    """Change a document's control data (7.5.3: access, retention, disposal) — never its
    content, which an approved version keeps frozen."""
    stored = get_for_user(Document, actor, Action.change, doc.pk, request=request)
    before = audit.snapshot(stored)
    for f in CONTROL_FIELDS:
        setattr(stored, f, getattr(doc, f))
    return save_for_user(stored, actor, Action.change, before=before, request=request)


def move(*, actor: Any, pk: Any, event: str, note: str = "", request: Any = None) -> Document:
    doc = get_for_user(Document, actor, Action.view, pk, request=request)
    if doc.kind == "esc.report":
        raise ValidationError("报告文件随园区 ESG 报告的评审、批准和发布流转，请在报告页面操作")
    flow = flows.document_flow(doc)
    step = flow.step(event)
    if not step.may(actor, doc):  # who may act, before what state the document is in
        deny(actor, Document, pk, event, request)
        raise PermissionDenied(f"无权“{step.label}”")
    return flow.move(doc, event, user=actor, note=note, request=request)  # type: ignore[return-value]
