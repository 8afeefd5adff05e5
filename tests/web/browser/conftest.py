"""Browser tests: Playwright drives Debian's Chromium (``/usr/bin/chromium``, headless; never
``playwright install``) against the demo platform — ``parkesg platform-demo`` itself, run in a
subprocess on a free loopback port with its own fresh data dir (SQLite), exactly as
``make run`` starts it for a person.

Fixtures for every browser test:

- ``live_url``: the platform's address, e.g. ``http://127.0.0.1:41234`` (one server for the
  whole run: what one test stores, later tests see — enter data under keys no other test uses);
- ``page``: a fresh browser tab (own cookies, Chinese locale) for each test;
- ``login(page, user)``: log ``page`` in as a demo user (``parkesg.web.demo.cast``: e.g.
  ``park-admin``, ``e01-editor``, ``bank-viewer``); ``login(page, user, password=…)`` to try
  another password (then it does not wait for the home page); admins and platform staff
  type the demo's TOTP code (``demo_code``: each code once per account, as the server wants);
- ``shot(page, name)``: a full-page screenshot in ``build/screenshots/<name>.png`` — look at
  them before calling a page done.

The Makefile's ``chromium`` target installs Debian's Chromium when it is missing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from parkesg.web.demo.cast import DEMO_PASSWORD, STAFF
from parkesg.web.demo.launch import running_demo
from parkesg.web.demo.totp import demo_totp_code

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``parkesg platform-demo`` on a free port, seeded into a fresh data dir (SQLite, even
    when the rest of the suite runs on PostgreSQL: the demo refuses any other database)."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    log = tmp_path_factory.getbasetemp() / "platform-demo.log"
    try:
        with running_demo(data_dir, log=log, threads=4) as url:
            yield url
    except RuntimeError as exc:  # did not start: show its output
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Module scope: Playwright's event loop is gone before the next (database) test module.
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, live_url: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    context.close()


_USED_STEPS: dict[str, set[int]] = {}  # a TOTP code is accepted once per account


def demo_code(user: str) -> str:
    """The demo's second factor for an admin or staff account (``cast.DEMO_TOTP_KEY``): the
    current 30-second step's code, or the next one if this account used it already (the
    server takes the previous, current and next step, each once), else wait for a new step.

    Never a code typed in a step's last seconds: the server keeps the drift of the last code
    it accepted (django-otp's ``OTP_TOTP_SYNC``), so after a next-step code its window is the
    current step and the two after — a current-step code that reaches it after the step
    turned over is refused (CI saw it once)."""
    while True:
        if time.time() % 30 > 25:
            time.sleep(30 - time.time() % 30 + 0.1)
        now = int(time.time() // 30)
        used = _USED_STEPS.setdefault(user, set())
        for step in (now, now + 1):
            if step not in used and all(s < step for s in used):
                used.add(step)
                return demo_totp_code(at=step * 30)
        time.sleep(30 - time.time() % 30 + 0.1)


def needs_code(user: str) -> bool:
    return user.endswith("-admin") or user in ("demo-operator", *STAFF.values())


@pytest.fixture
def login() -> Callable[..., None]:
    def log_in(page: Page, user: str, password: str = DEMO_PASSWORD) -> None:
        page.goto("/login/")
        page.fill("input[name=username]", user)
        page.fill("input[name=password]", password)
        if needs_code(user) and password == DEMO_PASSWORD:
            page.fill("input[name=code]", demo_code(user))
        page.click("form.form button[type=submit]")
        if password == DEMO_PASSWORD:
            page.wait_for_selector("header .who")

    return log_in


@pytest.fixture
def shot() -> Callable[[Page, str], Path]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
