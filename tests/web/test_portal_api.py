"""The public portal as JSON (``/api/portal/disclosures``): anyone may search the current
published disclosures and read every published version of one; drafts, submitted and
approved-but-unpublished versions are never there; only what a snapshot made public."""

from __future__ import annotations

from disclosure_world import move, prepare, publish, published
from django.test import Client

from parkesg.web.disclosures import services


def _get(path: str) -> tuple[int, object]:
    r = Client().get(path)
    return r.status_code, r.json()


def test_anyone_searches_current_published_disclosures(world) -> None:  # type: ignore[no-untyped-def]
    d1 = published(world, "ent_a1")
    v2 = services.correct(actor=world.user("ent_a1", "editor"), disclosure_id=d1.pk,
                          reason="口径更正")  # fmt: skip
    publish(world, "ent_a1", v2)
    published(world, "ent_b1")
    move(world, "ent_a2", prepare(world, "ent_a2"), "submit", "editor")  # not published

    status, body = _get("/api/portal/disclosures")
    assert status == 200 and body["count"] == 2  # type: ignore[index]
    rows = {r["enterprise_name"]: r for r in body["items"]}  # type: ignore[index]
    assert set(rows) == {"企业A1", "企业B1"}
    a1 = rows["企业A1"]
    assert (a1["id"], a1["version"], a1["credit_code"], a1["assured"], a1["grade"]) == (
        d1.pk, 2, "91320411ENTA10001L", False, "")  # fmt: skip
    _, by_region = _get("/api/portal/disclosures?region=320412")
    assert [r["enterprise_name"] for r in by_region["items"]] == ["企业B1"]  # type: ignore[index]
    _, by_code = _get("/api/portal/disclosures?q=91320411ENTA10001L")
    assert by_code["count"] == 1  # type: ignore[index]
    _, paged = _get("/api/portal/disclosures?limit=1")
    assert paged["count"] == 2 and len(paged["items"]) == 1  # type: ignore[index]
    assert Client().get("/api/portal/disclosures?q=%00").status_code == 422
    assert Client().get("/api/portal/disclosures?year=99999999999999999999").status_code == 422


def test_a_disclosures_published_versions_and_nothing_else(world) -> None:  # type: ignore[no-untyped-def]
    d1 = published(world, "ent_a1")
    services.correct(actor=world.user("ent_a1", "editor"), disclosure_id=d1.pk, reason="更正中")
    status, versions = _get(f"/api/portal/disclosures/{d1.pk}")
    assert status == 200 and [v["version"] for v in versions] == [1]  # type: ignore[index,union-attr]
    kpis = {k["field"]: k for k in versions[0]["kpis"]}  # type: ignore[index]
    energy = kpis["ent_energy_consumption"]
    assert (energy["value"], energy["unit"], energy["name"]) == (800.0, "tce", "企业综合能源消费量")
    assert "observation" not in energy and "state" not in energy  # the platform's ids stay in
    draft = prepare(world, "ent_a2")
    assert Client().get(f"/api/portal/disclosures/{draft.disclosure_id}").status_code == 404
    assert Client().get("/api/portal/disclosures/999999").status_code == 404
