"""A rating in a real browser (issue 18 "Checked by"), from planning to publication and an
objection, as each person does their part on the demo platform:

the project lead (rating-lead) plans a third-party rating of two demo enterprises against the
2,000 generated ones, declares no conflict, has the criteria confirmed (a committee member
approves them), starts, rates and asks the enterprises to re-confirm; the enterprises see
their drafts (one confirms, one adds information with a file); the lead submits the report;
a second evaluator (rating-checker) does the 资料复核; the committee (rating-committee-2)
signs; the lead publishes; anyone finds the grade; the enterprise objects; the admin assigns an
evaluator with no part in the rating, who rejects it with reasons; and the bank sees its
portfolio with the demo's upheld objection (AA now, A before: ↑). Screenshots at desktop
(1366×900) and phone (390×844) width in build/screenshots/ratings-*.png."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from parkesg.web.demo.cast import ORGS

NAME = {o.key: o.name for o in ORGS}
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
Shot = Callable[[Page, str], Path]
Login = Callable[..., None]


@pytest.fixture
def as_user(browser: Browser, live_url: str, login: Login) -> Iterator[Callable[..., Page]]:
    """A signed-in tab of its own for each person (``viewport`` desktop or phone; admins type
    the demo's second factor)."""
    contexts = []

    def open_as(user: str | None, viewport: dict[str, int] = DESKTOP) -> Page:
        ctx = browser.new_context(base_url=live_url, locale="zh-CN", viewport=viewport)
        ctx.set_default_timeout(30_000)
        contexts.append(ctx)
        page = ctx.new_page()
        if user:
            login(page, user)
        return page

    yield open_as
    for ctx in contexts:
        ctx.close()


def both(as_user: Callable[..., Page], shot: Shot, user: str | None, path: str, name: str) -> None:
    """The same page at phone width, as its person sees it."""
    phone = as_user(user, PHONE)
    phone.goto(path)
    shot(phone, f"ratings-{name}-phone")
    phone.context.close()


def step(page: Page, event: str) -> None:
    page.click(f"#steps button[data-event={event}]")
    expect(page.locator(".messages")).to_contain_text("已完成")


def test_a_rating_from_planning_to_publication_and_objection(
    as_user: Callable[..., Page], shot: Shot, tmp_path: Path
) -> None:
    today = dt.date.today()
    lead = as_user("rating-lead")
    lead.goto("/ratings/projects/add/")
    lead.fill("input[name=title]", "浏览器测试：两家企业的第三方评价")
    lead.select_option("select[name=rating_type]", "third_party")
    lead.fill("textarea[name=purpose]", "为授信审批提供 ESG 等级")
    lead.fill("input[name=year]", "2024")
    lead.select_option("select[name=peer_basis]", "reference")
    ref = lead.locator("select[name=reference] option", has_text="2,000")
    lead.select_option("select[name=reference]", ref.first.get_attribute("value"))
    for name, days in (("starts_on", 0), ("data_due", 5), ("reconfirm_deadline", 10),
                       ("report_due", 20)):  # fmt: skip
        lead.fill(f"input[name={name}]", (today + dt.timedelta(days=days)).isoformat())
    lead.click("form.form button[type=submit]")
    expect(lead).to_have_url(re.compile(r"/ratings/projects/\d+/$"))
    project = lead.url.removeprefix(lead.url.split("/ratings/")[0])
    expect(lead.locator("#project-state")).to_have_text("评价策划")
    shot(lead, "ratings-project-planning")

    lead.click("text=加入企业")
    for key in ("e04", "e05"):
        lead.check(f"#add-list label:has-text('{NAME[key]}') input")
    lead.click("#add-list button")
    expect(lead.locator("#members tbody tr")).to_have_count(2)
    lead.click("#declare-form button")  # 6.6 e: no conflict with these two
    expect(lead.locator("#team")).to_contain_text("无利益冲突")
    lead.click("#confirm-criteria")
    expect(lead.locator("#criteria-status")).to_contain_text("审核中")

    committee = as_user("rating-committee-1")
    committee.goto(project)
    committee.click("#approve-criteria")
    expect(committee.locator("#criteria-status")).to_contain_text("已确认")

    lead.reload()
    step(lead, "start")
    expect(lead.locator("#project-state")).to_have_text("评价实施")
    lead.click("#run-form button")
    expect(lead.locator(".messages")).to_contain_text("评价计算完成")
    expect(lead.locator("#results tbody tr")).to_have_count(2)
    expect(lead.locator("#runs")).to_contain_text("同业参照表")  # never against themselves
    shot(lead, "ratings-project-rated")
    lead.locator("#results tbody a").first.click()
    lead.locator("#indicators a.trace-link").first.click()
    expect(lead.locator("#trace .trace-body")).to_contain_text("公式")
    shot(lead, "ratings-result-trace")
    lead.goto(project)
    step(lead, "reconfirm")

    for key, confirm in (("e04", True), ("e05", False)):
        ent = as_user(f"{key}-admin")
        ent.goto("/")
        ent.click("#waiting a:has-text('再确认')")
        expect(ent.locator("#member-results")).to_contain_text("项目评价")  # its draft
        if confirm:
            shot(ent, "ratings-enterprise-draft")
            both(as_user, shot, f"{key}-admin", ent.url.removeprefix(ent.url.split("/ratings/")[0]),
                 "enterprise-draft")  # fmt: skip
        else:
            ent.check("#respond-form input[value=disputed]")
            ent.fill("#respond-form textarea[name=comment]", "2024 年已取得绿色工厂认定，请核实")
            note = tmp_path / "绿色工厂认定.txt"
            note.write_text("绿色工厂认定公示（演示）\n", encoding="utf-8")
            ent.set_input_files("#respond-form input[name=files]", str(note))
        ent.click("#respond-form button")
        expect(ent.locator("#reconfirmation")).to_contain_text(
            "已确认" if confirm else "有补充或异议"
        )
        ent.context.close()

    lead.goto(project)
    step(lead, "submit_review")
    expect(lead.locator("#project-state")).to_have_text("资料复核")
    checker = as_user("rating-checker")
    checker.goto(project)
    step(checker, "review_ok")
    signer = as_user("rating-committee-2")
    signer.goto(project)
    expect(signer.locator("#steps button[data-event=sign_off]")).to_be_visible()
    step(signer, "sign_off")
    expect(signer.locator("#project-state")).to_have_text("已审定")
    lead.goto(project)
    step(lead, "publish")
    expect(lead.locator("#project-state")).to_have_text("公示中")
    shot(lead, "ratings-project-published")
    both(as_user, shot, "rating-lead", project, "project-published")

    public = as_user(None)
    public.goto(f"/ratings/published/?q={NAME['e04']}")
    rows = public.locator("#published tbody tr")
    expect(rows.first).to_contain_text(NAME["e04"])
    expect(rows.first.locator(".grade")).to_have_text(re.compile(r"^(AAA|AA|A|BBB|BB|B|CCC)$"))
    expect(public.locator("#published")).not_to_contain_text("得分")  # what is published only
    shot(public, "ratings-published")
    both(as_user, shot, None, f"/ratings/published/?q={NAME['e04']}", "published")

    ent = as_user("e04-admin")
    ent.goto("/ratings/mine/")
    ent.click("#my-certificates a:has-text('提出异议')")
    form = ent.locator(".objection-form").first
    form.locator("textarea[name=reasons]").fill("我司 2024 年已建立 ESG 委员会，请复核治理指标。")
    form.locator("button").click()
    expect(ent).to_have_url(re.compile(r"/ratings/objections/\d+/$"))
    objection = ent.url.removeprefix(ent.url.split("/ratings/")[0])
    expect(ent.locator("#objection-state")).to_contain_text("已提出")

    admin = as_user("rating-admin")
    admin.goto(objection)
    expect(admin.locator("#assign-form label:has-text('评价组长') input")).to_be_disabled()
    admin.check("#assign-form label:has-text('审核人') input")  # rating-reviewer: no part in it
    admin.click("#assign-form button")
    expect(admin.locator("#objection-state")).to_contain_text("复核中")

    reviewer = as_user("rating-reviewer")
    reviewer.goto(objection)
    form = reviewer.locator(".decision-form:has(button[data-event=reject])")
    form.locator("textarea[name=note]").fill("企业未提供新的证明材料，维持原等级。")
    form.locator("button").click()
    expect(reviewer.locator("#objection-state")).to_contain_text("异议不成立")
    expect(reviewer.locator("#decision")).to_contain_text("维持原等级")
    shot(reviewer, "ratings-objection-decided")
    both(as_user, shot, "rating-reviewer", objection, "objection")

    bank = as_user("bank-viewer")
    bank.goto("/ratings/portfolio/")
    row = bank.locator("#portfolio tbody tr", has_text=NAME["e01"])
    expect(row.locator(".grade")).to_have_text("AA")  # after the demo's upheld objection
    expect(row).to_contain_text("示范绿色评级有限公司")
    expect(row.locator("td").nth(7)).to_have_text("A")  # the grade before
    expect(row.locator("td").nth(8)).to_have_text("↑")
    expect(bank.locator("a.export-xlsx")).to_be_visible()
    shot(bank, "ratings-bank-portfolio")
    both(as_user, shot, "bank-viewer", "/ratings/portfolio/", "bank-portfolio")
