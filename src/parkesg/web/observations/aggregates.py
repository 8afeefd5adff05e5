"""What a government sees of its region: counts and totals, never one entity's values.

A total is shown only when at least ``MIN_ENTITIES`` entities contributed, so no single
enterprise's figure can be read off (or subtracted out of) an aggregate. Only approved values
count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum

from parkesg.web.core.review import ReviewState
from parkesg.web.observations.models import Observation, field_label
from parkesg.web.orgs.models import Organisation, OrgKind, region_prefix

MIN_ENTITIES = 3


@dataclass(frozen=True)
class FieldTotal:
    field_id: str
    label: str
    year: int
    entities: int
    total: float | None  # None: fewer than MIN_ENTITIES contributed


def may_see_region(user: Any) -> bool:
    org = getattr(user, "organisation", None)
    return bool(user.is_authenticated and org is not None and org.kind == OrgKind.government)


def organisations_by_kind(user: Any) -> dict[str, int]:
    """How many organisations of each kind the government's region holds."""
    prefix = region_prefix(user.organisation.region)
    rows = (
        Organisation.objects.filter(region__startswith=prefix)
        .values("kind")
        .annotate(n=Count("id"))
    )
    counts = {r["kind"]: r["n"] for r in rows}
    return {str(label): counts.get(kind, 0) for kind, label in OrgKind.choices}


def field_totals(user: Any, *, year: int | None = None) -> list[FieldTotal]:
    """Approved values of the region's parks and enterprises, summed per field and year."""
    prefix = region_prefix(user.organisation.region)
    qs = Observation.objects.filter(
        organisation__region__startswith=prefix,
        state=ReviewState.approved,
        value_std__isnull=False,
    )
    if year is not None:
        qs = qs.filter(year=year)
    rows = qs.values("field_id", "year").annotate(
        n=Count("organisation", distinct=True), total=Sum("value_std")
    )
    out = []
    for r in rows.order_by("field_id", "year"):
        label = field_label(r["field_id"])
        total = r["total"] if r["n"] >= MIN_ENTITIES else None
        out.append(FieldTotal(r["field_id"], label, r["year"], r["n"], total))
    return out
