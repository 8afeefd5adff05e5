"""The city's 上市企业 ESG 信息披露率 counted from the platform's records (issue 19 item 3):
listed enterprises are those with a 证券代码; the rate of a year is the share of them with a
published disclosure of that year. Figures counted by hand below (literals)."""

from __future__ import annotations

import pytest
from assess_world import enter
from city_world import district_government, registers
from disclosure_world import move, prepare, publish, published
from django.core.exceptions import ValidationError

from parkesg.web.city import dashboard, measures
from parkesg.web.disclosures import services
from parkesg.web.disclosures.measures import disclosure_rate
from parkesg.web.orgs.models import Organisation, OrgKind


@pytest.fixture
def city(world):  # type: ignore[no-untyped-def]
    district_government(world)
    registers(world)  # the city registered 41.5 % for 2026 (常州证监局)
    return world


def _list(world, **codes: str) -> None:  # type: ignore[no-untyped-def]
    for key, code in codes.items():
        Organisation.objects.filter(pk=world.orgs[key].pk).update(stock_code=code)


def test_with_no_listed_enterprise_the_registered_figure_stands(city) -> None:  # type: ignore[no-untyped-def]
    f = disclosure_rate("3204")
    assert (f.value, f.registered, f.year) == (41.5, True, 2026)
    assert f.source == "登记数值：常州证监局 2026 年上市公司 ESG 报告统计"


def test_rate_by_year_and_by_district_equals_a_hand_count(city) -> None:  # type: ignore[no-untyped-def]
    # listed in 常州: A1, A2 (新北区 320411), B1 (武进区 320412), L (新北区, never discloses);
    # listed in 南京 (320100): N — outside the region, not in any denominator
    _list(city, ent_a1="600001.SH", ent_a2="000002.SZ", ent_b1="00700.HK")
    for name, region, code in (("上市企业L", "320411", "300750.SZ"),
                               ("上市企业N", "320100", "601318.SH")):  # fmt: skip
        Organisation.objects.create(name=name, kind=OrgKind.enterprise, region=region,
                                    stock_code=code)  # fmt: skip
    # 2024: A1 published and corrected (counts once), B1 published, A2 submitted only
    d = published(city, "ent_a1")
    v2 = services.correct(actor=city.user("ent_a1", "editor"), disclosure_id=d.pk, reason="更正")
    publish(city, "ent_a1", v2)
    published(city, "ent_b1")
    move(city, "ent_a2", prepare(city, "ent_a2"), "submit", "editor")
    # 2023: A2 alone
    enter(city, "ent_a2", "ent_energy_consumption", 2023, 510.0)
    publish(city, "ent_a2", prepare(city, "ent_a2", year=2023, enter_data=False))

    f = disclosure_rate("3204")  # 4 listed in 常州
    assert (f.value, f.registered, f.year) == (50.0, False, 2024)  # 2 of 4
    assert f.by_year == {2023: 25.0, 2024: 50.0}  # 1 of 4; 2 of 4
    assert f.by_district == {"320411": 33.3, "320412": 100.0}  # 2024: A1 of A1, A2, L; B1 of B1
    row = next(r for r in dashboard.rows("3204") if r.target.id == "disclosure_rate")
    assert row.progress == pytest.approx(50.0 / 60 * 100)  # the plan's 60 %

    wujin = disclosure_rate("320412")  # 武进区's own: B1 alone
    assert (wujin.value, wujin.by_year, wujin.by_district) == (100.0, {2024: 100.0},
                                                               {"320412": 100.0})  # fmt: skip
    assert measures.registered("disclosure_rate", "3204").value == 41.5  # the register is kept


def test_listed_nothing_published_yet_is_zero(city) -> None:  # type: ignore[no-untyped-def]
    _list(city, ent_a1="600001.SH")
    prepare(city, "ent_a1")  # a draft is not a disclosure
    f = disclosure_rate("3204")
    assert (f.value, f.registered, f.by_year) == (0.0, False, {})


def test_only_enterprises_have_a_stock_code_and_it_is_checked(city) -> None:  # type: ignore[no-untyped-def]
    park = city.orgs["park_a"]
    park.stock_code = "600001.SH"
    with pytest.raises(ValidationError, match="只有企业"):
        park.full_clean()
    ent = city.orgs["ent_a1"]
    ent.stock_code = "600001.XX"
    with pytest.raises(ValidationError, match="证券代码"):
        ent.full_clean()
    ent.stock_code = "600001"
    ent.full_clean()
    assert ent.stock_code == "600001.SH"


def test_only_the_platform_operator_sets_the_listing(city) -> None:  # type: ignore[no-untyped-def]
    from parkesg.web.orgs.forms import OrganisationForm
    from parkesg.web.orgs.models import User

    ent = city.orgs["ent_a1"]
    admin = OrganisationForm(instance=ent, user=city.user("ent_a1", "admin"))
    assert admin.fields["stock_code"].disabled  # unlisting itself would lift the city's rate
    operator = User.objects.create_superuser("operator-x", password="Zx9!parkesg-op")
    assert not OrganisationForm(instance=ent, user=operator).fields["stock_code"].disabled
