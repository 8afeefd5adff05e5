"""Parks compared on the KPIs of their published ESG reports (issue 19, the city dashboard):
the stored T/ESC run each published report was generated from; unpublished ones not shown."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from parkesg.web.assessments.services import run_assessment
from parkesg.web.city import parks
from parkesg.web.core.review import ReviewState
from parkesg.web.esg.models import EsgReport
from parkesg.web.observations.models import Observation


def _approved(world, org, field_id, value, unit) -> None:  # type: ignore[no-untyped-def]
    Observation.objects.create(
        organisation=world.orgs[org], created_by=world.user(org, "editor"),
        maker=world.user(org, "editor"), checker=world.user(org, "reviewer"),
        state=ReviewState.approved, year=2024, field_id=field_id, value=value, unit=unit,
        value_std=value, source="park_statistics")  # fmt: skip


def _report(world, org, *, published: bool) -> EsgReport:  # type: ignore[no-untyped-def]
    run = run_assessment(actor=world.user(org, "editor"), entity_id=world.orgs[org].pk,
                         framework_id=parks.ESC, years=[2024])  # fmt: skip
    return EsgReport.objects.create(
        organisation=world.orgs[org], created_by=world.user(org, "editor"), title=f"{world.orgs[org].name} 报告",
        year=2024, period="2024 年", publication="官网", history="—", honours="—", outlook="—",
        assessment=run, state="published" if published else "approved",
        published_at=timezone.now() if published else None)  # fmt: skip


def test_parks_compared_on_their_published_kpis(world) -> None:  # type: ignore[no-untyped-def]
    # 园区A: 30 of 120 tce clean → 25 %; green 1.5 of 6 km² → 25 %. 园区B: 45 of 90 → 50 %.
    for org, clean, final in (("park_a", 30.0, 120.0), ("park_b", 45.0, 90.0)):
        _approved(world, org, "clean_energy", clean, "tce")
        _approved(world, org, "final_energy_consumption", final, "tce")
    _approved(world, "park_a", "green_area", 1.5, "km2")
    _approved(world, "park_a", "land_area", 6.0, "km2")
    _report(world, "park_a", published=True)
    hidden = _report(world, "park_b", published=False)
    gov = world.user("gov_cz", "viewer")
    c = parks.compare(gov)
    assert [p.name for p in c.parks] == ["园区A"]  # 园区B's report is not published
    assert [k for k, _n, _u in c.kpis] == ["clean_energy_share", "green_coverage_rate"]
    assert c.parks[0].values == {"clean_energy_share": 25.0, "green_coverage_rate": 25.0}
    EsgReport.objects.filter(pk=hidden.pk).update(state="published", published_at=timezone.now())
    c = parks.compare(gov)
    assert [(p.name, p.values.get("clean_energy_share")) for p in c.parks] == [
        ("园区A", 25.0), ("园区B", 50.0)]  # fmt: skip
    assert [cells for _p, cells in c.rows()] == [["25.0", "25.0"], ["50.0", "—"]]
    assert parks.compare(world.user("gov_bj", "viewer")).parks == []  # another region
    client = Client()
    client.force_login(gov)
    page = client.get("/city/").content.decode()
    assert 'id="parks"' in page and "园区B 报告" in page
