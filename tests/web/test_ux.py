"""The platform's conventions (issue 21): navigation by role, the home page registry, the
observation table, the review queue grouped by upload, the results pages per framework,
charts that respect direction, vocabularies, quiet 403/404 logs, favicon, a busy port."""

from __future__ import annotations

import io
import logging
import re
import socket

import pytest
from assess_world import enter, enterprise_run, park_run
from django.apps import apps
from django.test import Client
from django.urls import reverse

from parkesg.web.assessments import charts, summary
from parkesg.web.collection import evidence
from parkesg.web.collection.models import WorkbookUpload
from parkesg.web.collection.review_queue import groups, review_many
from parkesg.web.core import home, vocab
from parkesg.web.observations.models import Observation
from parkesg.web.observations.services import review

PDF = b"%PDF-1.4\n%test\n"


def client(world, org: str, role: str = "viewer") -> Client:
    c = Client()
    c.force_login(world.user(org, role))
    return c


def nav_hrefs(page: str) -> list[str]:
    block = page.split('<nav aria-label="主菜单">')[1].split("</nav>")[0]
    return re.findall(r'href="([^"]+)"', block)


# (org, role) → the menu, by URL name; written by hand from who may do what
MENUS = {
    ("park_a", "viewer"): ["home", "observation_table", "assessments:list", "engagements:list",
                           "esg:home", "city:zones", "organisation_list"],
    ("park_a", "editor"): ["home", "observation_table", "collection:upload", "assessments:list",
                           "engagements:list", "esg:home", "city:zones", "organisation_list"],
    ("park_a", "reviewer"): ["home", "observation_table", "review_queue", "assessments:list",
                             "engagements:list", "esg:home", "city:zones", "organisation_list"],
    ("park_a", "admin"): ["home", "observation_table", "collection:upload", "review_queue",
                          "assessments:list", "engagements:list", "esg:home", "city:zones",
                          "organisation_list", "accessgrant_list", "user_list", "auditrecord_list"],
    ("prov_ok", "viewer"): ["home", "observation_table", "assessments:list", "engagements:list",
                            "esg:home", "organisation_list", "accessgrant_list"],
    ("prov_nopledge", "viewer"): ["home", "assessments:list", "engagements:list",
                                  "organisation_list", "accessgrant_list"],  # no grant in force: no data menu
    ("bank_ok", "viewer"): ["home", "observation_table", "assessments:list", "ratingproject_list",
                            "ratings_portfolio", "city:green", "organisation_list",
                            "accessgrant_list", "ratings_published"],
    ("gov_cz", "viewer"): ["home", "region", "city:dashboard", "engagements:list", "city:zones",
                           "city:green", "organisation_list"],
    ("gov_cz", "admin"): ["home", "region", "city:dashboard", "engagements:list", "city:zones",
                          "city:green", "organisation_list", "accessgrant_list", "user_list",
                          "auditrecord_list"],
}  # fmt: skip


def test_navigation_offers_only_what_the_role_can_use(world):
    for (org, role), names in MENUS.items():
        c = client(world, org, role)
        hrefs = nav_hrefs(c.get("/").content.decode())
        assert hrefs == [reverse(n) for n in names], (org, role)
        for href in hrefs:  # nothing in the menu leads to a refusal or an error
            assert c.get(href).status_code == 200, (org, role, href)


def test_operator_menu_has_no_data_and_no_assessments(world, django_user_model):
    op = django_user_model.objects.create_superuser("op", "", "Zx9!parkesg-op")
    c = Client()
    c.force_login(op)
    hrefs = nav_hrefs(c.get("/").content.decode())
    assert hrefs == [reverse("home"), reverse("organisation_list"), reverse("user_list")]


def test_add_button_only_where_the_form_can_be_used(world):
    add = f'href="{reverse("observation_add")}"'
    assert add in client(world, "ent_a1", "editor").get("/observations/").content.decode()
    for org, role in [("ent_a1", "viewer"), ("ent_a1", "reviewer"), ("bank_ok", "admin")]:
        assert add not in client(world, org, role).get("/observations/").content.decode()


def test_run_form_offers_frameworks_fitting_the_entity(world):
    c = client(world, "ent_a1", "editor")  # its own enterprise only
    page = c.get("/assessments/new/").content.decode()
    assert 'value="t-jdfa-01-2025"' in page and "t-cppc-park-cpa" not in page
    assert 'name="indicators"' not in page  # T/JDFA01 has no optional indicators
    park = client(world, "park_a", "editor")  # the park and the enterprise sharing with it
    partial = park.get(f"/assessments/new/?entity={world.orgs['park_a'].pk}",
                       HTTP_HX_REQUEST="true").content.decode()  # fmt: skip
    assert "<html" not in partial and 'value="t-cppc-park-cpa"' in partial
    assert 'value="t-jdfa-01-2025"' not in partial
    enterprise = park.get(f"/assessments/new/?entity={world.orgs['ent_a1'].pk}").content.decode()
    assert 'value="t-jdfa-01-2025"' in enterprise and 'value="t-cppc-park-cpa"' not in enterprise


def test_home_lists_what_waits_for_each_person(world):
    editor, reviewer = world.user("ent_a1", "editor"), world.user("ent_a1", "reviewer")
    a = enter(world, "ent_a1", "ent_employees", 2024, 50.0, approve=False)
    b = enter(world, "ent_a1", "ent_output_value", 2024, 9.0, approve=False)
    for obs in (a, b):
        review(actor=editor, observation_id=obs.pk, event="submit")
    page = client(world, "ent_a1", "reviewer").get("/").content.decode()
    waiting = page.split('id="waiting"')[1].split("</section>")[0]
    assert '<b class="count">2</b> 条数据等待您审核' in waiting
    assert f'href="{reverse("review_queue")}"' in waiting
    review(actor=reviewer, observation_id=b.pk, event="reject", note="产值单位应为万元")
    page = client(world, "ent_a1", "editor").get("/").content.decode()
    waiting = page.split('id="waiting"')[1].split("</section>")[0]
    assert '<b class="count">1</b> 条数据被退回' in waiting and "产值单位应为万元" in waiting
    assert "?state=rejected" in waiting
    # the maker is not asked to review their own values; a viewer is asked nothing
    assert "等待您审核" not in waiting
    viewer = client(world, "ent_a1", "viewer").get("/").content.decode()
    assert "暂无待办" in viewer
    # an admin keeps the grants: 服务商乙's engagement waits for its pledge
    admin = client(world, "ent_a1", "admin").get("/").content.decode()
    assert '<b class="count">1</b> 项服务商项目授权待登记保密承诺书' in admin


def test_home_latest_results_only_of_what_the_user_may_see(world):
    run = enterprise_run(world)
    url = reverse("assessments:detail", args=[run.pk])
    # one enterprise alone has no peers (T/JDFA01 6.8 b): its rating reads 不予评级
    assert run.page["summary"]["grade"] is None and run.page["summary"]["withheld"]
    grade = "不予评级（同业样本不足）"
    for org, sees in [("ent_a1", True), ("park_a", True), ("bank_ok", True),
                      ("bank_no", False), ("ent_b1", False), ("gov_cz", False)]:  # fmt: skip
        page = client(world, org).get("/").content.decode()
        assert (url in page) is sees, org
        assert ('id="latest"' in page) is (org != "gov_cz")  # a government sees no results
        if sees:
            assert grade in page.split('id="latest"')[1]


def test_home_registry_answers_per_user_and_sorts_overdue_first(world):
    import datetime as dt

    def fake(user):
        return [home.Waiting("later", 1, "/a", due=dt.date(2030, 1, 1)),
                home.Waiting("late", 2, "/b", due=dt.date(2020, 1, 1), overdue=True),
                home.Waiting("nothing", 0, "/c")]  # fmt: skip

    home.register_waiting(fake)
    try:
        items = home.waiting_for(world.user("park_a", "viewer"))
        assert [w.label for w in items] == ["late", "later"]  # overdue first, none of count 0
    finally:
        home._WAITING.pop(home._key(fake))


def test_shortcuts_per_role(world):
    def links(org, role):
        page = client(world, org, role).get("/").content.decode()
        return re.findall(r'href="([^"]+)"', page.split('class="shortcuts"')[1].split("</nav>")[0])

    assert reverse("collection:upload") in links("ent_a1", "editor")
    assert reverse("review_queue") in links("ent_a1", "reviewer")
    assert reverse("collection:upload") not in links("ent_a1", "reviewer")
    assert links("gov_cz", "viewer")[0] == reverse("region")


def test_observation_table_fields_by_years_with_filters(world):
    enter(world, "park_a", "gdp", 2022, 1631000.0)
    enter(world, "park_a", "gdp", 2024, 1700000.0, approve=False)
    enter(world, "park_a", "central_wastewater_treatment", 2024, 1.0)
    c = client(world, "park_a", "editor")
    page = c.get("/observations/table/").content.decode()
    table = page.split('id="observation-table"')[1]
    head = table.split("</thead>")[0]
    assert re.findall(r'<th class="num">(\d{4})</th>', head) == ["2022", "2023", "2024"]
    gdp = table.split('data-field="gdp"')[1].split("</tr>")[0]
    assert ">1,631,000.00</a>" in gdp and ">1,700,000.00</a>" in gdp
    assert "草稿" in gdp  # the 2024 draft is marked
    facility = table.split('data-field="central_wastewater_treatment"')[1].split("</tr>")[0]
    assert ">是</a>" in facility
    approved = c.get("/observations/table/?state=approved").content.decode()
    assert "1,700,000.00" not in approved and "1,631,000.00" in approved
    # a framework lists every field it reads, missing ones as —
    cppc = c.get("/observations/table/?framework=t-cppc-park-cpa").content.decode()
    assert 'data-field="energy_consumption"' in cppc and 'data-field="gdp"' in cppc
    assert "t-jdfa-01-2025" not in cppc  # an enterprise framework is not offered for a park
    # another organisation's entity by parameter: not offered, not shown
    other = c.get(f"/observations/table/?organisation={world.orgs['park_b'].pk}").content.decode()
    assert "园区B" not in other and 'data-field="gdp"' in other


def _upload(world, org, obs):
    ef = evidence.store_evidence(actor=world.user(org, "editor"), data=PDF + org.encode(),
                                 name="w.pdf")  # fmt: skip
    up = WorkbookUpload.objects.create(organisation=world.orgs[org],
                                       created_by=world.user(org, "editor"), file=ef,
                                       created=len(obs), changed=0, unchanged=0)  # fmt: skip
    up.observations.set(obs)
    return up


def test_review_queue_groups_an_uploads_values_and_approves_them_together(world):
    editor = world.user("ent_a1", "editor")
    values = [enter(world, "ent_a1", f, 2024, v, approve=False)
              for f, v in [("ent_employees", 50.0), ("ent_output_value", 9.0)]]  # fmt: skip
    typed = enter(world, "ent_a1", "ent_energy_consumption", 2024, 3.0, approve=False)
    for obs in [*values, typed]:
        review(actor=editor, observation_id=obs.pk, event="submit")
    up = _upload(world, "ent_a1", values)
    reviewer = world.user("ent_a1", "reviewer")
    gs = groups(reviewer)
    assert [(g.upload, sorted(i["pk"] for i in g.items)) for g in gs] == [
        (up, sorted(o.pk for o in values)),
        (None, [typed.pk]),
    ]
    assert groups(editor) == []  # the maker reviews none of their own values
    assert groups(world.user("park_a", "reviewer")) == []  # nor another organisation's
    page = client(world, "ent_a1", "reviewer").get("/review/").content.decode()
    assert f"#{up.pk} w.pdf" in page and "逐条填报的数据" in page
    with pytest.raises(Exception, match="原因"):
        review_many(actor=reviewer, ids=[typed.pk], event="reject")
    ids = [o.pk for o in values] + [world.obs["ent_b1"].pk]  # a foreign id is ignored
    assert review_many(actor=reviewer, ids=ids, event="approve") == 2
    assert set(Observation.objects.filter(pk__in=[o.pk for o in values])
               .values_list("state", flat=True)) == {"approved"}  # fmt: skip
    r = client(world, "ent_a1", "reviewer").post(
        "/review/bulk/", {"ids": [typed.pk], "event": "reject", "note": "请附报表"}
    )
    assert r.status_code == 302 and Observation.objects.get(pk=typed.pk).state == "rejected"


def test_cppc_results_page_summary(world):
    run = park_run(world)
    s = run.page["summary"]["years"][0]
    assert s["counts"] == [
        ("advanced", "先进", 1),
        ("general", "一般", 1),
        ("below", "未达一般", 0),
    ]
    assert s["unassessed"] == 24 and s["assessed"] == 26
    assert s["selection"]["ok"] is False and s["selection"]["problems"]
    # 1 高新技术产业增加值占比 40 % is 一般: a shortfall, under its category 经济发展
    assert s["focus"] == [{"category": "经济发展", "items": [
        {"no": "1", "id": "high_tech_value_added_share",
         "name_zh": "高新技术产业增加值占园区生产总值比值", "level": "一般", "code": "general"}]}]  # fmt: skip


def test_jdfa_results_page_summary(world):
    run = enterprise_run(world)
    s = run.page["summary"]
    assert [d["id"] for d in s["dimensions"]] == ["E", "S", "G"]
    # rated alone: no peer basis (6.8 b) → no grade, no band marked, the page says 不予评级
    assert s["grade"] is None and [b for b in s["bands"] if b["current"]] == []
    assert s["withheld"]["issued"] is False
    assert s["entities"] == 1
    energy = s["peers"]["energy_intensity"]
    assert (energy["group"], energy["size"], energy["basis"]) == ("全部", 1, False)
    page = client(world, "ent_a1").get(reverse("assessments:detail", args=[run.pk])).content
    text = page.decode()
    assert 'id="jdfa-summary"' in text and "同业数" in text
    assert "不予评级" in text and "同业样本不足，无比较基础（6.8 b）" in text


def _doc(year, indicators, groups=(), requirements=(), total=None, entity="1"):
    return {"year": year, "entity_id": entity, "indicators": indicators, "groups": list(groups),
            "requirements": list(requirements), "total": total, "grade": None,
            "selection": None, "shortfalls": []}  # fmt: skip


def _ind(id_, value, *, level=None, score=None, thresholds=None, no="1", method="levels"):
    return {"no": no, "id": id_, "name_zh": id_, "value": value, "unit": "%", "level": level,
            "score": score, "status": "computed", "provisional": False,
            "trace": {"thresholds": thresholds, "method": method}}  # fmt: skip


def test_beijing_summary_requirements_and_groups_as_columns_per_year():
    from parkesg.frameworks import load_framework

    fw = load_framework("bj-green-diagnosis")
    req = {"no": "1", "id": "br_laws_implemented", "text": "法规", "encouraged": False}
    docs = [_doc(2021, [], [{"id": "EG", "depth": 1, "score": 80.0}], [{**req, "met": True}], 90.0),
            _doc(2022, [], [{"id": "EG", "depth": 1, "score": 85.0}], [{**req, "met": None}], 91.0)]  # fmt: skip
    s = summary.beijing(fw, docs)
    assert s["years"] == [2021, 2022] and s["totals"] == [90.0, 91.0]
    assert s["requirements"] == [{"no": "1", "text": "法规", "encouraged": False,
                                  "met": [True, None]}]  # fmt: skip
    eg = next(g for g in s["groups"] if g["id"] == "EG")
    assert eg["scores"] == [80.0, 85.0] and eg["name"] == "能源利用绿色化指标"
    assert len(s["groups"]) == 6


def test_esc_summary_reads_stored_targets():
    from parkesg.frameworks import load_framework

    fw = load_framework("t-esc-001-2024")
    docs = [_doc(2023, [_ind("clean_energy_share", 40.0, score=50.0, method="progress"),
                        _ind("gdp_growth", 6.0, method="progress")])]  # fmt: skip
    targets = [{"entity_id": "1", "indicator_id": "clean_energy_share", "baseline": 30.0,
                "target": 50.0}]  # fmt: skip
    s = summary.esc(fw, docs, {"targets": targets})
    assert s["with_target"] == 1 and s["count"] == 2
    assert s["kpis"]["clean_energy_share"] == {"id": "clean_energy_share", "dimension": "环境管理",
                                               "baseline": 30.0, "target": 50.0,
                                               "progress": 50.0, "set": True}  # fmt: skip
    assert s["kpis"]["gdp_growth"]["set"] is False


def test_charts_respect_direction_and_leave_out_empty_charts():
    # T/CPPC 20 园区二氧化碳排放量增长率: lower is better, general ≤5, advanced ≤3
    falling = _ind("co2_growth_rate", -2.0, level="先进", no="20",
                   thresholds={"general": 5.0, "advanced": 3.0})  # fmt: skip
    rising = _ind("co2_growth_rate", 10.0, level="未达一般", no="20",
                  thresholds={"general": 5.0, "advanced": 3.0})  # fmt: skip
    low_share = _ind("renewable_energy_share", -4.0, level="未达一般", no="8",
                     thresholds={"general": 9.0, "advanced": 15.0})  # fmt: skip
    bars = charts.bars("t-cppc-park-cpa", _doc(2023, [falling, low_share]))
    items = {i["no"]: i for i in bars["items"]}
    assert items["20"]["bar"] == charts.AXIS_MAX  # a fall beats any positive ceiling
    assert items["8"]["bar"] == 0.0  # never a negative bar
    assert items["20"]["advanced"] == pytest.approx(166.7) and items["20"]["benchmark"] == "≤5"
    rise = charts.bars("t-cppc-park-cpa", _doc(2023, [rising]))["items"][0]
    assert rise["bar"] == pytest.approx(50.0)  # 5 ÷ 10 × 100: half the way to the ceiling
    # Beijing: the engine's score (direction applied, capped at 120), no advanced level
    elasticity = _ind("pollutant_elasticity", -1.8, score=120.0, no="24", method="leading_ratio",
                      thresholds={"leading": 0.3})  # fmt: skip
    bj = charts.bars("bj-green-diagnosis", _doc(2023, [elasticity]))
    assert bj["items"][0]["bar"] == 120.0 and bj["series"] == ["得分"]
    assert "先进" not in str(bj)
    # no chart for one year, none for a run without peers
    assert charts.trend([_doc(2023, [falling])]) is None
    two = charts.trend([_doc(2022, [falling], total=80.0), _doc(2023, [falling], total=90.0)])
    assert two is not None and two["years"] == [2022, 2023]
    progress = _ind("clean_energy_share", 40.0, level=None, score=50.0)  # T/ESC: no level
    assert charts.trend([_doc(2022, [progress]), _doc(2023, [progress])]) is None
    one = {"totals": [{"entity_id": "1", "year": 2023, "score": 70.0}]}
    assert charts.peers(one, "1", 2023) is None
    both = {"totals": [*one["totals"], {"entity_id": "2", "year": 2023, "score": 80.0}]}
    assert charts.peers(both, "1", 2023)["values"] == [70.0, 80.0]


def test_every_choice_field_has_a_vocabulary():
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("parkesg."):
            continue
        for f in model._meta.concrete_fields:
            if f.choices and vocab.for_choices(v for v, _l in f.flatchoices) is None:
                missing.append(f"{model._meta.label}.{f.name}")
    assert missing == []
    assert vocab.label("review_state", "approved", "zh-hans") == "已审核"
    assert vocab.label("review_state", "approved", "en") == "approved"


def test_lists_show_chinese_labels_and_local_times(world):
    c = client(world, "park_a", "admin")
    page = c.get("/organisations/").content.decode()
    assert "园区管委会" in page and "park committee" not in page
    detail = c.get(f"/organisations/{world.orgs['park_a'].pk}/").content.decode()
    assert "created at" not in detail and "创建时间" in detail
    obs = c.get("/observations/").content.decode()
    assert "草稿" in obs and ">draft<" not in obs and "100.00" in obs


def test_no_traceback_for_an_ordinary_403_or_404(world):
    logging.getLogger("django.request").setLevel(logging.WARNING)  # the tests' settings: ERROR
    handler = next(h for h in logging.getLogger().handlers
                   if any(type(f).__name__ == "ClientErrorsWithoutTraceback" for f in h.filters))  # fmt: skip
    stream = io.StringIO()
    # swap the stream without flushing the old one (an earlier test's captured, closed stderr)
    old, handler.stream = handler.stream, stream  # type: ignore[attr-defined]
    try:
        c = client(world, "ent_a1", "viewer")
        assert c.get(f"/observations/{world.obs['ent_a1'].pk}/edit/").status_code == 403
        assert c.get("/no/such/page/").status_code == 404
    finally:
        handler.stream = old  # type: ignore[attr-defined]
        logging.getLogger("django.request").setLevel(logging.ERROR)
    log = stream.getvalue()
    assert "Forbidden" in log and "Not Found" in log
    assert "Traceback" not in log


def test_favicon(world):
    r = Client().get("/favicon.ico")
    assert r.status_code == 301 and r["Location"].endswith("parkesg/favicon.svg")
    assert Client().get(r["Location"]).status_code == 200


def test_busy_port_is_reported_before_serving(tmp_path):
    from typer.testing import CliRunner

    from parkesg.cli.main import app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        for args in (["serve", "--port", str(port)],
                     ["platform-demo", "--port", str(port), "--data-dir", str(tmp_path / "d")]):  # fmt: skip
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 2, result.output
            assert f"端口 {port} 已被占用" in result.output
            assert "http://" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "d").exists()  # nothing loaded before the port was checked
