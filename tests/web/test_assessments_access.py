"""Who may see and run assessments: every view and API operation of a stored assessment, for
every role of every organisation, inside and outside the assessed entity's organisation
(expectations written by hand from the rules, as in ``test_access.py``)."""

from __future__ import annotations

from assess_world import enterprise_run, park_data, park_run
from django.test import Client
from matrix import ObjectViewMatrix, run_matrix

from parkesg.web.assessments.models import Assessment

# An assessment belongs to the assessed entity: who may view the entity's data may view it.
VIEWERS = {"park_a": {"park_a", "prov_ok"}, "ent_a1": {"ent_a1", "park_a", "bank_ok"}}
RUNNERS = {"admin", "editor"}  # roles that may add, in any organisation


class TestParkAssessmentViews(ObjectViewMatrix):
    urls = {
        "/assessments/{pk}/": "view",
        "/assessments/{pk}/trace/2024/high_tech_value_added_share/": "view",
        "/assessments/{pk}/charts.json": "view",
        "/assessments/{pk}/report/": "view",  # writes the Word report for each allowed user
        "/api/assessments/{pk}": "view",
    }
    objects = {"park_a": park_run}

    def allowed(self, action, org, role, *, name):
        return org in VIEWERS[name]


class TestEnterpriseAssessmentViews(ObjectViewMatrix):
    urls = {
        "/assessments/{pk}/": "view",
        "/assessments/{pk}/trace/2024/process_type/": "view",
        "/assessments/{pk}/charts.json": "view",
        "/api/assessments/{pk}": "view",
    }
    objects = {"ent_a1": enterprise_run}

    def allowed(self, action, org, role, *, name):
        return org in VIEWERS[name]


def test_enterprise_report_is_not_reachable_from_outside(world):
    run = enterprise_run(world)
    url = f"/assessments/{run.pk}/report/"
    outsiders = [u for k, u in world.users.items() if k.rsplit("_", 1)[0] not in VIEWERS["ent_a1"]]
    assert len(outsiders) == 36
    for user in outsiders:
        c = Client()
        c.force_login(user)
        assert c.get(url).status_code == 404, user.username
    c = Client()
    c.force_login(world.user("bank_ok", "viewer"))  # consent: the bank may read the report
    r = c.get(url)
    assert r.status_code == 200 and r["Content-Disposition"].endswith(".docx")


def test_run_form_for_every_role(world):
    def expect(org: str, role: str) -> int:
        return 200 if role in RUNNERS else 403

    assert run_matrix(world, "/assessments/new/", lambda o, r: False, expect=expect) == []
    assert run_matrix(world, "/assessments/", lambda o, r: True) == []


def test_list_shows_only_visible_assessments(world):
    run = park_run(world)
    for key, user in world.users.items():
        c = Client()
        c.force_login(user)
        page = c.get("/assessments/").content.decode()
        api = c.get("/api/assessments").json()["items"]
        visible = key.rsplit("_", 1)[0] in VIEWERS["park_a"]
        assert (f'href="/assessments/{run.pk}/"' in page) == visible, key
        assert [a["id"] for a in api] == ([run.pk] if visible else []), key


def test_who_may_run_on_which_entity(world):
    """Runners (admin, editor) on an entity whose data they may view; anyone else: 404 for an
    entity out of sight, 403 for a role that may not run; nothing stored either way."""
    park_data(world)
    park = world.orgs["park_a"].pk
    body = {"framework": "t-cppc-park-cpa", "entity": park}
    for key, user in world.users.items():
        org, role = key.rsplit("_", 1)
        c = Client()
        c.force_login(user)
        r = c.post("/api/assessments", body, content_type="application/json")
        if org in VIEWERS["park_a"] and role in RUNNERS:
            assert r.status_code == 201, (key, r.content)
            assert r.json()["organisation_id"] == park
        elif org in VIEWERS["park_a"]:
            assert r.status_code == 403, key
        else:
            assert r.status_code == 404, key
    assert Assessment.objects.count() == 4  # park_a admin, editor; 服务商甲 admin, editor
    assert set(Assessment.objects.values_list("organisation_id", flat=True)) == {park}
