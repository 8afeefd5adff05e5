"""Store, attach and serve evidence files. Content decides the type (``sniff``); the bytes are
written once per content and organisation (deduplicated by sha256); every new file and every
attachment is saved through ``core.objects.save_for_user`` and so audited."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError

from parkesg.errors import DataError
from parkesg.io.safety import MiB
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.collection.models import EvidenceFile, blob_path
from parkesg.web.collection.sniff import EXTENSIONS, check_name, clean_name, detect_kind
from parkesg.web.core.objects import deny, get_for_user, save_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.observations.models import Observation
from parkesg.web.observations.services import save_observation

DEFAULT_MAX_BYTES = 20 * MiB


def max_bytes() -> int:
    """The size limit of one evidence file (setting ``EVIDENCE_MAX_BYTES``, 20 MiB)."""
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def read_upload(f: UploadedFile[Any], limit: int) -> bytes:
    """The uploaded bytes, refusing a file over ``limit`` before reading it into memory."""
    if f.size is not None and f.size > limit:
        raise DataError(f"文件过大（{f.size / MiB:.1f} MiB），上限为 {limit / MiB:.0f} MiB")
    data = f.read(limit + 1)
    if len(data) > limit:
        raise DataError(f"文件过大，上限为 {limit / MiB:.0f} MiB")
    return data


def require_entry_rights(actor: Any, model: type, request: Any = None) -> None:
    """Only members whose role may add data (editor, admin) bring files in."""
    if getattr(actor, "organisation_id", None) is None or not role_allows(actor.role, Action.add):
        deny(actor, model, "", Action.add, request)
        raise PermissionDenied


def _write_blob(p: Path, data: bytes) -> None:
    """Write-once, atomically: a reader never sees half a file; existing content is kept."""
    if p.exists() and p.stat().st_size == len(data):
        return
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, p)
    finally:
        tmp.unlink(missing_ok=True)


def store_evidence(*, actor: Any, data: bytes, name: str, request: Any = None) -> EvidenceFile:
    """Check and keep ``data`` for the actor's organisation; the same content again returns
    the file already stored. ``DataError`` (Chinese) when the file is refused."""
    require_entry_rights(actor, EvidenceFile, request)
    if len(data) > max_bytes():
        raise DataError(f"文件过大，上限为 {max_bytes() / MiB:.0f} MiB")
    kind = detect_kind(data)
    label = clean_name(name) or "evidence" + min(EXTENSIONS[kind])
    check_name(label, kind)
    digest = hashlib.sha256(data).hexdigest()
    mine = EvidenceFile.objects.for_user(actor, Action.view).filter(
        organisation_id=actor.organisation_id
    )
    if (same := mine.filter(sha256=digest).first()) is not None:
        return same
    _write_blob(blob_path(actor.organisation_id, digest), data)
    ef = EvidenceFile(
        organisation=actor.organisation, created_by=actor, sha256=digest, size=len(data),
        kind=kind, name=label,
    )  # fmt: skip
    try:
        return save_for_user(ef, actor, Action.add, request=request)
    except IntegrityError:  # the same content saved by a concurrent request a moment ago
        return mine.get(sha256=digest)


def receive(*, actor: Any, uploaded: UploadedFile[Any], request: Any = None) -> EvidenceFile:
    """Read and keep an uploaded evidence file (pages and API); a refused file is audited —
    who, when, its label, size, sha256 and why, never its bytes — and the refusal re-raised."""
    require_entry_rights(actor, EvidenceFile, request)
    data = b""
    try:
        data = read_upload(uploaded, max_bytes())
        return store_evidence(actor=actor, data=data, name=uploaded.name or "", request=request)
    except DataError as exc:
        audit.record(
            action=AuditAction.refused_upload, actor=actor, request=request,
            after={"kind": "evidence", "name": clean_name(uploaded.name or ""),
                   "size": uploaded.size or len(data),
                   "sha256": hashlib.sha256(data).hexdigest() if data else "",
                   "reason": exc.detail},
        )  # fmt: skip
        raise


def attach_evidence(
    *, actor: Any, observation_id: Any, evidence_id: Any, request: Any = None
) -> Observation:
    """Link an evidence file of the observation's own organisation to it (a content change:
    the observation goes back to draft and gets a revision, through ``save_observation``)."""
    obs = get_for_user(Observation, actor, Action.change, observation_id, request=request)
    ef = get_for_user(EvidenceFile, actor, Action.view, evidence_id, request=request)
    if ef.organisation_id != obs.organisation_id:
        raise ValidationError({"evidence_file": "只能附加本组织的证明材料"})
    obs.evidence_file = ef
    return save_observation(actor=actor, obs=obs, request=request)
