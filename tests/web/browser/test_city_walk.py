"""The city's ESG targets in a real browser (issue 19 items 5, 7): a city official
(常州市人民政府（演示）, ``gov-viewer``) reads the 2027 target dashboard, whose figures equal a
count made by hand from the demo's registers (``demo.seed_city``) and from the public list
of published grades; a bank (``bank-viewer``) exports the green-credit list. Screenshots at
desktop (1366×900) and phone (390×844) width in /tmp/city-shots/ and build/screenshots/."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/city-shots")
Login = Callable[..., None]


@pytest.fixture
def as_user(browser: Browser, live_url: str, login: Login) -> Iterator[Callable[..., Page]]:
    contexts = []

    def open_as(user: str, viewport: dict[str, int] = DESKTOP) -> Page:
        ctx = browser.new_context(base_url=live_url, locale="zh-CN", viewport=viewport)
        ctx.set_default_timeout(30_000)
        contexts.append(ctx)
        page = ctx.new_page()
        login(page, user)
        return page

    yield open_as
    for ctx in contexts:
        ctx.close()


def _shots(page: Page, as_user: Callable[..., Page], user: str, path: str, name: str,
           shot: Callable[[Page, str], Path]) -> None:  # fmt: skip
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    shot(page, f"city-{name}-desktop")
    phone = as_user(user, PHONE)
    phone.goto(path)
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    shot(phone, f"city-{name}-phone")


def _value(page: Page, target: str) -> str:
    return page.locator(f"#target-{target} td[data-value]").inner_text().split("\n")[0]


def test_city_official_reads_the_targets_and_a_bank_exports_the_green_list(
    as_user: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # the public list of published grades in force in 常州 (3204), every page (its export):
    # those of A or above, by hand
    gov = as_user("gov-viewer")
    gov.goto("/ratings/published/?region=3204")
    with gov.expect_download() as listed:
        gov.click("a.export-csv")
    found = list(csv.reader(io.StringIO(Path(listed.value.path()).read_text("utf-8-sig"))))
    a_or_above = {r[0] for r in found[1:] if r[2].strip() in ("AAA", "AA", "A")}
    # the synthetic city's 300 (demo.seed_city_grades): 258 graded (no. 7, 14 … 294 not), the
    # best 40 % of them A or above — 4 + 11 + 25 % of 258 = 103.2 → 103
    city = {n for n in a_or_above if n.startswith("常州示范") and n.endswith("（演示）")}
    assert len(city) == 103 and a_or_above - city, "the demo rating's key enterprises too"

    gov.goto("/city/")
    gov.wait_for_load_state("networkidle")
    assert _value(gov, "grade_a") == f"{len(a_or_above)} 家"
    # demo.seed_city, 2026: projects 新北 112 + 武进 95; talents 4,100 + 3,600
    assert _value(gov, "projects") == "207 个"
    assert _value(gov, "talents") == "7,700 人"
    assert _value(gov, "standards") == "5 项"  # four of the city's, one of 武进区
    assert _value(gov, "carbon_officers") == "3 人"
    # 3 registered institutions + the demo's third-party rating organisation on the platform
    assert _value(gov, "institutions") == "4 家"
    # counted by the platform: the demo lists e01, e02, e05, e06 (cast.LISTED); e01 and e02
    # publish disclosures of the same year → 2 of 4
    assert _value(gov, "disclosure_rate") == "50.0 %"
    assert "平台记录" in gov.locator("#target-disclosure_rate").inner_text()
    # the demo park submitted its high-tech-zone evaluation: one zone, ranked first
    assert gov.locator("#zones tbody tr").count() == 1
    assert gov.locator("#zones tbody tr td").first.inner_text() == "1"
    assert gov.locator(".city-chart canvas").count() >= 6  # ECharts drew the progress charts
    _shots(gov, as_user, "gov-viewer", "/city/", "dashboard", shot)

    gov.goto("/city/zones/")
    assert "江南示范经济技术开发区" in gov.locator("#zones tbody").inner_text()
    _shots(gov, as_user, "gov-viewer", "/city/zones/", "zones", shot)
    park = as_user("park-editor")
    park.goto("/city/zones/")
    assert "已于" in park.locator("#zone-runs").inner_text()  # submitted when the demo seeded
    _shots(park, as_user, "park-editor", "/city/zones/", "zones-park", shot)

    gov.goto("/city/projects/")
    assert gov.locator("table tbody tr").count() == 6  # two districts × 2024–2026
    _shots(gov, as_user, "gov-viewer", "/city/projects/", "register", shot)

    bank = as_user("bank-viewer")
    bank.goto("/city/green-credit/")
    rows = bank.locator("#green tbody tr")
    shown = rows.count()
    assert shown >= len(a_or_above)  # every A or above in 常州 at least (a bank sees every region)
    with bank.expect_download() as dl:
        bank.click("a.export-csv")
    text = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:5] == ["企业名称", "统一社会信用代码", "行政区划代码", "行业代码", "等级"]
    assert len(table) - 1 == shown
    assert a_or_above <= {r[0] for r in table[1:]}
    _shots(bank, as_user, "bank-viewer", "/city/green-credit/", "green-credit", shot)
