"""Objections (T/JDFA01 6.12 b): the enterprise files one against its published result
within the notice period, with reasons and evidence; the organisation's admin assigns
evaluators who were not on the original rating (neither the team, nor its 资料复核 reviewer,
nor the committee member who signed); they re-rate the enterprise against the project's own
peers (its reference peer table — never against itself) with corrections the evidence
supports, and uphold (the new result replaces the old: new certificate, new publication, the
old ones kept as superseded) or reject it with reasons. Every step is audited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.collection.models import EvidenceFile
from parkesg.web.core.objects import get_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.ratings import conclusion, flows, people, rating, storage, uploads
from parkesg.web.ratings.kinds import ObjectionState, ProjectState, RunKind, Status
from parkesg.web.ratings.models import (
    Certificate,
    Evaluator,
    Objection,
    PublishedGrade,
    RatingResult,
)
from parkesg.web.ratings.portfolio import _correct, _evidence
from parkesg.web.ratings.services import _refuse
from parkesg.web.ratings.uploads import Upload

OPEN = (ObjectionState.filed, ObjectionState.reviewing)


def window_open(cert: Certificate) -> bool:
    p = cert.project
    return bool(p.state == ProjectState.published and p.window_ends_on
                and timezone.localdate() <= p.window_ends_on)  # fmt: skip


def objector(*, actor: Any, certificate_id: Any, request: Any = None) -> Certificate:
    """The certificate ``actor`` may object to (the rated enterprise's admin or editor), else
    403/404 — asked before any file of the objection is read."""
    cert = get_for_user(Certificate, actor, Action.view, certificate_id, request=request)
    m = cert.member
    if not (m.enterprise_id and actor.organisation_id == m.enterprise_id
            and role_allows(actor.role, Action.change)):  # fmt: skip
        _refuse(actor, cert, request)
    return cert  # type: ignore[no-any-return]


def file_objection(*, actor: Any, certificate_id: Any, reasons: str,
                   evidence: list[EvidenceFile] | None = None, files: Sequence[Upload] = (),
                   request: Any = None) -> Objection:  # fmt: skip
    """The rated enterprise (its admin or editor) objects to its published result. ``files``
    (checked uploads, ``uploads.check``) are kept with the objection, in its transaction:
    nothing is stored for an objection refused."""
    cert = objector(actor=actor, certificate_id=certificate_id, request=request)
    m = cert.member
    if cert.status != Status.valid or not window_open(cert):
        raise ValidationError("不在异议期内：异议须在公示期内对有效的评价结果提出（6.12 b）")
    if not reasons.strip():
        raise ValidationError({"reasons": "请写明异议理由"})
    if Objection.objects.filter(certificate=cert, state__in=OPEN).exists():
        raise ValidationError("该结果已有正在处理的异议")
    for f in evidence or []:
        if f.organisation_id != actor.organisation_id:
            raise ValidationError({"evidence": "只能附加本企业的材料"})
    with transaction.atomic(), uploads.kept(actor, files, request) as kept:
        evidence = [*(evidence or []), *kept]
        o = Objection.objects.create(organisation=cert.organisation, created_by=actor,
                                     project=cert.project, member=m, certificate=cert,
                                     reasons=reasons.strip())  # fmt: skip
        if evidence:
            o.evidence.add(*evidence)
        audit.record(action=AuditAction.create, actor=actor, organisation=o.organisation, obj=o,
                     after={**(audit.snapshot(o) or {}), "evidence": [f.pk for f in evidence or []]},
                     request=request)  # fmt: skip
    return o


def assign(
    *, actor: Any, objection_id: Any, evaluator_ids: list[Any], request: Any = None
) -> Objection:
    """The admin names the reviewers; ``flows.OBJECTION`` refuses anyone of the original rating."""
    o = get_for_user(Objection, actor, Action.view, objection_id, request=request)
    if not people.admin(actor, o.organisation_id):
        _refuse(actor, o, request, Action.manage)
    chosen = Evaluator.objects.filter(organisation_id=o.organisation_id,
                                      pk__in=[int(i) for i in evaluator_ids if str(i).isdigit()])  # fmt: skip
    with transaction.atomic():
        o.reviewers.set(chosen)
        flows.OBJECTION.move(o, "assign", user=actor, request=request)
    o.refresh_from_db()
    return o


def _reviewing(actor: Any, objection_id: Any, request: Any) -> Objection:
    o = get_for_user(Objection, actor, Action.view, objection_id, request=request)
    if o.state != ObjectionState.reviewing or not flows.assigned(actor, o):
        _refuse(actor, o, request)
    if any(u.pk == actor.pk for u in o.original_people):
        raise ValidationError("不能复核对自己参与的评价的异议")
    return o


def correct(*, actor: Any, objection_id: Any, field_id: str, value: float | None = None,
            category: str = "", reason: str, evidence_id: Any = None, request: Any = None) -> Any:  # fmt: skip
    """A reviewer corrects a value the objection's evidence shows to be wrong."""
    o = _reviewing(actor, objection_id, request)
    return _correct(o.member, actor=actor, field_id=field_id, value=value, category=category,
                    reason=f"异议复核：{reason}", evidence=_evidence(actor, evidence_id, request),
                    year=None, request=request)  # fmt: skip


def rerate(*, actor: Any, objection_id: Any, request: Any = None) -> Objection:
    """Re-rate the enterprise alone against the peers of the result objected to (that run's
    own peer statistics, or the reference it used), and keep the diff of scores."""
    o = _reviewing(actor, objection_id, request)
    old = o.certificate.result
    peers_from = rating.own_reference(old.run, actor)
    with transaction.atomic():
        run = rating.rate(o.project, actor=actor, members=[o.member], kind=RunKind.objection,
                          peers_from=peers_from)  # fmt: skip
        new = RatingResult.objects.get(run=run, member=o.member)
        before = audit.snapshot(o)
        o.rerun, o.diff = run, diff(old, new)
        o.save(update_fields=["rerun", "diff"])
        audit.record(action=AuditAction.change, actor=actor, organisation=o.organisation, obj=o,
                     before=before, after={"rerun": run.pk, "diff": o.diff["total"]},
                     request=request)  # fmt: skip
    return o


def _scores(r: RatingResult) -> pd.DataFrame:
    ind = storage.read(r.organisation_id, r.run.files["indicators"])
    ind = ind[ind.entity_id.astype(str) == r.member.entity_key]
    cols = ["indicator_id", "no", "name_zh", "value", "score"]
    if "comprehensive_score" in ind.columns:
        cols.append("comprehensive_score")
    return ind[cols].set_index("indicator_id")


def diff(old: RatingResult, new: RatingResult) -> dict[str, Any]:
    """Old → new: totals, grades and every indicator whose value or score changed."""
    a, b = _scores(old), _scores(new)
    rows = []
    for ind in b.index:
        if ind not in a.index:
            continue
        x, y = a.loc[ind], b.loc[ind]
        changed = [c for c in ("value", "score", "comprehensive_score") if c in b.columns
                   and not _same(x.get(c), y.get(c))]  # fmt: skip
        if changed:
            rows.append({"indicator": ind, "no": int(y["no"]), "name": y["name_zh"],
                         "value": [_plain(x["value"]), _plain(y["value"])],
                         "score": [_plain(x["score"]), _plain(y["score"])]})  # fmt: skip
    return {
        "total": {"old": old.final_score, "new": new.final_score,
                  "old_grade": old.final_grade, "new_grade": new.final_grade},
        "indicators": rows,
    }  # fmt: skip


def _plain(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


def _same(x: Any, y: Any) -> bool:
    px, py = _plain(x), _plain(y)
    if isinstance(px, float) and isinstance(py, float):
        return round(px - py, 9) == 0
    return bool(px == py)


def decide(
    *, actor: Any, objection_id: Any, event: str, reasons: str, request: Any = None
) -> Objection:
    """Uphold or reject with the reasons (``flows.OBJECTION``: only an assigned reviewer who was
    not on the original rating)."""
    if event not in ("uphold", "reject"):
        raise ValidationError("未知操作")
    o = get_for_user(Objection, actor, Action.view, objection_id, request=request)
    with transaction.atomic():
        Objection.objects.filter(pk=o.pk).update(decision=reasons.strip())
        flows.OBJECTION.move(o, event, user=actor, note=reasons, request=request)
    o.refresh_from_db()
    return o


def reissue(o: Objection, user: Any) -> None:
    """An upheld objection: the re-rating becomes the enterprise's result; its certificate and
    publication replace the old ones, which stay visible as superseded."""
    new = RatingResult.objects.get(run=o.rerun, member=o.member)
    RatingResult.objects.filter(project=o.project, member=o.member, current=True).update(
        current=False
    )
    new.current = True
    new.previous_grade = o.certificate.grade
    new.save(update_fields=["current", "previous_grade"])
    cert = conclusion.issue_certificate(o.project, new, user)
    o.new_certificate = cert
    o.save(update_fields=["new_certificate"])
    if cert is None:  # withheld on re-rating: the old certificate is withdrawn
        old = o.certificate
        old.status, old.status_note = Status.withdrawn, "异议复评后不予评级"
        old.save(update_fields=["status", "status_note"])
        PublishedGrade.objects.filter(certificate_number=old.number, organisation=o.organisation,
                                      status=Status.valid).update(status=Status.withdrawn)  # fmt: skip
        return
    if PublishedGrade.objects.filter(certificate_number=o.certificate.number,
                                     organisation=o.organisation).exists():  # fmt: skip
        conclusion.publish(o.project, user, [cert])
