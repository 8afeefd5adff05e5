"""The rating organisation's own records (T/JDFA01 6.5, 6.6): its profile, committee,
evaluators and quality documents, and the tables it loads — reference peer tables (6.8 b) and
benchmark tables (6.9 c). Admins keep them; every save is audited."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from parkesg.errors import DataError, DataErrors
from parkesg.peers import check_reference, describe
from parkesg.web.core.objects import deny, get_for_user, save_for_user
from parkesg.web.core.roles import Action
from parkesg.web.documents import services as docs
from parkesg.web.documents.models import Access, Document
from parkesg.web.ratings import benchmarks, people, storage, uploads
from parkesg.web.ratings.criteria import framework_of
from parkesg.web.ratings.models import (
    BenchmarkTable,
    CommitteeMember,
    Evaluator,
    RatingBody,
    ReferenceTable,
)
from parkesg.web.ratings.models.project import FRAMEWORK


def _admin_only(actor: Any, model: type, request: Any) -> None:
    if not people.admin(actor, actor.organisation_id):
        deny(actor, model, "", Action.manage, request)
        raise PermissionDenied


def save_body(*, actor: Any, obj: RatingBody, request: Any = None) -> RatingBody:
    """The organisation's profile (6.5 a, and whether it is an independent third party)."""
    _admin_only(actor, RatingBody, request)
    before = None
    if obj._state.adding:
        obj.organisation, obj.created_by = actor.organisation, actor
        if RatingBody.objects.filter(organisation=actor.organisation).exists():
            raise ValidationError("本组织已登记评价组织信息，请编辑它")
    else:
        before = audit_snapshot(RatingBody, obj.pk)
    obj.full_clean()
    return save_for_user(obj, actor, Action.manage, before=before, request=request)


def audit_snapshot(model: Any, pk: Any) -> Any:
    from parkesg.web.audit import services as audit

    return audit.snapshot(model.objects.get(pk=pk))


def save_evaluator(*, actor: Any, obj: Evaluator, request: Any = None) -> Evaluator:
    """6.6 a–d of a person of the organisation (its admin records them)."""
    _admin_only(actor, Evaluator, request)
    before = None
    if obj._state.adding:
        obj.organisation, obj.created_by = actor.organisation, actor
    else:
        before = audit_snapshot(Evaluator, obj.pk)
    if obj.user.organisation_id != actor.organisation_id:
        raise ValidationError({"user": "评价人员须是本组织的人员"})
    obj.full_clean()
    return save_for_user(obj, actor, Action.manage, before=before, request=request)


def save_committee_member(
    *, actor: Any, obj: CommitteeMember, request: Any = None
) -> CommitteeMember:
    """6.5 d: a seat on the committee (a person of the organisation)."""
    _admin_only(actor, CommitteeMember, request)
    before = None
    body = RatingBody.objects.filter(organisation=actor.organisation).first()
    if body is None:
        raise ValidationError("请先登记评价组织信息")
    if obj._state.adding:
        obj.organisation, obj.created_by, obj.body = actor.organisation, actor, body
    else:
        before = audit_snapshot(CommitteeMember, obj.pk)
    if obj.user.organisation_id != actor.organisation_id:
        raise ValidationError({"user": "委员须是本组织的人员"})
    obj.full_clean()
    return save_for_user(obj, actor, Action.manage, before=before, request=request)


def add_quality_document(*, actor: Any, title: str, number: str, data: bytes, name: str,
                         request: Any = None) -> Document:  # fmt: skip
    """6.5 b: a document securing the rating process and its quality, submitted for approval
    (approved by someone other than its author, ``documents.LIFE``)."""
    body = RatingBody.objects.for_user(actor, Action.change).filter(
        organisation_id=actor.organisation_id).first()  # fmt: skip
    if body is None:
        raise ValidationError("请先登记评价组织信息")
    if not title.strip() or not number.strip():
        raise ValidationError("请填写文件名称和编号")
    with transaction.atomic(), uploads.kept(actor, [(data, name)], request) as (ef,):
        doc = docs.create(organisation=actor.organisation, author=actor, kind="ratings.quality",
                          number=number.strip(), title=title.strip(), subject=body, file=ef,
                          access=Access.internal, request=request)  # fmt: skip
        docs.LIFE.move(doc, "submit", user=actor, request=request)
    return doc


def approve_document(*, actor: Any, document_id: Any, request: Any = None) -> Document:
    doc = get_for_user(Document, actor, Action.approve, document_id, request=request)
    if not doc.kind.startswith("ratings."):
        raise PermissionDenied
    docs.LIFE.move(doc, "approve", user=actor, request=request)
    doc.refresh_from_db()
    return doc


def save_reference(*, actor: Any, frame: pd.DataFrame, title: str, upload: Any = None,
                   request: Any = None) -> ReferenceTable:  # fmt: skip
    """A reference peer table (``parkesg rate --peers-out``, or a population the organisation
    made), checked against the framework's peer settings and stored."""
    fw = framework_of(FRAMEWORK)
    try:
        check_reference(frame, fw)
    except DataError as exc:
        raise ValidationError(str(exc)) from exc
    about = describe(frame)
    sha = storage.write(actor.organisation_id, frame)
    obj = ReferenceTable(
        organisation=actor.organisation, created_by=actor, title=title.strip() or about["source"],
        framework_id=fw.id, settings_digest=str(frame.settings.iloc[0]),
        made=pd.Timestamp(about["made"]).date(), source=about["source"][:300],
        entities=about["entities"], groups=about["groups"], sha256=sha, upload=upload,
    )  # fmt: skip
    return save_for_user(obj, actor, Action.add, request=request)


def upload_reference(*, actor: Any, data: bytes, name: str, title: str,
                     request: Any = None) -> ReferenceTable:  # fmt: skip
    """A reference table as a CSV file (kept in the evidence store with the table: nothing
    kept for a table refused)."""
    with transaction.atomic(), uploads.kept(actor, [(data, name)], request) as (ef,):
        try:
            frame = pd.read_csv(io.BytesIO(data), dtype={"peer_key": str, "peer_group": str})
        except Exception as exc:  # a parser error names nothing useful to the person
            raise ValidationError(f"无法读取同业参照表（{type(exc).__name__}）") from exc
        return save_reference(actor=actor, frame=frame, title=title, upload=ef, request=request)


def upload_benchmarks(*, actor: Any, data: bytes, name: str, title: str, standard: str,
                      note: str = "", request: Any = None) -> BenchmarkTable:  # fmt: skip
    """6.9 c: a benchmark table as CSV (industry, indicator_id, level, bound, score), kept in
    the evidence store with the table (nothing kept for a table refused)."""
    if not standard.strip() or not title.strip():
        raise ValidationError("请填写名称和标准编号（如 GB 21256—2013）")
    with transaction.atomic(), uploads.kept(actor, [(data, name)], request) as (ef,):
        try:
            frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
            rows = benchmarks.check_rows(frame, framework_of(FRAMEWORK), file=ef.name)
        except DataErrors as exc:
            raise ValidationError([str(e) for e in exc.errors[:50]]) from exc
        except DataError as exc:
            raise ValidationError(str(exc)) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValidationError(f"无法读取对标标准表（{type(exc).__name__}）") from exc
        return save_benchmarks(actor=actor, rows=rows, title=title, standard=standard,
                               note=note, upload=ef, request=request)  # fmt: skip


def save_benchmarks(*, actor: Any, rows: list[dict[str, Any]], title: str, standard: str,
                    note: str = "", upload: Any = None, request: Any = None) -> BenchmarkTable:  # fmt: skip
    obj = BenchmarkTable(organisation=actor.organisation, created_by=actor, title=title.strip(),
                         standard=standard.strip(), rows=rows, note=note.strip()[:300],
                         upload=upload)  # fmt: skip
    return save_for_user(obj, actor, Action.add, request=request)
