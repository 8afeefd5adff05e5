"""A government sees its region's counts and totals — never one enterprise's value."""

from __future__ import annotations

from django.test import Client

from parkesg.web.core.review import ReviewState
from parkesg.web.observations import aggregates
from parkesg.web.observations.models import Observation


def _approved(world, org, value, year=2024):
    Observation.objects.create(
        organisation=world.orgs[org], created_by=world.user(org, "editor"),
        maker=world.user(org, "editor"), checker=world.user(org, "reviewer"),
        state=ReviewState.approved, year=year, field_id="ent_output_value", value=value,
        unit="万元", value_std=value, source="official",
    )  # fmt: skip


def test_organisation_counts_of_the_region(world):
    counts = aggregates.organisations_by_kind(world.user("gov_cz", "viewer"))
    # region 3204: 园区A, 园区B (parks), 企业A1, A2, B1 (enterprises), 常州市政府 itself
    assert list(counts.values()) == [2, 0, 3, 0, 1]
    bj = aggregates.organisations_by_kind(world.user("gov_bj", "viewer"))
    assert list(bj.values()) == [0, 3, 0, 0, 1]  # the three providers (region 110105)


def test_totals_hidden_below_three_entities(world):
    gov = world.user("gov_cz", "viewer")
    _approved(world, "ent_a1", 100.0)
    _approved(world, "ent_a2", 200.0)
    [row] = aggregates.field_totals(gov, year=2024)
    assert (row.entities, row.total) == (2, None)  # 2 < 3: hidden
    _approved(world, "ent_b1", 300.0)
    [row] = aggregates.field_totals(gov, year=2024)
    assert (row.entities, row.total) == (3, 600.0)  # 100 + 200 + 300
    assert aggregates.field_totals(world.user("gov_bj", "viewer"), year=2024) == []


def test_drafts_do_not_count(world):
    # the world's five observations (2023) are drafts
    assert aggregates.field_totals(world.user("gov_cz", "viewer"), year=2023) == []


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
