"""The whole round in a real browser (issue 6 "Checked by"): an enterprise's editor uploads a
workbook with errors and sees each by cell, fixes and uploads it, checks old → new and confirms
it, sends it to review; a second person approves the upload's changes together; the park runs an
assessment, opens the trace of a number down to its observation, downloads the Word report; and
another organisation cannot reach that assessment by editing the URL. Then (issue 20) a stale
pre-filled workbook is refused with the conflict by cell, and a current one shows its change."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect

from parkesg.io.workbook import DATA_SHEET
from parkesg.web.demo.cast import ORGS

NAME = {o.key: o.name for o in ORGS}
Login = Callable[..., None]
Shot = Callable[[Page, str], Path]
YEAR = 2026  # no demo data and no other browser test use it: every value is new


def _workbook(page: Page, values: dict[str, object], units: dict[str, str], out: Path) -> Path:
    """The organisation's template as the browser downloads it, ``values`` typed in for YEAR."""
    body = page.request.get(f"/collect/template/?years={YEAR}").body()
    wb = openpyxl.load_workbook(io.BytesIO(body))
    ws = wb[DATA_SHEET]
    rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    for field, value in values.items():
        ws.cell(rows[field], 4, value)  # column D: the only year
        ws.cell(rows[field], 5, "园区统计数据")  # E: 数据来源 of that year
    for field, unit in units.items():
        ws.cell(rows[field], 3, unit)
    wb.save(out)
    return out


def _upload(page: Page, path: Path) -> None:
    page.goto("/collect/upload/")
    page.set_input_files("#upload-form input[name=workbook]", str(path))
    page.click("#upload-form button[type=submit]")


def test_upload_fix_review_assess_trace_report(
    page: Page, login: Login, shot: Shot, tmp_path: Path
) -> None:
    login(page, "e04-editor")
    bad = _workbook(
        page,
        {"ent_output_value": "一百", "ent_energy_consumption": 1234.5},  # not a number
        {"ent_energy_consumption": "吨"},  # a mass: cannot become tce
        tmp_path / "bad.xlsx",
    )
    _upload(page, bad)
    errors = page.locator("#upload-errors tbody tr")
    expect(errors).to_have_count(2)
    cells = {errors.nth(k).get_attribute("data-cell") for k in range(2)}
    assert all(c and re.fullmatch(rf"{DATA_SHEET}![CD]\d+", c) for c in cells), cells
    shot(page, "upload-errors")

    good = _workbook(
        page,
        {"ent_output_value": 100.0, "ent_energy_consumption": 1234.5},
        {},
        tmp_path / "ok.xlsx",
    )
    _upload(page, good)
    summary = page.locator("#upload-summary")
    expect(summary).to_have_attribute("data-state", "pending")  # shown, not yet saved
    expect(summary).to_have_attribute("data-created", "2")
    expect(page.locator("#upload-changes tbody tr")).to_have_count(2)
    expect(page.locator("#upload-changes tbody")).to_contain_text("（新增）")
    shot(page, "upload-preview")
    page.click("#confirm-upload")
    expect(summary).to_have_attribute("data-state", "applied")
    page.click("#submit-all")
    expect(page.locator("#upload-changes tbody")).to_contain_text("待审核")
    upload_page = page.url
    shot(page, "upload-submitted")
    page.click("header button:has-text('退出')")

    login(page, "e04-reviewer")  # checker ≠ maker: approves the upload's changes together
    page.goto(upload_page)
    expect(page.locator("#upload-changes tbody tr")).to_have_count(2)
    shot(page, "upload-review")
    page.fill("#review-note", "已核对工作簿")
    page.click("#approve-upload")
    expect(page.locator("#upload-changes tbody")).not_to_contain_text("待审核")
    expect(page.locator("#upload-changes tbody")).to_contain_text("已审核")
    page.click("header button:has-text('退出')")

    login(page, "park-editor")
    page.goto("/assessments/new/")
    # entity first: the form then offers the frameworks that fit it (re-drawn by htmx)
    entity = page.locator("#assessment-form select[name=entity] option", has_text=NAME["park"])
    page.select_option("#assessment-form select[name=entity]", entity.get_attribute("value"))
    page.wait_for_load_state("networkidle")
    page.select_option("#assessment-form select[name=framework]", "bj-green-diagnosis")
    page.wait_for_load_state("networkidle")
    page.fill("#assessment-form input[name=years]", "2021-2023")
    page.click("#assessment-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/assessments/\d+/$"))
    results = page.url
    expect(page.locator("#results")).to_be_visible()
    # (locator waits: a string predicate would be eval'd, which the page's CSP refuses)
    page.locator(".chart canvas").nth(2).wait_for(state="attached")
    shot(page, "assessment-results")

    page.locator("#results a.trace-link").first.click()
    trace = page.locator("#trace .trace-body")
    expect(trace).to_be_visible()
    expect(trace).to_contain_text("公式")
    expect(trace.locator("a.observation-link").first).to_be_visible()  # down to the evidence
    shot(page, "assessment-trace")

    with page.expect_download() as download:
        page.click("#download-report")
    saved = tmp_path / "report.docx"
    download.value.save_as(saved)
    assert download.value.suggested_filename.endswith(".docx")
    with zipfile.ZipFile(saved) as docx:
        assert NAME["park"] in docx.read("word/document.xml").decode()
    page.click("header button:has-text('退出')")

    login(page, "e04-editor")  # an enterprise of the park: not the park's assessment
    response = page.goto(results)
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text(NAME["park"])
    shot(page, "assessment-not-found")


def _prefilled(page: Page, year: int, value: float, out: Path) -> Path:
    """The “含已有数据” workbook as the browser downloads it, ent_output_value set to ``value``."""
    body = page.request.get(f"/collect/template/?years={year}&values=1").body()
    wb = openpyxl.load_workbook(io.BytesIO(body))
    ws = wb[DATA_SHEET]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "ent_output_value")
    ws.cell(row, 4, value)
    wb.save(out)
    return out


def test_stale_workbook_conflict_and_preview_at_desktop_and_phone_width(
    page: Page, login: Login, shot: Shot, tmp_path: Path
) -> None:
    """e05's 2024 output value (demo data, approved): a workbook downloaded, then the value
    corrected by someone else, then the old workbook uploaded — refused by cell."""
    login(page, "e05-editor")
    stale = _prefilled(page, 2024, 1.0, tmp_path / "stale.xlsx")  # downloaded now …
    fresh = _prefilled(page, 2024, 2.0, tmp_path / "first.xlsx")
    _upload(page, fresh)  # … and meanwhile the value is corrected and saved
    page.click("#confirm-upload")
    expect(page.locator("#upload-summary")).to_have_attribute("data-state", "applied")
    _upload(page, stale)
    errors = page.locator("#upload-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors).to_contain_text("冲突")
    assert re.fullmatch(rf"{DATA_SHEET}!D\d+", errors.first.get_attribute("data-cell") or "")
    shot(page, "upload-conflict")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "upload-conflict-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    current = _prefilled(page, 2024, 3.0, tmp_path / "current.xlsx")
    _upload(page, current)
    row = page.locator("#upload-changes tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td.old")).to_contain_text("2")
    expect(row.locator("td.new")).to_contain_text("3")
    shot(page, "upload-preview-correction")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "upload-preview-phone")
    page.click("#discard-upload")
    expect(page.locator("#upload-summary")).to_have_attribute("data-state", "discarded")
