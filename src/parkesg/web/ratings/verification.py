"""On-site verification and adjustments (T/JDFA01 6.10–6.11), and the enterprise's part:
confirming the list of documents collected (6.10 c) and answering its draft result by the
deadline with information and evidence (6.4 a)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parkesg.frameworks import iter_indicators
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.collection.models import EvidenceFile
from parkesg.web.core.objects import get_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.ratings import people, uploads
from parkesg.web.ratings.criteria import framework_of
from parkesg.web.ratings.kinds import Medium, OnSiteKind, ProjectState, Response
from parkesg.web.ratings.models import (
    Adjustment,
    CollectedItem,
    OnSiteRecord,
    PortfolioMember,
    Reconfirmation,
)
from parkesg.web.ratings.portfolio import _evidence, _working_member
from parkesg.web.ratings.services import _refuse
from parkesg.web.ratings.uploads import Upload


def _comprehensive(m: PortfolioMember) -> None:
    if not m.project.comprehensive:
        raise ValidationError("本项目为书面评价，没有现场验证（6.10 仅适用于综合评价）")


def add_onsite(*, actor: Any, member_id: Any, kind: str, held_on: dt.date, people_met: str,
               findings: str, items: list[tuple[str, str, Any]] | None = None,
               request: Any = None) -> OnSiteRecord:  # fmt: skip
    """6.10 a–b: an interview or site visit with what was learnt and the documents collected
    (title, electronic / paper, evidence file)."""
    m = _working_member(actor, member_id, request)
    _comprehensive(m)
    ev = people.evaluator(actor, m.organisation_id)
    if ev is None or not people.on_team(actor, m.project):
        _refuse(actor, m, request)
    if kind not in OnSiteKind.values:
        raise ValidationError({"kind": "请选择方式"})
    if not people_met.strip() or not findings.strip():
        raise ValidationError("请写明访谈对象或参加人员，以及了解到的情况")
    with transaction.atomic():
        rec = OnSiteRecord.objects.create(
            organisation=m.organisation, created_by=actor, member=m, kind=kind, held_on=held_on,
            people=people_met.strip(), findings=findings.strip(), evaluator=ev,
        )  # fmt: skip
        for title, medium, evidence_id in items or []:
            _item(rec, actor, title, medium, evidence_id, request)
        audit.record(action=AuditAction.create, actor=actor, organisation=m.organisation,
                     obj=rec, after=audit.snapshot(rec), request=request)  # fmt: skip
    return rec


def _item(rec: OnSiteRecord, actor: Any, title: str, medium: str, evidence_id: Any,
          request: Any) -> CollectedItem:  # fmt: skip
    if not title.strip():
        raise ValidationError({"title": "请填写资料名称"})
    if medium not in Medium.values:
        raise ValidationError({"medium": "请选择资料形式"})
    return CollectedItem.objects.create(
        organisation=rec.organisation, created_by=actor, record=rec, title=title.strip(),
        medium=medium, evidence=_evidence(actor, evidence_id, request),
    )  # fmt: skip


def add_item(*, actor: Any, record_id: Any, title: str, medium: str, evidence_id: Any = None,
             request: Any = None) -> CollectedItem:  # fmt: skip
    rec = get_for_user(OnSiteRecord, actor, Action.change, record_id, request=request)
    _working_member(actor, rec.member_id, request)
    if rec.confirmed_at is not None:
        raise ValidationError("资料清单已经企业确认，新增资料请另建一条现场验证记录")
    with transaction.atomic():
        item = _item(rec, actor, title, medium, evidence_id, request)
        audit.record(action=AuditAction.create, actor=actor, organisation=rec.organisation,
                     obj=item, after=audit.snapshot(item), request=request)  # fmt: skip
    return item


def _enterprise_member(actor: Any, obj: Any, request: Any) -> None:
    """The rated enterprise's own people (admin or editor) answer for it."""
    member = obj.member if hasattr(obj, "member") else obj
    if not (member.enterprise_id and actor.organisation_id == member.enterprise_id
            and role_allows(actor.role, Action.change)):  # fmt: skip
        _refuse(actor, obj, request)


def confirm_onsite(
    *, actor: Any, record_id: Any, note: str = "", request: Any = None
) -> OnSiteRecord:
    """6.10 c: the enterprise confirms the list of documents collected on site."""
    rec = get_for_user(OnSiteRecord, actor, Action.view, record_id, request=request)
    _enterprise_member(actor, rec, request)
    if not rec.items.exists():
        raise ValidationError("资料清单为空，无需确认")
    if rec.confirmed_at is not None:
        raise ValidationError("资料清单已确认")
    before = audit.snapshot(rec)
    rec.confirmed_by, rec.confirmed_at = actor, timezone.now()
    rec.confirmation_note = note.strip()[:300]
    with transaction.atomic():
        rec.save(update_fields=["confirmed_by", "confirmed_at", "confirmation_note"])
        audit.record(action=AuditAction.change, actor=actor, organisation=rec.organisation,
                     obj=rec, before=before,
                     after={**(audit.snapshot(rec) or {}), "_event": "confirm_list"},
                     request=request)  # fmt: skip
    return rec


def set_adjustment(*, actor: Any, member_id: Any, indicator_id: str, score: float, reason: str,
                   made_on: dt.date | None = None, request: Any = None) -> Adjustment:  # fmt: skip
    """6.11 c: adjust one indicator's score after on-site verification (replaces an earlier
    adjustment of the same indicator; the next run gives the comprehensive grade)."""
    m = _working_member(actor, member_id, request)
    _comprehensive(m)
    ev = people.evaluator(actor, m.organisation_id)
    if ev is None or not people.on_team(actor, m.project):
        _refuse(actor, m, request)
    known = {i.id for i in iter_indicators(framework_of(m.project.framework_id).tree)}
    problems = {}
    if indicator_id not in known:
        problems["indicator_id"] = f"没有编号为 “{indicator_id}” 的指标"
    if not 0 <= score <= 100:
        problems["score"] = "调整后得分应在 0–100 之间"
    if not reason.strip():
        problems["reason"] = "调整须写明原因（6.11 c）"
    if not m.onsite.exists():
        problems["__all__"] = "调整须以现场验证为依据：请先记录现场验证（6.10）"
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        found = Adjustment.objects.filter(member=m, indicator_id=indicator_id).first()
        before = audit.snapshot(found)
        adj = found or Adjustment(organisation=m.organisation, created_by=actor, member=m,
                                  indicator_id=indicator_id)  # fmt: skip
        adj.score, adj.reason, adj.evaluator = float(score), reason.strip(), ev
        adj.made_on = made_on or timezone.localdate()
        adj.save()
        audit.record(action=AuditAction.change if found else AuditAction.create, actor=actor,
                     organisation=m.organisation, obj=adj, before=before,
                     after=audit.snapshot(adj), request=request)  # fmt: skip
    return adj


def responder(*, actor: Any, member_id: Any, request: Any = None) -> PortfolioMember:
    """The member ``actor`` may answer for (its enterprise's admin or editor), else 403/404 —
    asked before any file of the answer is read."""
    m = get_for_user(PortfolioMember, actor, Action.view, member_id, request=request)
    _enterprise_member(actor, m, request)
    return m  # type: ignore[no-any-return]


def respond(*, actor: Any, member_id: Any, response: str, comment: str = "",
            evidence: list[EvidenceFile] | None = None, files: Sequence[Upload] = (),
            request: Any = None) -> Reconfirmation:  # fmt: skip
    """6.4 a: the enterprise answers on its draft result by the deadline — confirmed, or
    information added (with evidence) for the evaluators to take up. ``files`` (checked
    uploads, ``uploads.check``) are kept with the answer, in its transaction: nothing is
    stored for an answer refused."""
    m = responder(actor=actor, member_id=member_id, request=request)
    rec = Reconfirmation.objects.filter(member=m).first()
    p = m.project
    if rec is None or p.state != ProjectState.reconfirming:
        raise ValidationError("目前没有需要您再确认的评价结果")
    if p.reconfirm_deadline and timezone.localdate() > p.reconfirm_deadline:
        raise ValidationError(f"再确认已于 {p.reconfirm_deadline} 截止")
    if response not in (Response.confirmed, Response.disputed):
        raise ValidationError({"response": "请选择确认或补充"})
    if response == Response.disputed and not comment.strip():
        raise ValidationError({"comment": "请说明需要补充或更正的内容"})
    for f in evidence or []:
        if f.organisation_id != actor.organisation_id:
            raise ValidationError({"evidence": "只能附加本企业的材料"})
    before = audit.snapshot(rec)
    with transaction.atomic(), uploads.kept(actor, files, request) as kept:
        evidence = [*(evidence or []), *kept]
        rec.response, rec.comment = response, comment.strip()
        rec.responded_by, rec.responded_at = actor, timezone.now()
        rec.save()
        if evidence:
            rec.evidence.add(*evidence)
        audit.record(action=AuditAction.submit, actor=actor, organisation=rec.organisation,
                     obj=rec, before=before,
                     after={**(audit.snapshot(rec) or {}),
                            "evidence": [f.pk for f in evidence or []]},
                     request=request)  # fmt: skip
    return rec
