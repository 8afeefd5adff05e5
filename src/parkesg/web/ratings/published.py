"""Published grades — the one read-only query over what publications made public (T/JDFA01
6.12 a: grade, date, rating organisation, type, certificate number of a named enterprise;
no score, no data). The public search page, the banks' portfolio and the city portal
(issue 19) read it; it never returns anything that was not published."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from parkesg.web.ratings.kinds import Status
from parkesg.web.ratings.models import PublishedGrade

FIELDS = ("enterprise_name", "credit_code", "industry", "region", "grade", "rated_on",
          "rating_org", "rating_type", "certificate_number", "published_on", "window_ends_on",
          "status")  # fmt: skip


def published_grades(
    *,
    query: str = "",
    credit_code: str = "",
    enterprise_id: int | None = None,
    region: str = "",
    industry: str = "",
    grade: str = "",
    rating_org: str = "",
    history: bool = False,
) -> QuerySet[PublishedGrade]:
    """Published grades, newest first: in force only unless ``history`` (then superseded and
    withdrawn ones too, as they were published). ``query`` matches the enterprise's name or
    统一社会信用代码; ``region`` and ``industry`` are code prefixes (GB/T 2260, GB/T 4754)."""
    qs = PublishedGrade.objects.all()
    if any("\x00" in t for t in (query, credit_code, region, industry, grade, rating_org)):
        return qs.none()  # no stored text holds NUL (PostgreSQL refuses it in a filter)
    if not history:
        qs = qs.filter(status=Status.valid)
    if query.strip():
        q = query.strip()
        qs = qs.filter(Q(enterprise_name__icontains=q) | Q(credit_code__iexact=q))
    if credit_code.strip():
        qs = qs.filter(credit_code=credit_code.strip().upper())
    if enterprise_id is not None:
        qs = qs.filter(enterprise_id=enterprise_id)
    if region.strip():
        qs = qs.filter(region__startswith=region.strip())
    if industry.strip():
        qs = qs.filter(industry__startswith=industry.strip().upper())
    if grade.strip():
        qs = qs.filter(grade=grade.strip().upper())
    if rating_org.strip():
        qs = qs.filter(rating_org__icontains=rating_org.strip())
    return qs.order_by("-published_on", "enterprise_name", "-id")


def as_rows(qs: QuerySet[PublishedGrade]) -> list[dict[str, Any]]:
    """The published fields only (what pages, exports and the API hand out)."""
    return list(qs.values("id", *FIELDS))
