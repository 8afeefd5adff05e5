"""Exports (Excel and CSV) of every list and results page: the rows the user may see under
the page's filters and no others, cells escaped, numbers as numbers, each export audited."""

from __future__ import annotations

import csv
import io

import openpyxl
from assess_world import enter, enterprise_run, park_run
from django.test import Client
from django.urls import get_resolver, reverse

from parkesg.web.audit.models import AuditRecord
from parkesg.web.core.roles import Action
from parkesg.web.core.views import REGISTRY, cell


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_every_list_view_exports_exactly_the_rows_the_user_may_see(world):
    enter(world, "ent_a1", "ent_employees", 2024, 12.0)  # an approved value, audit records…
    assert get_resolver().url_patterns  # loading the URLconf registers every model's views
    assert {"organisation", "accessgrant", "user", "observation", "evidencefile",
            "workbookupload", "auditrecord"} <= set(REGISTRY)  # fmt: skip
    for name, ov in REGISTRY.items():
        url = reverse(f"{name}_list")
        for key, user in world.users.items():
            c = Client()
            c.force_login(user)
            cols = ov.export_columns or ov.columns
            visible = ov.queryset(user, Action.view).order_by(*(ov.model._meta.ordering or ["pk"]))
            want = [[str(cell(ov, o, c, for_export=True)) for c in cols] for o in visible]
            got = rows_of(c.get(url, {"export": "csv"}))  # (itself audited: after ``want``)
            assert len(got) == 1 + len(want), (name, key)
            assert sorted(r[0] for r in got[1:]) == sorted(w[0] for w in want), (name, key)


def test_export_uses_the_pages_filters(world):
    enter(world, "ent_a1", "ent_employees", 2024, 12.0)
    c = Client()
    c.force_login(world.user("park_a", "viewer"))  # its own 2023 value and 企业A1's shares
    everything = rows_of(c.get("/observations/", {"export": "csv"}))
    only_2024 = rows_of(c.get("/observations/", {"export": "csv", "year": "2024"}))
    years = everything[0].index("年份")
    assert {r[years] for r in everything[1:]} == {"2023", "2024"}
    assert {r[years] for r in only_2024[1:]} == {"2024"} and len(only_2024) == 2
    orgs = rows_of(c.get("/organisations/", {"export": "csv", "kind": "enterprise"}))
    assert sorted(r[0] for r in orgs[1:]) == ["企业A1", "企业A2"]  # its own enterprises only


def test_cells_escaped_numbers_kept_and_audited(world):
    obs = enter(world, "ent_a1", "ent_employees", 2024, 1234.5678)
    obs.evidence = '=HYPERLINK("http://x")'
    obs.save(update_fields=["evidence"])
    c = Client()
    c.force_login(world.user("ent_a1", "viewer"))
    got = rows_of(c.get("/observations/", {"export": "csv", "year": "2024"}))
    head, row = got[0], got[1]
    assert row[head.index("证明材料")] == '\'=HYPERLINK("http://x")'
    assert row[head.index("数值")] == "1234.5678"  # exact, not the page's rounding
    assert row[head.index("审核状态")] == "已审核" and row[head.index("数据来源")].startswith("d)")
    r = c.get("/observations/", {"export": "xlsx", "year": "2024"})
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in ws[1]]
    values = [c for c in ws[2]]
    assert values[header.index("证明材料")].value.startswith("'=")
    assert values[header.index("证明材料")].data_type == "s"
    assert values[header.index("数值")].value == 1234.5678
    rec = AuditRecord.objects.filter(action="export").latest("id")
    assert rec.after["filters"] == {"year": "2024"} and rec.after["rows"] == 1
    assert rec.after["format"] == "xlsx" and rec.actor == world.user("ent_a1", "viewer")


def test_assessments_list_results_table_and_review_queue_export(world):
    park = park_run(world)
    ent = enterprise_run(world)
    for org, runs in [("park_a", {park.pk, ent.pk}), ("ent_a1", {ent.pk}), ("bank_ok", {ent.pk}),
                      ("ent_b1", set()), ("gov_cz", set())]:  # fmt: skip
        c = Client()
        c.force_login(world.user(org, "viewer"))
        got = rows_of(c.get("/assessments/", {"export": "csv"}))
        assert len(got) - 1 == len(runs), org
        for pk in (park.pk, ent.pk):
            r = c.get(f"/assessments/{pk}/", {"export": "csv"})
            assert r.status_code == (200 if pk in runs else 404), (org, pk)
    c = Client()
    c.force_login(world.user("park_a", "viewer"))
    table = rows_of(c.get(f"/assessments/{park.pk}/", {"export": "csv"}))
    assert table[0][:5] == ["序号", "指标", "单位", "2024 数值", "2024 状态"]
    first = table[1]
    assert first[:3] == ["1", "高新技术产业增加值占园区生产总值比值", "%"]
    assert float(first[3]) == 40.0 and first[5] == "一般"
    xlsx = c.get(f"/assessments/{park.pk}/", {"export": "xlsx"})
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.max_row == 27  # 26 + header
    data = rows_of(c.get("/observations/table/", {"export": "csv"}))
    assert data[0][:3] == ["字段", "字段编号", "单位"] and any(r[1] == "gdp" for r in data[1:])
    c.force_login(world.user("ent_b1", "viewer"))  # the park's table is not offered to others
    other = rows_of(c.get("/observations/table/", {"export": "csv",
                                                   "organisation": world.orgs["park_a"].pk}))  # fmt: skip
    assert all(r[1] != "gdp" for r in other[1:])
    queue = Client()
    queue.force_login(world.user("ent_a1", "reviewer"))
    assert rows_of(queue.get("/review/", {"export": "csv"}))[0][0] == "工作簿上传"
