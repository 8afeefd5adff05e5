"""The green-credit list (issue 19 item 5, 常州方案 16): grade or green score over a threshold;
scores only where the reader may see the result; a government its region only."""

from __future__ import annotations

import pytest
from city_world import GRADES, green_score, published
from django.test import Client

from parkesg.web.city import green


@pytest.fixture
def scene(world):  # type: ignore[no-untyped-def]
    grades = published(world)
    green_score(world, grades)
    return world


def _names(user, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.enterprise for r in green.listing(user, **kw)]


def test_defaults_are_read_and_checked() -> None:
    c = green.config()
    assert (c.min_grade, c.score.framework, c.score.node, c.score.min, c.provisional) == (
        "A", "t-jdfa-01-2025", "E", 75.0, True)  # fmt: skip
    assert green.node_label() == "环境（t-jdfa-01-2025 E）"


def test_grade_or_visible_score_meets_the_threshold(scene) -> None:  # type: ignore[no-untyped-def]
    assert [g[0] for g in GRADES][2] == "企业E3"
    rater = scene.user("bank_ok", "viewer")
    # A or above: E4 AAA, E6 AAA, E1 AA, E2 A, E5 A; E3 (BBB) by its environment score 80 ≥ 75
    assert _names(rater) == ["企业E4", "企业E6", "企业E1", "企业E2", "企业E5", "企业E3"]
    e3 = green.listing(rater)[-1]
    assert (e3.grade, e3.score, e3.basis) == ("BBB", 80.0, "score")
    assert _names(rater, min_grade="AA") == ["企业E4", "企业E6", "企业E1", "企业E3"]
    assert _names(rater, min_grade="AA", min_score=80.5) == ["企业E4", "企业E6", "企业E1"]
    assert _names(rater, region="320412") == ["企业E4", "企业E5", "企业E3"]
    # another bank may not see 银行甲's result: the grade alone decides
    assert _names(scene.user("bank_no", "viewer")) == [
        "企业E4",
        "企业E6",
        "企业E1",
        "企业E2",
        "企业E5",
    ]
    # 常州市政府: its region only (企业E6 is in 南京), no score
    gov = scene.user("gov_cz", "viewer")
    assert _names(gov) == ["企业E4", "企业E1", "企业E2", "企业E5"]
    assert _names(gov, region="320100") == []
    assert _names(gov, min_grade="AAA") == ["企业E4"]


def test_page_for_banks_and_governments_and_the_export(scene) -> None:  # type: ignore[no-untyped-def]
    for key, status in (("bank_ok_viewer", 200), ("gov_cz_viewer", 200), ("ent_a1_admin", 404),
                        ("park_a_admin", 404), ("prov_ok_admin", 404)):  # fmt: skip
        c = Client()
        c.force_login(scene.users[key])
        assert c.get("/city/green-credit/").status_code == status, key
    c = Client()
    c.force_login(scene.user("bank_ok", "viewer"))
    page = c.get("/city/green-credit/?min_grade=AA").content.decode()
    assert page.count('<span class="grade">') == 4 and "暂定" in page
    csv = c.get("/city/green-credit/?min_grade=AA&export=csv").content.decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert len(lines) == 5 and lines[0].startswith("企业名称,统一社会信用代码")
    assert lines[-1].split(",")[4:] == [
        "BBB",
        "2026-05-01",
        "银行甲",
        "C-企业E3",
        "80.0",
        "绿色得分",
    ]
    assert Client().get("/city/green-credit/").status_code == 302
