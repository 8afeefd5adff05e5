"""Findings become tracked nonconformities (10.1), corrective actions are added to them, and a
management review's decisions become the continual-improvement plan (10.2)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from parkesg.web.core.objects import deny
from parkesg.web.esg import enums
from parkesg.web.esg.models import AuditFinding, CorrectiveAction, InternalAudit, Nonconformity
from parkesg.web.esg.people import audit_team, place
from parkesg.web.esg.services import records


def save_audit(*, actor: Any, obj: InternalAudit, request: Any = None) -> InternalAudit:
    """An audit's team and audited departments, checked whenever they change: no auditor
    audits their own department, only internal auditors audit (9.2.2 d)."""
    pending = getattr(obj, records.PENDING_M2M, {})
    if not obj._state.adding:
        stored = InternalAudit.objects.get(pk=obj.pk)
        auditors = pending.get("auditors", stored.auditors.all())
        departments = pending.get("departments", stored.departments.all())
    else:
        auditors, departments = pending.get("auditors", []), pending.get("departments", [])
    audited = {d.pk: d.name for d in departments}
    problems = [f"{a.name} 不是内审员" for a in auditors if not a.internal_auditor]
    problems += [f"审核员 {a.name} 不能审核本部门（{audited[a.department_id]}）" for a in auditors
                 if a.department_id in audited]  # fmt: skip
    if problems:
        raise ValidationError({"auditors": [f"{p}（T/ESC 001 9.2.2 d）" for p in problems]})
    return records.save(actor=actor, obj=obj, request=request)  # type: ignore[no-any-return]


def save_finding(*, actor: Any, obj: AuditFinding, request: Any = None) -> AuditFinding:
    """An auditor of the audit records a finding while the audit is under way, never about
    their own department (9.2.2 d); a major or minor one opens a nonconformity (10.1)."""
    audit = InternalAudit.objects.get(pk=obj.audit_id)
    if audit.organisation_id != actor.organisation_id or not audit_team(actor, audit):
        deny(actor, AuditFinding, obj.pk or "", "add", request)
        raise PermissionDenied("只有本次审核的审核员可以记录审核发现")
    if audit.state != "fieldwork":
        raise ValidationError("审核未在实施中，不能记录或修改审核发现")
    if not audit.departments.filter(pk=obj.department_id).exists():
        raise ValidationError({"department": "责任部门不在本次审核的受审核部门中"})
    me = place(actor, audit)
    if me is not None and me.department_id == obj.department_id:
        raise ValidationError({"department": "审核员不能审核本部门（T/ESC 001 9.2.2 d）"})
    if obj._state.adding:
        obj.raised_by = actor
    with transaction.atomic():
        finding = records.save(actor=actor, obj=obj, request=request)
        if finding.grade in enums.NC_GRADES and not hasattr(finding, "nonconformity"):
            nc = Nonconformity(
                source="audit", grade=finding.grade, finding=finding, title=finding.description[:200],
                description=f"{finding.description}\n客观证据：{finding.evidence}",
                clause=finding.clause, department_id=finding.department_id,
                raised_on=timezone.localdate(), raised_by=actor,
            )  # fmt: skip
            records.save(actor=actor, obj=nc, request=request)
        elif finding.grade in enums.NC_GRADES:
            nc = finding.nonconformity
            if nc.state == "open" and nc.grade != finding.grade:
                nc.grade = finding.grade
                records.save(actor=actor, obj=nc, request=request)
    return finding  # type: ignore[no-any-return]


def save_nonconformity(*, actor: Any, obj: Nonconformity, request: Any = None) -> Nonconformity:
    if obj._state.adding:
        obj.raised_by = actor
    return records.save(actor=actor, obj=obj, request=request)  # type: ignore[no-any-return]


def save_action(*, actor: Any, obj: CorrectiveAction, request: Any = None) -> CorrectiveAction:
    """Corrective actions are planned while the nonconformity is analysed or being corrected;
    a verified one is a record and does not change."""
    nc = Nonconformity.objects.get(pk=obj.nonconformity_id)
    if nc.state not in ("open", "analysed", "actioned"):
        raise ValidationError("不符合已提交验证或已关闭，不能再增改纠正措施")
    if obj.owner.organisation_id != actor.organisation_id:
        raise ValidationError({"owner": "负责人应为本组织人员"})
    return records.save(actor=actor, obj=obj, request=request)  # type: ignore[no-any-return]
