"""The park ESG management system in a real browser (issue 17 "Checked by"), walked through as
the committee's office (park-office), a member department (park-eco, 生态环境局), an internal
auditor (park-auditor, 企业服务局) and the leader (park-leader, the committee's director), on
the demo seeded a year in: the office sets a new target and, once the leader approved it, sees
the KPI's progress computed from it; an audit finding is raised, corrected, verified and
closed; the leader approves and publishes the park ESG report, whose Word file has no blank
to fill and no KPI without a target; the government of the region then sees it. Screenshots
at desktop (1366×900) and phone (390×844) width."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
from playwright.sync_api import Browser, Page, expect

from parkesg.web.demo.cast import DEMO_PASSWORD

Shot = Callable[[Page, str], Path]
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
CLEAN_ENERGY = "1 清洁能源消费占产业园区终端能源消费总量比例"


@contextmanager
def person(browser: Browser, live_url: str, user: str) -> Iterator[Page]:
    """A tab of its own for ``user``, logged in (each person keeps their own session; the
    system's people are no admins: no second factor to type)."""
    context = browser.new_context(base_url=live_url, locale="zh-CN", viewport=DESKTOP)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_selector("header .who")
    try:
        yield page
    finally:
        context.close()


def both(page: Page, shot: Shot, name: str) -> None:
    """Screenshots of the page at desktop and at phone width."""
    shot(page, f"esg-{name}-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    shot(page, f"esg-{name}-phone")
    page.set_viewport_size(DESKTOP)
    page.reload()


def move(page: Page, event: str, **fields: str) -> None:
    """Press a workflow button (``data-event``), writing what the step asks for first."""
    form = page.locator(f"form.move:has(button[data-event={event}])")
    for name, text in fields.items():
        form.locator(f"[name={name}]").fill(text)
    form.locator(f"button[data-event={event}]").click()
    page.wait_for_load_state()


def kpi_row(page: Page, label: str):  # type: ignore[no-untyped-def]
    return page.locator("#kpis tbody tr", has=page.get_by_role("link", name=label, exact=True))


def test_office_sets_a_target_the_leader_approves_and_the_progress_follows(
    browser: Browser, live_url: str, shot: Shot
) -> None:
    with person(browser, live_url, "park-office") as office:
        office.goto("/esg/dashboard/")
        row = kpi_row(office, CLEAN_ENERGY)
        expect(row.locator("td.progress")).to_have_text("43.3%")  # (70.40 − 66.88) ÷ (75 − 66.88)
        both(office, shot, "dashboard")
        row.get_by_role("link", name=CLEAN_ENERGY).click()
        office.get_by_role("link", name="设定基准值和目标值").click()
        expect(office.locator("#id_baseline")).to_have_value("66.8765")  # from the version in force
        office.fill("#id_target", "80")
        office.fill("#id_change_note", "2026 年省级目标再次上调（6.3.2 e）")
        office.click("form.form button[type=submit]")
        expect(office.locator("h1")).to_contain_text("第 3 版")
        move(office, "submit")
        expect(office.locator("#record")).to_contain_text("待批准")
        target_url = office.url
    with person(browser, live_url, "park-leader") as leader:
        expect(leader.locator("#waiting")).to_contain_text("项基准值和目标值待批准")
        leader.goto(target_url)
        move(leader, "approve")
        expect(leader.locator("#record")).to_contain_text("现行")
    with person(browser, live_url, "park-office") as office:
        office.goto("/esg/dashboard/")
        office.click("#recompute")
        expect(office.locator("p.notice")).to_contain_text("已按现行目标重新计算")
        # (70.398 − 66.8765) ÷ (80 − 66.8765) × 100 = 26.8 %: in 2023, half way from 2021 to
        # 2025, 50 % is due; more than 20 points behind it, the KPI is now off track
        row = kpi_row(office, CLEAN_ENERGY)
        expect(row.locator("td.progress")).to_have_text("26.8%")
        expect(row.locator(".badge")).to_have_text("偏离目标")
        expect(row).to_contain_text("80.0")


def test_a_finding_is_raised_corrected_verified_and_closed(
    browser: Browser, live_url: str, shot: Shot
) -> None:
    with person(browser, live_url, "park-office") as office:  # the office plans the audit
        office.goto("/esg/audit-programmes/")
        office.locator("#table tbody a").first.click()
        office.get_by_role("link", name="策划内部审核").click()
        office.fill("#id_title", "生态环境局专项内部审核")
        office.fill("#id_planned_on", "2026-12-01")
        office.fill("#id_criteria", "T/ESC 001—2024 10.1")
        office.fill("#id_scope", "生态环境局纠正措施")
        office.select_option("#id_departments", label="生态环境局")
        office.select_option("#id_auditors", label="周敏（小组成员）")
        office.click("form.form button[type=submit]")
        expect(office.locator("h1")).to_have_text("生态环境局专项内部审核")
        audit_url = office.url
    with person(browser, live_url, "park-auditor") as auditor:  # the auditor raises a finding
        auditor.goto(audit_url)
        move(auditor, "start")
        auditor.get_by_role("link", name="记录审核发现").click()
        auditor.select_option("#id_grade", label="一般不符合")
        auditor.fill("#id_clause", "9.1.1")
        auditor.select_option("#id_department", label="生态环境局")
        auditor.fill("#id_description", "监视计划未规定空气质量数据的分析时机")
        auditor.fill("#id_evidence", "监视和测量计划第 2 项")
        auditor.click("form.form button[type=submit]")
        expect(auditor.locator("h1")).to_contain_text("一般不符合")
        auditor.goto("/esg/nonconformities/?state=open")
        auditor.get_by_role("link", name="监视计划未规定空气质量数据的分析时机").click()
        nc_url = auditor.url
    with person(browser, live_url, "park-eco") as eco:  # the department corrects it
        expect(eco.locator("#waiting")).to_contain_text("本部门不符合")
        eco.goto(nc_url)
        move(eco, "analyse", cause="监视计划模板缺少分析时机一栏")
        eco.get_by_role("link", name="编辑").click()
        eco.fill("#id_correction", "补写空气质量数据的分析时机")
        eco.click("form.form button[type=submit]")
        eco.get_by_role("link", name="制定纠正措施").click()
        eco.fill("#id_description", "修订监视计划模板，增加分析和评价的时机")
        eco.select_option("#id_owner", label="park-eco")
        eco.fill("#id_due", "2026-12-31")
        eco.click("form.form button[type=submit]")
        action_url = eco.url
        move(eco, "complete", result="模板已修订，监视计划 4 项均已补写")
        eco.goto(nc_url)
        move(eco, "plan")
        move(eco, "submit")
        expect(eco.locator("#record")).to_contain_text("待验证")
    with person(browser, live_url, "park-auditor") as auditor:  # the auditor verifies, closes
        auditor.goto(action_url)
        move(auditor, "verify", verification_note="抽查修订后的监视计划，已包含分析时机")
        auditor.goto(nc_url)
        move(auditor, "close", verification="纠正措施有效")
        expect(auditor.locator("#record")).to_contain_text("已关闭")
        expect(auditor.locator("#record")).to_contain_text("监视计划模板缺少分析时机一栏")
        both(auditor, shot, "nonconformity-closed")


def test_the_leader_approves_and_publishes_the_report(
    browser: Browser, live_url: str, shot: Shot
) -> None:
    with person(browser, live_url, "park-leader") as leader:
        leader.get_by_role("link", name=re.compile("份 ESG 报告待批准")).click()
        leader.locator("#table tbody a").first.click()
        expect(leader.locator("#record")).to_contain_text("已评审，待批准")
        with leader.expect_download() as dl:
            leader.click("#report-download")
        word = docx.Document(io.BytesIO(Path(dl.value.path()).read_bytes()))
        text = "\n".join(p.text for p in word.paragraphs)
        cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
        assert "待填写" not in text and not any("待填写" in c for c in cells)
        assert not any("未设目标" in c for c in cells)  # every KPI of 表A.1 has its target
        assert "江南示范经济技术开发区" in text and "园区设立 ESG 领导小组" in text
        both(leader, shot, "report-awaiting-approval")
        move(leader, "approve")
        expect(leader.locator("#record")).to_contain_text("已批准")
        move(leader, "publish")
        expect(leader.locator("#record")).to_contain_text("已发布")
        expect(leader.locator("#report-file")).to_contain_text("已发布")
        report_url = leader.url
        leader.goto("/esg/conformity/")
        expect(leader.locator("tr[data-shall='9.1.3-1']")).to_contain_text("已满足")
        both(leader, shot, "conformity")
    with person(browser, live_url, "gov-viewer") as gov:  # public once published
        gov.goto(report_url)
        expect(gov.locator("h1")).to_contain_text("2023 年度 ESG 报告")
    with person(browser, live_url, "e01-editor") as enterprise:  # an enterprise: not its data
        response = enterprise.goto(report_url)
        assert response is not None and response.status == 404


def test_pages_of_the_system_at_both_widths(browser: Browser, live_url: str, shot: Shot) -> None:
    with person(browser, live_url, "park-office") as office:
        for path, name in (("/esg/", "home"), ("/esg/charts/", "charts"),
                           ("/esg/leadership/", "leadership"), ("/esg/documents/", "documents")):  # fmt: skip
            office.goto(path)
            expect(office.locator("h1")).to_be_visible()
            both(office, shot, name)
        office.goto("/esg/leadership/")
        expect(office.locator("#group-ok")).to_be_visible()  # the demo's group meets 5.1
