"""Re-rating (issue 18 item 8) and withdrawal. A new year's data, or new information after a
rating, starts a new project of the affected enterprises from a closed one: the same criteria,
the enterprises chosen (their basis, imported data and sources carried over), ``previous``
naming the old project. A few enterprises re-rated in the same year are scored against the
old run's peers (its peer statistics as a reference table — never against themselves); a
whole portfolio, or a new year, against the new portfolio. Each result shows the grade the
organisation gave before beside the new one (``RatingResult.previous_grade``).

A certificate can be withdrawn by the organisation's admin with a reason (its published
grade with it); it stays in the register and the history as withdrawn."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core.objects import get_for_user
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import AccessGrant, GrantKind, active_grants_q
from parkesg.web.ratings import people, rating
from parkesg.web.ratings.kinds import PeerBasis, ProjectState, Status
from parkesg.web.ratings.models import (
    Certificate,
    DataSource,
    PortfolioImport,
    PortfolioMember,
    PublishedGrade,
    RatingProject,
)
from parkesg.web.ratings.services import _refuse, project_for, save_project

DONE = (ProjectState.approved, ProjectState.published, ProjectState.closed)
COPIED = ("rating_type", "purpose", "scope", "commissioned_by", "framework_id", "segments",
          "missing_rule", "small_peers", "comprehensive", "notice_days", "certificate_months")  # fmt: skip


def start_rerating(*, actor: Any, project_id: Any, member_ids: list[Any] | None = None,
                   year: int | None = None, request: Any = None) -> RatingProject:  # fmt: skip
    """A new project re-rating ``member_ids`` (default: all) of a concluded project."""
    old = project_for(actor, project_id, Action.change, request)
    if not people.lead_or_admin(actor, old):
        _refuse(actor, old, request)
    if old.state not in DONE:
        raise ValidationError("只能对已审定的项目复评")
    members = list(old.members.select_related("enterprise"))
    if member_ids:
        wanted = {int(i) for i in member_ids if str(i).isdigit()}
        members = [m for m in members if m.pk in wanted]
    if not members:
        raise ValidationError("请选择要复评的企业")
    year = year or old.year
    subset = len(members) < old.members.count()
    reference, basis = old.reference, old.peer_basis
    last = old.runs.filter(kind="project").order_by("-no").first()
    if subset and year == old.year and basis == PeerBasis.portfolio and last is not None:
        reference, basis = rating.own_reference(last, actor), PeerBasis.reference
    if year != old.year and basis == PeerBasis.reference:
        reference, basis = None, PeerBasis.portfolio  # a reference holds its own year only
    today = timezone.localdate()
    new = RatingProject(
        title=f"{old.title}（复评）"[:200], year=year, previous=old, peer_basis=basis,
        reference=reference, starts_on=today, data_due=today + dt.timedelta(days=10),
        report_due=today + dt.timedelta(days=30),
        onsite_due=today + dt.timedelta(days=20) if old.comprehensive else None,
        **{f: getattr(old, f) for f in COPIED},
    )  # fmt: skip
    with transaction.atomic():
        new = save_project(actor=actor, obj=new, request=request)
        new.benchmarks.set(old.benchmarks.all())
        for imp in old.imports.all():
            PortfolioImport.objects.create(
                organisation=new.organisation, created_by=actor, project=new, file=imp.file,
                source=imp.source, rows=imp.rows, entities=imp.entities, note=imp.note,
                frame_sha256=imp.frame_sha256,
            )  # fmt: skip
        for m in members:
            _carry(m, new, actor)
        audit.record(action=AuditAction.create, actor=actor, organisation=new.organisation,
                     obj=new, after={"rerating_of": old.number,
                                     "members": [m.name for m in members][:50],
                                     "peer_basis": basis, "year": year},
                     request=request)  # fmt: skip
    return new


def _carry(m: PortfolioMember, new: RatingProject, actor: Any) -> PortfolioMember:
    consent = None
    if m.enterprise_id:
        consent = AccessGrant.objects.filter(
            active_grants_q(timezone.localdate()), kind=GrantKind.bank_consent,
            organisation_id=m.enterprise_id, grantee_id=new.organisation_id,
        ).order_by("-starts_on").first()  # fmt: skip
    copy = PortfolioMember.objects.create(
        organisation=new.organisation, created_by=actor, project=new, enterprise=m.enterprise,
        entity_key=m.entity_key, name=m.name, credit_code=m.credit_code, industry=m.industry,
        region=m.region, park_name=m.park_name, basis=m.basis, consent=consent,
        basis_note=m.basis_note, added_via=m.added_via,
    )  # fmt: skip
    for s in DataSource.objects.filter(member=m):
        DataSource.objects.create(organisation=new.organisation, created_by=actor, member=copy,
                                  category=s.category, description=s.description,
                                  reference=s.reference, evidence=s.evidence)  # fmt: skip
    return copy


def withdraw_certificate(*, actor: Any, certificate_id: Any, reason: str,
                         request: Any = None) -> Certificate:  # fmt: skip
    """The admin withdraws a valid certificate, with the reason; its publication with it."""
    cert = get_for_user(Certificate, actor, Action.manage, certificate_id, request=request)
    if cert.status != Status.valid:
        raise ValidationError("只能撤销有效的证书")
    if not reason.strip():
        raise ValidationError({"reason": "请写明撤销原因"})
    before = audit.snapshot(cert)
    with transaction.atomic():
        cert.status, cert.status_note = Status.withdrawn, f"撤销：{reason.strip()}"[:300]
        cert.save(update_fields=["status", "status_note"])
        PublishedGrade.objects.filter(organisation_id=cert.organisation_id,
                                      certificate_number=cert.number,
                                      status=Status.valid).update(status=Status.withdrawn)  # fmt: skip
        audit.record(action=AuditAction.change, actor=actor, organisation=cert.organisation,
                     obj=cert, before=before, after=audit.snapshot(cert), request=request)  # fmt: skip
    return cert
