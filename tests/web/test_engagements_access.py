"""Who may see and do what on an engagement: every page and API route of the engagements app,
for every role of every organisation, on objects inside and outside the owning organisations
(expectations written by hand from the rules):

- the provider (服务商甲) sees its engagement; its admins and editors change it and its records;
- the park committee (园区A) sees it and makes its own records (forms 2-3, 2-4), nothing else;
- the government (常州市政府) sees nothing until the engagement is submitted to it, then what
  was submitted (the report, the team, the forms, suggestions … not the working papers);
- everybody else — the enterprise in scope, other providers, banks, other parks and
  governments — gets 404 for every page of it, and so does an anonymous visitor (login).
"""

from __future__ import annotations

import pytest
from django.test import Client
from engagement_world import advance, attach, create, fill, member, park_data
from matrix import ObjectViewMatrix
from test_schemathesis import connection_kept_open  # noqa: F401 (a fixture)

from parkesg.web.audit.models import AuditRecord
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import records as r
from parkesg.web.engagements import report, services

pytestmark = pytest.mark.django_db
EDITORS = {"admin", "editor"}
CHECKERS = {"admin", "reviewer"}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def cppc_at_52(world):
    """A T/CPPC audit with 5.1 signed off (team, plan, a publicity photo), at 5.2."""
    park_data(world)
    return advance(world, create(world))


def beijing_submitted(world):
    """A Beijing diagnosis submitted to 常州市政府 (report, forms and their scans on record)."""
    park_data(world)
    e = create(world, c.Kind.beijing)
    for _ in range(4):
        e = advance(world, e)
    fill(world, e)
    e = services.move(actor=world.user("park_a", "reviewer"), engagement_id=e.pk, event="confirm")
    e.district = world.orgs["gov_cz"]
    services.update_engagement(actor=world.user("prov_ok", "editor"), engagement=e)
    return services.move(actor=world.user("prov_ok", "editor"), engagement_id=e.pk,
                         event="submit_district")  # fmt: skip


def sees(org: str, name: str) -> bool:
    return org in ("prov_ok", "park_a") or (org == "gov_cz" and name == "submitted")


class TestEngagementPages(ObjectViewMatrix):
    urls = {
        "/engagements/{pk}/": "view",
        "/engagements/{pk}/workbook/": "export",
        "/api/engagements/{pk}": "view",
        "/api/engagements/{pk}/records/members": "view",
        "/engagements/{pk}/edit/": "change",
        "/engagements/{pk}/profile/": "change",
        "/engagements/{pk}/workbook/import/": "change",
    }
    objects = {"cppc": cppc_at_52, "submitted": beijing_submitted}

    def allowed(self, action, org, role, *, name):
        if action == "view":
            return sees(org, name)
        if action == "export":  # the workbook holds the working papers: not for the district
            return org in ("prov_ok", "park_a")
        # changing the engagement: the provider's admins and editors, until it is submitted
        return org == "prov_ok" and role in EDITORS and name != "submitted"

    def status(self, action, org, role, *, name):
        if name == "submitted" and action == "change" and org == "prov_ok" and role in EDITORS:
            return 200  # the form shows; saving is refused (报送后不能修改)
        return super().status(action, org, role, name=name)


def first(model, world_fn):
    def find(world):
        e = world_fn(world)
        return model.objects.filter(engagement=e).order_by("pk").first()

    return find


class TestProviderRecords(ObjectViewMatrix):
    """A provider's record of an open stage (a plan item: 5.2 still open for it)."""

    urls = {"/engagements/records/plan/{pk}/edit/": "change"}
    objects = {"plan": first(r.PlanItem, cppc_at_52)}

    def allowed(self, action, org, role, *, name):
        if action == "view":
            return org in ("prov_ok", "park_a")
        return org == "prov_ok" and role in EDITORS


class TestSubmittedAttachments(ObjectViewMatrix):
    """The park's signed scan of form 2-3 (submitted with the report) and the provider's
    pledge scan: the district government sees both once submitted."""

    urls = {"/engagements/files/{pk}/": "view"}
    objects = {"scan": first(r.Attachment, beijing_submitted)}

    def allowed(self, action, org, role, *, name):
        return org in ("prov_ok", "park_a", "gov_cz")


def test_add_pages_offer_only_the_side_that_makes_the_record(world):
    e = cppc_at_52(world)
    url = f"/engagements/{e.pk}/records/sections/add/"
    for key, user in world.users.items():
        org, role = key.rsplit("_", 1)
        client = Client()
        client.force_login(user)
        got = client.get(url).status_code
        want = 200 if org == "prov_ok" and role in EDITORS else 403 if org == "park_a" or \
            org == "prov_ok" else 404  # fmt: skip
        assert got == want, (key, got)
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_working_papers_are_not_submitted_to_the_district(world):
    e = beijing_submitted(world)
    gov = Client()
    gov.force_login(world.user("gov_cz", "viewer"))
    page = gov.get(f"/engagements/{e.pk}/").content.decode()
    assert "建设中水回用管网" in page  # suggestions 2-1-3 were submitted
    assert "绿色园区评价要求" not in page  # the bases are working papers
    got = gov.get(f"/api/engagements/{e.pk}/records/bases").json()
    assert got == {"items": [], "count": 0}
    plan = r.PlanItem.objects.filter(engagement=e).first()
    assert gov.get(f"/engagements/records/plan/{plan.pk}/edit/").status_code == 404
    doc = report.documents_of(e).first()
    assert gov.get(f"/engagements/{e.pk}/report/{doc.pk}/download/").status_code == 200
    other = Client()
    other.force_login(world.user("gov_bj", "admin"))
    assert other.get(f"/engagements/{e.pk}/report/{doc.pk}/download/").status_code == 404


def test_lists_and_api_show_only_visible_engagements(world):
    e = cppc_at_52(world)
    for key, user in world.users.items():
        org, _role = key.rsplit("_", 1)
        client = Client()
        client.force_login(user)
        page = client.get("/engagements/").content.decode()
        api = [x["id"] for x in client.get("/api/engagements").json()["items"]]
        visible = org in ("prov_ok", "park_a")
        assert (e.title in page) == visible and (api == [e.pk]) == visible, key
    csv = Client()
    csv.force_login(world.user("park_a", "viewer"))
    assert e.title in csv.get("/engagements/?export=csv").content.decode("utf-8-sig")


def test_api_adds_a_record_with_the_pages_checks_and_moves(world):
    e = cppc_at_52(world)
    client = Client()
    client.force_login(member(world))
    url = f"/api/engagements/{e.pk}/records/focus"
    bad = client.post(url, {"level": "nowhere", "focus": ""}, content_type="application/json")
    assert bad.status_code == 422 and set(bad.json()["detail"]) == {"level", "focus"}
    ok = client.post(url, {"level": "park_level", "focus": "能耗"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["focus"] == "能耗"
    park = Client()
    park.force_login(world.user("park_a", "admin"))
    assert park.post(url, {"level": "park_level", "focus": "x"},
                     content_type="application/json").status_code == 403  # fmt: skip
    moved = client.post(f"/api/engagements/{e.pk}/move", {"event": "submit_s52"},
                        content_type="application/json")  # fmt: skip
    assert moved.status_code == 422 and any(
        "现状调查" in m for m in moved.json()["detail"]["__all__"]
    )


def test_scans_are_uploaded_through_the_checked_evidence_store(world):
    e = cppc_at_52(world)
    act = r.Publicity.objects.get(engagement=e)
    client = Client()
    client.force_login(member(world))
    from django.core.files.uploadedfile import SimpleUploadedFile

    html = SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script>", "image/png")
    got = client.post(f"/engagements/records/publicity/{act.pk}/attach/", {"file": html})
    # refused like every upload (issue 20): 422, the form's error, nothing linked, audited
    assert got.status_code == 422 and "errorlist" in got.content.decode()
    assert r.Attachment.objects.filter(record_type="Publicity").count() == 1  # the seeded one
    assert AuditRecord.objects.filter(action="refused_upload").exists()
    attach(world, act)  # a real photo: same content → the same evidence file, a new link
    atts = r.Attachment.objects.filter(record_type="Publicity")
    download = client.get(f"/engagements/files/{atts.first().pk}/")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")


def test_engagement_pages_in_english(world):
    """Every engagement page a role reaches, in English: no untranslated message id, no
    Chinese-only label (``test_i18n``'s rules, over the engagement pages)."""
    import re

    from test_i18n import CJK, catalogue, texts

    chinese_ids = {k for k in catalogue()._catalog if isinstance(k, str) and CJK.search(k)}
    e, bj = cppc_at_52(world), beijing_submitted(world)
    plan = r.PlanItem.objects.filter(engagement=e).first()
    pages = [f"/engagements/{e.pk}/", f"/engagements/{bj.pk}/", "/engagements/",
             f"/engagements/{e.pk}/records/members/add/", f"/engagements/{e.pk}/edit/",
             f"/engagements/{e.pk}/profile/", f"/engagements/{e.pk}/workbook/import/",
             f"/engagements/records/plan/{plan.pk}/edit/", "/engagements/new/", "/"]  # fmt: skip
    problems = set()
    for org, role in (("prov_ok", "editor"), ("park_a", "reviewer"), ("gov_cz", "viewer")):
        client = Client()
        client.force_login(world.user(org, role))
        client.cookies["django_language"] = "en"
        for url in pages:
            got = client.get(url)
            if got.status_code != 200:
                continue
            for tag, text in texts(got.content.decode()):
                label = tag in {"button", "dt", "label", "th", "h1", "h2", "h3", "legend"} \
                    or tag.startswith("label:")  # fmt: skip
                if text in chinese_ids or label and CJK.search(text) and not re.search(
                        "[A-Za-z]", text):  # fmt: skip
                    problems.add(f"{org}_{role} {url} <{tag}> {text}")
    assert sorted(problems) == []


def test_anonymous_gets_the_login_page_or_401(world):
    """Every engagements URL pattern and API route, without a login."""
    from django.urls import get_resolver

    e = cppc_at_52(world)
    anonymous = Client()
    resolver = get_resolver()
    patterns = [p for p in resolver.url_patterns if getattr(p, "namespace", None) == "engagements"
                or "engagements" in str(getattr(p, "pattern", ""))]  # fmt: skip
    urls = [f"/engagements/{e.pk}/", f"/engagements/{e.pk}/edit/", f"/engagements/{e.pk}/profile/",
            f"/engagements/{e.pk}/workbook/", f"/engagements/{e.pk}/workbook/import/",
            f"/engagements/{e.pk}/records/members/add/", "/engagements/", "/engagements/new/",
            f"/engagements/records/plan/{r.PlanItem.objects.first().pk}/edit/",
            f"/engagements/files/{r.Attachment.objects.first().pk}/",
            f"/engagements/{e.pk}/forms/2-3/"]  # fmt: skip
    assert patterns  # the app's URLs are mounted
    for url in urls:
        got = anonymous.get(url)
        assert got.status_code == 302 and "/login/" in got["Location"], url
    for url in (f"/engagements/{e.pk}/move/", f"/engagements/{e.pk}/compute/baseline/",
                f"/engagements/{e.pk}/report/issue/"):  # fmt: skip
        got = anonymous.post(url, {"event": "submit_s52"})
        assert got.status_code == 302 and "/login/" in got["Location"], url
    for url in ("/api/engagements", f"/api/engagements/{e.pk}",
                f"/api/engagements/{e.pk}/records/plan"):  # fmt: skip
        assert anonymous.get(url).status_code == 401, url
    assert anonymous.post(f"/api/engagements/{e.pk}/move", {"event": "submit_s52"},
                          content_type="application/json").status_code == 401  # fmt: skip
    assert e.state == c.State.s52


@pytest.mark.usefixtures("connection_kept_open")
def test_generated_api_requests_on_an_engagement_get_no_server_error(world):
    """Schemathesis on the engagements routes, as a team member, aimed at a real engagement
    (its id put into every generated path): never a server error."""
    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from test_schemathesis import CSRF

    e = cppc_at_52(world)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    login = Client()
    login.force_login(member(world))
    cookies = {"sessionid": login.cookies["sessionid"].value, "csrftoken": CSRF}
    headers = {"X-CSRFToken": CSRF, "Referer": "http://testserver/"}
    ops = [o.ok() for o in schema.get_all_operations() if "/engagements" in o.ok().path]
    assert len(ops) == 5
    for operation in ops:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def check(case) -> None:
            if case.path_parameters and "engagement_id" in case.path_parameters:
                case.path_parameters["engagement_id"] = e.pk
            case.call_and_validate(cookies=cookies, headers=headers, checks=[not_a_server_error])

        check()
