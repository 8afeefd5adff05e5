"""Files a page brings into a record (ratings, and the ESG system's documents): each file is
checked first, keeping nothing — a refused one answers 422 with its reason and is audited
the way ``collection.evidence.receive`` audits it — and kept only inside the transaction of
the record that uses it, so a refused file, a refused person or a refused record leaves
nothing stored: no evidence row, no byte on disk.

    got = uploads.screen(request, request.FILES.getlist("files"))   # DataError: audited
    with transaction.atomic(), uploads.kept(actor, got, request) as files:
        ...the record, with ``files``...
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from parkesg.errors import DataError
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.collection.evidence import (
    max_bytes,
    read_upload,
    require_entry_rights,
    store_evidence,
)
from parkesg.web.collection.models import EvidenceFile, blob_path
from parkesg.web.collection.sniff import EXTENSIONS, check_name, clean_name, detect_kind

Upload = tuple[bytes, str]  # a checked file's bytes and the name it was uploaded under


def refused(actor: Any, uploaded: Any, data: bytes, reason: str, request: Any = None) -> None:
    """Audit a refused file as ``collection.evidence.receive`` does: who, when, its label,
    size, sha256 and why — never its bytes."""
    audit.record(
        action=AuditAction.refused_upload, actor=actor, request=request,
        after={"kind": "evidence", "name": clean_name(uploaded.name or ""),
               "size": uploaded.size or len(data),
               "sha256": hashlib.sha256(data).hexdigest() if data else "", "reason": reason},
    )  # fmt: skip


def check(*, actor: Any, uploaded: Any, request: Any = None) -> Upload:
    """Read ``uploaded`` and check it with the evidence store's own checks (size, content
    type, name against content — those of ``store_evidence``) without keeping it; a refused
    file is audited and its ``DataError`` (Chinese) re-raised."""
    require_entry_rights(actor, EvidenceFile, request)
    data = b""
    try:
        data = read_upload(uploaded, max_bytes())
        kind = detect_kind(data)
        check_name(clean_name(uploaded.name or "") or "evidence" + min(EXTENSIONS[kind]), kind)
    except DataError as exc:
        refused(actor, uploaded, data, exc.detail, request)
        raise
    return data, uploaded.name or ""


def screen(request: Any, files: Iterable[Any]) -> list[Upload]:
    """Every one of ``files`` checked (``check``), by the request's user; the first refused
    raises ``DataError`` (audited)."""
    return [check(actor=request.user, uploaded=f, request=request) for f in files]


def all_files(request: Any) -> list[Any]:
    """Every file the request carries, in every field."""
    return [f for name in request.FILES for f in request.FILES.getlist(name)]


@contextmanager
def kept(actor: Any, got: Sequence[Upload], request: Any = None) -> Iterator[list[EvidenceFile]]:
    """Keep ``got`` in the evidence store for the body of the ``with`` — to be used inside the
    transaction of the record that uses the files (their rows roll back with it). When the
    body fails, the bytes this call wrote are removed (content stored before is kept)."""
    org = actor.organisation_id
    fresh = [p for data, _ in got
             if not (p := blob_path(org, hashlib.sha256(data).hexdigest())).exists()]  # fmt: skip
    try:
        yield [store_evidence(actor=actor, data=d, name=n, request=request) for d, n in got]
    except BaseException:
        for p in fresh:
            p.unlink(missing_ok=True)
        raise
