"""Who may see what, per object: every user of the world (12 organisations × 4 roles) asks
for every entity's observation by id, in the pages and the API. The expectations are written
out by hand from the rules of issue 6 — not computed by the policy under test."""

from __future__ import annotations

from matrix import ALL_ROLES, ObjectViewMatrix

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


class TestObservationViews(ObjectViewMatrix):
    urls = {
        "/observations/{pk}/": "view",
        "/api/observations/{pk}": "view",
        "/observations/{pk}/edit/": "change",
    }
    objects = {e: (lambda w, e=e: w.obs[e]) for e in VIEWERS}

    def allowed(self, action, org, role, *, name):
        if action == "view":
            return org in VIEWERS[name]
        return org == name and role in EDITORS


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
    rows = c.get("/api/observations").json()["items"]
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


class TestOrganisationViews(ObjectViewMatrix):
    urls = {
        "/organisations/{pk}/": "view",
        "/api/organisations/{pk}": "view",
        "/organisations/{pk}/edit/": "manage",
    }
    objects = {k: (lambda w, k=k: w.orgs[k]) for k in ["park_b", "ent_a1", "bank_ok", "gov_bj"]}

    def allowed(self, action, org, role, *, name):
        if action == "view":
            return name in DIRECTORY[org]
        return org == name and role == "admin"


class TestGrantViews(ObjectViewMatrix):
    urls = {"/grants/{pk}/": "view", "/api/grants/{pk}": "view"}
    # (owner, grantee) of each grant: only these two parties see it
    parties = {"consent": ("ent_a1", "bank_ok"), "engagement": ("park_a", "prov_ok"),
               "revoked": ("ent_a2", "bank_no")}  # fmt: skip
    objects = {k: (lambda w, k=k: w.grants[k]) for k in parties}

    def allowed(self, action, org, role, *, name):
        return org in self.parties[name]


class TestPeopleViews(ObjectViewMatrix):
    urls = {"/people/{pk}/": "view", "/people/{pk}/edit/": "manage"}
    objects = {k: (lambda w, k=k: w.user(k, "viewer")) for k in ["ent_a1", "prov_ok"]}

    def allowed(self, action, org, role, *, name):
        return org == name and (action == "view" or role == "admin")


def test_grantee_cannot_manage_the_grant(world):
    g = world.grants["consent"]  # 企业A1 → 银行甲
    manage = AccessGrant.objects.for_user(world.user("bank_ok", "admin"), Action.manage)
    assert not manage.filter(pk=g.pk).exists()  # the grantee cannot revoke or widen it


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


def test_published_rows_hook_for_governments(world):
    # No model is publishable yet (ratings will be, T/JDFA01 6.12); the hook narrows a model
    # with ``published_at`` to published rows of the government's region.
    from types import SimpleNamespace

    from parkesg.web.orgs.access import _published_q

    publishable = SimpleNamespace(
        _meta=SimpleNamespace(get_fields=lambda: [SimpleNamespace(name="published_at")])
    )
    q = _published_q(world.user("gov_cz", "viewer"), publishable, "organisation")
    assert sorted(q.children) == [
        ("organisation__region__startswith", "3204"),
        ("published_at__isnull", False),
    ]
    assert _published_q(world.user("bank_ok"), publishable, "organisation") is None
    assert _published_q(world.user("gov_cz"), Observation, "organisation") is None
