"""The public portal as JSON (常州行动方案 11: 可查询、可追溯): the current published disclosures,
searched with the portal's filters, and one disclosure's every published version with its KPIs.
No login; read from ``PublishedVersion`` snapshots through ``portal`` like the pages, and only
what a snapshot made public (no observation ids or review states)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from parkesg.web.core import policy
from parkesg.web.core.objects import MAX_ID
from parkesg.web.core.pagination import paged
from parkesg.web.disclosures import portal, template

router = Router(tags=["disclosures 信息披露（公开）"])
Text = Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")]  # no NUL: 422
Year = Annotated[int, Field(ge=1900, le=2100)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
KPI_FIELDS = ("field", "section", "value", "unit", "source", "evidence", "evidence_file",
              "evidence_sha256", "revision")  # fmt: skip


class DisclosureOut(Schema):
    id: int  # the disclosure (its versions: ``/portal/disclosures/{id}``)
    enterprise_name: str
    credit_code: str
    industry: str
    region: str
    park_name: str
    year: int
    version: int
    published_at: dt.datetime
    assured: bool
    grade: str


class VersionOut(Schema):
    version: int
    published_at: dt.datetime
    reason: str
    summary: str
    enterprise_name: str
    report_name: str
    report_sha256: str
    assurance: dict[str, str]
    kpis: list[dict[str, Any]]


class _Found:
    """The search's queryset as the API's rows, a page at a time (``paged`` slices it): the
    grades in force are looked up for the page's enterprises only."""

    def __init__(self, qs: Any) -> None:
        self.qs = qs

    def __len__(self) -> int:
        return int(self.qs.count())

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        rows = list(self.qs[page])
        grades = portal.grades_by_enterprise([p.organisation_id for p in rows])
        return [{"id": p.disclosure_id, "enterprise_name": p.enterprise_name,
                 "credit_code": p.credit_code, "industry": p.industry, "region": p.region,
                 "park_name": p.park_name, "year": p.year, "version": p.no,
                 "published_at": p.published_at, "assured": bool(p.assurance),
                 "grade": grades.get(p.organisation_id, "")} for p in rows]  # fmt: skip


@router.get("/portal/disclosures", response=list[DisclosureOut], auth=None,
            summary="已发布的 ESG 信息披露（公开）")  # fmt: skip
@policy.public
@paged
def disclosures(request: HttpRequest, q: Text = "", industry: Text = "", region: Text = "",
                park: Text = "", year: Year | None = None, grade: Text = "") -> _Found:  # fmt: skip
    return _Found(portal.search(q=q, industry=industry, region=region, park=park, year=year,
                                grade=grade))  # fmt: skip


def _kpi(row: dict[str, Any]) -> dict[str, Any]:
    k = template.load().kpi(row["field"])
    return {"name": k.name_zh if k else "", "name_en": k.name_en if k else "",
            **{f: row.get(f) for f in KPI_FIELDS}}  # fmt: skip


@router.get("/portal/disclosures/{disclosure_id}", response=list[VersionOut], auth=None,
            summary="一项披露的全部已发布版本（公开）")  # fmt: skip
@policy.public
def disclosure(request: HttpRequest, disclosure_id: Id) -> list[dict[str, Any]]:
    versions = portal.history(disclosure_id)
    if not versions:
        raise Http404
    return [{"version": v.no, "published_at": v.published_at, "reason": v.reason,
             "summary": v.summary, "enterprise_name": v.enterprise_name,
             "report_name": v.report_name, "report_sha256": v.report_sha256,
             "assurance": v.assurance, "kpis": [_kpi(r) for r in v.kpis]}
            for v in versions]  # fmt: skip
