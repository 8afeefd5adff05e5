"""High-tech zones evaluated and compared (issue 19 item 6; 常州方案 二（一）3): a park runs
``cz-hitech-zone-esg`` on its approved data and submits it; the governments of its region
compare the submissions. The zone data are the worked example of
``tests/frameworks/test_hitech_zone.py`` (Z1, total 81.3318…, computed by hand there);
园区B differs in one value only (barrier-free access 0 → 1), so its social dimension is
(200/3 + 100 + 100) / 3 = 800/9 instead of 500/9 and its total 20/3 higher."""

from __future__ import annotations

import pytest
from assess_world import enter
from city_world import district_government
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from parkesg.web.assessments.services import run_assessment
from parkesg.web.city import zones
from parkesg.web.city.models import ZoneEvaluation

FW = "cz-hitech-zone-esg"
Z1 = {
    "industrial_output": 1_000_000.0, "high_tech_output": 450_000.0, "gdp": 800_000.0,
    "green_industry_value_added": 120_000.0, "modern_service_value_added": 200_000.0,
    "industrial_value_added": 500_000.0, "high_tech_value_added": 350_000.0, "incubators": 3.0,
    "energy_consumption": 125_000.0, "solid_waste_utilized": 90_000.0,
    "solid_waste_generated": 95_000.0, "solid_waste_stock_utilized": 5_000.0,
    "air_good_days": 300.0, "air_monitored_days": 365.0, "executives": 10.0,
    "female_executives": 2.0, "vocational_training": 1.0, "barrier_free": 0.0,
    "key_polluters": 8.0, "key_polluters_disclosing": 6.0, "park_esg_report": 1.0,
}  # fmt: skip
AIR = 300 / 365 * 100
ENV = (120 + 1800 / 19 + AIR / 80 * 100) / 3
PARK_A = (625 / 9 + 265 / 3 + ENV + 500 / 9 + 87.5) / 5  # 81.3318…
PARK_B = PARK_A + (800 / 9 - 500 / 9) / 5  # + 20/3 = 87.9985…


def _run(world, park: str, barrier_free: float = 0.0):  # type: ignore[no-untyped-def]
    for field, value in (Z1 | {"barrier_free": barrier_free}).items():
        enter(world, park, field, 2024, value)
    return run_assessment(actor=world.user(park, "editor"), entity_id=world.orgs[park].pk,
                          framework_id=FW)  # fmt: skip


@pytest.fixture
def zoned(world):  # type: ignore[no-untyped-def]
    district_government(world)  # 武进区政府 (320412): 园区B's district
    world.runs = {"park_a": _run(world, "park_a"), "park_b": _run(world, "park_b", 1.0)}
    return world


def test_submitted_zones_compared_as_counted_by_hand(zoned) -> None:  # type: ignore[no-untyped-def]
    for park in ("park_a", "park_b"):
        zones.submit(actor=zoned.user(park, "editor"), assessment_id=zoned.runs[park].pk)
    got = zones.compare(zoned.user("gov_cz", "viewer"))  # 常州: both parks
    assert [(z.name, z.rank, z.year) for z in got] == [("园区B", 1, 2024), ("园区A", 2, 2024)]
    assert got[0].total == pytest.approx(PARK_B, rel=1e-9)
    assert got[1].total == pytest.approx(81.3318, abs=1e-4)
    assert [(d["name"], d["score"]) for d in got[1].dimensions] == [
        ("产业结构", pytest.approx(625 / 9)), ("创新能力", pytest.approx(265 / 3)),
        ("环境表现", pytest.approx(ENV)), ("社会贡献", pytest.approx(500 / 9)),
        ("治理水平", pytest.approx(87.5)),
    ]  # fmt: skip
    assert [z.name for z in zones.compare(zoned.user("gov_wj", "viewer"))] == ["园区B"]
    assert [z.name for z in zones.compare(zoned.user("park_a", "viewer"))] == ["园区A"]
    for outsider in ("gov_bj", "ent_a1", "bank_ok", "prov_ok"):
        assert zones.compare(zoned.user(outsider, "viewer")) == [], outsider


def test_equal_totals_share_a_rank() -> None:
    assert zones._ranks([90.0, 90.0, 80.0, None]) == [1, 1, 3, None]


def test_only_a_parks_zone_run_is_submitted_once_by_who_may(zoned) -> None:  # type: ignore[no-untyped-def]
    run = zoned.runs["park_a"]
    with pytest.raises(PermissionDenied):  # a viewer does not submit
        zones.submit(actor=zoned.user("park_a", "viewer"), assessment_id=run.pk)
    with pytest.raises(PermissionDenied):  # nor another park
        zones.submit(actor=zoned.user("park_b", "editor"), assessment_id=run.pk)
    esc = run_assessment(actor=zoned.user("park_a", "editor"), entity_id=zoned.orgs["park_a"].pk,
                         framework_id="t-esc-001-2024")  # fmt: skip
    with pytest.raises(ValidationError, match="高新区 ESG 评价"):
        zones.submit(actor=zoned.user("park_a", "editor"), assessment_id=esc.pk)
    zones.submit(actor=zoned.user("park_a", "editor"), assessment_id=run.pk)
    with pytest.raises(ValidationError, match="已报送"):
        zones.submit(actor=zoned.user("park_a", "admin"), assessment_id=run.pk)
    assert ZoneEvaluation.objects.count() == 1


def test_pages_submit_compare_and_export(zoned) -> None:  # type: ignore[no-untyped-def]
    park = Client()
    park.force_login(zoned.user("park_b", "editor"))
    page = park.get("/city/zones/").content.decode()
    assert "报送市政府" in page and "尚无园区报送" in page
    r = park.post(f"/city/zones/{zoned.runs['park_b'].pk}/submit/")
    assert r.status_code == 302 and ZoneEvaluation.objects.filter(year=2024).count() == 1
    assert "已于" in park.get("/city/zones/").content.decode()
    gov = Client()
    gov.force_login(zoned.user("gov_cz", "viewer"))
    assert "园区B" in gov.get("/city/").content.decode()  # on the dashboard too
    csv = gov.get("/city/zones/?export=csv").content.decode("utf-8-sig").splitlines()
    assert csv[0].startswith("排名,园区,评价年份,总分,产业结构")
    assert csv[1].startswith("1,园区B,2024,87.99")  # PARK_B, rank 1
    for key in ("ent_a1", "bank_ok"):
        c = Client()
        c.force_login(zoned.user(key, "viewer"))
        assert c.get("/city/zones/").status_code == 404, key
