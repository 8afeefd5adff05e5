"""The public disclosure portal (issue 19 item 2): search, a disclosure with its history,
comparison with industry medians and ranks (hand-computed), exports escaped — and nothing
unpublished reachable from any page or export."""

from __future__ import annotations

import csv
import io

import pytest
from assess_world import enter
from disclosure_world import YEAR, enter_values, move, prepare, publish, published
from django.test import Client
from django.urls import reverse

from parkesg.web.disclosures import portal, services
from parkesg.web.disclosures.models import PublishedVersion
from parkesg.web.orgs.models import Organisation


def test_median_even_odd_and_empty():
    assert portal.median([3.0, 1.0, 2.0]) == 2.0
    assert portal.median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert portal.median([]) is None
    assert (
        not portal.Cell(0.0, median=0.5).median_whole and portal.Cell(1.0, median=3.0).median_whole
    )


def test_rank_is_competition_ranking_in_the_kpis_direction():
    peers = [500.0, 800.0, 800.0, 900.0]
    assert [portal.rank(v, peers, "lower") for v in peers] == [1, 2, 2, 4]
    assert [portal.rank(v, peers, "higher") for v in peers] == [4, 2, 2, 1]


def test_peer_columns_rank_and_median_as_the_definitions():
    """The comparison's columnar peers (sorted arrays, binary search) agree with ``rank`` and
    ``median`` — ties, duplicates, even and odd counts."""
    import numpy as np

    rng = np.random.default_rng(7)
    for n in (1, 2, 5, 40):
        values = [float(x) for x in rng.integers(0, 6, n)]
        group = portal.Peers(n, {"f": np.sort(np.asarray(values))})
        assert group.median("f") == portal.median(values) and group.median("g") is None
        for direction in ("higher", "lower"):
            assert [group.rank("f", v, direction) for v in values] == [
                portal.rank(v, values, direction) for v in values]  # fmt: skip
    assert portal.Peers(4, {"f": np.array([500.0, 800.0, 800.0, 900.0])}).rank("f", 800.0,
                                                                               "lower") == 2  # fmt: skip


def test_industry_group_is_the_gbt4754_major_division():
    assert portal.industry_group("c3841") == "C38"


def _three(world):
    return [published(world, org) for org in ("ent_a1", "ent_a2", "ent_b1")]


def test_compare_with_industry_median_and_rank(world):
    # 企业A1 C3841, 企业A2 C3849, 企业B1 C3812: all in C38, one peer group of three
    d1, d2, d3 = _three(world)
    c = portal.compare([d1.pk, d2.pk, d3.pk])
    assert [v.enterprise_name for v in c.versions] == ["企业A1", "企业A2", "企业B1"]
    assert c.peers == [3, 3, 3]
    rows = {k.field: cells for k, cells in c.rows}
    # energy (lower is better): 800, 500, 900 → median 800; ranks 2, 1, 3
    energy = rows["ent_energy_consumption"]
    assert [(x.value, x.rank, x.of, x.median) for x in energy] == [
        (800.0, 2, 3, 800.0), (500.0, 1, 3, 800.0), (900.0, 3, 3, 800.0)]  # fmt: skip
    # employees (higher is better): 120, 120, 300 → median 120; ties share rank 2
    assert [(x.rank, x.median) for x in rows["ent_employees"]] == [(2, 120.0), (2, 120.0),
                                                                    (1, 120.0)]  # fmt: skip
    # yes/no: shown, neither ranked nor given a median; 企业B1 did not disclose it
    gov = rows["ent_esg_governance"]
    assert [(x.value, x.rank, x.median) for x in gov] == [(1.0, None, None), (0.0, None, None),
                                                          (None, None, None)]  # fmt: skip


def test_peers_are_same_year_same_major_division(world, monkeypatch):
    import disclosure_world

    monkeypatch.setitem(disclosure_world.INDUSTRY, "ent_b1", "C2611")  # another division
    d1, d2, d3 = _three(world)
    enter(world, "ent_a2", "ent_energy_consumption", YEAR - 1, 100.0)
    published(world, "ent_a2", year=YEAR - 1, enter_data=False)  # another year
    c = portal.compare([d1.pk, d3.pk])
    assert c.peers == [2, 1]
    energy = next(cells for k, cells in c.rows if k.field == "ent_energy_consumption")
    # 企业A1 among A1 (800) and A2 (500): median 650, rank 2; 企业B1 alone: rank 1 of 1
    assert [(x.rank, x.of, x.median) for x in energy] == [(2, 2, 650.0), (1, 1, 900.0)]


def test_compare_takes_at_most_five_and_ignores_unknown_ids(world):
    d1, d2, d3 = _three(world)
    c = portal.compare([d1.pk, 999999, d1.pk, d2.pk])
    assert [v.disclosure_id for v in c.versions] == [d1.pk, d2.pk]
    assert portal.MAX_COMPARE == 5


def test_search_filters(world):
    d1, d2, d3 = _three(world)
    names = lambda **f: sorted(p.enterprise_name for p in portal.search(**f))  # noqa: E731
    assert names() == ["企业A1", "企业A2", "企业B1"]
    assert names(q="A1") == ["企业A1"]
    assert names(q=world.orgs["ent_b1"].credit_code) == ["企业B1"]
    assert names(industry="C384") == ["企业A1", "企业A2"]
    assert names(region="320412") == ["企业B1"]
    assert names(park="园区A") == ["企业A1", "企业A2"]
    assert names(year=YEAR) == ["企业A1", "企业A2", "企业B1"]
    assert names(year=YEAR - 1) == []
    assert names(q="\x00") == []


def test_search_by_published_grade(world):
    from authz_samples import _rating_scene  # ratings' published scene: 企业A1 graded

    _rating_scene(world)
    grade = portal.grades_by_enterprise()[world.orgs["ent_a1"].pk]
    assert grade
    published(world, "ent_a2")
    publish(world, "ent_a1", prepare(world, "ent_a1", enter_data=False))
    assert [p.enterprise_name for p in portal.search(grade=grade)] == ["企业A1"]
    page = Client().get(reverse("disclosures:portal"), {"grade": grade})
    assert page.status_code == 200 and f'<span class="grade">{grade}</span>' in page.text
    assert "企业A2" not in page.text

    # a newer valid grade of the same enterprise is the one in force: the filter follows it
    import datetime as dt

    from parkesg.web.ratings.models import PublishedGrade

    row = PublishedGrade.objects.get(enterprise=world.orgs["ent_a1"], grade=grade)
    other = "CCC" if grade != "CCC" else "AAA"
    row.pk, row.id, row.grade = None, None, other
    row.published_on += dt.timedelta(days=1)
    row.save()
    assert portal.grades_by_enterprise()[world.orgs["ent_a1"].pk] == other
    assert [p.enterprise_name for p in portal.search(grade=other)] == ["企业A1"]
    assert list(portal.search(grade=grade)) == []


def test_pages_for_an_anonymous_visitor(world):
    d1, d2, d3 = _three(world)
    c = Client()
    page = c.get(reverse("disclosures:portal"), {"q": "企业A"})
    assert page.status_code == 200 and "企业A1" in page.text and "企业B1" not in page.text
    detail = c.get(reverse("disclosures:portal_detail", args=[d1.pk]))
    assert detail.status_code == 200
    assert "企业综合能源消费量" in detail.text and "800" in detail.text and "tce" in detail.text
    assert "园区统计部门数据" in detail.text  # the source category
    report = c.get(reverse("disclosures:portal_report", args=[d1.pk, 1]))
    assert report.status_code == 200 and b"".join(report.streaming_content).startswith(b"%PDF")
    cmp = c.get(reverse("disclosures:portal_compare"), {"d": [d1.pk, d2.pk, d3.pk]})
    assert cmp.status_code == 200 and "行业第 2 / 3" in cmp.text


def test_history_shows_every_published_version(world):
    d = published(world, "ent_a1")
    v2 = services.correct(actor=world.user("ent_a1", "editor"), disclosure_id=d.pk,
                          reason="员工人数更正")  # fmt: skip
    publish(world, "ent_a1", v2)
    c = Client()
    page = c.get(reverse("disclosures:portal_detail", args=[d.pk]))
    assert 'id="version">v2' in page.text and "员工人数更正" in page.text and "?v=1" in page.text
    old = c.get(reverse("disclosures:portal_detail", args=[d.pk]), {"v": 1})
    assert 'id="version">v1' in old.text and 'id="old-version"' in old.text


def test_exports_escape_formulas(world):
    Organisation.objects.filter(pk=world.orgs["ent_a1"].pk).update(name='=HYPERLINK("x")')
    world.orgs["ent_a1"].refresh_from_db()
    d = published(world, "ent_a1")
    c = Client()
    got = c.get(reverse("disclosures:portal"), {"export": "csv"})
    assert got.status_code == 200 and got["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("x")'
    cmp = c.get(reverse("disclosures:portal_compare"), {"d": d.pk, "export": "csv"})
    rows = list(csv.reader(io.StringIO(cmp.content.decode("utf-8-sig"))))
    assert rows[0][2].startswith("'=HYPERLINK")
    energy = next(r for r in rows if r[0] == "企业综合能源消费量")
    assert energy[1] == "tce" and float(energy[2]) == 800.0 and energy[3] == "1/1"
    assert float(energy[4]) == 800.0
    xlsx = c.get(reverse("disclosures:portal_compare"), {"d": d.pk, "export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


# ── nothing unpublished reaches the portal ───────────────────────────────────────────────

SECRET_VALUE = 98765.0  # only ever in unpublished versions
SECRET_REASON = "未发布的更正原因XYZ"


def _unpublished_world(world):
    """企业A1: v1 published, a correction (v2) with other values submitted, not published;
    企业A2: a draft; 企业B1: approved, not published; and 企业A1's next year, a draft."""
    d1 = published(world, "ent_a1")
    v2 = services.correct(actor=world.user("ent_a1", "editor"), disclosure_id=d1.pk,
                          reason=SECRET_REASON)  # fmt: skip
    services.save_draft(actor=world.user("ent_a1", "editor"), version_id=v2.pk,
                        fields={"summary": "未发布摘要XYZ", "assurer": "未发布鉴证机构XYZ",
                                "assurance_standard": "ISAE 3000",
                                "assurance_opinion": "未发布结论XYZ"})  # fmt: skip
    enter(world, "ent_a1", "ent_rd_expenditure", YEAR, SECRET_VALUE)  # approved after v1
    move(world, "ent_a1", v2, "submit", "editor")
    enter_values(world, "ent_a2", {"ent_energy_consumption": SECRET_VALUE})
    draft_a2 = services.open_disclosure(actor=world.user("ent_a2", "editor"), year=YEAR)
    enter_values(world, "ent_b1", {"ent_employees": SECRET_VALUE})
    vb = prepare(world, "ent_b1", enter_data=False)
    move(world, "ent_b1", vb, "submit", "editor")
    move(world, "ent_b1", vb, "approve", "reviewer")
    enter(world, "ent_a1", "ent_employees", YEAR - 1, SECRET_VALUE)
    next_year = prepare(world, "ent_a1", year=YEAR - 1, enter_data=False)
    return d1, v2, draft_a2, vb, next_year


def _portal_answers(c, ids):
    """Every portal page and export, for every disclosure id and version number there is."""
    urls = [(reverse("disclosures:portal"), {}), (reverse("disclosures:portal"), {"year": YEAR}),
            (reverse("disclosures:portal"), {"q": "企业"}),
            (reverse("disclosures:portal_compare"), {"d": ids})]  # fmt: skip
    for fmt in ("csv", "xlsx"):
        urls += [(reverse("disclosures:portal"), {"export": fmt}),
                 (reverse("disclosures:portal_compare"), {"d": ids, "export": fmt})]  # fmt: skip
    for pk in ids:
        urls.append((reverse("disclosures:portal_detail", args=[pk]), {}))
        for no in (1, 2, 3):
            urls.append((reverse("disclosures:portal_detail", args=[pk]), {"v": no}))
            urls.append((reverse("disclosures:portal_report", args=[pk, no]), {}))
    out = []
    for url, params in urls:
        r = c.get(url, params)
        body = b"".join(r.streaming_content) if r.streaming else r.content
        out.append((url, params, r.status_code, body))
    return out


@pytest.mark.parametrize("who", ["anonymous", "ent_a1:editor", "park_a:admin"])
def test_nothing_unpublished_reaches_any_portal_page_or_export(world, who):
    d1, v2, draft_a2, vb, next_year = _unpublished_world(world)
    c = Client()
    if who != "anonymous":
        c.force_login(world.user(*who.split(":")))
    ids = [d1.pk, draft_a2.pk, vb.disclosure_id, next_year.disclosure_id]
    secrets = [b"98765", b"98,765", SECRET_REASON.encode(), "未发布摘要XYZ".encode(),
               "未发布鉴证机构XYZ".encode(), "未发布结论XYZ".encode(), "企业A2".encode(),
               "企业B1".encode()]  # fmt: skip
    for url, params, status, body in _portal_answers(c, ids):
        for s in secrets:
            assert s not in body, (url, params, s)
        assert status in (200, 404), (url, params, status)
    # per object: each unpublished disclosure is not found, nor 企业A1's unpublished v2
    for pk in (draft_a2.pk, vb.disclosure_id, next_year.disclosure_id):
        assert c.get(reverse("disclosures:portal_detail", args=[pk])).status_code == 404
        assert c.get(reverse("disclosures:portal_report", args=[pk, 1])).status_code == 404
    assert c.get(reverse("disclosures:portal_report", args=[d1.pk, 2])).status_code == 404
    shown = c.get(reverse("disclosures:portal_detail", args=[d1.pk]), {"v": 2})
    assert 'id="version">v1' in shown.text  # an unpublished number falls back to the current
    assert [p.enterprise_name for p in portal.search()] == ["企业A1"]
    assert PublishedVersion.objects.count() == 1
