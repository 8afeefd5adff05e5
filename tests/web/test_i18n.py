"""Chinese throughout, English beside: no page a role reaches shows an untranslated msgid in
English, nor an English word where a Chinese label belongs in Chinese; every template string
is in the English catalogue."""

from __future__ import annotations

import re
from gettext import GNUTranslations
from html.parser import HTMLParser
from pathlib import Path

from assess_world import enter, enterprise_run, park_run
from django.test import Client

import parkesg.web

WEB = Path(parkesg.web.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
LABEL_TAGS = {"th", "dt", "label", "button", "h1", "h2", "h3", "option", "legend"}
ASCII_OK = {"API", "Excel", "CSV", "PDF", "OK", "English", "SHA-256", "ID", "KPI", "ESG", "—",
            "‹", "›", "#", "☰"}  # fmt: skip
ROLES = [("park_a", "admin"), ("park_a", "editor"), ("park_a", "reviewer"), ("park_a", "viewer"),
         ("ent_a1", "editor"), ("ent_a1", "reviewer"), ("prov_ok", "viewer"),
         ("bank_ok", "viewer"), ("gov_cz", "admin"), ("gov_cz", "viewer")]  # fmt: skip


def catalogue() -> GNUTranslations:
    with open(WEB / "locale/en/LC_MESSAGES/django.mo", "rb") as fh:
        return GNUTranslations(fh)


class Texts(HTMLParser):
    """Text nodes with the tag they sit in (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in {"br", "input", "meta", "link", "img", "hr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not {"script", "style", "code"} & set(self.stack):
            tag = self.stack[-1] if self.stack else ""
            if tag == "th" and "thead" in self.stack or tag == "a" and "nav" in self.stack:
                tag = "label:" + tag  # a column heading, a menu item: words of the platform
            self.found.append((tag, text))


def texts(html: str) -> list[tuple[str, str]]:
    p = Texts()
    p.feed(html)
    return p.found


def pages_of(c: Client, extra: list[str]) -> list[str]:
    home = c.get("/").content.decode()
    block = home.split('<nav aria-label="')[1].split("</nav>")[0] if "<nav" in home else ""
    hrefs = re.findall(r'href="(/[^"]*)"', block)
    return ["/", *hrefs, *extra]


def world_pages(world) -> list[str]:
    park, ent = park_run(world), enterprise_run(world)
    enter(world, "ent_a1", "ent_employees", 2024, 3.0)
    return [f"/assessments/{park.pk}/", f"/assessments/{ent.pk}/",
            f"/assessments/{park.pk}/trace/2024/energy_intensity/", "/assessments/new/",
            "/observations/", f"/observations/{world.obs['ent_a1'].pk}/", "/observations/add/",
            "/grants/", "/people/", "/review/", "/collect/upload/", "/evidence/",
            "/no/such/page/"]  # fmt: skip


def test_every_marked_string_is_in_the_english_catalogue():
    """Templates' {% translate %} and Python's _() / gettext() / gettext_lazy() literals:
    each has its English (``makemessages`` keywords; an alias like ``_l`` would be missed)."""
    mo = catalogue()
    missing = []
    marked = {"html": r"{% translate [\"']([^\"']+)[\"'] %}",
              "py": r"\b(?:_|gettext|gettext_lazy)\(\s*\"([^\"]+)\"\s*[,)]"}  # fmt: skip
    for ext, pattern in marked.items():
        for path in WEB.rglob(f"*.{ext}"):
            if "migrations" in path.parts:
                continue
            for msgid in re.findall(pattern, path.read_text("utf-8")):
                if CJK.search(msgid) and mo.gettext(msgid) == msgid:
                    missing.append(f"{path.name}: {msgid}")
    assert missing == []


def test_no_page_shows_an_untranslated_msgid_in_english(world):
    chinese_ids = {k for k in catalogue()._catalog if isinstance(k, str) and CJK.search(k)}
    extra = world_pages(world)
    problems = []
    for org, role in ROLES:
        c = Client()
        c.force_login(world.user(org, role))
        c.cookies["django_language"] = "en"
        for url in pages_of(c, extra):
            r = c.get(url)
            if r.status_code != 200 or "text/html" not in r["Content-Type"]:
                continue
            for tag, text in texts(r.content.decode()):
                words = tag in {"button", "dt", "label"} or tag.startswith("label:")
                if text in chinese_ids or words and CJK.search(text) and not LATIN.search(text):
                    problems.append(f"{org}_{role} {url} <{tag}> {text}")
    assert problems == []


def test_no_english_label_where_chinese_belongs(world):
    extra = world_pages(world)
    problems = set()
    for org, role in ROLES:
        c = Client()
        c.force_login(world.user(org, role))
        for url in pages_of(c, extra):
            r = c.get(url)
            if r.status_code != 200 or "text/html" not in r["Content-Type"]:
                continue
            for tag, text in texts(r.content.decode()):
                if (
                    tag.removeprefix("label:") in LABEL_TAGS
                    and re.search(r"[A-Za-z]{3,}", text)
                    and not CJK.search(text)
                ):
                    if text not in ASCII_OK and not re.fullmatch(r"[\d\s.,:/—-]+", text):
                        problems.add(f"{url} <{tag}> {text}")
    # data may be Latin (a user name, a file name): what is left are labels
    assert sorted(p for p in problems if not re.search(r"_(admin|editor|viewer)|\.pdf", p)) == []
