"""The demo platform's data (``parkesg.web.demo``): loaded through the services, approved by a
checker who is not the maker, audited, idempotent; never written into somebody's database."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db.models import F

from parkesg.web.audit.models import AuditRecord
from parkesg.web.audit.services import verify_chains
from parkesg.web.core.review import ReviewState
from parkesg.web.demo import cast, data, guard
from parkesg.web.demo.seed import demo_inputs, seed
from parkesg.web.observations.models import Observation, ObservationRevision
from parkesg.web.orgs.models import AccessGrant, Organisation, User


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-inputs")
    demo_inputs(folder)
    return folder


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Organisation, User, AccessGrant, Observation, ObservationRevision, AuditRecord)
    )


def test_seed_twice_loads_once_through_the_services(db: None, inputs: Path) -> None:
    values = [
        *data.park_values(inputs / "park.xlsx"),
        *data.enterprise_values(),
        *data.enterprise_profile_values(inputs / "enterprises.parquet"),
    ]
    first = seed(inputs=inputs, city=0)  # the cast, through the services; the city below
    people = sum(len(o.roles) for o in cast.ORGS)
    assert (first.organisations, first.people, first.grants) == (
        len(cast.ORGS), people, len(cast.GRANTS)
    )  # fmt: skip
    assert first.observations == len(values) == Observation.objects.count()
    after_first = _counts()
    second = seed(inputs=inputs, city=0)
    assert (second.organisations, second.people, second.grants, second.observations) == (0,) * 4
    assert _counts() == after_first

    # every value approved by its organisation's reviewer, not by its maker; three revisions
    obs = Observation.objects.all()
    assert set(obs.values_list("state", flat=True)) == {ReviewState.approved}
    assert not obs.filter(checker=F("maker")).exists()
    assert set(obs.values_list("maker__role", "checker__role").distinct()) == {
        ("editor", "reviewer")
    }
    assert ObservationRevision.objects.count() == 3 * len(values)
    # and audited: create + submit + approve for each, in intact chains
    assert AuditRecord.objects.filter(action="approve").count() == len(values)
    total, breaks = verify_chains()
    assert total == AuditRecord.objects.count() and breaks == []

    # the grants are in force: the provider sees the park (pledge recorded), the bank e01
    provider = User.objects.get(username=cast.username("provider", "viewer"))
    bank = User.objects.get(username=cast.username("bank", "viewer"))
    park = Organisation.objects.get(name=cast.ORGS[0].name)
    e01 = Organisation.objects.get(credit_code="91320411DEMENT001J")
    seen_by_provider = Observation.objects.for_user(provider, "view")
    seen_by_bank = Observation.objects.for_user(bank, "view")
    # the park and the zone its engagements audit (e01–e03 engage the provider too, issue 16)
    zone = set(Organisation.objects.filter(credit_code__in=cast.DEMO_ENTERPRISE_CODES[:3])
               .values_list("pk", flat=True))  # fmt: skip
    assert set(seen_by_provider.values_list("organisation", flat=True)) == {park.pk, *zone}
    assert set(seen_by_bank.values_list("organisation", flat=True)) == {e01.pk}
    pledge = AccessGrant.objects.get(kind="engagement", organisation=park)
    assert pledge.pledge_reference == "BJ-DEMO-2026-001" and pledge.pledge_recorded_at

    # issue 19: four enterprises published disclosures; e01 corrected (v2), e02 assured
    from parkesg.web.disclosures import portal

    shown = {p.credit_code: p for p in portal.search()}
    assert len(shown) == 4 and shown["91320411DEMENT001J"].no == 2
    assert shown[cast.DEMO_ENTERPRISE_CODES[1]].assurance["assurer"]
    assert all(p.kpis for p in shown.values())
    # the city counts its listed enterprises' disclosures: e01, e02 of e01, e02, e05, e06
    from parkesg.web.city import zones
    from parkesg.web.disclosures.measures import disclosure_rate

    rate = disclosure_rate("3204")
    assert (rate.value, rate.registered) == (50.0, False)
    # the park submitted its high-tech-zone evaluation, once; the city sees it ranked
    gov = User.objects.get(username=cast.username("gov", "viewer"))
    [z] = zones.compare(gov)
    assert (z.name, z.rank) == (park.name, 1) and z.total is not None

    # issue 19 item 8: the synthetic city (bulk, ``seed_city_scale``) comes once, graded six
    # in seven, and leaves the audit chains intact
    from parkesg.web.ratings.models import PublishedGrade

    seed(inputs=inputs, city=12)
    city = PublishedGrade.objects.filter(credit_code__regex=r"^9132041[12]DEMQ")
    assert (portal.search().count(), city.count()) == (16, 11)  # 12 − no. 7
    # one disclosure year: the city's enterprises are the key ones' industry peers
    assert {p.year for p in portal.search()} == {2024}
    after_city = _counts()
    seed(inputs=inputs, city=12)
    assert _counts() == after_city
    assert verify_chains()[1] == []


def test_seed_refuses_a_database_with_other_people(db: None, inputs: Path) -> None:
    User.objects.create_user("real-person", password="Zx9!parkesg-test")
    with pytest.raises(guard.NotDemoDatabase):
        seed(inputs=inputs)
    assert not Organisation.objects.exists()
    guard.check_database(force=True)  # forced: allowed


def test_data_dir_claimed_only_when_new_or_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARKESG_DATABASE_URL", raising=False)
    fresh = guard.claim_data_dir(tmp_path / "new")
    assert (fresh / guard.MARKER).exists()
    assert guard.claim_data_dir(fresh) == fresh  # marked: the demo's own
    other = tmp_path / "other"
    other.mkdir()
    (other / "parkesg.sqlite3").write_bytes(b"")
    with pytest.raises(guard.NotDemoDatabase, match="不是空目录"):
        guard.claim_data_dir(other)
    assert guard.claim_data_dir(other, force=True) == other
    monkeypatch.setenv("PARKESG_DATABASE_URL", "postgres://u:p@127.0.0.1/prod")
    with pytest.raises(guard.NotDemoDatabase, match="PARKESG_DATABASE_URL"):
        guard.claim_data_dir(fresh)


def test_demo_own_prefilled_workbooks_upload_back_unchanged(
    db: None, inputs: Path, settings, tmp_path: Path
) -> None:
    """Reported: re-uploading the platform's own “含已有数据” workbook made false corrections —
    each row's 证明材料 was the last year's, so 示范化工's 2022 energy values (5 fields) had
    their evidence rewritten and went from approved back to draft. Every demo entity's own
    workbook, over the years its data cover, now comes back unchanged."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parkesg.web.collection.template import template_bytes
    from parkesg.web.collection.upload import preview_workbook

    settings.DATA_DIR = tmp_path
    seed(inputs=inputs, city=3)  # three of the synthetic city too
    for years in ([2022, 2023], [2019, 2020, 2021, 2022, 2023], [2023, 2024]):
        for org in Organisation.objects.filter(kind__in=["park", "enterprise"]):
            # the organisation's data editor (the park also has its ESG office and departments)
            editor = User.objects.filter(organisation=org, role="editor").order_by("pk").first()
            data_ = template_bytes(org, editor, years, with_values=True)
            up = preview_workbook(actor=editor, uploaded=SimpleUploadedFile("w.xlsx", data_))
            stored = Observation.objects.filter(organisation=org, year__in=years).count()
            assert (up.state, up.created, up.changed, up.unchanged) == (
                "applied", 0, 0, stored), (org.name, years)  # fmt: skip
    assert set(Observation.objects.values_list("state", flat=True)) == {ReviewState.approved}
