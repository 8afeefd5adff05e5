"""The city target this app counts from its own records (``city.targets.register_measure``):
上市企业 ESG 信息披露率 (常州市 ESG 体系建设行动方案 一、主要目标 — “全市上市企业ESG信息披露率达
60%以上”).

Listed enterprises are the region's enterprises with a 证券代码 (``Organisation.stock_code``,
set by the platform operator). The rate of a disclosure year is the share of them with a
published disclosure of that year on the platform (any version), × 100 — the denominator is
today's list, since the platform keeps no listing history. The current value is the latest
year any listed enterprise of the region disclosed; by district, that year's rate in each
district. With no listed enterprise of the region on the platform, the latest figure a
government registered stands (``city.measures.registered``), labelled as such.
"""

from __future__ import annotations

from collections import Counter

from parkesg.web.city.targets import Figure

TARGET = "disclosure_rate"
SOURCE = "平台上市企业（有证券代码）中已发布当年 ESG 信息披露的比例"


def _rate(part: int, whole: int) -> float:
    return round(part / whole * 100, 1)


def disclosure_rate(prefix: str) -> Figure:
    from parkesg.web.city.measures import registered
    from parkesg.web.disclosures.models import PublishedVersion
    from parkesg.web.orgs.models import Organisation, OrgKind

    listed = dict(
        Organisation.objects.filter(kind=OrgKind.enterprise, region__startswith=prefix)
        .exclude(stock_code="")
        .values_list("id", "region")
    )
    if not listed:
        return registered(TARGET, prefix)
    disclosed = set(
        PublishedVersion.objects.filter(organisation_id__in=listed)
        .values_list("year", "organisation_id")
        .distinct()
    )
    by_year_count = Counter(year for year, _org in disclosed)
    by_year = {y: _rate(by_year_count[y], len(listed)) for y in sorted(by_year_count)}
    if not by_year:
        return Figure(0.0, SOURCE, False)
    last = max(by_year)
    per_district = Counter(listed.values())
    done = Counter(listed[org] for year, org in disclosed if year == last)
    by_district = {d: _rate(done[d], n) for d, n in sorted(per_district.items())}
    return Figure(by_year[last], SOURCE, False, year=last, by_year=by_year,
                  by_district=by_district)  # fmt: skip


def register() -> None:
    from parkesg.web.city.targets import register_measure

    register_measure(TARGET, disclosure_rate)
