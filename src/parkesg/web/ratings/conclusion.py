"""The conclusion of a project (T/JDFA01 6.4 c–e, 6.5 d, 6.12 a), run by the workflow's hooks:
the conclusion document (submitted for 资料复核, approved by the committee), the certificate
register, and the publication — a frozen snapshot of what is made public, no more."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.documents import services as docs
from parkesg.web.documents.models import Access, DocStatus, Document, content_digest
from parkesg.web.ratings.kinds import RatingType, Status
from parkesg.web.ratings.models import (
    Certificate,
    PortfolioMember,
    PublishedGrade,
    RatingProject,
    RatingResult,
)


def current_results(p: RatingProject) -> list[RatingResult]:
    """Each enterprise's result now in force in this project (the latest run's, or a re-rating
    on an upheld objection)."""
    qs = RatingResult.objects.filter(project=p, current=True).select_related("member", "run")
    return list(qs.order_by("member__name"))


def type_label(p: RatingProject) -> str:
    """How a result is labelled (§1): 企业自评 / 利益相关方评价（机构）/ 第三方评价（机构）."""
    if p.rating_type == RatingType.self_rating:
        return "企业自评"
    return f"{RatingType(p.rating_type).label}（{p.organisation.name}）"


def _row(r: RatingResult) -> dict[str, Any]:
    return {
        "member": r.member_id, "enterprise": r.member.name, "credit_code": r.member.credit_code,
        "result": r.pk, "run": r.run.no, "score": r.score, "grade": r.grade,
        "comprehensive_score": r.comprehensive_score, "comprehensive_grade": r.comprehensive_grade,
        "final_kind": r.final_kind, "final_grade": r.final_grade, "withheld": r.withheld,
    }  # fmt: skip


def conclusion_content(p: RatingProject) -> dict[str, Any]:
    results = current_results(p)
    runs = sorted({r.run_id for r in results})
    return {
        "project": p.number, "title": p.title, "type": type_label(p), "year": p.year,
        "framework": p.framework_id, "runs": runs,
        "files": {str(r.run_id): r.run.files for r in results[:1]},
        "results": [_row(r) for r in results],
    }  # fmt: skip


def submit_conclusion(p: RatingProject, user: Any) -> None:
    """6.4 c: the conclusion (grades of every enterprise, the runs they come from) as a draft
    document submitted for 资料复核 — a returned draft is brought up to date and resubmitted."""
    body = conclusion_content(p)
    doc = p.conclusion_doc
    if doc is None or doc.status in (DocStatus.withdrawn, DocStatus.superseded):
        doc = docs.create(organisation=p.organisation, author=user, kind="ratings.conclusion",
                          number=f"{p.number}-结论", title=f"{p.title} 评价结论", subject=p,
                          content=body, access=Access.restricted)  # fmt: skip
    elif doc.status == DocStatus.draft:
        doc.content = body
        doc.save()
    docs.LIFE.move(doc, "submit", user=user)
    p.conclusion_doc = doc
    p.save(update_fields=["conclusion_doc"])


def return_conclusion(p: RatingProject, user: Any) -> None:
    """The reviewer or the committee sends the work back: the document returns to draft."""
    doc = p.conclusion_doc
    if doc is not None and doc.status == DocStatus.review:
        docs.LIFE.move(doc, "return", user=user, note="退回评价组修改")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it has fewer days)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))  # fmt: skip


def _next_number(org_id: int, on: dt.date) -> str:
    from parkesg.web.ratings.services import next_number

    prefix = f"ESG{on.year}-{org_id:03d}-"
    taken = Certificate.objects.filter(organisation_id=org_id, number__startswith=prefix)
    return next_number(taken.values_list("number", flat=True), prefix, 5)


def issue_certificate(
    p: RatingProject, result: RatingResult, user: Any, *, on: dt.date | None = None
) -> Certificate | None:
    """6.4 e: a certificate for one result (none for a withheld rating); an earlier valid
    certificate of the same enterprise from this organisation is superseded by it."""
    if result.withheld or not result.final_grade:
        return None
    on = on or timezone.localdate()
    m = result.member
    cert = Certificate(
        organisation=p.organisation, created_by=user, number=_next_number(p.organisation_id, on),
        project=p, member=m, result=result, enterprise_name=m.name, credit_code=m.credit_code,
        grade=result.final_grade, rating_kind=result.final_kind, rating_type=p.rating_type,
        issued_on=on, valid_until=add_months(on, p.certificate_months),
    )  # fmt: skip
    cert.content_sha256 = content_digest({
        "number": cert.number, "enterprise": m.name, "credit_code": m.credit_code,
        "grade": cert.grade, "kind": cert.rating_kind, "type": type_label(p),
        "organisation": p.organisation.name, "issued_on": on.isoformat(),
        "valid_until": cert.valid_until.isoformat(), "result": result.pk,
    })  # fmt: skip
    cert.save()
    for old in earlier_certificates(m).exclude(pk=cert.pk):
        old.status, old.superseded_by = Status.superseded, cert
        old.status_note = f"由 {cert.number} 取代"
        old.save(update_fields=["status", "superseded_by", "status_note"])
    audit.record(action=AuditAction.create, actor=user, organisation=p.organisation, obj=cert,
                 after=audit.snapshot(cert))  # fmt: skip
    return cert


def same_enterprise_q(m: PortfolioMember, path: str = "member") -> Q:
    """The same enterprise across projects: the platform organisation, else its 统一社会信用代码,
    else its id in the imported data."""
    if m.enterprise_id:
        return Q(**{f"{path}__enterprise_id": m.enterprise_id})
    if m.credit_code:
        return Q(**{f"{path}__credit_code": m.credit_code})
    return Q(**{f"{path}__entity_key": m.entity_key, f"{path}__enterprise__isnull": True})


def earlier_certificates(m: PortfolioMember) -> Any:
    return Certificate.objects.filter(same_enterprise_q(m), organisation_id=m.organisation_id,
                                      status=Status.valid)  # fmt: skip


def sign_off(p: RatingProject, user: Any) -> list[Certificate]:
    """6.5 d: the committee approves the conclusion; 6.4 e: certificates are issued."""
    doc = p.conclusion_doc
    if doc is not None and doc.status == DocStatus.review:
        docs.LIFE.move(doc, "approve", user=user)
    today = timezone.localdate()
    return [c for r in current_results(p) if (c := issue_certificate(p, r, user, on=today))]


def public_row(cert: Certificate) -> dict[str, Any]:
    """What a publication says of one enterprise (6.12 a): no score, no trace, no data."""
    return {
        "enterprise": cert.enterprise_name, "credit_code": cert.credit_code,
        "grade": cert.grade, "rated_on": cert.issued_on.isoformat(),
        "rating_org": cert.organisation.name, "rating_type": cert.rating_type,
        "type_label": type_label(cert.project), "certificate": cert.number,
    }  # fmt: skip


def publish(p: RatingProject, user: Any, certificates: list[Certificate] | None = None) -> Document:
    """6.12 a: freeze what is published as a document (the public rows only) and list each
    grade for search; a grade published before for the same enterprise by this organisation is
    superseded (it stays in the history)."""
    today = timezone.localdate()
    certs = certificates if certificates is not None else list(
        Certificate.objects.filter(project=p, status=Status.valid).select_related("member")
    )  # fmt: skip
    window = today + dt.timedelta(days=p.notice_days)
    body = {"project": p.number, "published_on": today.isoformat(),
            "objections_until": window.isoformat(), "rows": [public_row(c) for c in certs]}  # fmt: skip
    n = Document.objects.filter(organisation=p.organisation, kind="ratings.publication",
                                number__startswith=f"{p.number}-公示").count()  # fmt: skip
    doc = docs.create(organisation=p.organisation, author=user, kind="ratings.publication",
                      number=f"{p.number}-公示-{n + 1}", title=f"{p.title} 评价结果公示",
                      subject=p, content=body, access=Access.public,
                      change_note="依据委员会审定的评价结论公示（6.12 a）")  # fmt: skip
    doc.status, doc.published_at, doc.effective_from = DocStatus.published, timezone.now(), today
    doc.save()
    for c in certs:
        _list_grade(p, c, doc, today, window)
    return doc


def _list_grade(
    p: RatingProject, c: Certificate, doc: Document, today: dt.date, window: dt.date
) -> PublishedGrade:
    m = c.member
    row = PublishedGrade.objects.create(
        organisation=p.organisation, created_by=doc.author, project=p, member=m,
        enterprise=m.enterprise, snapshot=doc, enterprise_name=c.enterprise_name,
        credit_code=c.credit_code, industry=m.industry, region=m.region, grade=c.grade,
        rated_on=c.issued_on, rating_org=p.organisation.name, rating_type=p.rating_type,
        certificate_number=c.number, published_on=today, window_ends_on=window,
    )  # fmt: skip
    earlier = PublishedGrade.objects.filter(
        same_enterprise_q(m), organisation_id=p.organisation_id, status=Status.valid
    ).exclude(pk=row.pk)
    for old in earlier:
        old.status, old.superseded_by = Status.superseded, row
        old.save(update_fields=["status", "superseded_by"])
    return row
