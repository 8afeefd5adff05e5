"""Documented information through its life: a first version, a new version superseding it,
and the workflow draft → review → approved (in force) → published, or returned, or
withdrawn — the author never approves their own document (T/ESC 001 7.5.2, 7.5.3)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.core.workflow import Step, Workflow
from parkesg.web.documents.models import DocStatus, Document


def member_may(action: Action) -> Any:
    """A member of the document's organisation whose role allows ``action``."""

    def may(user: Any, doc: Any) -> bool:
        return user.organisation_id == doc.organisation_id and role_allows(user.role, action)

    return may


def _stamp(doc: Any, step: Step, user: Any) -> None:
    now = timezone.now()
    if step.target == DocStatus.approved:
        doc.approved_by, doc.approved_at = user, now
        doc.effective_from = doc.effective_from or now.date()
        doc.save(update_fields=["approved_by", "approved_at", "effective_from"])
        earlier = doc.supersedes
        if earlier is not None and earlier.status in (DocStatus.approved, DocStatus.published):
            earlier.status = DocStatus.superseded
            earlier.save(update_fields=["status"])
    elif step.target == DocStatus.published:
        doc.published_at = now
        doc.save(update_fields=["published_at"])


LIFE = Workflow(
    steps=(
        Step("submit", frozenset({DocStatus.draft}), DocStatus.review, "提交审核",
             member_may(Action.change)),
        Step("approve", frozenset({DocStatus.review}), DocStatus.approved, "批准",
             member_may(Action.approve), not_by=("author",), clause="T/ESC 001 7.5.2 c)"),
        Step("return", frozenset({DocStatus.review}), DocStatus.draft, "退回修改",
             member_may(Action.approve), not_by=("author",), note_required=True),
        Step("publish", frozenset({DocStatus.approved}), DocStatus.published, "发布",
             member_may(Action.approve)),
        Step("withdraw", frozenset({DocStatus.approved, DocStatus.published}),
             DocStatus.withdrawn, "撤回", member_may(Action.manage), note_required=True),
    ),
    state_field="status",
    on_move=(_stamp,),
)  # fmt: skip


def create(
    *,
    organisation: Any,
    author: Any,
    kind: str,
    number: str,
    title: str,
    subject: models.Model | None = None,
    content: Any = None,
    file: Any = None,
    request: Any = None,
    **meta: Any,
) -> Document:
    """The first version of a document, a draft, audited."""
    doc = Document(
        organisation=organisation, created_by=author, author=author, kind=kind, number=number,
        title=title, content=content, file=file, **meta,
    )  # fmt: skip
    if subject is not None:
        doc.subject_type = ContentType.objects.get_for_model(subject)
        doc.subject_id = subject.pk
    with transaction.atomic():
        doc.save()
        audit.record(action=AuditAction.create, actor=author, organisation=organisation,
                     obj=doc, after=audit.snapshot(doc), request=request)  # fmt: skip
    return doc


def new_version(
    doc: Document,
    *,
    author: Any,
    change_note: str,
    content: Any = None,
    file: Any = None,
    request: Any = None,
    **meta: Any,
) -> Document:
    """A draft version after ``doc`` (which stays in force until the new one is approved)."""
    if hasattr(doc, "superseded_by"):
        raise ValueError("该版本已有后续版本 / this version already has a successor")
    fields = {
        f: getattr(doc, f)
        for f in ("kind", "number", "title", "stage", "medium", "access", "external",
                  "issued_on", "review_due", "retention_until", "subject_type", "subject_id")
    }  # fmt: skip
    fields.update(meta)
    new = Document(
        organisation=doc.organisation, created_by=author, author=author,
        version=doc.version + 1, supersedes=doc, change_note=change_note,
        content=content if content is not None else doc.content,
        file=file if file is not None else doc.file, **fields,
    )  # fmt: skip
    with transaction.atomic():
        new.save()
        audit.record(action=AuditAction.create, actor=author, organisation=doc.organisation,
                     obj=new, after=audit.snapshot(new), request=request)  # fmt: skip
    return new


def versions(doc: Document) -> list[Document]:
    """Every version of ``doc``'s document, newest first."""
    return list(
        Document.objects.filter(
            organisation_id=doc.organisation_id, kind=doc.kind, number=doc.number
        ).order_by("-version")
    )


def of(subject: models.Model, kind: str | None = None) -> models.QuerySet[Document]:
    """The documents of a record (all versions), optionally of one kind."""
    qs = Document.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    )
    return qs.filter(kind=kind) if kind else qs
