"""Who may see what, per object: every user of the world (12 organisations × 4 roles) asks
for every entity's observation by id, in the pages and the API. The expectations are written
out by hand from the rules of issue 6 — not computed by the policy under test."""

from __future__ import annotations

import pytest
from matrix import ALL_ROLES, run_matrix

from parkesg.web.core.roles import Action
from parkesg.web.observations.models import Observation
from parkesg.web.orgs.models import AccessGrant, Organisation

# Who may view each entity's data (any role may view):
VIEWERS = {
    "park_a": {"park_a", "prov_ok"},  # engagement with pledge; 服务商丙's ended
    "park_b": {"park_b"},
    "ent_a1": {"ent_a1", "park_a", "bank_ok"},  # shared with park; consent; 服务商乙 no pledge
    "ent_a2": {"ent_a2"},  # 银行乙's consent revoked; not shared with the park
    "ent_b1": {"ent_b1"},
}
EDITORS = {"admin", "editor"}  # change: own organisation only
CHECKERS = {"admin", "reviewer"}  # approve: own organisation only


@pytest.mark.parametrize("entity", sorted(VIEWERS))
def test_observation_detail_per_role(world, entity):
    obs = world.obs[entity]
    page = run_matrix(world, f"/observations/{obs.pk}/", lambda o, r: o in VIEWERS[entity])
    api = run_matrix(world, f"/api/observations/{obs.pk}", lambda o, r: o in VIEWERS[entity])
    assert page == [] and api == []


@pytest.mark.parametrize("entity", sorted(VIEWERS))
def test_observation_edit_per_role(world, entity):
    # Visible but not editable → 403; not even visible → 404 (existence not revealed).
    obs = world.obs[entity]
    problems = run_matrix(
        world, f"/observations/{obs.pk}/edit/",
        lambda o, r: o == entity and r in EDITORS, denied=(403, 404),
    )  # fmt: skip
    assert problems == []
    outsider = world.user("ent_b1" if entity != "ent_b1" else "ent_a1", "admin")
    from django.test import Client

    c = Client()
    c.force_login(outsider)
    assert c.get(f"/observations/{obs.pk}/edit/").status_code == 404


def test_lists_show_only_visible_rows(world):
    for key, user in world.users.items():
        org = key.rsplit("_", 1)[0]
        seen = set(Observation.objects.for_user(user, Action.view).values_list(
            "organisation__name", flat=True))  # fmt: skip
        expected = {world.orgs[e].name for e, viewers in VIEWERS.items() if org in viewers}
        assert seen == expected, key


def test_api_list_matches_pages(world):
    from django.test import Client

    c = Client()
    c.force_login(world.user("bank_ok", "viewer"))
    rows = c.get("/api/observations").json()
    assert {r["organisation_id"] for r in rows} == {world.orgs["ent_a1"].pk}


def test_approve_and_change_rights(world):
    for key, user in world.users.items():
        org, role = key.rsplit("_", 1)
        may_change = set(Observation.objects.for_user(user, Action.change).values_list(
            "organisation__name", flat=True))  # fmt: skip
        may_approve = set(Observation.objects.for_user(user, Action.approve).values_list(
            "organisation__name", flat=True))  # fmt: skip
        own = {world.orgs[org].name} if org in VIEWERS else set()
        assert may_change == (own if role in EDITORS else set()), key
        assert may_approve == (own if role in CHECKERS else set()), key


# The organisation directory (names, kinds, regions):
DIRECTORY = {
    "park_a": {"park_a", "ent_a1", "ent_a2"},  # a park knows the enterprises it hosts
    "park_b": {"park_b", "ent_b1"},
    "ent_a1": {"ent_a1"},
    "ent_a2": {"ent_a2"},
    "ent_b1": {"ent_b1"},
    "prov_ok": {"prov_ok", "park_a"},
    "prov_nopledge": {"prov_nopledge"},
    "prov_expired": {"prov_expired"},
    "bank_ok": {"bank_ok", "ent_a1"},
    "bank_no": {"bank_no"},
    "gov_cz": {"gov_cz", "park_a", "park_b", "ent_a1", "ent_a2", "ent_b1"},  # region 3204
    "gov_bj": {"gov_bj", "prov_ok", "prov_nopledge", "prov_expired"},  # region 11
}


def test_directory_per_organisation(world):
    names = {k: o.name for k, o in world.orgs.items()}
    for key, user in world.users.items():
        org = key.rsplit("_", 1)[0]
        seen = set(Organisation.objects.for_user(user, Action.view).values_list("name", flat=True))
        assert seen == {names[k] for k in DIRECTORY[org]}, key


@pytest.mark.parametrize("target", ["park_b", "ent_a1", "bank_ok"])
def test_organisation_pages_per_role(world, target):
    org_id = world.orgs[target].pk
    seen_by = {o for o, visible in DIRECTORY.items() if target in visible}
    assert run_matrix(world, f"/organisations/{org_id}/", lambda o, r: o in seen_by) == []
    assert run_matrix(world, f"/api/organisations/{org_id}", lambda o, r: o in seen_by) == []
    edit = run_matrix(
        world, f"/organisations/{org_id}/edit/", lambda o, r: o == target and r == "admin",
        denied=(403, 404),
    )  # fmt: skip
    assert edit == []


def test_grants_seen_by_owner_and_grantee(world):
    g = world.grants["consent"]  # 企业A1 → 银行甲
    assert run_matrix(world, f"/grants/{g.pk}/", lambda o, r: o in {"ent_a1", "bank_ok"}) == []
    manage = AccessGrant.objects.for_user(world.user("bank_ok", "admin"), Action.manage)
    assert not manage.filter(pk=g.pk).exists()  # the grantee cannot revoke or widen it


def test_people_only_own_organisation(world):
    target = world.user("ent_a1", "viewer")
    assert run_matrix(world, f"/people/{target.pk}/", lambda o, r: o == "ent_a1") == []
    edit = run_matrix(
        world, f"/people/{target.pk}/edit/", lambda o, r: o == "ent_a1" and r == "admin",
        denied=(403, 404),
    )  # fmt: skip
    assert edit == []


def test_anonymous_gets_login_page_or_401(world):
    from django.test import Client

    c = Client()
    obs = world.obs["park_a"]
    assert c.get(f"/observations/{obs.pk}/").status_code == 302
    assert c.get(f"/api/observations/{obs.pk}").status_code == 401


def test_platform_operator_manages_directory_but_sees_no_data(world):
    from parkesg.web.orgs.models import User

    op = User.objects.create_superuser("operator", password="Zx9!operator-pw")
    assert Organisation.objects.for_user(op, Action.view).count() == len(world.orgs)
    assert Observation.objects.for_user(op, Action.view).count() == 0
    assert ALL_ROLES == {"admin", "editor", "reviewer", "viewer"}
