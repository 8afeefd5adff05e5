"""The disclosure portal in a real browser (issue 19 items 1–2), on the demo platform:

an anonymous visitor searches the published disclosures, opens one and its version history,
compares three enterprises and exports the search and the comparison; then an enterprise
(e05) prepares its disclosure — values from its approved data, the report PDF — has it
approved by a colleague (its reviewer, not the preparer), publishes it, corrects it with a
reason, and the visitor finds both versions. Screenshots at desktop (1366×900) and phone
(390×844) width in /tmp/portal-shots/."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from parkesg.web.demo.cast import ORGS

NAME = {o.key: o.name for o in ORGS}
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/portal-shots")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% e05 report\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def as_user(browser: Browser, live_url: str, login: Callable[..., None]
            ) -> Iterator[Callable[..., Page]]:  # fmt: skip
    contexts = []

    def open_as(user: str | None, viewport: dict[str, int] = DESKTOP) -> Page:
        ctx = browser.new_context(base_url=live_url, locale="zh-CN", viewport=viewport,
                                  accept_downloads=True)  # fmt: skip
        ctx.set_default_timeout(30_000)
        contexts.append(ctx)
        page = ctx.new_page()
        if user:
            login(page, user)
        return page

    yield open_as
    for ctx in contexts:
        ctx.close()


def snap(as_user: Callable[..., Page], page: Page, name: str) -> None:
    """The page at desktop width as it is, and at phone width for the same address."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    phone = as_user(None, PHONE)
    phone.goto(page.url)
    phone.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    phone.context.close()


def test_visitor_searches_compares_exports_and_enterprise_publishes(as_user):
    visitor = as_user(None)
    visitor.goto("/portal/")
    rows = visitor.locator("#disclosures tbody tr")
    # 304 published: the four key enterprises' and the synthetic city's 300 — a page of 50
    expect(rows).to_have_count(50)
    expect(visitor.locator(".table-tools")).to_contain_text("304")
    visitor.goto("/portal/?park=" + NAME["park"])
    expect(rows).to_have_count(4)  # the demo park's four published disclosures
    snap(as_user, visitor, "portal-search")
    year = rows.first.locator("td").nth(6).inner_text().strip()

    # search by name, open the assured one
    visitor.fill("#portal-search input[name=q]", NAME["e02"])
    visitor.click("#portal-search button")
    expect(rows).to_have_count(1)
    visitor.click(f"#disclosures a:has-text('{NAME['e02']}')")
    expect(visitor.locator("#assurance")).to_contain_text("ISAE 3000")
    expect(visitor.locator("#kpis-environment")).to_be_visible()
    snap(as_user, visitor, "portal-disclosure")

    # the corrected one: v2 current, v1 in its history
    visitor.goto("/portal/?q=" + NAME["e01"])
    visitor.click(f"#disclosures a:has-text('{NAME['e01']}')")
    expect(visitor.locator("#version")).to_contain_text("v2")
    expect(visitor.locator("#history tbody tr")).to_have_count(2)
    visitor.click("#history a:has-text('v1')")
    expect(visitor.locator("#old-version")).to_be_visible()

    # compare three, export the comparison and the search
    visitor.goto("/portal/")
    boxes = visitor.locator("#disclosures input[name=d]")
    for i in range(3):
        boxes.nth(i).check()
    visitor.click("#compare-form button")
    expect(visitor.locator("#compare thead th")).to_have_count(4)
    expect(visitor.locator("#compare .rank").first).to_contain_text("行业第")
    snap(as_user, visitor, "portal-compare")
    with visitor.expect_download() as got:
        visitor.click("a.export-xlsx")
    assert got.value.suggested_filename.endswith(".xlsx")
    visitor.goto("/portal/")
    with visitor.expect_download() as got:
        visitor.click("a.export-csv")
    text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    assert NAME["e01"] in text and NAME["e05"] not in text

    # e05 prepares: values from its approved data, the report PDF, submits
    editor = as_user("e05-editor")
    editor.goto("/disclosures/")
    editor.fill("#open-form input[name=year]", year)
    editor.click("#open-form button")
    expect(editor.locator("h1")).to_contain_text(year)
    editor.set_input_files("#report-form input[name=file]",
                           files=[{"name": "e05-esg.pdf", "mimeType": "application/pdf",
                                   "buffer": PDF}])  # fmt: skip
    editor.click("#report-form button")
    expect(editor.locator("#report")).to_contain_text("e05-esg.pdf")
    editor.click("button[data-event=submit]")
    expect(editor.locator("#version-state")).to_contain_text("待审核")
    expect(editor.locator("button[data-event=approve]")).to_have_count(0)  # not their own

    # a colleague approves and publishes
    reviewer = as_user("e05-reviewer")
    reviewer.goto(editor.url)
    reviewer.click("button[data-event=approve]")
    expect(reviewer.locator("#version-state")).to_contain_text("已审核")
    reviewer.click("button[data-event=publish]")
    expect(reviewer.locator("#version-state")).to_contain_text("已发布")
    visitor.goto("/portal/?q=" + NAME["e05"])
    expect(rows).to_have_count(1)

    # the editor corrects it: a new version with its reason, approved and published again
    editor.goto(reviewer.url)
    editor.fill("#correct-form input[name=reason]", "补充员工人数口径说明")
    editor.click("#correct-form button")
    expect(editor.locator("h1")).to_contain_text("第 2 版")
    editor.click("button[data-event=submit]")
    reviewer.goto(editor.url)
    reviewer.click("button[data-event=approve]")
    reviewer.click("button[data-event=publish]")
    expect(reviewer.locator("#version-state")).to_contain_text("已发布")
    visitor.click(f"#disclosures a:has-text('{NAME['e05']}')")
    expect(visitor.locator("#reason")).to_contain_text("补充员工人数口径说明")
    expect(visitor.locator("#history tbody tr")).to_have_count(2)
    assert re.search(r"v2", visitor.locator("#version").inner_text())
