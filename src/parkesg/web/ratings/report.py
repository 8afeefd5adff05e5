"""The T/JDFA01 report and certificate of one enterprise (6.4 c, e), written from what the
platform stored — the result's trace document (``trace.document``), the project, its team,
the certificate — through ``parkesg.reports.write_report`` as a stored run of one document (issue 15), with
the rating profile: organisation, evaluators, type (书面 / 综合), date, certificate number and
validity, the 6.7 sources. Nothing is rated again for a report.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from django.core.exceptions import ValidationError

from parkesg.engagement import Engagement, EngagementKind, RatingProfile
from parkesg.errors import ParkesgError
from parkesg.reports.write import write_report
from parkesg.service import AssessmentResult
from parkesg.stored import Confirmation, StoredRun, edition, peer_summaries
from parkesg.web.documents.models import DocStatus
from parkesg.web.ratings import storage, trace
from parkesg.web.ratings.conclusion import type_label
from parkesg.web.ratings.criteria import framework_of
from parkesg.web.ratings.kinds import RatingKind, Source67, Status
from parkesg.web.ratings.models import Certificate, RatingResult


def certificate_of(r: RatingResult) -> Certificate | None:
    return Certificate.objects.filter(result=r).exclude(status=Status.withdrawn).first()


def profile(r: RatingResult) -> RatingProfile:
    p, m = r.project, r.member
    cert = certificate_of(r)
    team = "、".join(str(u.get_full_name() or u.get_username()) for u in p.team_users)
    sources = "；".join(sorted({str(Source67(s.category).label) for s in m.sources.all()}))
    return RatingProfile(
        enterprise_name=m.name, credit_code=m.credit_code or None,
        rating_org=f"{p.organisation.name}（{type_label(p)}）", evaluators=team or None,
        rating_type="综合评价" if r.final_kind == RatingKind.comprehensive else "书面评价",
        rating_date=(cert.issued_on if cert else r.created_at.date()).isoformat(),
        certificate_no=cert.number if cert else None,
        valid_until=cert.valid_until.isoformat() if cert else None, sources=sources or None,
    )  # fmt: skip


def _confirmation(r: RatingResult) -> Confirmation | None:
    """The approved criteria confirmation (6.8 c): it adopts every provisional value, so the
    report drops its 暂定 marks and the certificate may be issued."""
    doc = r.project.criteria_doc
    if doc is None or doc.status not in (DocStatus.approved, DocStatus.published):
        return None
    who = doc.approved_by
    when = doc.approved_at.date().isoformat() if doc.approved_at else ""
    name = (who.get_full_name() or who.get_username()) if who else ""
    return Confirmation(by=name, date=when, items=("weights", "indicators"),
                        organisation=r.project.organisation.name)  # fmt: skip


def stored(r: RatingResult) -> StoredRun:
    """The result as a report reads it: its trace document with the framework's edition, the
    confirmation of the criteria and where its total sits among the run's enterprises."""
    run = r.run
    fw = framework_of(run.framework_id, run.criteria.get("segments") or "")
    totals = storage.read(r.organisation_id, run.files["totals"])
    wide = storage.read(r.organisation_id, run.files["wide"])
    whole = AssessmentResult(
        framework=fw, indicators=pd.DataFrame(), nodes=pd.DataFrame(), totals=totals,
        selection=pd.DataFrame(), requirements=pd.DataFrame(), years=[r.year], wide=wide,
        energy=pd.DataFrame(), peers=pd.DataFrame(),
    )  # fmt: skip
    confirmation = _confirmation(r)
    doc = {
        **trace.document(r),
        "edition": {**edition(fw), "sha256": run.framework_sha256},
        "options": {
            "years": [r.year],
            "confirmation": confirmation.to_dict() if confirmation else None,
        },
        "entity": {"industry": r.member.industry or None, "region": r.member.region or None},
        "peers": peer_summaries(whole).get((r.member.entity_key, r.year)),
    }
    return StoredRun([doc])


def write(r: RatingResult, *, certificate: bool = False) -> tuple[bytes, str]:
    """(content, file name) of the report, or of the certificate, of ``r`` (.docx)."""
    eng = Engagement(kind=EngagementKind.jdfa, profile=profile(r))
    with tempfile.TemporaryDirectory(prefix="parkesg-rating-report-") as tmp:
        try:
            report = write_report("jdfa", stored(r), eng, Path(tmp) / "report.docx")
        except ParkesgError as exc:
            raise ValidationError(f"报告生成失败：{exc}") from exc
        if certificate:
            cert = [f for f in report.files if f.stem.endswith("评价证书")]
            if not cert:
                raise ValidationError("；".join(report.notices) or "未出具评价证书")
            out, what = cert[0], "评价证书"
        else:
            out, what = report.files[0], "ESG评价报告"
        name = f"{r.member.name}-{r.project.number}-{what}.docx".replace("/", "-")
        return out.read_bytes(), name
