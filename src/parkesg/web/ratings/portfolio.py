"""The portfolio of a project (T/JDFA01 6.2 a scope, 6.6 d, 6.7): platform enterprises added
by list or by filter (industry, region, park) — those that consent to the rating
organisation — or enterprises of an imported data file (public information); each
enterprise's data sources with evidence, and evaluators' corrections."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from parkesg.codes import check_credit_code
from parkesg.errors import DataError, DataErrors
from parkesg.frameworks import fields_for, load_catalogue
from parkesg.io.tables import read_wide
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.collection.models import EvidenceFile
from parkesg.web.core.objects import get_for_user
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import AccessGrant, GrantKind, Organisation, OrgKind, active_grants_q
from parkesg.web.ratings import people, storage, uploads
from parkesg.web.ratings.criteria import framework_of
from parkesg.web.ratings.kinds import AddedVia, MemberBasis, RatingType, Source67
from parkesg.web.ratings.models import (
    Correction,
    DataSource,
    PortfolioImport,
    PortfolioMember,
    RatingProject,
)
from parkesg.web.ratings.services import EDITABLE, WORKING, _refuse, project_for

MAX_IMPORT_ROWS = 500_000


def consenting(project: RatingProject) -> QuerySet[Organisation]:
    """Platform enterprises whose consent to the project's organisation is in force (6.6 d);
    for a self-rating, the enterprise itself."""
    if project.rating_type == RatingType.self_rating:
        return Organisation.objects.filter(pk=project.organisation_id)
    grants = AccessGrant.objects.filter(
        active_grants_q(timezone.localdate()), kind=GrantKind.bank_consent,
        grantee_id=project.organisation_id,
    )  # fmt: skip
    return Organisation.objects.filter(pk__in=grants.values("organisation_id"),
                                       kind=OrgKind.enterprise).order_by("name")  # fmt: skip


def _editable(actor: Any, project_id: Any, request: Any, states: tuple[str, ...] = EDITABLE) -> Any:
    p = project_for(actor, project_id, Action.change, request)
    if not people.lead_or_admin(actor, p):
        _refuse(actor, p, request)
    if p.state not in states:
        raise ValidationError("当前阶段不能修改评价范围")
    return p


def _member_of(p: RatingProject, org: Organisation, via: str) -> PortfolioMember:
    grant = AccessGrant.objects.filter(
        active_grants_q(timezone.localdate()), kind=GrantKind.bank_consent, organisation=org,
        grantee_id=p.organisation_id,
    ).order_by("-starts_on").first()  # fmt: skip
    return PortfolioMember(
        organisation=p.organisation, created_by=p.created_by, project=p, enterprise=org,
        entity_key=org.credit_code or f"org-{org.pk}", name=org.name,
        credit_code=org.credit_code, industry=org.industry, region=org.region,
        park_name=org.park.name if org.park is not None else "", basis=MemberBasis.consent,
        consent=grant, added_via=via,
        basis_note="本企业自评" if p.rating_type == RatingType.self_rating else "",
    )  # fmt: skip


def add_enterprises(*, actor: Any, project_id: Any, enterprise_ids: list[Any],
                    request: Any = None) -> list[PortfolioMember]:  # fmt: skip
    """By list: enterprises chosen among those that consent (others are not offered)."""
    p = _editable(actor, project_id, request)
    orgs = consenting(p).filter(pk__in=[int(i) for i in enterprise_ids if str(i).isdigit()])
    return _add(p, list(orgs), AddedVia.listed, actor, request)


def add_by_filter(*, actor: Any, project_id: Any, industry: str = "", region: str = "",
                  park_id: Any = None, request: Any = None) -> list[PortfolioMember]:  # fmt: skip
    """By filter: every consenting enterprise whose industry code and region code start with
    the given prefixes and, when given, in the given park."""
    p = _editable(actor, project_id, request)
    orgs = consenting(p)
    if industry.strip():
        orgs = orgs.filter(industry__startswith=industry.strip().upper())
    if region.strip():
        orgs = orgs.filter(region__startswith=region.strip())
    if park_id:
        orgs = orgs.filter(park_id=park_id)
    return _add(p, list(orgs), AddedVia.filtered, actor, request)


def _add(p: RatingProject, orgs: list[Organisation], via: str, actor: Any,
         request: Any) -> list[PortfolioMember]:  # fmt: skip
    have = set(p.members.values_list("enterprise_id", flat=True))
    new = [_member_of(p, o, via) for o in orgs if o.pk not in have]
    with transaction.atomic():
        made = PortfolioMember.objects.bulk_create(new)
        for m in made:
            DataSource.objects.create(
                organisation=p.organisation, created_by=actor, member=m, category=Source67.f,
                description="企业在平台报送并经其审核的数据（企业授权）",
                reference=f"授权 #{m.consent_id}" if m.consent_id else "",
            )  # fmt: skip
        audit.record(action=AuditAction.change, actor=actor, organisation=p.organisation, obj=p,
                     after={"members_added": [m.name for m in made], "via": via},
                     request=request)  # fmt: skip
    return made


def remove_member(*, actor: Any, member_id: Any, request: Any = None) -> None:
    m = get_for_user(PortfolioMember, actor, Action.change, member_id, request=request)
    p = _editable(actor, m.project_id, request)
    if m.results.exists():
        raise ValidationError("已有评价结果的企业不能移出评价范围")
    with transaction.atomic():
        audit.record(action=AuditAction.change, actor=actor, organisation=p.organisation, obj=p,
                     after={"member_removed": m.name}, request=request)  # fmt: skip
        m.sources.all().delete()
        m.corrections.all().delete()
        m.delete()


def import_portfolio(*, actor: Any, project_id: Any, data: bytes, name: str, source: str,
                     note: str, request: Any = None) -> PortfolioImport:  # fmt: skip
    """By import: a wide data file (CSV, UTF-8 or GB18030; the layout ``parkesg rate`` reads)
    kept in the evidence store, checked cell by cell; each enterprise in it joins the
    portfolio on the public information the file states (``source``, 6.7), or — already a
    member — has its rows read from it."""
    p = _editable(actor, project_id, request, (*EDITABLE, *WORKING))
    if source not in Source67.values:
        raise ValidationError({"source": "请选择信息来源类别（6.7 a–f）"})
    if not note.strip():
        raise ValidationError({"note": "请说明文件中的信息来自哪些公开渠道（6.7）"})
    fw = framework_of(p.framework_id, p.segments)
    # the file kept with the import, in its transaction: nothing kept for a file refused
    with transaction.atomic(), uploads.kept(actor, [(data, name)], request) as (evidence,):
        if evidence.kind != "text":
            raise ValidationError({"file": "请上传 CSV 文件（一行一家企业一年，列为字段编号）"})
        wide = _read(data, fw)
        if len(wide) > MAX_IMPORT_ROWS:
            raise ValidationError(f"文件行数超过上限 {MAX_IMPORT_ROWS}")
        sha = storage.write(p.organisation_id, wide)
        entities = wide.drop_duplicates("entity_id")
        imp = PortfolioImport.objects.create(
            organisation=p.organisation, created_by=actor, project=p, file=evidence,
            source=source, rows=len(wide), entities=len(entities), note=note.strip(),
            frame_sha256=sha,
        )  # fmt: skip
        have = set(p.members.values_list("entity_key", flat=True))
        new = [_imported(p, r, actor, note) for r in entities.to_dict("records")
               if str(r["entity_id"]) not in have]  # fmt: skip
        made = PortfolioMember.objects.bulk_create(new, batch_size=2000)
        DataSource.objects.bulk_create(
            [DataSource(organisation=p.organisation, created_by=actor, member=m, category=source,
                        description=f"导入文件 {evidence.name}：{note.strip()}"[:300],
                        reference=f"sha256 {evidence.sha256[:16]}", evidence=evidence)
             for m in made], batch_size=2000,
        )  # fmt: skip
        audit.record(action=AuditAction.create, actor=actor, organisation=p.organisation, obj=imp,
                     after={**(audit.snapshot(imp) or {}), "members_added": len(made)},
                     request=request)  # fmt: skip
    return imp


def _read(data: bytes, fw: Any) -> Any:
    with tempfile.TemporaryDirectory(prefix="parkesg-rating-import-") as tmp:
        path = Path(tmp) / "portfolio.csv"
        path.write_bytes(data)
        try:
            return read_wide(path, fields=load_catalogue())
        except DataErrors as exc:
            raise ValidationError([str(e) for e in exc.errors[:50]]) from exc
        except DataError as exc:
            raise ValidationError(str(exc)) from exc


def _imported(p: RatingProject, r: dict[str, Any], actor: Any, note: str) -> PortfolioMember:
    key = str(r["entity_id"])
    try:
        code = check_credit_code(key)
    except DataError:
        code = ""
    return PortfolioMember(
        organisation=p.organisation, created_by=actor, project=p, entity_key=key,
        name=str(r.get("name") or key)[:200], credit_code=code,
        industry=str(r.get("industry") or "")[:5], region=str(r.get("region") or "")[:6],
        basis=MemberBasis.public, basis_note=note.strip()[:300], added_via=AddedVia.imported,
    )  # fmt: skip


def _working_member(actor: Any, member_id: Any, request: Any) -> PortfolioMember:
    m = get_for_user(PortfolioMember, actor, Action.change, member_id, request=request)
    if not people.team_or_admin(actor, m.project):
        _refuse(actor, m, request)
    if m.project.state not in (*EDITABLE, *WORKING):
        raise ValidationError("当前阶段不能修改评价信息")
    return m


def _evidence(actor: Any, evidence_id: Any, request: Any) -> EvidenceFile | None:
    if not evidence_id:
        return None
    ef = get_for_user(EvidenceFile, actor, Action.view, evidence_id, request=request)
    if ef.organisation_id != actor.organisation_id:
        raise ValidationError({"evidence": "只能引用本组织的证明材料"})
    return ef


def add_source(*, actor: Any, member_id: Any, category: str, description: str,
               reference: str = "", evidence_id: Any = None,
               request: Any = None) -> DataSource:  # fmt: skip
    """6.7: record where information on an enterprise comes from, with its evidence."""
    m = _working_member(actor, member_id, request)
    if category not in Source67.values:
        raise ValidationError({"category": "请选择信息来源类别（6.7 a–f）"})
    if not description.strip():
        raise ValidationError({"description": "请说明信息来源"})
    if category == Source67.e and not (reference.strip() or evidence_id):
        raise ValidationError({"reference": "非直接披露的信息须注明来源以备查阅（6.7 e）"})
    with transaction.atomic():
        s = DataSource.objects.create(
            organisation=m.organisation, created_by=actor, member=m, category=category,
            description=description.strip(), reference=reference.strip(),
            evidence=_evidence(actor, evidence_id, request),
        )  # fmt: skip
        audit.record(action=AuditAction.create, actor=actor, organisation=m.organisation, obj=s,
                     after=audit.snapshot(s), request=request)  # fmt: skip
    return s


def add_correction(*, actor: Any, member_id: Any, field_id: str, value: float | None = None,
                   category: str = "", reason: str, evidence_id: Any = None, year: int | None = None,
                   request: Any = None) -> Correction:  # fmt: skip
    """A value an evaluator sets over the data (re-confirmation, on-site findings), with its
    reason and evidence; the next run reads it."""
    m = _working_member(actor, member_id, request)
    return _correct(m, actor=actor, field_id=field_id, value=value, category=category,
                    reason=reason, evidence=_evidence(actor, evidence_id, request), year=year,
                    request=request)  # fmt: skip


def _correct(m: PortfolioMember, *, actor: Any, field_id: str, value: float | None,
             category: str, reason: str, evidence: Any, year: int | None,
             request: Any) -> Correction:  # fmt: skip
    fields = {f.id: f for f in fields_for(framework_of(m.project.framework_id, m.project.segments))}
    if field_id not in fields:
        raise ValidationError({"field_id": f"“{field_id}” 不是评价体系读取的字段"})
    if not reason.strip():
        raise ValidationError({"reason": "请写明更正原因"})
    if value is None and not category.strip():
        raise ValidationError({"value": "请填写更正后的值"})
    with transaction.atomic():
        c = Correction.objects.create(
            organisation=m.organisation, created_by=actor, member=m,
            year=year or m.project.year, field_id=field_id, value=value,
            category=category.strip(), reason=reason.strip(), evidence=evidence,
        )  # fmt: skip
        audit.record(action=AuditAction.create, actor=actor, organisation=m.organisation, obj=c,
                     after=audit.snapshot(c), request=request)  # fmt: skip
    return c
