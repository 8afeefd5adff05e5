"""JSON API for data collection — the same services as the pages: upload a workbook (422
with every error by sheet and cell), send its values to review, store / list / attach
evidence files. Downloads are the page ``collection:evidence-download``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from parkesg.errors import DataError
from parkesg.web.collection import apply, evidence, upload
from parkesg.web.collection.models import EvidenceFile, UploadChange, WorkbookUpload
from parkesg.web.core import policy
from parkesg.web.core.objects import MAX_ID, get_for_user
from parkesg.web.core.pagination import paged
from parkesg.web.core.roles import Action
from parkesg.web.observations.api import ObservationOut
from parkesg.web.observations.models import Observation, SourceCategory

router = Router(tags=["collection 数据采集"])


class EvidenceOut(Schema):
    id: int
    organisation_id: int
    name: str
    kind: str
    size: int
    sha256: str
    created_at: dt.datetime


class UploadOut(Schema):
    id: int
    organisation_id: int
    file_id: int | None
    name: str
    sha256: str
    size: int
    state: str
    created_by_id: int
    created_at: dt.datetime
    decided_at: dt.datetime | None
    created: int
    changed: int
    unchanged: int


class ChangeOut(Schema):
    ref: str
    kind: str
    field_id: str
    year: int
    old: dict[str, Any] | None
    new: dict[str, Any]
    observation_id: int | None
    base_revision: int
    written_revision: int | None


class UploadDetailOut(UploadOut):
    changes: list[ChangeOut]
    problems: list[dict[str, str]]

    @staticmethod
    def resolve_changes(obj: WorkbookUpload) -> list[UploadChange]:
        return list(obj.changes.all())


class ReviewIn(Schema):
    event: Literal["approve", "reject"]
    note: str = Field("", max_length=500)


class ReviewedOut(Schema):
    reviewed: int


class ErrorOut(Schema):
    ref: str
    sheet: str
    cell: str
    message: str


class RejectedOut(Schema):
    detail: str
    errors: list[ErrorOut]
    upload_id: int | None = None


class SubmittedOut(Schema):
    submitted: int


class AttachIn(Schema):
    evidence_id: int = Field(..., ge=1, le=MAX_ID)


def _rejected(
    errors: list[upload.UploadError], refused: WorkbookUpload | None = None,
    detail: str = "工作簿未通过检查，未保存任何数据",
) -> Status[RejectedOut]:  # fmt: skip
    rows = [ErrorOut(ref=e.ref, sheet=e.sheet, cell=e.cell, message=e.message) for e in errors]
    return Status(422, RejectedOut(detail=detail, errors=rows,
                                   upload_id=refused.pk if refused else None))  # fmt: skip


@router.get("/evidence", response=list[EvidenceOut], summary="可见的证明材料")
@policy.member()
@paged
def list_evidence(request: HttpRequest) -> QuerySet[EvidenceFile]:
    return EvidenceFile.objects.for_user(request.user, Action.view).order_by("-pk")


@router.get("/evidence/{evidence_id}", response=EvidenceOut)
@policy.obj(EvidenceFile, kwarg="evidence_id")
def get_evidence(request: HttpRequest, evidence_id: int) -> EvidenceFile:
    return get_for_user(EvidenceFile, request.user, Action.view, evidence_id, request=request)


@router.post(
    "/evidence", response={201: EvidenceOut, 422: RejectedOut}, summary="上传证明材料 / evidence"
)
@policy.member(Action.add, upload="file")
def create_evidence(
    request: HttpRequest, file: Annotated[UploadedFile, File()]
) -> Status[EvidenceFile] | Status[RejectedOut]:
    try:
        ef = evidence.receive(actor=request.user, uploaded=file, request=request)
    except DataError as exc:
        return _rejected([upload.UploadError(exc.detail)], detail="文件未通过检查，未保存任何数据")
    return Status(201, ef)


@router.post("/observations/{obs_id}/evidence", response=ObservationOut, summary="附加证明材料")
@policy.obj(Observation, Action.change, kwarg="obs_id")
def attach_evidence(request: HttpRequest, obs_id: int, payload: AttachIn) -> Observation:
    return evidence.attach_evidence(actor=request.user, observation_id=obs_id,
                                    evidence_id=payload.evidence_id, request=request)  # fmt: skip


@router.get("/uploads", response=list[UploadOut], summary="工作簿上传记录")
@policy.member()
@paged
def list_uploads(request: HttpRequest) -> QuerySet[WorkbookUpload]:
    return WorkbookUpload.objects.for_user(request.user, Action.view).order_by("-pk")


@router.get("/uploads/{upload_id}", response=UploadDetailOut)
@policy.obj(WorkbookUpload, kwarg="upload_id")
def get_upload(request: HttpRequest, upload_id: int) -> WorkbookUpload:
    return get_for_user(WorkbookUpload, request.user, Action.view, upload_id, request=request)


@router.post(
    "/uploads", response={201: UploadDetailOut, 422: RejectedOut},
    summary="上传填报工作簿：检查并列出更改（确认前不保存）",
)  # fmt: skip
@policy.member(Action.add, upload="workbook")
def create_upload(
    request: HttpRequest,
    workbook: Annotated[UploadedFile, File()],
    default_source: Annotated[Literal[("", *SourceCategory.values)], Form()] = "",  # type: ignore[valid-type]
) -> Status[WorkbookUpload] | Status[RejectedOut]:
    try:
        done = upload.preview_workbook(actor=request.user, uploaded=workbook,
                                       default_source=default_source, request=request)  # fmt: skip
    except upload.UploadRejected as exc:
        return _rejected(exc.errors, exc.upload)
    return Status(201, done)


@router.post(
    "/uploads/{upload_id}/confirm", response={200: UploadDetailOut, 422: RejectedOut},
    summary="确认保存（有冲突则整体拒收）",
)  # fmt: skip
@policy.obj(WorkbookUpload, Action.change, kwarg="upload_id")
def confirm_upload(
    request: HttpRequest, upload_id: int
) -> Status[WorkbookUpload] | Status[RejectedOut]:
    try:
        done = apply.confirm_upload(actor=request.user, upload_id=upload_id, request=request)
    except upload.UploadRejected as exc:
        return _rejected(exc.errors, exc.upload)
    return Status(200, done)


@router.post("/uploads/{upload_id}/discard", response=UploadDetailOut, summary="放弃")
@policy.obj(WorkbookUpload, Action.change, kwarg="upload_id")
def discard_upload(request: HttpRequest, upload_id: int) -> WorkbookUpload:
    return apply.discard_upload(actor=request.user, upload_id=upload_id, request=request)


@router.post("/uploads/{upload_id}/submit", response=SubmittedOut, summary="全部提交审核")
@policy.obj(WorkbookUpload, Action.change, kwarg="upload_id")
def submit_upload(request: HttpRequest, upload_id: int) -> SubmittedOut:
    n = apply.submit_all(actor=request.user, upload_id=upload_id, request=request)
    return SubmittedOut(submitted=n)


@router.post("/uploads/{upload_id}/review", response=ReviewedOut, summary="按更改整体审核")
@policy.obj(WorkbookUpload, Action.approve, kwarg="upload_id")
def review_upload(request: HttpRequest, upload_id: int, payload: ReviewIn) -> ReviewedOut:
    n = apply.review_upload(actor=request.user, upload_id=upload_id, event=payload.event,
                            note=payload.note, request=request)  # fmt: skip
    return ReviewedOut(reviewed=n)
