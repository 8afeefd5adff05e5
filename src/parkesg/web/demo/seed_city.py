"""The demo's city registers (issue 19): 常州市人民政府（演示）'s editor and 武进区人民政府（演示）'s
editor enter pilots, service institutions, standards, yearly projects and talents, chief
dual-carbon officers and the listed enterprises' disclosure rate as 常州证监局 counted it (the
dashboard counts the platform's listed enterprises instead; the register stays) — through
``city.services.save_entry``, audited like a person's clicks — so the city dashboard shows
figures from the start (its grades come from the demo rating, ``seed_ratings``). The demo
park then runs the high-tech-zone evaluation (``cz-hitech-zone-esg``) on its own data and
submits it to the city (``city.zones``). Idempotent: nothing is added when the city has
entries, nor a second zone submission."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from parkesg.web.city import models as m
from parkesg.web.city import zones
from parkesg.web.city.services import save_entry
from parkesg.web.core.roles import Role
from parkesg.web.demo import cast
from parkesg.web.orgs.models import User

XINBEI, WUJIN = "320411", "320412"  # the demo park lies in 新北区
SOURCE = "常州市发展改革委 ESG 工作台账（演示）"
# (district, year) → (projects, talents)
YEARLY = {(XINBEI, 2024): (78, 2600), (WUJIN, 2024): (64, 2100),
          (XINBEI, 2025): (96, 3400), (WUJIN, 2025): (81, 2900),
          (XINBEI, 2026): (112, 4100), (WUJIN, 2026): (95, 3600)}  # fmt: skip


def _add(actor: User, model: Any, **kw: Any) -> Any:
    kw.setdefault("source", SOURCE)
    return save_entry(actor=actor, obj=model(**kw))


def seed() -> bool:
    """The city's and 武进区's entries and the park's zone evaluation, once; True when the
    entries were added now."""
    _zone()
    city = User.objects.get(username=cast.username("gov", "editor"))
    wujin = User.objects.get(username=cast.username("wujin", "editor"))
    if m.TargetReading.objects.filter(organisation=city.organisation).exists():
        return False
    with transaction.atomic():
        for (district, year), (projects, talents) in YEARLY.items():
            who = city if district == XINBEI else wujin
            _add(who, m.EsgProjects, district=district, year=year, count=projects)
            _add(who, m.EsgTalents, district=district, year=year, count=talents)
        for year, value in ((2024, 31.0), (2025, 38.5), (2026, 46.2)):
            _add(city, m.TargetReading, target="disclosure_rate", value=value, district="320400",
                 year=year, source=f"常州证监局 {year} 年辖区上市公司 ESG 报告统计（演示）")  # fmt: skip
        _pilots(city, wujin)
        _institutions(city, wujin)
        _standards(city, wujin)
        for person, enterprise, on in (("周立新", "示范特钢有限公司", dt.date(2025, 11, 20)),
                                       ("吴静", "示范新能源科技有限公司", dt.date(2026, 3, 18)),
                                       ("钱志刚", "武进示范动力电池有限公司", dt.date(2026, 6, 5))):  # fmt: skip
            _add(wujin if "武进" in enterprise else city, m.CarbonOfficer, person=person,
                 enterprise=enterprise, certified_by="常州大学 企业首席双碳官培训认证（演示）",
                 certified_on=on, district=WUJIN if "武进" in enterprise else XINBEI,
                 year=on.year)  # fmt: skip
    return True


def _pilots(city: User, wujin: User) -> None:
    for who, name, kind, level, status, district, year in (
        (city, "江南示范经济技术开发区 近零碳园区", "zero_carbon_park", "provincial", "building",
         XINBEI, 2025),
        (city, "示范特钢有限公司 绿色工厂", "green_factory", "national", "recognised", XINBEI, 2024),
        (city, "示范新能源科技有限公司 零碳工厂", "zero_carbon_factory", "city", "applying",
         XINBEI, 2026),
        (wujin, "武进绿色智造产业园 绿色工业园区", "green_park", "provincial", "recognised", WUJIN,
         2025),
    ):  # fmt: skip
        _add(who, m.Pilot, name=name, kind=kind, level=level, status=status, district=district,
             year=year, recognised_on=dt.date(year, 9, 1) if status == "recognised" else None)  # fmt: skip


def _institutions(city: User, wujin: User) -> None:
    for who, name, kind, origin, district, year in (
        (city, "示范 ESG 咨询（常州）有限公司", "disclosure", "local", "320402", 2024),
        (city, "国际示范认证集团常州分公司", "assurance", "introduced", XINBEI, 2025),
        (wujin, "武进示范会计师事务所 ESG 鉴证部", "assurance", "local", WUJIN, 2026),
    ):  # fmt: skip
        _add(who, m.ServiceInstitution, name=name, kind=kind, origin=origin, district=district,
             year=year)  # fmt: skip


def _standards(city: User, wujin: User) -> None:
    for who, title, code, level, role, status, year in (
        (city, "工业园区 ESG 信息披露指南", "T/CZESG 001—2025", "group", "lead", "published", 2025),
        (city, "企业首席双碳官能力要求", "T/CZESG 002—2025", "group", "lead", "published", 2025),
        (city, "园区 ESG 评价指南", "DB3204/T 1001—2026", "local", "lead", "drafting", 2026),
        (city, "动力电池产品碳足迹核算", "", "industry", "join", "published", 2024),
        (wujin, "新能源汽车零部件企业 ESG 评价", "T/WJESG 001—2026", "group", "lead", "published",
         2026),
    ):  # fmt: skip
        _add(who, m.EsgStandard, title=title, code=code, level=level, role=role, status=status,
             units="常州市 ESG 发展促进会（演示）", district="320400" if who == city else WUJIN,
             year=year)  # fmt: skip


def _zone() -> None:
    """The demo park's 高新区 ESG 评价, run by its editor on its approved data and submitted."""
    from parkesg.web.assessments.services import run_assessment

    editor = User.objects.get(username=cast.username("park", Role.editor))
    if m.ZoneEvaluation.objects.filter(organisation=editor.organisation).exists():
        return
    with transaction.atomic():
        run = run_assessment(actor=editor, entity_id=editor.organisation_id,
                             framework_id=zones.FRAMEWORK)  # fmt: skip
        zones.submit(actor=editor, assessment_id=run.pk)
