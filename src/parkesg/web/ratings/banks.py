"""The banks' portfolio view (issue 18 item 7): the enterprises a bank may see — those whose
consent it holds (start and end dates; expiring ones flagged) — with their latest published
or bank-commissioned grade, the grade before it and the change since the last rating."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from parkesg.web.orgs.models import AccessGrant, GrantKind, OrgKind
from parkesg.web.ratings.kinds import ProjectState, Status
from parkesg.web.ratings.models import Certificate, PublishedGrade

EXPIRING_DAYS = 30  # a consent ending within this many days is flagged
GRADES = ("AAA", "AA", "A", "BBB", "BB", "B", "CCC")


@dataclass
class Row:
    enterprise: Any
    consent: AccessGrant
    in_force: bool
    expiring: bool
    grade: str = ""
    rated_on: dt.date | None = None
    rating_org: str = ""
    rating_type: str = ""
    certificate: str = ""
    source: str = ""  # published / commissioned
    previous: str = ""
    change: str = ""  # ↑ ↓ = or "" (no earlier grade)


def grade_choices() -> list[tuple[str, str]]:
    """(grade, "grade label") of Annex B in the reader's language, best first."""
    from django.utils.translation import get_language

    from parkesg.web.ratings.criteria import framework_of
    from parkesg.web.ratings.models.project import FRAMEWORK

    english = (get_language() or "zh").startswith("en")
    out = []
    for g in framework_of(FRAMEWORK).grades:
        words = (g.label.en if english else g.label.zh) if g.label is not None else ""
        out.append((g.grade, f"{g.grade} {words or ''}".strip()))
    return out


def is_bank(user: Any) -> bool:
    org = getattr(user, "organisation", None)
    return bool(org is not None and org.kind == OrgKind.bank)


def change(previous: str, grade: str) -> str:
    if not previous or not grade or previous not in GRADES or grade not in GRADES:
        return ""
    a, b = GRADES.index(previous), GRADES.index(grade)
    return "=" if a == b else ("↑" if b < a else "↓")


def portfolio(user: Any, *, industry: str = "", region: str = "", grade: str = "",
              expiring_only: bool = False, q: str = "") -> list[Row]:  # fmt: skip
    """The bank's enterprises (consents it holds, not revoked; ended ones within a year shown
    as ended), newest grade first found in: publications, then ratings it commissioned."""
    if not is_bank(user):
        return []
    today = timezone.localdate()
    grants = (
        AccessGrant.objects.for_user(user, "view")
        .filter(kind=GrantKind.bank_consent, grantee_id=user.organisation_id, revoked_at__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today - dt.timedelta(days=365)))
        .select_related("organisation")
        .order_by("organisation__name", "-starts_on")
    )  # fmt: skip
    rows: dict[int, Row] = {}
    for g in grants:
        ent = g.organisation
        if ent.pk in rows:
            continue
        if industry and not ent.industry.startswith(industry.strip().upper()):
            continue
        if region and not ent.region.startswith(region.strip()):
            continue
        if q and q.strip() not in ent.name and q.strip().upper() != ent.credit_code:
            continue
        in_force = g.starts_on <= today and (g.ends_on is None or g.ends_on >= today)
        expiring = bool(
            in_force and g.ends_on and g.ends_on <= today + dt.timedelta(days=EXPIRING_DAYS)
        )
        rows[ent.pk] = _graded(Row(ent, g, in_force, expiring), user.organisation_id)
    out = list(rows.values())
    if grade:
        out = [r for r in out if r.grade == grade]
    if expiring_only:
        out = [r for r in out if r.expiring or not r.in_force]
    return out


def _graded(row: Row, bank_id: int) -> Row:
    ent = row.enterprise
    found: list[tuple[dt.date, str, str, str, str, str]] = []
    pub = PublishedGrade.objects.filter(Q(enterprise_id=ent.pk) | Q(credit_code=ent.credit_code)
                                        if ent.credit_code else Q(enterprise_id=ent.pk))  # fmt: skip
    for p in pub.exclude(status=Status.withdrawn).order_by("-published_on", "-id")[:5]:
        found.append((p.rated_on, p.grade, p.rating_org, p.rating_type, p.certificate_number,
                      "published"))  # fmt: skip
    own = Certificate.objects.filter(
        member__enterprise_id=ent.pk, project__commissioned_by_id=bank_id,
        project__state__in=(ProjectState.approved, ProjectState.published, ProjectState.closed),
    ).exclude(status=Status.withdrawn).select_related("organisation").order_by("-issued_on", "-id")[:5]  # fmt: skip
    for c in own:
        found.append((c.issued_on, c.grade, c.organisation.name, c.rating_type, c.number,
                      "commissioned"))  # fmt: skip
    seen: set[str] = set()
    unique = []
    for f in sorted(found, key=lambda f: f[0], reverse=True):
        if f[4] not in seen:
            seen.add(f[4])
            unique.append(f)
    if unique:
        row.rated_on, row.grade, row.rating_org, row.rating_type, row.certificate, row.source = (
            unique[0]
        )
    if len(unique) > 1:
        row.previous = unique[1][1]
        row.change = change(row.previous, row.grade)
    return row
