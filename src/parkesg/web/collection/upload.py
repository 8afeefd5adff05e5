"""Upload the core's Excel template (``parkesg.io.template``) for one's own organisation —
first checked and shown, saved only when its uploader confirms (``apply.confirm_upload``).

The workbook is read by ``parkesg.io.workbook.read_workbook`` (every problem with its sheet
and cell). Each value is then checked like a value typed into the form
(``observations.services.check_value``) and compared with what is stored:

- equal (value in the catalogue unit, category, source, evidence) → unchanged, nothing written;
- different, and the stored value has not been edited since the revision the workbook was made
  from (its hidden sheet “数据版本”) → a change, shown old → new;
- different, and edited since — or the workbook was not made from it at all (a blank template,
  a value added after the download) → a conflict by cell: a stale workbook never reverts a
  newer value.

Any problem or conflict refuses the whole workbook: nothing of it is saved, and the refusal is
recorded (state ``refused``, its problems, the file's checksum — not the file) and audited.
Otherwise the upload is recorded as ``pending`` with its changes (``UploadChange``) and the
workbook file, and nothing else is written until it is confirmed.
"""

from __future__ import annotations

import hashlib
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from parkesg.errors import DataError, DataErrors
from parkesg.frameworks.schema import FieldDef, Kind
from parkesg.io.safety import DEFAULT_LIMITS
from parkesg.io.template import SOURCES
from parkesg.io.workbook import ENTITY_SHEET, read_workbook
from parkesg.web.audit.models import AuditAction
from parkesg.web.collection.evidence import read_upload, require_entry_rights, store_evidence
from parkesg.web.collection.models import ChangeKind, UploadChange, UploadState, WorkbookUpload
from parkesg.web.collection.sniff import clean_name
from parkesg.web.core.objects import save_for_user
from parkesg.web.core.review import EDITABLE
from parkesg.web.core.roles import Action
from parkesg.web.observations import services as observations
from parkesg.web.observations.models import Observation, ObservationRevision, SourceCategory
from parkesg.web.orgs.models import Organisation

# The template's source names (T/ESC 001—2024 9.1.2 a)–e)) in the order of SourceCategory.
TEMPLATE_SOURCE = dict(zip(SourceCategory.values, SOURCES, strict=True))
_SOURCE_WORDS = {
    **{name: cat for cat, name in TEMPLATE_SOURCE.items()},
    **{cat: cat for cat in SourceCategory.values},
    **{label.split(" ")[1]: value for value, label in SourceCategory.choices},  # 主管部门公开数据
}
CONTENT = ("value", "category", "source", "evidence")  # what makes two values the same


@dataclass(frozen=True)
class UploadError:
    """One problem, where a person finds it: ``ref`` is 数据!D7 (or the sheet, or the file)."""

    message: str
    sheet: str = ""
    cell: str = ""
    row: int | None = None

    @property
    def ref(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet + (f" 第 {self.row} 行" if self.row else "")


class UploadRejected(Exception):
    """The workbook was refused; nothing of it was saved. ``errors`` lists every problem;
    ``upload`` is the record of the refusal."""

    def __init__(self, errors: list[UploadError], upload: WorkbookUpload | None = None) -> None:
        super().__init__(f"共 {len(errors)} 处问题")
        self.errors = errors
        self.upload = upload


def _errors_of(exc: DataError) -> list[UploadError]:
    found = exc.errors if isinstance(exc, DataErrors) else [exc]
    return [UploadError(e.detail, e.sheet, e.cell, e.row) for e in found]


def entity_key(org: Organisation) -> str:
    """The 主体编号 written into and expected back from an organisation's template."""
    return org.credit_code or f"org-{org.pk}"


def _check_entity(org: Organisation, entity: dict[str, str]) -> None:
    ids = {entity_key(org), f"org-{org.pk}"}
    names = {org.name, org.name_en} - {""}
    eid, name = entity.get("entity_id", ""), entity.get("name", "")
    if eid not in ids or (name and name not in names):
        raise UploadRejected([UploadError(
            f"该工作簿属于主体 “{name or '未填名称'}”（编号 {eid}），不是本组织 “{org.name}”"
            f"（编号 {entity_key(org)}）：请下载本组织的模板填写后再上传",
            sheet=ENTITY_SHEET,
        )])  # fmt: skip


def _source(text: str, default: str) -> str:
    text = text.strip()
    if not text:
        if not default:
            raise ValidationError("未填写数据来源：请在“数据来源”列填写，或在上传页选择默认来源")
        return default
    if text not in _SOURCE_WORDS:
        raise ValidationError(f"数据来源 “{text}” 无法识别；可填：{'、'.join(SOURCES)}")
    return _SOURCE_WORDS[text]


def standard_value(obs: Observation) -> float | None:
    """The value in the field's catalogue unit (rows written before conversion: as given)."""
    return obs.value_std if obs.value_std is not None else obs.value


def stored_content(obs: Observation) -> dict[str, Any]:
    """What a workbook cell holds of a stored value: the value in the catalogue unit, the
    category, the source category and the evidence text (as the template writes them)."""
    return {"value": standard_value(obs), "category": obs.category, "unit": obs.unit,
            "source": obs.source, "evidence": obs.evidence.strip(), "state": obs.state}  # fmt: skip


def same_content(old: dict[str, Any], new: dict[str, Any]) -> bool:
    a, b = old["value"], new["value"]
    same_value = (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    )
    return same_value and all(old[k] == new[k] for k in CONTENT[1:])


def _new_content(field: FieldDef, row: dict[str, Any], default_source: str) -> dict[str, Any]:
    number = None if row["text"] is not None or math.isnan(row["value"]) else row["value"]
    return {
        "value": number, "category": row["text"] or "",
        # read_workbook converted the value to the field's unit: store it in that unit
        "unit": field.unit if field.kind == Kind.quantitative else "",
        "source": _source(row["source"], default_source), "evidence": row["evidence"][:300],
    }  # fmt: skip


def _check_like_the_form(org: Organisation, row: dict[str, Any], new: dict[str, Any]) -> None:
    """The form's checks on a value that is not saved: catalogue, range, unit, lengths."""
    obs = Observation(organisation=org, year=row["year"], field_id=row["field"],
                      **{k: new[k] for k in ("value", "category", "unit", "source", "evidence")})  # fmt: skip
    observations.check_value(obs)
    obs.clean_fields(exclude=["organisation", "created_by", "maker", "checker"])


def _editor(obs: Observation, no: int) -> str:
    rev = ObservationRevision.objects.filter(observation=obs, no=no).select_related("by").first()
    if rev is None:
        return ""
    at = timezone.localtime(rev.at).strftime("%Y-%m-%d %H:%M")
    return f"，由 {rev.by.get_username()} 于 {at} 修改"


def shown(content: dict[str, Any] | None, field: FieldDef | None) -> str:
    """A value as a person reads it in the diff: 是/否, a category, or the number and unit."""
    if not content:
        return "（无）"
    if content.get("category"):
        return str(content["category"])
    value = content.get("value")
    if value is None:
        return "（空）"
    if field is not None and field.kind == Kind.boolean:
        return "是" if value > 0 else "否"
    unit = field.unit if field is not None and field.unit not in ("1", "") else ""
    return f"{value:,.10g} {unit}".strip()


def _conflict(field: FieldDef, obs: Observation, old: dict[str, Any], new: dict[str, Any],
              made_from_it: bool, edited: int) -> str:  # fmt: skip
    now, yours = shown(old, field), shown(new, field)
    if made_from_it:
        return (f"冲突：此值在工作簿下载后已被修改（现为 {now}，第 {edited} 版"
                f"{_editor(obs, edited)}），工作簿中为 {yours}，未覆盖。请重新下载含已有数据的模板再修改")  # fmt: skip
    return (f"冲突：此字段该年份已有数据 {now}（第 {edited} 版{_editor(obs, edited)}），"
            f"而本工作簿不是由它下载的（空白模板或下载时还没有这个值），为免覆盖，工作簿中的 {yours} "
            "未采用。请下载含已有数据的模板修改")  # fmt: skip


def _plan(org: Organisation, actor: Any, frame: pd.DataFrame, default_source: str,
          file: str) -> tuple[list[UploadChange], int, list[UploadError]]:  # fmt: skip
    """The changes a workbook would make (unsaved), how many values it leaves unchanged, and
    every problem and conflict by cell."""
    fields = {f.id: f for f in observations.fields_for_entity(org)}
    revisions: dict[tuple[str, int], int] = frame.attrs.get("revisions", {})
    mine = Observation.objects.for_user(actor, Action.change).filter(organisation=org)
    stored = {(o.field_id, o.year): o for o in mine}
    changes: list[UploadChange] = []
    unchanged = 0
    errors: list[UploadError] = []
    for row in frame.to_dict("records"):
        field, key = fields[row["field"]], (row["field"], int(row["year"]))
        where = {"sheet": row["sheet"], "cell": row["cell"]}
        try:
            new = _new_content(field, row, default_source)
            _check_like_the_form(org, row, new)
        except ValidationError as exc:
            errors.append(UploadError("；".join(exc.messages), **where))
            continue
        obs = stored.get(key)
        old = stored_content(obs) if obs is not None else None
        if old is not None and same_content(old, new):
            unchanged += 1
            continue
        base = revisions.get(key, 0)
        if obs is not None:
            edited = observations.content_revision(obs)
            if obs.state not in EDITABLE:
                errors.append(UploadError(
                    f"此值正在审核中（现为 {shown(old, field)}），审核完成前不能更正", **where))  # fmt: skip
                continue
            if key not in revisions or edited > base:
                message = _conflict(field, obs, old or {}, new, key in revisions, edited)
                errors.append(UploadError(message, **where))
                continue
        note = f"工作簿 {file} {row['sheet']}!{row['cell']}"
        unit_given = row["unit_given"].strip()
        if unit_given and unit_given not in ("—", field.unit):
            note += f"（原单位 {unit_given}，已换算为 {field.unit}）"
        changes.append(UploadChange(
            observation=obs, kind=ChangeKind.changed if obs else ChangeKind.created,
            field_id=field.id, year=key[1], ref=f"{row['sheet']}!{row['cell']}", note=note[:300],
            base_revision=base, old=old,
            seen_revision=observations.latest_revision(obs) if obs is not None else 0,
            new=new,
        ))  # fmt: skip
    return changes, unchanged, errors


def _read(org: Organisation, name: str, data: bytes) -> pd.DataFrame:
    fields = observations.fields_for_entity(org)
    if not fields:
        raise UploadRejected(
            [UploadError("只有园区管委会和企业填报数据 / parks and enterprises only")]
        )
    with tempfile.TemporaryDirectory(prefix="parkesg-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            return read_workbook(path, fields=fields)
        except DataError as exc:
            raise UploadRejected(_errors_of(exc)) from exc


def record_refusal(*, actor: Any, upload: WorkbookUpload, errors: list[UploadError],
                   request: Any = None) -> WorkbookUpload:  # fmt: skip
    """Keep and audit a refused upload: its problems by cell, the file's checksum and size."""
    before = None if upload._state.adding else {"state": upload.state}
    upload.state, upload.decided_at = UploadState.refused, timezone.now()
    upload.problems = [{"ref": e.ref, "message": e.message} for e in errors[:500]]
    action = Action.add if upload._state.adding else Action.change
    return save_for_user(upload, actor, action, before=before, request=request,
                         audit_action=AuditAction.refused_upload)  # fmt: skip


def preview_workbook(
    *, actor: Any, uploaded: UploadedFile[Any], default_source: str = "", request: Any = None
) -> WorkbookUpload:
    """Read, check and compare a filled template with what is stored: a ``pending`` upload
    listing its changes (saved only by ``apply.confirm_upload``; an upload that changes
    nothing is recorded as saved at once), or ``UploadRejected`` with every problem — the
    refusal recorded and audited, nothing of the workbook saved."""
    require_entry_rights(actor, WorkbookUpload, request)
    org = actor.organisation
    name = clean_name(uploaded.name or "") or "workbook.xlsx"
    upload = WorkbookUpload(organisation=org, created_by=actor, name=name,
                            size=uploaded.size or 0, default_source=default_source)  # fmt: skip
    try:
        data = read_upload(uploaded, DEFAULT_LIMITS.max_bytes)
        upload.sha256, upload.size = hashlib.sha256(data).hexdigest(), len(data)
        frame = _read(org, name, data)
        _check_entity(org, frame.attrs["entity"])
        changes, unchanged, errors = _plan(org, actor, frame, default_source, name)
        if errors:
            raise UploadRejected(errors)
    except DataError as exc:
        refused = record_refusal(actor=actor, upload=upload, errors=_errors_of(exc),
                                 request=request)  # fmt: skip
        raise UploadRejected(_errors_of(exc), refused) from exc
    except UploadRejected as exc:
        refused = record_refusal(actor=actor, upload=upload, errors=exc.errors, request=request)
        raise UploadRejected(exc.errors, refused) from exc
    with transaction.atomic():
        upload.file = store_evidence(actor=actor, data=data, name=name, request=request)
        upload.created = sum(c.kind == ChangeKind.created for c in changes)
        upload.changed, upload.unchanged = len(changes) - upload.created, unchanged
        if not changes:
            upload.state, upload.decided_at = UploadState.applied, timezone.now()
        save_for_user(upload, actor, Action.add, request=request)
        for change in changes:
            change.upload = upload
        UploadChange.objects.bulk_create(changes)
    return upload
