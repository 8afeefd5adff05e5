"""The demo platform in a real browser: every kind of user logs in and sees its organisation,
a wrong password is refused, an enterprise's editor enters a value that its reviewer approves
(maker–checker), another organisation's objects are 404 by URL, logout ends the session."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from parkesg.web.demo.cast import DEMO_PASSWORD, ORGS

NAME = {o.key: o.name for o in ORGS}
ENTERPRISES = {o.name for o in ORGS if o.park}
Login = Callable[..., None]
Shot = Callable[[Page, str], Path]

# kind of organisation → a demo user of that kind and its organisation
KINDS = {
    "park": ("park-admin", "park"),
    "provider": ("provider-viewer", "provider"),
    "enterprise": ("e01-editor", "e01"),
    "bank": ("bank-viewer", "bank"),
    "government": ("gov-viewer", "gov"),
}


def _org_column(page: Page) -> set[str]:
    """The 所属组织 column (third) of the observation list on the page shown."""
    return set(page.locator("#table tbody tr td:nth-child(3)").all_inner_texts())


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_user_sees_its_organisation(
    page: Page, login: Login, shot: Shot, kind: str
) -> None:
    user, org = KINDS[kind]
    login(page, user)
    expect(page.locator("h1")).to_have_text("工作台")
    expect(page.locator("header .who")).to_have_text(f"{user} · {NAME[org]}")
    expect(page.locator("main")).to_contain_text(f"所属组织：{NAME[org]}")
    shot(page, f"home-{kind}")


@pytest.mark.parametrize(
    ("user", "sees"),
    [
        # engagements with recorded pledges: the park, and the zone its audit covers (e01–e03)
        ("provider-viewer", {NAME["park"], NAME["e01"], NAME["e02"], NAME["e03"]}),
        ("bank-viewer", {NAME["e01"]}),  # e01's consent only
        ("e02-editor", {NAME["e02"]}),  # its own data only
    ],
)
def test_observation_list_shows_only_what_the_user_may_see(
    page: Page, login: Login, shot: Shot, user: str, sees: set[str]
) -> None:
    login(page, user)
    page.goto("/observations/")
    first = _org_column(page)
    page.goto("/observations/?page=9999")  # the last page (the list is ordered by entity)
    last = _org_column(page)
    assert first and last and first | last <= sees
    shot(page, f"observations-{user}")


def test_park_sees_the_data_its_enterprises_share(page: Page, login: Login, shot: Shot) -> None:
    login(page, "park-viewer")
    page.goto("/observations/")
    assert _org_column(page) == {NAME["park"]}  # its own come first (lowest id)
    page.goto("/observations/?page=9999")
    last = _org_column(page)
    assert last and last <= ENTERPRISES
    shot(page, "observations-park")


def test_government_sees_aggregates_not_rows(page: Page, login: Login, shot: Shot) -> None:
    login(page, "gov-viewer")
    page.goto("/observations/")
    expect(page.locator("#table tbody")).to_have_text("没有记录")
    page.goto("/region/")
    expect(page.locator("h1")).to_contain_text("本辖区概况")
    totals = page.locator("table").nth(1).locator("tbody td:nth-child(4)").all_inner_texts()
    assert totals and "—" not in totals  # the six enterprises' fields: combined, none empty
    expect(page.locator("main")).to_contain_text("未显示")  # the park alone: omitted, counted
    page.locator("#by-kind canvas").first.wait_for(state="attached")
    shot(page, "region-government")


def test_wrong_password_shows_the_error(page: Page, login: Login, shot: Shot) -> None:
    login(page, "e06-admin", password="Not-the-password-1")
    expect(page.locator("p.error[role=alert]")).to_contain_text(
        "登录失败"
    )  # one message for any refusal
    expect(page.locator("header .who")).to_have_count(0)
    shot(page, "login-wrong-password")


def test_enterprise_value_entered_by_editor_and_approved_by_reviewer(
    page: Page, login: Login, shot: Shot
) -> None:
    # 2025 is a year the demo has no data for: the key (e02, 2025, ent_output_value) is new.
    login(page, "e02-editor")
    page.goto("/observations/add/")
    page.fill("input[name=year]", "2025")
    page.select_option("select[name=field_id]", "ent_output_value")
    page.fill("input[name=value]", "81234.5")
    page.select_option("select[name=source]", "other")
    page.fill("input[name=evidence]", "2025年统计报表（浏览器测试）")
    shot(page, "observation-form")
    page.click("form.form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/observations/\d+/$"))
    detail = page.url
    expect(page.locator(".fields")).to_contain_text("草稿")
    page.click("button:has-text('提交审核')")
    expect(page.locator(".fields")).to_contain_text("待审核")
    expect(page.locator("button:has-text('审核通过')")).to_have_count(0)  # not by the maker
    shot(page, "observation-submitted")
    page.click("header button:has-text('退出')")

    login(page, "e02-reviewer")
    page.goto(detail)
    page.fill("input[name=note]", "已核对统计报表")
    page.click("button:has-text('审核通过')")
    expect(page.locator(".fields")).to_contain_text("已审核")
    history = page.locator("table tbody tr")
    expect(history).to_have_count(3)  # edit, submit, approve — each kept
    expect(history.nth(0)).to_contain_text("e02-editor")
    expect(history.nth(2)).to_contain_text("e02-reviewer")
    expect(history.nth(2)).to_contain_text("已核对统计报表")
    shot(page, "observation-approved")


def test_another_organisations_objects_by_url_are_not_found(
    page: Page, login: Login, shot: Shot
) -> None:
    login(page, "park-viewer")
    park_page = page.locator("main a").first.get_attribute("href")  # 所属组织 link
    page.goto("/observations/")
    row = page.locator("#table tbody tr").first
    evidence_url = row.locator("a").get_attribute("href")
    page.click("header button:has-text('退出')")

    login(page, "e03-editor")  # an enterprise of the same park: still not the park's data
    for url in (evidence_url, park_page):
        assert url is not None
        response = page.goto(url)
        assert response is not None and response.status == 404
        expect(page.locator("h1")).to_have_text("未找到")
        expect(page.locator("main")).not_to_contain_text(NAME["park"])
    shot(page, "not-found")


def test_logout_ends_the_session(page: Page, login: Login, shot: Shot) -> None:
    login(page, "gov-admin")
    page.click("header button:has-text('退出')")
    expect(page).to_have_url(re.compile(r"/login/$"))
    page.goto("/observations/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/observations/$"))
    shot(page, "login")


@pytest.mark.parametrize(
    "path", ["/organisations/", "/grants/", "/people/", "/audit/", "/observations/1/"]
)
def test_main_pages_render_for_the_park_admin(
    page: Page, login: Login, shot: Shot, path: str
) -> None:
    login(page, "park-admin")
    response = page.goto(path)
    assert response is not None and response.status == 200
    expect(page.locator("main h1")).not_to_be_empty()
    shot(page, "page-" + path.strip("/").replace("/", "-"))


def test_admin_logs_in_with_the_second_factor_and_api_docs_render(
    page: Page, login: Login, shot: Shot
) -> None:
    """An admin types the demo's TOTP code (``login`` does); without it: the one message.
    The API docs (Swagger UI, shipped with django-ninja) render under the CSP."""
    page.goto("/login/")
    page.fill("input[name=username]", "bank-admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.form button[type=submit]")
    expect(page.locator("p.error[role=alert]")).to_contain_text("登录失败")
    login(page, "bank-admin")
    expect(page.locator("header .who")).to_contain_text("bank-admin")
    page.goto("/api/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    shot(page, "api-docs")
