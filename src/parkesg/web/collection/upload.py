"""Upload the core's Excel template (``parkesg.io.template``) for one's own organisation.

The workbook is read by ``parkesg.io.workbook.read_workbook`` (every problem with its sheet
and cell) and each value is saved through ``observations.services.save_observation`` — the
same checks, revision and audit record as a value typed into the form — all inside ONE
transaction: a single refused value rolls everything back, the workbook file included.
Audit choice: one audit record per value written (the per-object trail the review of that
value needs) plus one for the upload record; unchanged values write nothing.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from parkesg.errors import DataError, DataErrors
from parkesg.frameworks.schema import FieldDef, Kind
from parkesg.io.safety import DEFAULT_LIMITS
from parkesg.io.template import SOURCES
from parkesg.io.workbook import ENTITY_SHEET, read_workbook
from parkesg.web.collection.evidence import read_upload, require_entry_rights, store_evidence
from parkesg.web.collection.models import WorkbookUpload
from parkesg.web.collection.sniff import clean_name
from parkesg.web.core.objects import get_for_user, save_for_user
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action
from parkesg.web.observations import services as observations
from parkesg.web.observations.models import Observation, SourceCategory
from parkesg.web.orgs.models import Organisation

# The template's source names (T/ESC 001—2024 9.1.2 a)–e)) in the order of SourceCategory.
TEMPLATE_SOURCE = dict(zip(SourceCategory.values, SOURCES, strict=True))
_SOURCE_WORDS = {
    **{name: cat for cat, name in TEMPLATE_SOURCE.items()},
    **{cat: cat for cat in SourceCategory.values},
    **{label.split(" ")[1]: value for value, label in SourceCategory.choices},  # 主管部门公开数据
}


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
    """The workbook was refused; nothing was stored. ``errors`` lists every problem."""

    def __init__(self, errors: list[UploadError]) -> None:
        super().__init__(f"共 {len(errors)} 处问题")
        self.errors = errors


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


def _unchanged(obs: Observation, new: dict[str, Any]) -> bool:
    old = standard_value(obs)
    same_value = (old is None and new["value"] is None) or (
        old is not None
        and new["value"] is not None
        and math.isclose(old, new["value"], rel_tol=1e-12, abs_tol=1e-12)
    )
    keys = ("category", "source", "evidence")
    return same_value and all(getattr(obs, k) == new[k] for k in keys)


def _apply(actor: Any, field: FieldDef, row: dict[str, Any], *, default_source: str,
           file: str, request: Any) -> tuple[str, Observation | None]:  # fmt: skip
    """Create, correct or leave one value: ("created" | "changed" | "unchanged", obs)."""
    number = None if row["text"] is not None or math.isnan(row["value"]) else row["value"]
    new = {
        "value": number, "category": row["text"] or "",
        # read_workbook converted the value to the field's unit: store it in that unit
        "unit": field.unit if field.kind == Kind.quantitative else "",
        "source": _source(row["source"], default_source), "evidence": row["evidence"][:300],
    }  # fmt: skip
    mine = Observation.objects.for_user(actor, Action.change)
    obs = mine.filter(
        organisation_id=actor.organisation_id, year=row["year"], field_id=field.id
    ).first()
    if obs is not None and _unchanged(obs, new):
        return "unchanged", None
    outcome = "created" if obs is None else "changed"
    obs = obs or Observation(year=row["year"], field_id=field.id)
    for key, value in new.items():
        setattr(obs, key, value)
    unit_given = row["unit_given"].strip()
    note = f"工作簿 {file} {row['sheet']}!{row['cell']}"
    if unit_given and unit_given not in ("—", field.unit):
        note += f"（原单位 {unit_given}，已换算为 {field.unit}）"
    return outcome, observations.save_observation(actor=actor, obs=obs, request=request, note=note)


def _read(org: Organisation, name: str, data: bytes) -> Any:
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


def import_workbook(
    *, actor: Any, uploaded: UploadedFile[Any], default_source: str = "", request: Any = None
) -> WorkbookUpload:
    """Read, check and save a filled template for the actor's organisation, or raise
    ``UploadRejected`` with every problem (and store nothing)."""
    require_entry_rights(actor, WorkbookUpload, request)
    org = actor.organisation
    name = clean_name(uploaded.name or "") or "workbook.xlsx"
    try:
        data = read_upload(uploaded, DEFAULT_LIMITS.max_bytes)
    except DataError as exc:
        raise UploadRejected(_errors_of(exc)) from exc
    frame = _read(org, name, data)
    _check_entity(org, frame.attrs["entity"])
    fields = {f.id: f for f in observations.fields_for_entity(org)}
    counts = {"created": 0, "changed": 0, "unchanged": 0}
    touched: list[Observation] = []
    errors: list[UploadError] = []
    with transaction.atomic():
        for row in frame.to_dict("records"):
            try:
                outcome, obs = _apply(actor, fields[row["field"]], row, file=name,
                                      default_source=default_source, request=request)  # fmt: skip
            except ValidationError as exc:
                msg = "；".join(exc.messages)
                errors.append(UploadError(msg, sheet=row["sheet"], cell=row["cell"]))
                continue
            counts[outcome] += 1
            if obs is not None:
                touched.append(obs)
        if errors:
            raise UploadRejected(errors)  # leaving the block rolls every value back
        file = store_evidence(actor=actor, data=data, name=name, request=request)
        upload = WorkbookUpload(organisation=org, created_by=actor, file=file, **counts)
        save_for_user(upload, actor, Action.add, request=request)
        upload.observations.set(touched)
    return upload


def submit_all(*, actor: Any, upload_id: Any, request: Any = None) -> int:
    """Send every draft (or returned) value of an upload to review; how many were sent."""
    upload = get_for_user(WorkbookUpload, actor, Action.change, upload_id, request=request)
    waiting = upload.observations.filter(state__in=[ReviewState.draft, ReviewState.rejected])
    with transaction.atomic():
        ids = list(waiting.values_list("pk", flat=True))
        for pk in ids:
            observations.review(actor=actor, observation_id=pk, event="submit", request=request)
    return len(ids)
