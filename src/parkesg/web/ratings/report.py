"""The T/JDFA01 report and certificate of one enterprise (6.4 c, e), written from what the
platform stored — the result's trace document (``trace.document``), the project, its team,
the certificate — through the report code of ``parkesg.reports`` (``context_jdfa`` and the
shipped ``jdfa`` / ``jdfa-certificate`` templates). Nothing is rated again for a report.

What the report code reads from here (for the reports rework, issue 15): the enterprise's
``to_json`` document (indicators with traces, groups, total, grade, comprehensive total and
grade, adjustments), its wide input row (industry, region), the totals of the same run's
enterprises of its industry (the peer chart), and the rating profile: organisation, evaluators,
type (书面 / 综合), date, certificate number and validity, the 6.7 sources.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from parkesg.engagement import Engagement, EngagementKind, RatingProfile
from parkesg.reports import charts, context_jdfa
from parkesg.reports.render import render, template_path
from parkesg.web.ratings import storage, trace
from parkesg.web.ratings.conclusion import type_label
from parkesg.web.ratings.criteria import framework_of
from parkesg.web.ratings.kinds import RatingKind, Source67, Status
from parkesg.web.ratings.models import Certificate, RatingResult

CHART_WIDTH_MM = 150


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


def _context(r: RatingResult, work: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    doc = trace.document(r)
    fw = framework_of(r.run.framework_id, r.run.criteria.get("segments") or "")
    eng = Engagement(kind=EngagementKind.jdfa, profile=profile(r))
    totals = storage.read(r.organisation_id, r.run.files["totals"])
    wide = storage.read(r.organisation_id, r.run.files["wide"])
    entity = {"industry": r.member.industry or None, "region": r.member.region or None}
    same = (
        wide[wide.industry == r.member.industry].entity_id if r.member.industry else wide.entity_id
    )
    peers = [float(v) for v in totals[totals.entity_id.isin(same)].score.dropna()]
    ctx = context_jdfa.context(doc, fw, eng, entity, peers)
    png = None
    if len(peers) > 1 and doc.get("total") is not None:
        png = charts.peer_distribution(peers, doc["total"], work / "peers.png",
                                       label=f"本企业 {doc['total']:.1f}", xlabel="ESG 总分")  # fmt: skip
    return ctx, {"chart_peers": (png, CHART_WIDTH_MM)}


def write(r: RatingResult, *, certificate: bool = False) -> tuple[bytes, str]:
    """(content, file name) of the report, or of the certificate, of ``r`` (.docx)."""
    with tempfile.TemporaryDirectory(prefix="parkesg-rating-report-") as tmp:
        work = Path(tmp)
        ctx, images = _context(r, work)
        if certificate:
            out = render(template_path("jdfa-certificate"), ctx, work / "certificate.docx")
            what = "评价证书"
        else:
            out = render(template_path("jdfa"), ctx, work / "report.docx", images=images)
            what = "ESG评价报告"
        name = f"{r.member.name}-{r.project.number}-{what}.docx".replace("/", "-")
        return out.read_bytes(), name
