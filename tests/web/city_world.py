"""A city's registers and published grades, small enough to count by hand (``test_city``,
``test_city_walk``): 常州市政府 (320400) and 武进区政府 (320412) enter the registers; published
grades are T/JDFA01 ones whose grade, region and date the tests set."""

from __future__ import annotations

import datetime as dt
from typing import Any

from authz_samples import generic
from world import PASSWORD, World

from parkesg.web.city import models as m
from parkesg.web.city import services
from parkesg.web.orgs.models import Organisation, OrgKind, User
from parkesg.web.ratings.models import (
    PortfolioMember,
    PublishedGrade,
    RatingProject,
    RatingResult,
)

# (enterprise, 统一社会信用代码 or "", region, grade, published on): seven published grades,
# of which in 常州 (3204) and in force, A or above: E1 (AA), E2 (A), E4 (AAA), E5 (A) → 4.
# E3 BBB is below A; E6 is in 南京 (320100); E2 has an older BBB, superseded.
GRADES = [
    ("企业E1", "91320411CITYE0001X", "320411", "AA", dt.date(2025, 3, 1)),
    ("企业E2", "91320411CITYE0002X", "320411", "A", dt.date(2026, 4, 1)),
    ("企业E3", "91320412CITYE0003X", "320412", "BBB", dt.date(2026, 5, 1)),
    ("企业E4", "91320412CITYE0004X", "320412", "AAA", dt.date(2026, 6, 1)),
    ("企业E5", "", "320412", "A", dt.date(2026, 7, 1)),
    ("企业E6", "91320100CITYE0006X", "320100", "AAA", dt.date(2026, 7, 1)),
]


def district_government(w: World) -> Organisation:
    """武进区政府 (320412) with an editor ``gov_wj_editor``."""
    org = Organisation.objects.create(name="武进区政府", kind=OrgKind.government, region="320412")
    for role in ("admin", "editor", "viewer"):
        w.users[f"gov_wj_{role}"] = User.objects.create_user(
            f"gov_wj_{role}", password=PASSWORD, organisation=org, role=role
        )
    w.orgs["gov_wj"] = org
    return org


def published(w: World) -> list[PublishedGrade]:
    made: dict[str, Any] = {}
    for model in (RatingProject, PortfolioMember):  # plain rows, not the whole rating scene
        made[model._meta.label_lower] = generic(model, w, made, owner="bank_ok")
    first = generic(PublishedGrade, w, made, owner="bank_ok")
    out = []
    for name, code, region, grade, on in GRADES:
        out.append(PublishedGrade.objects.create(
            organisation=first.organisation, created_by=first.created_by, project=first.project,
            member=first.member, snapshot=first.snapshot, enterprise_name=name,
            credit_code=code, region=region, grade=grade, rated_on=on, rating_org="银行甲",
            rating_type="third_party", certificate_number=f"C-{name}", published_on=on,
            window_ends_on=on + dt.timedelta(days=15), status="valid"))  # fmt: skip
    old = out[1]
    PublishedGrade.objects.create(**{
        f.name: getattr(old, f.name) for f in PublishedGrade._meta.concrete_fields
        if f.name not in ("id", "superseded_by")} | {"grade": "BBB", "status": "superseded",
                                                    "published_on": dt.date(2025, 1, 5)})  # fmt: skip
    first.delete()
    return out


def green_score(w: World, grades: list[PublishedGrade], score: float = 80.0) -> Any:
    """企业E3 (BBB) gets its own portfolio member and a current result of 银行甲 whose
    environment dimension (T/JDFA01 E) scored ``score``: only the rater may see it."""
    e3 = grades[2]
    old = e3.member
    member = PortfolioMember.objects.create(**{
        f.name: getattr(old, f.name) for f in PortfolioMember._meta.concrete_fields
        if f.name not in ("id", "created_at")} | {"entity_key": "E3", "name": "企业E3"})  # fmt: skip
    PublishedGrade.objects.filter(pk=e3.pk).update(member=member)
    made: dict[str, Any] = {"ratings.ratingproject": e3.project, "ratings.portfoliomember": member}
    result = generic(RatingResult, w, made, owner="bank_ok")
    RatingResult.objects.filter(pk=result.pk).update(
        member=member, project=e3.project, current=True, dimensions={"E": score, "S": 40.0}
    )
    return result


def registers(w: World) -> None:
    """The registers of 常州市 (entered by the city and by 武进区):
    institutions 2 (one assurance, one rating) + standards 3 (2 published, 1 drafting),
    projects 2025: 100 + 40 = 140, 2026: 120 + 90 = 210; talents 2026: 3,000 + 2,500;
    officers 2; a disclosure rate entered for 2026: 41.5 %."""
    city, wj = w.user("gov_cz", "editor"), w.user("gov_wj", "editor")

    def add(actor: Any, model: type, **kw: Any) -> Any:
        kw.setdefault("source", "市发改委 2026 年 ESG 工作台账")
        return services.save_entry(actor=actor, obj=model(**kw))

    add(city, m.ServiceInstitution, name="鉴证所甲", credit_code="91320402ASSU00001X",
        kind="assurance", origin="introduced", district="320402", year=2025)  # fmt: skip
    add(wj, m.ServiceInstitution, name="评级公司乙", kind="rating", origin="local",
        district="320412", year=2026)  # fmt: skip
    for i, (status, year) in enumerate((("published", 2025), ("published", 2026),
                                        ("drafting", 2026))):  # fmt: skip
        add(city, m.EsgStandard, title=f"ESG 标准{i}", level="group", role="lead", status=status,
            units="常州市某协会", district="320400", year=year)  # fmt: skip
    for actor, district, year, n in ((city, "320411", 2025, 100), (wj, "320412", 2025, 40),
                                     (city, "320411", 2026, 120), (wj, "320412", 2026, 90)):  # fmt: skip
        add(actor, m.EsgProjects, district=district, year=year, count=n)
    add(city, m.EsgTalents, district="320411", year=2026, count=3000)
    add(wj, m.EsgTalents, district="320412", year=2026, count=2500)
    for person in ("张三", "李四"):
        add(wj, m.CarbonOfficer, person=person, enterprise="企业B1", certified_by="常州大学",
            certified_on=dt.date(2026, 3, 1), district="320412", year=2026)  # fmt: skip
    add(city, m.TargetReading, target="disclosure_rate", value=41.5, district="320400",
        year=2026, source="常州证监局 2026 年上市公司 ESG 报告统计")  # fmt: skip
    add(city, m.Pilot, name="园区A 近零碳园区", kind="zero_carbon_park", level="provincial",
        status="building", district="320411", year=2026)  # fmt: skip
