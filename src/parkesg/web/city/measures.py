"""The city app's measures of the plan's targets (``targets.register_measure``), from the
platform's records where they exist (published grades, rating organisations) and from the
registers where they do not — each figure says which. ``prefix`` is the government's region
(a GB/T 2260 prefix: 3204 for 常州市)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db.models import Sum

from parkesg.frameworks import load_framework
from parkesg.web.city import kinds
from parkesg.web.city.models import (
    CarbonOfficer,
    EsgProjects,
    EsgStandard,
    EsgTalents,
    ServiceInstitution,
    TargetReading,
)
from parkesg.web.city.targets import Figure, plan, register_measure
from parkesg.web.orgs.models import OrgKind

RATING_FRAMEWORK = "t-jdfa-01-2025"
PLATFORM = "平台公示的评价结果（T/JDFA01 6.12）"


@cache
def grades_at_least(grade: str = "A") -> frozenset[str]:
    """The grades of T/JDFA01's scale (附录B, the framework file's ``grades``) whose band
    starts at or above ``grade``'s: for "A" — AAA, AA, A."""
    bands = load_framework(RATING_FRAMEWORK).grades
    floor = next(b.min for b in bands if b.grade == grade)
    return frozenset(b.grade for b in bands if b.min >= floor)


def _cumulative(first_year: dict[str, int]) -> dict[int, float]:
    years = sorted(set(first_year.values()))
    return {y: float(sum(1 for v in first_year.values() if v <= y)) for y in years}


def grade_a(prefix: str) -> Figure:
    """Enterprises of the region whose grade in force is A or above (one per 统一社会信用代码,
    or name where the code is missing); by year: how many had one by the end of that year."""
    from parkesg.web.ratings.published import published_grades

    rows = published_grades(region=prefix).filter(grade__in=grades_at_least("A"))
    first: dict[str, int] = {}
    district: dict[str, str] = {}
    for code, name, region, on in rows.values_list("credit_code", "enterprise_name", "region",
                                                    "published_on"):  # fmt: skip
        key = code or name
        first[key] = min(first.get(key, on.year), on.year)
        district.setdefault(key, region)
    by_district = Counter(district.values())
    return Figure(float(len(first)), PLATFORM, False, by_year=_cumulative(first),
                  by_district={k: float(v) for k, v in sorted(by_district.items())})  # fmt: skip


def _region_entries(model: Any, prefix: str) -> Any:
    return model.objects.filter(
        organisation__kind=OrgKind.government, organisation__region__startswith=prefix
    )


def institutions(prefix: str) -> Figure:
    """Third-party rating organisations on the platform in the region, plus the register's
    institutions; the same 统一社会信用代码 counts once (the platform's entry wins)."""
    from parkesg.web.ratings.models import RatingBody

    seen: dict[str, tuple[str, str, int | None]] = {}  # key → (kind, district, year)
    bodies = RatingBody.objects.filter(independent=True, organisation__region__startswith=prefix)
    for name, code, region, at in bodies.values_list("organisation__name",
                                                     "organisation__credit_code",
                                                     "organisation__region", "created_at"):  # fmt: skip
        seen[code or name] = (kinds.InstitutionKind.rating, region, at.year)
    reg = _region_entries(ServiceInstitution, prefix)
    for name, code, kind, district, year in reg.values_list(
        "name", "credit_code", "kind", "district", "year"
    ):
        seen.setdefault(code or name, (kind, district, year))
    parts = Counter(k for k, _d, _y in seen.values())
    first = {key: y for key, (_k, _d, y) in seen.items() if y is not None}
    return Figure(
        float(len(seen)), "平台上的第三方评价组织 + “ESG 专业服务机构”登记", False,
        by_year=_cumulative(first),
        by_district={k: float(v) for k, v in sorted(Counter(d for _k, d, _y in seen.values()).items())},
        parts=[(str(label), float(parts.get(v, 0))) for v, label in kinds.InstitutionKind.choices],
    )  # fmt: skip


def _counted(
    rows: Iterable[tuple[int, str]], source: str, parts: list[tuple[str, float]]
) -> Figure:
    rows = list(rows)
    first = {str(i): y for i, (y, _d) in enumerate(rows)}
    return Figure(float(len(rows)), source, True, by_year=_cumulative(first),
                  by_district={k: float(v) for k, v in sorted(Counter(d for _y, d in rows).items())},
                  parts=parts)  # fmt: skip


def standards(prefix: str) -> Figure:
    qs = _region_entries(EsgStandard, prefix)
    status = Counter(qs.values_list("status", flat=True))
    parts = [(str(lbl), float(status.get(v, 0))) for v, lbl in kinds.StandardStatus.choices]
    return _counted(qs.values_list("year", "district"), "“ESG 标准”登记", parts)


def carbon_officers(prefix: str) -> Figure:
    qs = _region_entries(CarbonOfficer, prefix)
    return _counted(qs.values_list("year", "district"), "“企业首席双碳官”登记", [])


def _per_year(model: type, prefix: str, source: str) -> Figure:
    """A yearly count: the sum of the districts' counts per year; the value is the latest
    year's, by district that year's."""
    qs = _region_entries(model, prefix)
    by_year = {r["year"]: float(r["n"]) for r in
               qs.values("year").annotate(n=Sum("count")).order_by("year")}  # fmt: skip
    if not by_year:
        return Figure(None, source, True)
    last = max(by_year)
    by_district: dict[str, float] = defaultdict(float)
    for d, n in qs.filter(year=last).values_list("district", "count"):
        by_district[d] += n
    return Figure(by_year[last], source, True, year=last, by_year=by_year,
                  by_district=dict(sorted(by_district.items())))  # fmt: skip


def projects(prefix: str) -> Figure:
    return _per_year(EsgProjects, prefix, "“ESG 重点项目（年度）”登记")


def talents(prefix: str) -> Figure:
    return _per_year(EsgTalents, prefix, "“ESG 专业人才（年度）”登记")


def registered(target_id: str, prefix: str) -> Figure:
    """The latest figure a government of the region entered for ``target_id`` (the city's
    own entry before a district's of the same year), with its source; by year: the latest
    entry of each year."""
    qs = _region_entries(TargetReading, prefix).filter(target=target_id)
    rows = list(qs.order_by("year", "organisation__region", "-updated_at")
                .values_list("year", "value", "source"))  # fmt: skip
    if not rows:
        return Figure(None, "尚无登记数值", True)
    by_year: dict[int, float] = {}
    sources: dict[int, str] = {}
    for year, value, source in rows:
        by_year.setdefault(year, value)
        sources.setdefault(year, source)
    last = max(by_year)
    return Figure(by_year[last], f"登记数值：{sources[last]}", True, year=last, by_year=by_year)


MEASURES = {"grade_a": grade_a, "institutions": institutions, "standards": standards,
            "projects": projects, "talents": talents, "carbon_officers": carbon_officers}  # fmt: skip


def register() -> None:
    for target_id, fn in MEASURES.items():
        register_measure(target_id, fn)
    assert set(MEASURES) < {t.id for t in plan().targets}
