"""What happens to a checked upload (``upload.preview_workbook``): its uploader saves or discards
it; its values are sent to review and a reviewer approves or returns them together, with the
diff in front of them. Every step is one transaction and audited.

Saving takes the entity's write lock (``observations.services.lock_entity``) and checks each
change against the value as it is *now*: if it was created, edited or reviewed since the upload
was checked, the whole upload is refused with the conflicts by cell — two uploads at once never
both insert the same value, and neither silently overwrites the other.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parkesg.web.audit import services as audit
from parkesg.web.collection.models import ChangeKind, UploadChange, UploadState, WorkbookUpload
from parkesg.web.collection.upload import (
    UploadError,
    UploadRejected,
    record_refusal,
    shown,
    stored_content,
)
from parkesg.web.core import faults
from parkesg.web.core.objects import get_for_user, save_for_user
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action
from parkesg.web.observations import services as observations
from parkesg.web.observations.models import Observation


class _Conflicts(Exception):
    def __init__(self, errors: list[UploadError]) -> None:
        self.errors = errors


def _pending(actor: Any, upload_id: Any, request: Any) -> WorkbookUpload:
    upload = get_for_user(WorkbookUpload, actor, Action.change, upload_id, request=request)
    if upload.created_by_id != actor.pk:
        raise ValidationError("只有上传人可以确认或放弃这次上传 / only the uploader may do this")
    if upload.state != UploadState.pending:
        raise ValidationError(f"这次上传已{upload.get_state_display()}，不能再确认或放弃")
    return upload


def _at(change: UploadChange, message: str) -> UploadError:
    sheet, _, cell = change.ref.partition("!")
    return UploadError(message, sheet=sheet, cell=cell)


def _apply(actor: Any, upload: WorkbookUpload, request: Any) -> list[Observation]:
    """Save every change of ``upload`` or raise ``_Conflicts`` (the caller's transaction rolls
    everything back)."""
    observations.lock_entity(upload.organisation_id)
    mine = Observation.objects.filter(organisation_id=upload.organisation_id)
    conflicts: list[UploadError] = []
    todo: list[tuple[UploadChange, Observation]] = []
    for change in upload.changes.all():
        obs = mine.filter(field_id=change.field_id, year=change.year).first()
        now = observations.latest_revision(obs) if obs is not None else 0
        if change.kind == ChangeKind.created and obs is not None:
            conflicts.append(_at(change, f"冲突：检查后他人已填写此值（{shown(stored_content(obs), None)}），"
                                         "未覆盖；请重新上传"))  # fmt: skip
        elif change.kind == ChangeKind.changed and (obs is None or now != change.seen_revision):
            conflicts.append(_at(change, f"冲突：检查后此值已被修改或审核（第 {now} 版），未覆盖；"
                                         "请重新下载含已有数据的模板后再上传"))  # fmt: skip
        else:
            todo.append((change, obs or Observation(year=change.year, field_id=change.field_id)))
    if conflicts:
        raise _Conflicts(conflicts)
    saved = []
    for change, obs in todo:
        for key in ("value", "category", "unit", "source", "evidence"):
            setattr(obs, key, change.new[key])
        obs = observations.save_observation(actor=actor, obs=obs, request=request,
                                            note=change.note)  # fmt: skip
        change.observation, change.written_revision = obs, observations.latest_revision(obs)
        change.save(update_fields=["observation", "written_revision"])
        saved.append(obs)
        faults.point("confirm_upload.after_first_value")  # crash tests only
    return saved


def confirm_upload(*, actor: Any, upload_id: Any, request: Any = None) -> WorkbookUpload:
    """Save a pending upload's changes as drafts — all of them, or none with ``UploadRejected``
    listing the conflicts (the upload is then recorded as refused)."""
    upload = _pending(actor, upload_id, request)
    try:
        with transaction.atomic():
            upload = WorkbookUpload.objects.select_for_update().get(pk=upload.pk)
            if upload.state != UploadState.pending:
                raise ValidationError(f"这次上传已{upload.get_state_display()}")
            before = {"state": upload.state}
            saved = _apply(actor, upload, request)
            upload.state, upload.decided_at = UploadState.applied, timezone.now()
            save_for_user(upload, actor, Action.change, before=before, request=request)
            upload.observations.set(saved)
    except _Conflicts as exc:
        refused = record_refusal(actor=actor, upload=upload, errors=exc.errors, request=request)
        raise UploadRejected(exc.errors, refused) from None
    return upload


def discard_upload(*, actor: Any, upload_id: Any, request: Any = None) -> WorkbookUpload:
    """Drop a pending upload: nothing of it is saved; the record (and the audit) stay."""
    upload = _pending(actor, upload_id, request)
    upload.state, upload.decided_at = UploadState.discarded, timezone.now()
    return save_for_user(upload, actor, Action.change, before={"state": UploadState.pending},
                         request=request)  # fmt: skip


def current_changes(upload: WorkbookUpload) -> list[tuple[UploadChange, Observation]]:
    """The saved changes whose value is still the one this upload wrote (not edited since)."""
    out = []
    for change in upload.changes.select_related("observation"):
        obs = change.observation
        if obs is not None and observations.content_revision(obs) == change.written_revision:
            out.append((change, obs))
    return out


def submit_all(*, actor: Any, upload_id: Any, request: Any = None) -> int:
    """Send every draft (or returned) value of a saved upload to review; how many were sent."""
    upload = get_for_user(WorkbookUpload, actor, Action.change, upload_id, request=request)
    waiting = [obs for _, obs in current_changes(upload)
               if obs.state in (ReviewState.draft, ReviewState.rejected)]  # fmt: skip
    with transaction.atomic():
        for obs in waiting:
            observations.review(actor=actor, observation_id=obs.pk, event="submit",
                                request=request)  # fmt: skip
    return len(waiting)


def review_upload(
    *, actor: Any, upload_id: Any, event: str, note: str = "", request: Any = None
) -> int:
    """Approve or return together every value of an upload waiting for review, as the diff
    shows it (the values still as the upload wrote them); checker ≠ maker for each. All or
    none; the decision is audited on the upload as well as on each value."""
    # who may decide first (404 / 403, audited), then what was asked
    upload = get_for_user(WorkbookUpload, actor, Action.approve, upload_id, request=request)
    if event not in ("approve", "reject"):
        raise ValidationError(f"未知操作 “{event}”")
    waiting = [obs for _, obs in current_changes(upload) if obs.state == ReviewState.submitted]
    if not waiting:
        raise ValidationError("这次上传没有待审核的数据 / nothing waiting for review")
    if event == "reject" and not note.strip():
        raise ValidationError("退回时请填写审核意见 / a reason is needed to return")
    with transaction.atomic():
        for obs in waiting:
            observations.review(actor=actor, observation_id=obs.pk, event=event, note=note,
                                 request=request)  # fmt: skip
        audit.record(action=event, actor=actor, organisation=upload.organisation, obj=upload,
                     after={"observations": [o.pk for o in waiting], "note": note[:500]},
                     request=request)  # fmt: skip
    return len(waiting)
