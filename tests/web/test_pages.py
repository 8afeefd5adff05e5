"""Pages, language, static assets and the API schema."""

from __future__ import annotations

import re
from gettext import GNUTranslations
from pathlib import Path

from django.test import Client
from django.urls import reverse

import parkesg.web

WEB = Path(parkesg.web.__file__).parent
LIST_PAGES = ["organisation_list", "accessgrant_list", "user_list", "observation_list", "home"]


def test_every_list_page_for_every_user(world):
    for key, user in world.users.items():
        c = Client()
        c.force_login(user)
        for name in LIST_PAGES:
            assert c.get(reverse(name)).status_code == 200, (key, name)
        audit = c.get(reverse("auditrecord_list"))
        assert audit.status_code == 200  # an empty list for non-admins: no chain is theirs
    anonymous = Client()
    for name in [*LIST_PAGES, "auditrecord_list"]:
        assert anonymous.get(reverse(name)).status_code == 302, name


def test_list_shows_only_visible_names_and_htmx_partial(world):
    c = Client()
    c.force_login(world.user("park_a", "viewer"))
    page = c.get("/organisations/").content.decode()
    assert "企业A1" in page and "企业B1" not in page and "园区B" not in page
    assert "htmx.min.js" in page
    partial = c.get("/organisations/?q=A2", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "企业A2" in partial and "企业A1" not in partial


def test_chinese_by_default_english_on_request(world):
    c = Client()
    c.force_login(world.user("park_a", "viewer"))
    assert "工作台" in c.get("/").content.decode()
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = c.get("/").content.decode()
    assert "Dashboard" in page and 'lang="en"' in page


def test_english_catalogue_complete_and_compiled():
    po = (WEB / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', po, re.M)
    assert pairs and all(en for _zh, en in pairs)
    with open(WEB / "locale/en/LC_MESSAGES/django.mo", "rb") as fh:
        mo = GNUTranslations(fh)
    # the committed .mo carries every entry of the .po (recompile with msgfmt after editing)
    assert all(mo.gettext(zh) == en for zh, en in pairs)


def test_vendored_assets_served_from_the_package(world):
    c = Client()
    for path in ["/static/vendor/htmx/htmx.min.js", "/static/vendor/echarts/echarts.min.js",
                 "/static/parkesg/site.css"]:  # fmt: skip
        r = c.get(path)
        assert r.status_code == 200, path
        assert b"".join(r.streaming_content if r.streaming else [r.content])
    for licence in ["htmx/LICENSE", "echarts/LICENSE", "echarts/NOTICE"]:
        assert (WEB / "static/vendor" / licence).stat().st_size > 0


def test_no_page_loads_anything_from_another_host(world):
    c = Client()
    c.force_login(world.user("ent_a1", "admin"))
    for url in ["/", "/organisations/", f"/observations/{world.obs['ent_a1'].pk}/", "/login/"]:
        page = c.get(url).content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', page), url


def test_openapi_schema(world):
    schema = Client().get("/api/openapi.json").json()
    assert schema["info"]["title"] == "parkesg API"
    assert {"/api/organisations/{org_id}", "/api/observations", "/api/audit"} <= set(
        schema["paths"]
    )
    docs = Client().get("/api/docs").content.decode()
    assert "cdn" not in docs.lower()


def test_error_pages_in_chinese(world):
    c = Client()
    c.force_login(world.user("ent_b1", "viewer"))
    missing = c.get(f"/observations/{world.obs['ent_a1'].pk}/")
    assert missing.status_code == 404 and "该页面不存在" in missing.content.decode()
    c.force_login(world.user("ent_a1", "viewer"))
    refused = c.get(f"/observations/{world.obs['ent_a1'].pk}/edit/")
    assert refused.status_code == 403 and "无权操作" in refused.content.decode()


def test_manage_runs_django_commands(world):
    from typer.testing import CliRunner

    from parkesg.cli.main import app

    result = CliRunner().invoke(app, ["manage", "check"])
    assert result.exit_code == 0 and "no issues" in result.output


def test_chinese_even_for_an_english_browser(world):
    c = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    c.force_login(world.user("park_a", "viewer"))
    page = c.get("/")
    assert "工作台" in page.content.decode() and page["Content-Language"] == "zh-hans"


def test_request_id_in_response_and_audit(world):
    from parkesg.web.audit.models import AuditRecord

    c = Client()
    c.force_login(world.user("ent_b1", "viewer"))
    r = c.get(f"/observations/{world.obs['ent_a1'].pk}/")
    denied = AuditRecord.objects.get(action="denied")
    assert len(r["X-Request-ID"]) == 32 and denied.request_id == r["X-Request-ID"]


def test_https_proxy_settings(monkeypatch):
    import importlib

    import parkesg.web.settings as web_settings

    monkeypatch.setenv("PARKESG_HTTPS", "1")
    monkeypatch.setenv("PARKESG_ALLOWED_HOSTS", "esg.example.gov.cn")
    try:
        s = importlib.reload(web_settings)
        assert s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE
        assert s.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
        assert s.CSRF_TRUSTED_ORIGINS == ["https://esg.example.gov.cn"]
    finally:
        monkeypatch.delenv("PARKESG_HTTPS")
        monkeypatch.delenv("PARKESG_ALLOWED_HOSTS")
        s = importlib.reload(web_settings)
    assert "127.0.0.1" in s.ALLOWED_HOSTS  # back to the loopback default


def test_one_filter_set_for_list_partial_and_api(world):
    from parkesg.web.observations.models import Observation

    Observation.objects.create(
        organisation=world.orgs["ent_a1"], created_by=world.user("ent_a1", "editor"),
        maker=world.user("ent_a1", "editor"), year=2024, field_id="ent_output_value",
        value=5.0, source="official",
    )  # fmt: skip
    c = Client()
    c.force_login(world.user("park_a", "viewer"))  # sees 园区A and (shared) 企业A1
    a1 = world.orgs["ent_a1"].pk
    page = c.get(f"/observations/?organisation={a1}&year=2024").content.decode()
    rows = re.compile(r'href="/observations/\d+/"')
    assert len(rows.findall(page)) == 1 and "2024" in page
    # the organisation dropdown offers only what the park may see
    assert "企业A1" in page and "企业A2" not in page and "园区B" not in page
    partial = c.get(f"/observations/?organisation={a1}", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and len(rows.findall(partial)) == 2
    api = c.get("/api/observations", {"organisation": a1, "year": 2024}).json()["items"]
    assert [(r["organisation_id"], r["year"]) for r in api] == [(a1, 2024)]
    # another organisation's id as a filter reveals nothing
    b1 = world.orgs["ent_b1"].pk
    assert c.get("/api/observations", {"organisation": b1}).json()["items"] == []
    assert c.get("/observations/?year=abc").status_code == 200  # bad value: no rows, no error
    assert c.get("/api/observations", {"state": "nonsense"}).status_code == 422


def test_organisation_filters(world):
    c = Client()
    c.force_login(world.user("gov_cz", "viewer"))
    page = c.get("/organisations/?kind=enterprise&region=320411").content.decode()
    assert (
        "企业A1" in page and "企业A2" in page and "企业B1" not in page and "园区A</a>" not in page
    )
