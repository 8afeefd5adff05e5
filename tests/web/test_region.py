"""A government sees its region's counts and combined figures — never one enterprise's value;
each field combined by the rule its catalogue kind and unit give (issue 19 item 4)."""

from __future__ import annotations

from django.test import Client

from parkesg.web.core.review import ReviewState
from parkesg.web.observations import aggregates
from parkesg.web.observations.models import Observation
from parkesg.web.orgs.models import Organisation, OrgKind, User


def _approved(world, org, value, year=2024, field_id="ent_output_value", unit="万元", category=""):
    Observation.objects.create(
        organisation=world.orgs[org], created_by=world.user(org, "editor"),
        maker=world.user(org, "editor"), checker=world.user(org, "reviewer"),
        state=ReviewState.approved, year=year, field_id=field_id, value=value,
        unit=unit, value_std=value, source="official", category=category,
    )  # fmt: skip


def _figures(world, key="gov_cz", year=2024):
    return aggregates.field_figures(world.user(key, "viewer"), year=year)


def test_organisation_counts_of_the_region(world):
    counts = aggregates.organisations_by_kind(world.user("gov_cz", "viewer"))
    # region 3204: 园区A, 园区B (parks), 企业A1, A2, B1 (enterprises), 常州市政府 itself
    assert list(counts.values()) == [2, 0, 3, 0, 1]
    bj = aggregates.organisations_by_kind(world.user("gov_bj", "viewer"))
    assert list(bj.values()) == [0, 3, 0, 0, 1]  # the three providers (region 110105)


def test_totals_left_out_below_three_entities(world):
    _approved(world, "ent_a1", 100.0)
    _approved(world, "ent_a2", 200.0)
    r = _figures(world)
    assert (r.figures, r.suppressed) == ([], 1)  # 2 < 3: left out, only counted
    _approved(world, "ent_b1", 300.0)
    [row] = _figures(world).figures
    assert (row.rule, row.entities, row.population, row.value) == ("sum", 3, 3, 600.0)
    assert _figures(world, "gov_bj").figures == []


def test_drafts_do_not_count(world):
    # the world's five observations (2023) are drafts
    r = _figures(world, year=2023)
    assert (r.figures, r.suppressed) == ([], 0)


def test_rules_from_the_catalogue_kind_and_unit(world):
    park_c = Organisation.objects.create(name="园区C", kind=OrgKind.park, region="320412")
    for role in ("editor", "reviewer"):
        world.users[f"park_c_{role}"] = User.objects.create_user(
            f"park_c_{role}", password="x", organisation=park_c, role=role)  # fmt: skip
    world.orgs["park_c"] = park_c
    for org, output, permit, grade, votes in (("ent_a1", 100.0, 1.0, "I级", 51.0),
                                              ("ent_a2", 200.0, 0.0, "I级", 60.0),
                                              ("ent_b1", 300.0, 1.0, "III级", 70.0)):  # fmt: skip
        _approved(world, org, output)
        _approved(world, org, permit, field_id="ent_discharge_permit_compliant", unit="")
        _approved(world, org, None, field_id="ent_cp_grade_process", unit="", category=grade)
        _approved(world, org, votes, field_id="ent_controlling_shareholder_votes", unit="%")
    _approved(world, "ent_a1", 10.0, field_id="ent_employees", unit="人")  # one only: left out
    for org, share, land, days in (("park_a", 50.0, 2.0, 300.0), ("park_b", 80.0, 6.0, 330.0),
                                   ("park_c", 20.0, 2.0, 270.0)):  # fmt: skip
        _approved(world, org, share, field_id="bus_stop_coverage", unit="%")
        _approved(world, org, land, field_id="land_area", unit="km2")
        _approved(world, org, days, field_id="air_good_days", unit="天")
    r = _figures(world)
    got = {f.field_id: (f.rule, f.value, f.entities, f.population) for f in r.figures}
    assert got == {
        "ent_output_value": ("sum", 600.0, 3, 3),  # 100 + 200 + 300
        "ent_discharge_permit_compliant": ("count_yes", 2, 3, 3),  # 是, 否, 是
        "ent_cp_grade_process": ("categories", {"I级": 2, "III级": 1}, 3, 3),
        # Σ(share × land) ÷ Σ land = (50×2 + 80×6 + 20×2) ÷ 10 = 620 ÷ 10 (not 150, not 50)
        "bus_stop_coverage": ("ratio", 62.0, 3, 3),
        "land_area": ("sum", 10.0, 3, 3),
        "air_good_days": ("mean", 300.0, 3, 3),  # (300 + 330 + 270) ÷ 3, days do not add up
    }
    ratio = next(f for f in r.figures if f.rule == "ratio")
    assert ratio.weight == "园区用地总面积（land_area）"
    assert r.not_combined == ["控股股东表决权比例（ent_controlling_shareholder_votes）"]
    assert r.suppressed == 1  # ent_employees: one enterprise
    c = Client()
    c.force_login(world.user("gov_cz", "viewer"))
    page = c.get("/region/").content.decode()
    assert "62.0 %" in page and "2 / 3" in page and "I级 2、III级 1" in page
    assert "园区用地总面积（land_area）" in page and "600.00 万元" in page


def test_region_page_for_governments_only(world):
    for key, user in world.users.items():
        c = Client()
        c.force_login(user)
        expected = 200 if key.startswith("gov_") else 404
        assert c.get("/region/").status_code == expected, key
    c = Client()
    c.force_login(world.user("gov_cz", "viewer"))
    page = c.get("/region/").content.decode()
    assert "echarts.min.js" in page and 'id="by-kind-data"' in page
