"""Service functions of the disclosures: open a year, read the KPI values from the
enterprise's approved observations (entered once, read by ratings and assessments too),
attach the report PDF, record a third-party assurance, correct a published version, and
freeze a version into its public snapshot. Each change is audited; every function takes the
acting person and re-checks their right through ``for_user``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from parkesg.errors import DataError
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.collection.models import EvidenceKind
from parkesg.web.core.roles import Action
from parkesg.web.disclosures import template
from parkesg.web.disclosures.models import (
    Disclosure,
    DisclosureVersion,
    PublishedVersion,
    VersionState,
)
from parkesg.web.observations.models import Observation, SourceCategory
from parkesg.web.orgs.models import OrgKind
from parkesg.web.ratings import uploads

ASSURANCE_FIELDS = ("assurer", "assurance_scope", "assurance_standard", "assurance_opinion",
                    "assured_on")  # fmt: skip


def _version(actor: Any, version_id: int, action: str = Action.change) -> DisclosureVersion:
    v = DisclosureVersion.objects.for_user(actor, action).filter(pk=version_id).first()
    if v is None:
        raise PermissionDenied("无权修改此披露")
    return v


def _editable(v: DisclosureVersion) -> None:
    if v.state != VersionState.draft:
        raise ValidationError("只有草稿可以修改；已提交的版本须先退回")


def open_disclosure(*, actor: Any, year: int, request: Any = None) -> Disclosure:
    """The enterprise's disclosure of ``year`` with its first (draft) version."""
    org = actor.organisation
    if org is None or org.kind != OrgKind.enterprise:
        raise PermissionDenied("只有企业可以编制 ESG 信息披露")
    if not _may(actor, Action.add):
        raise PermissionDenied("无权新建披露")
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError(f"披露年度须在 2000–{timezone.localdate().year} 之间")
    with transaction.atomic():
        if Disclosure.objects.filter(organisation=org, year=year).exists():
            raise ValidationError(f"{year} 年度的披露已存在")
        d = Disclosure.objects.create(organisation=org, created_by=actor, year=year,
                                      template=template.load().id)  # fmt: skip
        DisclosureVersion.objects.create(organisation=org, created_by=actor, disclosure=d, no=1)
        audit.record(action=AuditAction.create, actor=actor, organisation=org, obj=d,
                     after={"year": year}, request=request)  # fmt: skip
    return d


def _may(actor: Any, action: str) -> bool:
    from parkesg.web.core.roles import role_allows

    return bool(actor.organisation_id and role_allows(actor.role, action))


def live_values(v: DisclosureVersion, *, approved_only: bool = True) -> list[dict[str, Any]]:
    """The template's KPIs read from the enterprise's observations of the year (approved ones
    only, unless said): one row per KPI that has a value, in the template's order."""
    tpl = template.load()
    qs = Observation.objects.filter(organisation_id=v.organisation_id, year=v.disclosure.year,
                                    field_id__in=[k.field for k in tpl.kpis()])  # fmt: skip
    if approved_only:
        qs = qs.filter(state="approved")
    by_field = {o.field_id: o for o in qs.select_related("evidence_file")}
    out = []
    for k in tpl.kpis():
        o = by_field.get(k.field)
        if o is None:
            continue
        value = o.value_std if o.value_std is not None else o.value
        if value is None:
            continue
        ef = o.evidence_file
        out.append({"field": k.field, "section": k.section, "value": value, "unit": k.unit,
                    "source": o.source, "evidence": o.evidence,
                    "evidence_file": ef.name if ef else "",
                    "evidence_sha256": ef.sha256 if ef else "",
                    "observation": o.pk, "revision": o.revisions.count(),
                    "state": o.state})  # fmt: skip
    return out


def rows(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every KPI of the template beside its value (None where not disclosed), for a page."""
    tpl = template.load()
    got = {r["field"]: r for r in values}
    return [{**got.get(k.field, {"value": None}), "kpi": k, "section": s}
            for s in tpl.sections for k in s.kpis]  # fmt: skip


def source_label(value: str) -> str:
    return dict(SourceCategory.choices).get(value, value)


def attach_report(*, actor: Any, version_id: int, uploaded: Any, request: Any = None
                  ) -> DisclosureVersion:  # fmt: skip
    """Check the report file (the evidence store's checks; PDF only) and attach it."""
    v = _version(actor, version_id)
    _editable(v)
    data, name = uploads.check(actor=actor, uploaded=uploaded, request=request)
    if not data.startswith(b"%PDF-"):
        reason = "ESG 报告须为 PDF 文件"
        uploads.refused(actor, uploaded, data, reason, request)
        raise DataError(reason)
    with transaction.atomic(), uploads.kept(actor, [(data, name)], request) as files:
        assert files[0].kind == EvidenceKind.pdf
        before = audit.snapshot(v)
        v.report = files[0]
        v.save(update_fields=["report"])
        audit.record(action=AuditAction.change, actor=actor, organisation=v.organisation, obj=v,
                     before=before, after=audit.snapshot(v), request=request)  # fmt: skip
    return v


def assurance_problems(v: Any) -> list[str]:
    """An assurance record is optional; when any part is given, the assurer, the standard
    and the opinion must be (行动方案 12: 独立第三方机构的鉴证)."""
    given = [getattr(v, f) for f in ASSURANCE_FIELDS]
    if not any(given):
        return []
    need = {
        "assurer": "鉴证机构",
        "assurance_standard": "鉴证准则",
        "assurance_opinion": "鉴证结论",
    }
    return [f"已填写第三方鉴证，须同时填写{label}" for f, label in need.items()
            if not str(getattr(v, f) or "").strip()]  # fmt: skip


def save_draft(*, actor: Any, version_id: int, fields: dict[str, Any], request: Any = None
               ) -> DisclosureVersion:  # fmt: skip
    """Change the summary, the correction reason or the assurance record of a draft."""
    allowed = {"summary", "reason", *ASSURANCE_FIELDS}
    with transaction.atomic():
        v = _version(actor, version_id)
        _editable(v)
        before = audit.snapshot(v)
        for name, value in fields.items():
            if name in allowed:
                setattr(v, name, value)
        problems = assurance_problems(v)
        if problems:
            raise ValidationError(problems)
        v.full_clean(exclude=["values"])
        v.save()
        audit.record(action=AuditAction.change, actor=actor, organisation=v.organisation, obj=v,
                     before=before, after=audit.snapshot(v), request=request)  # fmt: skip
    return v


def correct(*, actor: Any, disclosure_id: int, reason: str, request: Any = None
            ) -> DisclosureVersion:  # fmt: skip
    """Start a correction of a published disclosure: a new draft version carrying the reason
    (and the report and assurance record of the last version, to be replaced as needed)."""
    if not reason.strip():
        raise ValidationError("更正须说明原因")
    with transaction.atomic():
        d = Disclosure.objects.for_user(actor, Action.change).select_for_update().filter(
            pk=disclosure_id).first()  # fmt: skip
        if d is None:
            raise PermissionDenied("无权更正此披露")
        last = d.versions.order_by("-no").first()
        if last is None or last.state != VersionState.published:
            raise ValidationError("只有已发布的披露可以更正；正在编制的版本请直接修改")
        v = DisclosureVersion.objects.create(
            organisation=d.organisation, created_by=actor, disclosure=d, no=last.no + 1,
            reason=reason.strip()[:500], summary=last.summary, report=last.report,
            **{f: getattr(last, f) for f in ASSURANCE_FIELDS},
        )  # fmt: skip
        audit.record(action=AuditAction.create, actor=actor, organisation=d.organisation, obj=v,
                     after={"no": v.no, "reason": v.reason}, request=request)  # fmt: skip
    return v


def freeze(v: DisclosureVersion, user: Any) -> PublishedVersion:
    """The public snapshot of ``v`` (called inside the publish step's transaction)."""
    org = v.organisation
    assurance = {f: (str(getattr(v, f)) if getattr(v, f) else "") for f in ASSURANCE_FIELDS}
    return PublishedVersion.objects.create(
        disclosure=v.disclosure, version=v, organisation=org, no=v.no, year=v.disclosure.year,
        template=v.disclosure.template, enterprise_name=org.name, credit_code=org.credit_code,
        industry=org.industry, region=org.region, park_name=org.park.name if org.park else "",
        kpis=list(v.values), summary=v.summary, reason=v.reason, report=v.report,
        report_name=v.report.name if v.report else "",
        report_sha256=v.report.sha256 if v.report else "",
        assurance=assurance if v.assurer else {}, published_at=timezone.now(), published_by=user,
    )  # fmt: skip


def move(*, actor: Any, version_id: int, event: str, note: str = "", request: Any = None
         ) -> DisclosureVersion:  # fmt: skip
    """Take ``event`` on a version (the workflow checks who may and whether it can)."""
    from parkesg.web.disclosures.flows import FLOW

    v = DisclosureVersion.objects.for_user(actor, Action.view).filter(pk=version_id).first()
    if v is None:
        raise PermissionDenied("无权操作此披露")
    return FLOW.move(v, event, user=actor, note=note, request=request)  # type: ignore[return-value]
