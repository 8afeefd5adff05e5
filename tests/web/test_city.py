"""The city's registers and its 2027 target dashboard (issue 19 items 3, 7): figures equal
counts made by hand from ``city_world`` (literals)."""

from __future__ import annotations

import pytest
from city_world import district_government, published, registers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from parkesg.web.city import dashboard, measures, models, services, targets
from parkesg.web.city.targets import Figure
from parkesg.web.orgs.models import Organisation, OrgKind
from parkesg.web.ratings.models import RatingBody


@pytest.fixture
def city(world):  # type: ignore[no-untyped-def]
    district_government(world)
    published(world)
    registers(world)
    return world


def _rows(prefix: str = "3204") -> dict[str, dashboard.Row]:
    return {r.target.id: r for r in dashboard.rows(prefix)}


def test_a_or_above_is_read_from_the_jdfa_grade_scale() -> None:
    assert measures.grades_at_least("A") == {"AAA", "AA", "A"}


def test_dashboard_figures_equal_a_hand_count(city) -> None:  # type: ignore[no-untyped-def]
    rows = _rows()
    a = rows["grade_a"].figure
    # in force, A or above, in 3204: E1 AA, E2 A, E4 AAA, E5 A (E3 BBB, E6 in 南京 are not)
    assert (a.value, a.registered) == (4.0, False)
    assert a.by_year == {2025: 1.0, 2026: 4.0}  # E1 in 2025; E2, E4, E5 in 2026
    assert a.by_district == {"320411": 2.0, "320412": 2.0}
    assert rows["grade_a"].progress == pytest.approx(10.0)  # 4 of 40
    assert rows["institutions"].figure.value == 2.0
    assert dict(rows["institutions"].figure.parts) == {
        "披露（报告编制、咨询）": 0.0, "鉴证（认证、审验）": 1.0, "评级": 1.0}  # fmt: skip
    s = rows["standards"].figure
    assert (s.value, dict(s.parts)) == (3.0, {"制定中": 1.0, "已发布": 2.0})
    p = rows["projects"].figure
    assert (p.value, p.year, p.by_year) == (210.0, 2026, {2025: 140.0, 2026: 210.0})
    assert p.by_district == {"320411": 120.0, "320412": 90.0}
    assert rows["projects"].progress == pytest.approx(84.0)  # 210 of 250
    assert rows["talents"].figure.value == 5500.0  # 3,000 + 2,500
    assert (rows["carbon_officers"].figure.value, rows["carbon_officers"].progress) == (2.0, None)
    d = rows["disclosure_rate"].figure
    assert (d.value, d.registered, d.year) == (41.5, True, 2026)
    assert "常州证监局" in d.source


def test_a_district_sees_its_own_figures_only(city) -> None:  # type: ignore[no-untyped-def]
    rows = _rows("320412")
    assert rows["grade_a"].figure.value == 2.0  # E4, E5
    assert rows["projects"].figure.value == 90.0
    assert rows["institutions"].figure.value == 1.0  # 评级公司乙
    assert rows["standards"].figure.value == 0.0  # the city's standards are the city's
    assert _rows("1100")["grade_a"].figure.value == 0.0


def test_a_platform_rating_organisation_counts_once(city) -> None:  # type: ignore[no-untyped-def]
    org = Organisation.objects.create(name="评级公司丙", kind=OrgKind.bank, region="320411",
                                      credit_code="91320411RATE00001X")  # fmt: skip
    RatingBody.objects.create(organisation=org, created_by=city.user("bank_ok"), independent=True)
    assert _rows()["institutions"].figure.value == 3.0  # 2 registered + 1 on the platform
    services.save_entry(actor=city.user("gov_cz", "editor"), obj=models.ServiceInstitution(
        name="评级公司丙（登记）", credit_code="91320411RATE00001X", kind="rating",
        origin="local", district="320411", year=2026, source="名单"))  # fmt: skip
    assert _rows()["institutions"].figure.value == 3.0  # the same code: counted once


def test_an_app_measure_replaces_the_register_value(city, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(targets, "_MEASURES", dict(targets._MEASURES))
    targets.register_measure("disclosure_rate", lambda prefix: Figure(62.5, "披露应用", False))
    d = _rows()["disclosure_rate"]
    assert (d.figure.value, d.figure.registered, d.progress) == (
        62.5,
        False,
        pytest.approx(62.5 / 60 * 100),
    )
    with pytest.raises(KeyError):
        targets.register_measure("no_such_target", lambda prefix: Figure(None, "", False))


def test_registers_seen_by_the_region_and_kept_by_governments(city) -> None:  # type: ignore[no-untyped-def]
    n = models.EsgProjects.objects.for_user
    assert n(city.user("gov_cz", "viewer"), "view").count() == 4  # its own and 武进区's
    assert n(city.user("gov_wj", "viewer"), "view").count() == 2  # its own only
    for key in ("gov_bj_viewer", "park_a_admin", "ent_a1_admin", "bank_ok_admin"):
        assert n(city.users[key], "view").count() == 0, key
    assert n(city.user("gov_cz", "editor"), "change").count() == 2  # a district's: view only
    entry = models.EsgProjects(district="110105", year=2026, count=1, source="x")
    with pytest.raises(ValidationError) as e:
        services.save_entry(actor=city.user("gov_cz", "editor"), obj=entry)
    assert "不在本政府的行政区划" in str(e.value)
    with pytest.raises(PermissionDenied):
        services.save_entry(actor=city.user("park_a", "editor"),
                            obj=models.EsgProjects(district="320411", year=2026, count=1))  # fmt: skip


def test_dashboard_page_for_governments_and_the_register_exports(city) -> None:  # type: ignore[no-untyped-def]
    for key in ("gov_cz_viewer", "park_a_admin", "bank_ok_admin", "ent_a1_admin"):
        c = Client()
        c.force_login(city.users[key])
        assert c.get("/city/").status_code == (200 if key.startswith("gov_") else 404), key
    c = Client()
    c.force_login(city.user("gov_cz", "viewer"))
    page = c.get("/city/").content.decode()
    assert 'id="city-charts"' in page and "<script>" not in page  # data by json_script
    assert "常州证监局" in page and "登记" in page
    csv = c.get("/city/projects/?export=csv&year=2026").content.decode("utf-8-sig")
    assert csv.count("\n") == 3  # the heading and the two districts of 2026
    assert Client().get("/city/").status_code == 302  # anonymous: to the login


def test_evidence_upload_checked_and_linked(city) -> None:  # type: ignore[no-untyped-def]
    entry = models.Pilot.objects.get()
    c = Client()
    c.force_login(city.user("gov_cz", "editor"))
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    r = c.post(f"/city/pilots/{entry.pk}/evidence/",
               {"file": SimpleUploadedFile("名单.pdf", pdf)})  # fmt: skip
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.evidence_file is not None and entry.evidence_file.name == "名单.pdf"
    r = c.post(f"/city/pilots/{entry.pk}/evidence/",
               {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")})  # fmt: skip
    assert r.status_code == 422
    c.force_login(city.user("gov_wj", "editor"))  # a district does not see the city's entry
    r = c.post(f"/city/pilots/{entry.pk}/evidence/", {"file": SimpleUploadedFile("a.pdf", pdf)})
    assert r.status_code == 404
    c.force_login(city.user("gov_cz", "viewer"))  # sees it, may not change it
    r = c.post(f"/city/pilots/{entry.pk}/evidence/", {"file": SimpleUploadedFile("a.pdf", pdf)})
    assert r.status_code == 403
