"""The synthetic city (``demo.seed_city_scale``): valid codes, two districts, idempotent, and
the bulk path leaves exactly the rows the services leave (a person's clicks)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from parkesg.codes import check_credit_code, check_industry, check_region
from parkesg.web.demo import cast, seed_city_grades, seed_city_scale
from parkesg.web.disclosures import portal
from parkesg.web.disclosures.models import DisclosureVersion, PublishedVersion
from parkesg.web.observations.models import Observation, ObservationRevision
from parkesg.web.orgs.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.create_superuser(cast.OPERATOR, "", cast.DEMO_PASSWORD)


def _kpis(kpis: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "observation"} for r in kpis]


def _rows() -> dict[str, list[Any]]:
    """What the city left, without ids and times."""
    pv = [(p.enterprise_name, p.credit_code, p.industry, p.region, p.park_name, p.no, p.year,
           p.template, p.summary, p.reason, p.report_name, p.report_sha256, p.assurance,
           p.published_by.username, p.report.kind, p.report.created_by.username, _kpis(p.kpis))
          for p in PublishedVersion.objects.order_by("enterprise_name")]  # fmt: skip
    dv = [(v.organisation.name, v.no, v.state, v.summary, v.preparer.username,
           v.approver.username, v.created_by.username, _kpis(v.values))
          for v in DisclosureVersion.objects.order_by("organisation__name")]  # fmt: skip
    obs = list(Observation.objects.order_by("organisation__name", "field_id").values_list(
        "organisation__name", "field_id", "year", "value", "category", "unit", "value_std",
        "source", "evidence", "evidence_file", "state", "maker__username", "checker__username",
        "review_note", "created_by__username"))  # fmt: skip
    rev = list(ObservationRevision.objects.order_by(
        "observation__organisation__name", "observation__field_id", "no").values_list(
        "observation__organisation__name", "observation__field_id", "no", "event", "value",
        "category", "unit", "value_std", "source", "evidence", "state", "by__username",
        "note"))  # fmt: skip
    orgs = list(Organisation.objects.order_by("name").values_list(
        "name", "kind", "region", "credit_code", "industry", "park"))  # fmt: skip
    return {"published": pv, "versions": dv, "observations": obs, "revisions": rev, "orgs": orgs}


def test_bulk_rows_equal_the_services_rows(operator: User) -> None:
    with transaction.atomic():
        seed_city_scale.seed(4, via_services=True)
        clicked = _rows()
        transaction.set_rollback(True)
    assert not PublishedVersion.objects.exists()
    seed_city_scale.seed(4)
    bulk = _rows()
    assert len(bulk["published"]) == 4 and len(bulk["observations"]) > 40
    for what in clicked:
        assert bulk[what] == clicked[what], what
    # the snapshot names its observations, as live_values does
    pv = PublishedVersion.objects.first()
    assert pv is not None
    ids = {r["observation"] for r in pv.kpis}
    assert ids == set(Observation.objects.filter(organisation=pv.organisation)
                      .values_list("pk", flat=True))  # fmt: skip


def test_city_of_n_is_valid_and_idempotent(operator: User) -> None:
    added = seed_city_scale.seed(30)
    assert (added.enterprises, Organisation.objects.count()) == (30, 30)
    orgs = list(Organisation.objects.all())
    for o in orgs:
        assert check_credit_code(o.credit_code) == o.credit_code
        assert check_region(o.region) == o.region and o.region in ("320411", "320412")
        assert check_industry(o.industry) == o.industry
        assert o.name.startswith("常州示范") and o.name.endswith("有限公司（演示）")
    assert sorted({o.region for o in orgs}) == ["320411", "320412"]
    assert sum(o.region == "320411" for o in orgs) == 15  # odd numbers in 新北区
    assert len({o.industry[:3] for o in orgs}) >= 5
    assert seed_city_scale.seed(30).enterprises == 0
    assert PublishedVersion.objects.count() == 30
    grown = seed_city_scale.seed(35)
    assert grown.enterprises == 5 and portal.current().count() == 35


def test_values_vary_by_size_and_industry() -> None:
    rows = seed_city_scale.enterprises(200)
    energy = rows["ent_energy_consumption"].dropna()
    assert energy.max() > 100 * energy.median()  # a few large energy users
    by = rows.groupby(rows["industry"].str[:3])["ent_energy_consumption"].median()
    assert by.max() > 5 * by.min()
    again = seed_city_scale.enterprises(200, 150)
    assert again["name"].tolist() == rows["name"].iloc[150:].tolist()


def test_grades_six_in_seven_in_annex_b_shares() -> None:
    rows = seed_city_scale.enterprises(700)
    g = seed_city_grades.grades(rows)
    assert (g == "").sum() == 100  # no. 7, 14, … 700
    counts = g[g != ""].value_counts()
    # 600 graded: 4 %, 11 %, 25 %, 30 %, 18 %, 9 %, 3 % (hand-computed)
    assert counts.to_dict() == {"AAA": 24, "AA": 66, "A": 150, "BBB": 180, "BB": 108, "B": 54,
                                "CCC": 18}  # fmt: skip
    # better governance, better grade: the A-or-above group has ESG governance more often
    top = rows[g.isin(["AAA", "AA", "A"])]["ent_esg_governance"].mean()
    low = rows[g.isin(["BB", "B", "CCC"])]["ent_esg_governance"].mean()
    assert top > low
