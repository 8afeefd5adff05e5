"""Identities that cannot be spoofed: a consent goes to the organisation the owner meant, never
to a second organisation claiming the same 统一社会信用代码; codes are checked against their
standards (GB 32100 check character, GB/T 2260 and GB/T 4754 tables)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from parkesg.web.core.roles import Action
from parkesg.web.observations.models import Observation
from parkesg.web.orgs import services
from parkesg.web.orgs.models import AccessGrant, Organisation, User


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _operator() -> User:
    return User.objects.create_superuser("operator", password="Zx9!operator-pw")


def test_impostor_with_the_banks_code_cannot_capture_its_consent(world):
    """The attack as it worked: the operator registers a second “bank” under 银行甲's code
    (its name sorts first), then 企业A2 consents to “91320100BANK000013” — the consent
    went to the impostor, which then read 企业A2's data."""
    bank = world.orgs["bank_ok"]
    impostor = Organisation(name="一家冒名银行", kind="bank", region="320100",
                            credit_code=bank.credit_code)  # fmt: skip
    with pytest.raises(ValidationError, match="统一社会信用代码.*已被"):
        services.save_organisation(actor=_operator(), org=impostor)
    # not even straight into the table: the database refuses a second holder of the code
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="一家冒名银行", kind="bank", region="320100",
                                    credit_code=bank.credit_code)  # fmt: skip
    form = {"kind": "bank_consent", "starts_on": "2026-01-01",
            "grantee_code": bank.credit_code, "grantee_name": bank.name}  # fmt: skip
    assert _client(world.user("ent_a2")).post("/grants/add/", form).status_code == 302
    grant = AccessGrant.objects.get(organisation=world.orgs["ent_a2"], kind="bank_consent",
                                    revoked_at__isnull=True)  # fmt: skip
    assert grant.grantee_id == bank.pk


def test_an_organisation_cannot_take_over_a_code_by_editing_itself(world):
    """An organisation's admin edits its own record: the code (who it is) stays the
    operator's to set, so an admin cannot claim another's code or drop its own."""
    bank_b = world.orgs["bank_no"]
    admin = _client(world.user("bank_no"))
    r = admin.post(f"/organisations/{bank_b.pk}/edit/", {
        "name": bank_b.name, "region": bank_b.region,
        "credit_code": world.orgs["bank_ok"].credit_code,
    })  # fmt: skip
    bank_b.refresh_from_db()
    assert bank_b.credit_code == "91320100BANK000026"
    assert r.status_code in (200, 302)
    # the operator cannot give it the code either: another organisation holds it
    bank_b.credit_code = world.orgs["bank_ok"].credit_code
    with pytest.raises(ValidationError, match="已被"):
        services.save_organisation(actor=_operator(), org=bank_b)


def test_a_grant_stays_with_its_organisation_when_codes_change(world):
    """The grant holds the organisation itself: the bank changing its code (by the operator)
    and a newcomer then registering the freed code gains the newcomer nothing."""
    bank = world.orgs["bank_ok"]
    op = _operator()
    bank.credit_code = "91320100BANK000039"  # 91320100BANK00003 → check character 9
    services.save_organisation(actor=op, org=bank)
    newcomer = Organisation(name="新银行", kind="bank", region="320100",
                            credit_code="91320100BANK000013")  # fmt: skip
    services.save_organisation(actor=op, org=newcomer)
    User.objects.create_user("newcomer_viewer", password="Zx9!parkesg-test",
                             organisation=newcomer, role="viewer")  # fmt: skip
    seen = Observation.objects.for_user(User.objects.get(username="newcomer_viewer"), Action.view)
    assert not seen.filter(organisation=world.orgs["ent_a1"]).exists()
    bank_viewer = world.user("bank_ok", "viewer")
    assert Observation.objects.for_user(bank_viewer, Action.view).filter(
        organisation=world.orgs["ent_a1"]).exists()  # fmt: skip


def test_grant_form_needs_the_name_that_goes_with_the_code(world):
    """The owner names the grantee by code AND name; a mismatch is refused, so a typo in
    the code cannot hand the consent to whoever holds the mistyped code."""
    admin = _client(world.user("ent_a2"))
    bank = world.orgs["bank_ok"]
    form = {"kind": "bank_consent", "starts_on": "2026-01-01", "grantee_code": bank.credit_code,
            "grantee_name": "银行乙"}  # fmt: skip
    r = admin.post("/grants/add/", form)
    assert r.status_code == 200 and "名称不符" in r.content.decode()
    assert not AccessGrant.objects.filter(organisation=world.orgs["ent_a2"],
                                          grantee=bank).exists()  # fmt: skip


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91320100BANK000014", "校验位不符"),  # the right check character is 3
        ("91320100BANK00001", "18 位"),
        ("91320100BANKO00013", "不允许的字符"),  # the letter O is not in the character set
        ("91ABCDEFBANK000013", "行政区划代码"),
    ],
)
def test_credit_code_checked_on_the_organisation(world, code, why):
    org = Organisation(name="某企业", kind="enterprise", region="320411", credit_code=code)
    with pytest.raises(ValidationError, match=why):
        services.save_organisation(actor=_operator(), org=org)


@pytest.mark.parametrize(
    ("region", "industry", "why"),
    [
        ("320499", "", "不在本系统的 GB/T 2260 代码表中"),  # no such county in 常州市
        ("999999", "", "不在本系统的 GB/T 2260 代码表中"),
        ("320411", "A26", "大类 26 属于门类 C"),
        ("320411", "C98", "大类 98 不存在"),
        ("320411", "U", "格式"),
    ],
)
def test_region_and_industry_from_the_bundled_tables(world, region, industry, why):
    org = Organisation(name="某企业", kind="enterprise", region=region, industry=industry)
    with pytest.raises(ValidationError, match=why):
        services.save_organisation(actor=_operator(), org=org)


def test_valid_codes_are_accepted_and_normalised(world):
    # 91320412ENTB10002 → check character Q; typed in lower case
    org = Organisation(name="某企业", kind="enterprise", region="320412", industry="c2614",
                       credit_code="91320412entb10002q")  # fmt: skip
    services.save_organisation(actor=_operator(), org=org)
    org.refresh_from_db()
    assert (org.industry, org.credit_code) == ("C2614", "91320412ENTB10002Q")


def test_demo_organisations_carry_valid_codes():
    from parkesg.codes import check_credit_code, check_industry, check_region
    from parkesg.web.demo import cast

    for o in cast.ORGS:
        assert check_credit_code(o.credit_code) == o.credit_code
        assert check_region(o.region) == o.region
        if o.industry:
            assert check_industry(o.industry) == o.industry
    assert len({o.credit_code for o in cast.ORGS}) == len(cast.ORGS)
