"""The public portal's queries — over ``PublishedVersion`` snapshots only, so nothing that
was not published can be found, shown, compared or exported — and the peer statistics of the
comparison.

Conventions (README “Enterprise disclosures and the public portal”):

- a disclosure's *current* version is its highest published version number;
- industry peers of a disclosure: the current versions of the same year whose GB/T 4754
  code has the same 大类 (the letter and the first two digits, e.g. C38 for C3841);
- industry median: the median of the peers' values of a KPI (peers that did not disclose it
  left out); for an even count, the mean of the two middle values;
- rank: competition ranking (“1224”) in the KPI's direction of the template: 1 + the number
  of peers with a strictly better value; tied values share the better rank; shown as
  “rank / number of peers with a value”;
- yes/no KPIs get neither median nor rank.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from parkesg.web.core.objects import MAX_ID
from parkesg.web.disclosures import template
from parkesg.web.disclosures.models import PublishedVersion
from parkesg.web.ratings.published import published_grades

MAX_COMPARE = 5
TEXT_FILTERS = ("q", "industry", "region", "park", "grade")


def current() -> QuerySet[PublishedVersion]:
    """The current (highest published) version of every disclosure."""
    latest = (PublishedVersion.objects.filter(disclosure=OuterRef("disclosure"))
              .order_by("-no").values("pk")[:1])  # fmt: skip
    return PublishedVersion.objects.filter(pk=Subquery(latest))


def grades_by_enterprise(ids: list[int] | None = None) -> dict[int, str]:
    """Enterprise id → its published grade in force (``published_grades``); only ``ids``
    when given (asked of the database: a page's 50, not the city's thousands)."""
    qs = published_grades().exclude(enterprise_id=None)
    if ids is not None:
        qs = qs.filter(enterprise_id__in=ids)
    out: dict[int, str] = {}
    for eid, grade in qs.values_list("enterprise_id", "grade"):
        out.setdefault(eid, grade)  # newest first: the first one is in force
    return out


def graded(grade: str) -> QuerySet[Any]:
    """Ids of the enterprises whose grade in force is ``grade``, in the database: their valid
    published grade of ``grade`` with no valid one before it in ``published_grades``' order
    (newest first: published on, then name, then id)."""
    before = published_grades().filter(
        Q(published_on__gt=OuterRef("published_on"))
        | Q(published_on=OuterRef("published_on"), enterprise_name__lt=OuterRef("enterprise_name"))
        | Q(published_on=OuterRef("published_on"), enterprise_name=OuterRef("enterprise_name"),
            id__gt=OuterRef("id")),
        enterprise_id=OuterRef("enterprise_id"),
    )  # fmt: skip
    return (published_grades(grade=grade).exclude(enterprise_id=None).filter(~Exists(before))
            .values("enterprise_id"))  # fmt: skip


def search(*, q: str = "", industry: str = "", region: str = "", park: str = "",
           year: int | None = None, grade: str = "") -> QuerySet[PublishedVersion]:  # fmt: skip
    """Current published disclosures: ``q`` matches the name or the 统一社会信用代码;
    ``industry`` and ``region`` are code prefixes; ``park`` part of the park's name;
    ``grade`` the enterprise's published grade in force."""
    qs = current()
    texts = (q, industry, region, park, grade)
    if any("\x00" in t for t in texts):
        return qs.none()
    if q.strip():
        qs = qs.filter(Q(enterprise_name__icontains=q.strip())
                       | Q(credit_code__iexact=q.strip()))  # fmt: skip
    if industry.strip():
        qs = qs.filter(industry__startswith=industry.strip().upper())
    if region.strip():
        qs = qs.filter(region__startswith=region.strip())
    if park.strip():
        qs = qs.filter(park_name__icontains=park.strip())
    if year is not None:
        qs = qs.filter(year=year)
    if grade.strip():
        qs = qs.filter(organisation_id__in=graded(grade.strip().upper()))
    return qs.order_by("-year", "enterprise_name", "-id")


def history(disclosure_id: int) -> list[PublishedVersion]:
    """Every published version of a disclosure, newest first (empty: not published)."""
    return list(PublishedVersion.objects.filter(disclosure_id=disclosure_id).order_by("-no"))


def industry_group(code: str) -> str:
    """The GB/T 4754 大类 of an industry code: the letter and two digits (C3841 → C38)."""
    return code.strip().upper()[:3]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def rank(value: float, peers: list[float], direction: str) -> int:
    """Competition rank of ``value`` among ``peers`` (which include it): 1 + strictly better."""
    better = [p for p in peers if (p > value if direction == "higher" else p < value)]
    return 1 + len(better)


@dataclass(frozen=True)
class Peers:
    """One peer group (year, 大类) as columns: each KPI's values, sorted, of the peers that
    disclosed it — median and rank are then a look-up and a binary search."""

    count: int
    values: dict[str, np.ndarray]

    def median(self, fid: str) -> float | None:
        v = self.values.get(fid)
        return float(np.median(v)) if v is not None and len(v) else None

    def rank(self, fid: str, value: float, direction: str) -> int:
        """As ``rank``: 1 + the number of peers strictly better."""
        v = self.values.get(fid, np.empty(0))
        if direction == "higher":
            return 1 + len(v) - int(np.searchsorted(v, value, side="right"))
        return 1 + int(np.searchsorted(v, value, side="left"))


def publications() -> tuple[Any, ...]:
    """The state of the publications: snapshots are append-only, so the newest one's id and
    time change when, and only when, anything was published."""
    return tuple(PublishedVersion.objects.order_by("-id").values_list("id", "published_at")[:1])


def peers(year: int, group: str, state: tuple[Any, ...] | None = None) -> Peers:
    """The peer group's columns, read once per group and ``publications()`` state."""
    return _peers(year, group, publications() if state is None else state)


@lru_cache(maxsize=128)
def _peers(year: int, group: str, stamp: tuple[Any, ...]) -> Peers:
    cols: dict[str, list[float]] = defaultdict(list)
    rows = current().filter(year=year, industry__startswith=group).values_list("kpis", flat=True)
    count = 0
    for kpis in rows.iterator(chunk_size=2000):  # once per group and publication, then cached
        count += 1
        for r in kpis:
            if r.get("value") is not None:
                cols[r["field"]].append(float(r["value"]))
    return Peers(count, {f: np.sort(np.asarray(v, dtype=float)) for f, v in cols.items()})


@dataclass
class Cell:
    value: float | None
    rank: int | None = None
    of: int = 0  # peers with a value
    median: float | None = None

    @property
    def median_whole(self) -> bool:
        """A median of whole numbers may fall between two (shown with decimals then)."""
        return self.median is not None and float(self.median).is_integer()


@dataclass
class Comparison:
    versions: list[PublishedVersion]
    rows: list[tuple[template.Kpi, list[Cell]]] = field(default_factory=list)
    peers: list[int] = field(default_factory=list)  # peer count of each enterprise


def _value(pv: PublishedVersion, fid: str) -> float | None:
    return next((r["value"] for r in pv.kpis if r["field"] == fid), None)


def compare(disclosure_ids: list[int]) -> Comparison:
    """The current versions of up to ``MAX_COMPARE`` disclosures side by side, each KPI with
    the enterprise's industry median and its rank among its industry peers."""
    wanted = list(dict.fromkeys(disclosure_ids))[:MAX_COMPARE]
    found = {pv.disclosure_id: pv for pv in current().filter(disclosure_id__in=wanted)}
    versions = [found[d] for d in wanted if d in found]
    state = publications()
    groups = [peers(pv.year, industry_group(pv.industry), state) for pv in versions]
    out = Comparison(versions, peers=[g.count for g in groups])
    for k in template.load().kpis():
        cells = []
        for pv, group in zip(versions, groups, strict=True):
            value = _value(pv, k.field)
            cell = Cell(value)
            if not k.boolean and value is not None and pv.industry:
                cell.median = group.median(k.field)
                cell.of = len(group.values.get(k.field, ()))
                cell.rank = group.rank(k.field, value, k.direction)
            cells.append(cell)
        out.rows.append((k, cells))
    return out


def grade_choices() -> list[tuple[str, str]]:
    """(grade, label) of the ratings' grade bands, for the filter."""
    from parkesg.web.ratings import banks

    return list(banks.grade_choices())


def as_int(text: Any) -> int | None:
    """A whole number a database column can hold (beyond 64 bits: None, like a non-number)."""
    try:
        n = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return n if abs(n) <= MAX_ID else None
