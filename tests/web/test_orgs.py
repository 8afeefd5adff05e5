"""Organisations, people and grants through their pages and services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from parkesg.web.audit.models import AuditRecord
from parkesg.web.core.roles import Action
from parkesg.web.observations.models import Observation
from parkesg.web.orgs import services
from parkesg.web.orgs.models import AccessGrant, Organisation, User


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_operator_creates_an_enterprise_in_a_park(world):
    op = User.objects.create_superuser("operator", password="Zx9!operator-pw")
    form = {"name": "企业A3", "kind": "enterprise", "region": "320411",
            "park": world.orgs["park_a"].pk, "credit_code": "91320411ENTA300014"}  # fmt: skip
    r = _client(op).post("/organisations/add/", form)
    assert r.status_code == 302
    new = Organisation.objects.get(name="企业A3")
    assert new.park == world.orgs["park_a"]
    assert AuditRecord.objects.filter(action="create", object_id=str(new.pk)).exists()
    # an organisation's admin cannot create organisations
    assert _client(world.user("park_a")).get("/organisations/add/").status_code == 403


def test_organisation_rules(world):
    op = User.objects.create_superuser("operator", password="Zx9!operator-pw")
    bad_park = Organisation(name="X", kind="bank", region="320100", park=world.orgs["park_a"])
    with pytest.raises(ValidationError, match="只有企业"):
        services.save_organisation(actor=op, org=bad_park)
    with pytest.raises(ValidationError, match="6 位数字"):
        services.save_organisation(actor=op, org=Organisation(name="Y", kind="bank", region="32"))


def test_admin_adds_people_to_own_organisation_only(world):
    admin = _client(world.user("ent_a1"))
    form = {"username": "new_editor", "role": "editor", "password": "Zx9!new-editor-pw",
            "organisation": world.orgs["ent_a1"].pk}  # fmt: skip
    assert admin.post("/people/add/", form).status_code == 302
    assert User.objects.get(username="new_editor").organisation == world.orgs["ent_a1"]
    weak = admin.post("/people/add/", form | {"username": "weak", "password": "12345678"})
    assert weak.status_code == 200 and not User.objects.filter(username="weak").exists()
    other = admin.post("/people/add/", form | {"username": "x", "organisation":
                                                world.orgs["ent_b1"].pk})  # fmt: skip
    assert other.status_code == 200 and not User.objects.filter(username="x").exists()
    assert _client(world.user("ent_a1", "editor")).get("/people/add/").status_code == 403


def test_pledge_makes_the_engagement_effective(world):
    prov = world.user("prov_nopledge", "viewer")
    obs = world.obs["ent_a1"]
    assert not Observation.objects.for_user(prov, Action.view).filter(pk=obs.pk).exists()
    grant = world.grants["no_pledge"]
    r = _client(world.user("ent_a1")).post(f"/grants/{grant.pk}/pledge/", {"reference": "P-7"})
    assert r.status_code == 302
    assert Observation.objects.for_user(prov, Action.view).filter(pk=obs.pk).exists()
    # the provider itself cannot record its own pledge
    r = _client(world.user("prov_nopledge")).post(f"/grants/{grant.pk}/pledge/", {"reference": "x"})
    assert r.status_code == 403


def test_revoking_consent_ends_the_bank_view(world):
    bank = world.user("bank_ok", "viewer")
    obs = world.obs["ent_a1"]
    assert Observation.objects.for_user(bank, Action.view).filter(pk=obs.pk).exists()
    r = _client(world.user("ent_a1")).post(f"/grants/{world.grants['consent'].pk}/revoke/")
    assert r.status_code == 302
    assert not Observation.objects.for_user(bank, Action.view).filter(pk=obs.pk).exists()


def test_grant_form_names_grantee_by_credit_code(world):
    admin = _client(world.user("ent_a2"))
    form = {
        "kind": "bank_consent",
        "starts_on": "2026-01-01",
        "grantee_code": world.orgs["bank_ok"].credit_code,
        "grantee_name": "银行甲",
    }
    assert admin.post("/grants/add/", form).status_code == 302
    g = AccessGrant.objects.get(organisation=world.orgs["ent_a2"], grantee=world.orgs["bank_ok"])
    assert g.kind == "bank_consent" and g.created_by == world.user("ent_a2")
    unknown = admin.post("/grants/add/", form | {"grantee_code": "NOPE"})
    assert unknown.status_code == 200 and "未找到" in unknown.content.decode()
    wrong_kind = admin.post(
        "/grants/add/",
        form | {"grantee_code": world.orgs["prov_ok"].credit_code, "grantee_name": "服务商甲"},
    )
    assert wrong_kind.status_code == 200  # a provider cannot receive a bank consent
    share = admin.post("/grants/add/", {"kind": "park_share", "starts_on": "2026-01-01"})
    assert share.status_code == 302  # to its own park, no code needed
    assert AccessGrant.objects.filter(kind="park_share", grantee=world.orgs["park_a"],
                                      organisation=world.orgs["ent_a2"]).exists()  # fmt: skip


def test_engagement_needs_an_end_date(world):
    g = AccessGrant(kind="engagement", grantee=world.orgs["prov_ok"], starts_on="2026-01-01")
    with pytest.raises(ValidationError, match="结束日期"):
        services.create_grant(actor=world.user("park_b"), grant=g)
