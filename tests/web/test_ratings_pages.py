"""The pages of ratings in both languages (issue 18): as the rating organisation's people, the
rated enterprise and the commissioning bank see them, in Chinese with no English label where a
Chinese one belongs, and in English with no Chinese msgid left untranslated (the checks of
``test_i18n`` on the pages its crawl does not reach)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from ratings_world import published_scene
from test_i18n import ASCII_OK, CJK, LABEL_TAGS, LATIN, catalogue, texts

pytestmark = pytest.mark.django_db
WHO = [("bank_ok", "admin"), ("bank_ok", "editor"), ("bank_ok", "viewer"), ("ent_a1", "editor"),
       ("bank_no", "viewer")]  # fmt: skip


def _pages(s: dict[str, Any]) -> list[str]:
    p, a1, res, o = s["project"], s["a1"], s["result"], s["objection"]
    return [f"/ratings/projects/{p.pk}/", f"/ratings/members/{a1.pk}/", f"/ratings/results/{res.pk}/",
            f"/ratings/results/{res.pk}/trace/energy_intensity/", f"/ratings/objections/{o.pk}/",
            f"/ratings/certificates/{s['cert'].pk}/", "/ratings/organisation/", "/ratings/mine/",
            "/ratings/portfolio/", "/ratings/published/", "/ratings/projects/add/",
            f"/ratings/projects/{p.pk}/edit/", "/ratings/evaluators/add/", "/"]  # fmt: skip


def test_ratings_pages_in_chinese_and_english(world: Any) -> None:
    s = published_scene(world)
    chinese_ids = {k for k in catalogue()._catalog if isinstance(k, str) and CJK.search(k)}
    problems, seen = [], 0
    for org, role in WHO:
        for lang in ("zh-hans", "en"):
            c = Client()
            c.force_login(world.user(org, role))
            if lang == "en":
                c.cookies["django_language"] = "en"
            for url in _pages(s):
                r = c.get(url)
                if r.status_code != 200 or "text/html" not in r["Content-Type"]:
                    continue
                seen += 1
                for tag, text in texts(r.content.decode()):
                    bare = tag.removeprefix("label:")
                    if lang == "en":
                        words = bare in {"button", "dt", "label", "th", "h1", "h2", "h3"}
                        if (
                            text in chinese_ids
                            or words
                            and CJK.search(text)
                            and not LATIN.search(text)
                        ):
                            problems.append(f"en {org}_{role} {url} <{tag}> {text}")
                    elif (bare in LABEL_TAGS and re.search(r"[A-Za-z]{3,}", text)
                          and not CJK.search(text) and text not in ASCII_OK):  # fmt: skip
                        problems.append(f"zh {org}_{role} {url} <{tag}> {text}")
    data = re.compile(r"_(admin|editor|viewer|lead|evaluator|checker|committee\d)|\.csv|\.txt")
    assert seen > 40 and sorted(p for p in problems if not data.search(p)) == []
