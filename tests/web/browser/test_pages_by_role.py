"""What each kind of user sees, on a desktop (1366 × 900) and a phone (390 × 844): the home
page per role with its menu, each framework's results page, the observation table and an
export. Screenshots go to build/screenshots/ux-*.png (look at them)."""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

Login = Callable[..., None]
Shot = Callable[[Page, str], Path]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}

# user → the menu it gets (labels), written by hand from who may do what
MENUS = {
    "park-admin": ["工作台", "数据", "上传工作簿", "审核", "评价", "服务项目", "ESG 体系", "高新区评价",
                   "组织", "数据授权", "人员", "审计日志"],
    "park-editor": ["工作台", "数据", "上传工作簿", "评价", "服务项目", "ESG 体系", "高新区评价", "组织"],
    "park-reviewer": ["工作台", "数据", "审核", "评价", "服务项目", "ESG 体系", "高新区评价", "组织"],
    "park-viewer": ["工作台", "数据", "评价", "服务项目", "ESG 体系", "高新区评价", "组织"],
    "e01-editor": ["工作台", "数据", "上传工作簿", "评价", "信息披露", "我的评级", "组织", "公示查询",
                   "披露查询"],
    "provider-viewer": ["工作台", "数据", "评价", "服务项目", "ESG 体系", "组织", "数据授权"],
    "bank-viewer": ["工作台", "数据", "评价", "评级", "授信评级", "绿色信贷名单", "组织", "数据授权",
                    "公示查询"],
    "gov-viewer": ["工作台", "本辖区概况", "城市目标", "服务项目", "高新区评价", "绿色信贷名单",
                   "组织"],
    "demo-operator": ["工作台", "组织", "人员"],
}  # fmt: skip
# framework code shown in the list → (summary block, charts drawn)
FRAMEWORKS = {
    "T/CPPC": ("#cppc-summary", 2),  # benchmark bars, categories radar (one year: no trend)
    "北京": ("#beijing-summary", 3),  # score bars, trend over 3 years, group radar
    "T/JDFA01": ("#jdfa-summary", 0),  # rated alone: 不予评级 (6.8 b), no scores to chart
    "T/ESC": ("#esc-summary", 0),  # no benchmark, no group score: no chart at all
}


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, browser: Browser, live_url: str) -> Iterator[Page]:
    width, height = SIZES[request.param]
    context = browser.new_context(base_url=live_url, locale="zh-CN",
                                  viewport={"width": width, "height": height})  # fmt: skip
    context.set_default_timeout(20_000)
    tab = context.new_page()
    tab.size_name = request.param  # type: ignore[attr-defined]
    yield tab
    context.close()


def no_sideways_scroll(page: Page) -> None:
    """The page itself never scrolls sideways (wide tables scroll inside their box)."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def menu(page: Page) -> list[str]:
    if page.size_name == "phone":  # type: ignore[attr-defined]
        expect(page.locator("header nav")).to_be_hidden()  # collapsed until asked for
        page.click("header .nav-button")
        expect(page.locator("header nav")).to_be_visible()
    return [t.strip() for t in page.locator("header nav a").all_inner_texts()]


@pytest.mark.parametrize("user", list(MENUS))
def test_home_page_per_role(sized: Page, login: Login, shot: Shot, user: str) -> None:
    login(sized, user)
    expect(sized.locator("main h1")).to_have_text("工作台")
    assert menu(sized) == MENUS[user]
    for item in sized.locator("header nav a").all():  # a menu item never breaks a word
        box = item.bounding_box()
        assert box is not None and box["height"] < 40, item.inner_text()
    no_sideways_scroll(sized)
    if user in ("park-viewer", "bank-viewer"):
        expect(sized.locator("#latest .cards li").first).to_be_visible()
    shot(sized, f"ux-home-{user}-{sized.size_name}")  # type: ignore[attr-defined]


@pytest.mark.parametrize("code", list(FRAMEWORKS))
def test_results_page_per_framework(sized: Page, login: Login, shot: Shot, code: str) -> None:
    block, charts = FRAMEWORKS[code]
    login(sized, "park-viewer")  # the park's three runs and its enterprise's rating
    sized.goto("/assessments/")
    own = sized.locator("main table tr", has_text="park-editor")  # not an engagement's run
    own.or_(sized.locator("main table tr", has_text="e01-editor")).locator(
        "a", has_text=code).first.click()  # fmt: skip
    expect(sized.locator(block)).to_be_visible()
    expect(sized.locator("#results")).to_be_visible()
    if charts:
        sized.locator(".chart canvas").nth(charts - 1).wait_for(state="attached")
    else:
        expect(sized.locator("#charts")).to_be_hidden()
    sized.wait_for_timeout(300)  # let the charts settle
    assert sized.locator(".chart canvas").count() == charts
    no_sideways_scroll(sized)
    name = {"T/CPPC": "cppc", "北京": "beijing", "T/JDFA01": "jdfa", "T/ESC": "esc"}[code]
    shot(sized, f"ux-results-{name}-{sized.size_name}")  # type: ignore[attr-defined]


def test_observation_table_and_its_export(
    sized: Page, login: Login, shot: Shot, tmp_path: Path
) -> None:
    login(sized, "park-viewer")
    sized.goto("/observations/table/")
    table = sized.locator("#observation-table")
    expect(table).to_be_visible()
    years = [t.strip() for t in table.locator("thead th.num").all_inner_texts()]
    assert years == ["2019", "2020", "2021", "2022", "2023"]  # the demo park's workbook
    sized.select_option("select[name=framework]", "t-cppc-park-cpa")
    sized.wait_for_load_state("networkidle")
    expect(sized.locator("#observation-table tbody tr[data-field=gdp]")).to_be_visible()
    rows = sized.locator("#observation-table tbody tr").count()
    no_sideways_scroll(sized)
    shot(sized, f"ux-observation-table-{sized.size_name}")  # type: ignore[attr-defined]
    with sized.expect_download() as download:
        sized.locator("#obs-table a.export-xlsx").click()
    saved = tmp_path / "table.xlsx"
    download.value.save_as(saved)
    assert download.value.suggested_filename.endswith(".xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(saved.read_bytes())).active
    assert ws.max_row == rows + 1  # the rows the page shows, under its filter, and a header
    assert [c.value for c in ws[1]][:3] == ["字段", "字段编号", "单位"]
    # what the export holds, drawn as a table to look at (first rows)
    cells = "".join(
        "<tr>"
        + "".join(f"<td>{'' if c.value is None else html.escape(str(c.value))}</td>" for c in row)
        + "</tr>"
        for row in ws.iter_rows(max_row=12)
    )
    sized.set_content(f"<meta charset='utf-8'><style>td{{border:1px solid #ccc;padding:2px 4px;"
                      f"font:12px sans-serif}}</style><table>{cells}</table>")  # fmt: skip
    shot(sized, f"ux-export-{sized.size_name}")  # type: ignore[attr-defined]
