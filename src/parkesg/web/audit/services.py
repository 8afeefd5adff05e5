"""Write and check the audit log. Service functions of every app call ``record``; views never
write audit records themselves (save signals would miss bulk updates and work outside requests).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from parkesg.web.audit.models import AuditRecord

GENESIS = "0" * 64
SECRET_FIELDS = {"password"}  # never copied into the log


def snapshot(obj: models.Model | None) -> dict[str, Any] | None:
    """A model row as JSON-safe values (the before / after of a change)."""
    if obj is None:
        return None
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.attname in SECRET_FIELDS:
            continue
        v = f.value_from_object(obj)
        out[f.attname] = (
            v if v is None or isinstance(v, bool | int | str) else f.value_to_string(obj)
        )
    return out


def _payload(r: AuditRecord) -> str:
    at = r.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields = {
        "chain": r.chain, "seq": r.seq, "at": at, "organisation": r.organisation_id,
        "actor": r.actor_id, "actor_name": r.actor_name, "action": r.action,
        "object_type": r.object_type, "object_id": r.object_id, "object_repr": r.object_repr,
        "before": r.before, "after": r.after, "request_id": r.request_id,
        "remote_addr": r.remote_addr, "prev_hash": r.prev_hash,
    }  # fmt: skip
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def record_hash(r: AuditRecord) -> str:
    return hashlib.sha256(_payload(r).encode()).hexdigest()


def chain_of(organisation_id: int | None) -> str:
    return f"org:{organisation_id}" if organisation_id else "platform"


def record(
    *,
    action: str,
    actor: Any = None,
    organisation: Any = None,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request: Any = None,
    actor_name: str = "",
) -> AuditRecord:
    """Append one record to ``organisation``'s chain (the actor's own when not given)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if organisation is None and actor is not None:
        organisation = actor.organisation
    org_id = organisation.pk if organisation is not None else None
    chain = chain_of(org_id)
    for _attempt in range(5):  # a concurrent writer took our seq: read the head again
        try:
            with transaction.atomic():
                head = AuditRecord.objects.filter(chain=chain).order_by("-seq").first()
                r = AuditRecord(
                    chain=chain,
                    seq=(head.seq + 1) if head else 1,
                    at=timezone.now().astimezone(dt.UTC),
                    organisation_id=org_id,
                    actor=actor,
                    actor_name=actor_name or (actor.get_username() if actor else ""),
                    action=action,
                    object_type=obj._meta.label_lower if obj is not None else "",
                    object_id=str(obj.pk) if obj is not None else "",
                    object_repr=str(obj)[:200] if obj is not None else "",
                    before=before,
                    after=after,
                    request_id=getattr(request, "request_id", ""),
                    remote_addr=(request.META.get("REMOTE_ADDR", "") if request else "")[:45],
                    prev_hash=head.hash if head else GENESIS,
                )
                r.hash = record_hash(r)
                r.save()
                return r
        except IntegrityError:
            continue
    raise RuntimeError(f"审计链 {chain} 写入冲突 / audit chain {chain} contended")


@dataclass(frozen=True)
class Break:
    chain: str
    seq: int
    record_id: int
    reason: str

    def __str__(self) -> str:
        return f"审计链 {self.chain} 第 {self.seq} 条（id {self.record_id}）：{self.reason}"


def _check_chain(rows: Iterator[AuditRecord]) -> Break | None:
    prev, expected = GENESIS, 1
    for r in rows:
        if r.seq != expected:
            return Break(r.chain, r.seq, r.id, f"序号不连续，应为 {expected} / sequence gap")
        if r.prev_hash != prev:
            return Break(r.chain, r.seq, r.id, "与上一条记录的哈希不一致 / prev_hash mismatch")
        if record_hash(r) != r.hash:
            return Break(r.chain, r.seq, r.id, "内容与哈希不符，记录被改动 / content altered")
        prev, expected = r.hash, expected + 1
    return None


def verify_chains() -> tuple[int, list[Break]]:
    """Check every chain; returns (records checked, the first break of each broken chain)."""
    chains = AuditRecord.objects.values_list("chain", flat=True).distinct().order_by("chain")
    breaks, total = [], 0
    for chain in chains:
        total += AuditRecord.objects.filter(chain=chain).count()
        rows = AuditRecord.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000)
        if (b := _check_chain(rows)) is not None:
            breaks.append(b)
    return total, breaks
