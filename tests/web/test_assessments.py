"""Assessments in the browser: a worked T/CPPC example on approved observations, the stored
framework version and inputs, results page, trace, chart data, report download, errors."""

from __future__ import annotations

import hashlib
import io
import zipfile
from importlib import resources

import pandas as pd
import pytest
from assess_world import PARK_2024, enter, park_data, park_run
from django import forms
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parkesg import service
from parkesg.web.assessments.forms import parse_years
from parkesg.web.assessments.models import Assessment
from parkesg.web.audit.models import AuditRecord


def client(world, org: str, role: str = "viewer") -> Client:
    c = Client()
    c.force_login(world.user(org, role))
    return c


def indicator(run: Assessment, indicator_id: str) -> dict:
    return next(i for i in run.results["docs"][-1]["indicators"] if i["id"] == indicator_id)


def test_worked_example_uses_approved_values_only(world):
    run = park_run(world)
    assert run.years == [2024]  # T/CPPC assesses one year: the latest with approved data
    # 1 高新技术产业增加值占比 = 400 / 1000 × 100 = 40 %: 30 ≤ 40 < 50 → 一般
    share = indicator(run, "high_tech_value_added_share")
    assert share["value"] == pytest.approx(40.0) and share["level"] == "一般"
    # 7 单位工业增加值综合能耗 = 50 tce / 200 万元 = 0.25 ≤ 0.3 (lower is better) → 先进
    intensity = indicator(run, "energy_intensity")
    assert intensity["value"] == pytest.approx(0.25) and intensity["level"] == "先进"
    # 2 人均工业增加值 reads industrial_employees, which is only a draft (10 人 would give
    # 200 / 10 = 20 → 先进): not used, so the indicator lacks data
    per_head = indicator(run, "industrial_value_added_per_employee")
    assert per_head["value"] is None and per_head["status"] == "missing"
    assert run.results["docs"][-1]["selection"]["ok"] is False  # mandatory ones lack data
    # the input snapshot: the four approved values at their approve revision (edit, submit,
    # approve = 3); the drafts (industrial_employees 2024, the world's gdp 2023) are absent
    assert sorted((i["field"], i["year"], i["revision"]) for i in run.inputs) == sorted(
        (f, 2024, 3) for f in PARK_2024
    )
    assert any("industrial_employees" in f for f in run.results["missing"]["2024"])


def test_same_numbers_as_the_engine_run_directly(world):
    run = park_run(world)
    wide = pd.DataFrame([{"entity_id": str(world.orgs["park_a"].pk), "year": 2024, **PARK_2024}])
    direct = service.assess("t-cppc-park-cpa", wide).indicators
    stored = pd.DataFrame(run.results["indicators"])
    assert list(stored.indicator_id) == list(direct.indicator_id)
    assert list(stored.level.fillna("")) == list(direct.level.fillna(""))
    assert stored.value.fillna(-1).tolist() == pytest.approx(direct.value.fillna(-1).tolist())


def test_framework_version_and_audit_are_stored(world):
    run = park_run(world)
    path = resources.files("parkesg.frameworks").joinpath("data", "t-cppc-park-cpa.yaml")
    assert run.framework_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert run.framework_id == "t-cppc-park-cpa" and run.framework_code.startswith("T/CPPC")
    assert run.created_by == world.user("park_a", "editor") and run.organisation.name == "园区A"
    rec = AuditRecord.objects.get(object_type="assessments.assessment", object_id=str(run.pk))
    assert rec.action == "create" and rec.chain == f"org:{world.orgs['park_a'].pk}"
    assert rec.after["sha256"] == run.framework_sha256 and rec.after["inputs"] == 4


def test_results_page_from_stored_results(world, monkeypatch):
    run = park_run(world)
    c = client(world, "park_a")

    def no_engine(*args, **kwargs):  # a page view must never run the engine again
        raise AssertionError("service.assess called by a page")

    monkeypatch.setattr(service, "assess", no_engine)
    with CaptureQueriesContext(connection) as ctx:
        page = c.get(f"/assessments/{run.pk}/").content.decode()
    # one query for the page itself (the assessment, its organisation and runner joined);
    # the others are every page's: session, user, the user's organisation, session refresh
    assert sum("assessments_assessment" in q["sql"] for q in ctx.captured_queries) == 1
    assert 'id="results"' in page and page.count('class="trace-link"') >= 26
    for kind in ("bars", "trend", "radar", "peers"):
        assert f'data-chart="{kind}"' in page
    assert 'id="download-report"' in page and 'id="trace"' in page
    summary = page.split('id="cppc-summary"')[1].split('id="results"')[0]
    assert "<b>1</b> 项 先进" in summary and "<b>1</b> 项 一般" in summary
    assert "<b>0</b> 项 未达一般" in summary and "<b>24</b> 项未能评价" in summary
    assert "不满足附件1 的选择要求" in summary  # the mandatory indicators lack data
    assert "echarts.min.js" in page and "assessments.js" in page


def test_trace_down_to_the_observation_and_its_evidence(world):
    run = park_run(world)
    c = client(world, "park_a")
    url = f"/assessments/{run.pk}/trace/2024/high_tech_value_added_share/"
    page = c.get(url).content.decode()
    assert "<html" in page and 'id="trace"' in page
    assert "high_tech_value_added / gdp * 100" in page and "T/CPPC" in page
    assert "一般水平 ≥30" in page and "先进水平 ≥50" in page
    assert "园区生产总值" in page.split("公式")[1]  # the formula with the fields' Chinese names
    gdp = next(i["observation"] for i in run.inputs if i["field"] == "gdp")
    assert f'href="/observations/{gdp}/"' in page and "gdp 2024 年统计报表" in page
    partial = c.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "1,000.00" in partial and "园区生产总值" in partial
    assert "<b>40.0</b>" in partial  # 400 / 1000 × 100, one decimal for %
    assert c.get(f"/assessments/{run.pk}/trace/2024/no_such_indicator/").status_code == 404
    assert c.get(f"/assessments/{run.pk}/trace/2019/energy_intensity/").status_code == 404


def test_chart_data_shape(world):
    run = park_run(world)
    data = client(world, "park_a").get(f"/assessments/{run.pk}/charts.json").json()
    assert set(data) == {"bars", "trend", "radar", "peers"}
    bars = {i["no"]: i for i in data["bars"]["items"]}
    # 1 (higher is better): 40 % against a general level of 30 → 133.3; advanced 50 → 166.7
    assert bars["1"]["bar"] == pytest.approx(133.3) and bars["1"]["advanced"] == pytest.approx(
        166.7
    )
    assert (bars["1"]["value"], bars["1"]["benchmark"], bars["1"]["benchmark2"]) == (
        "40.0",
        "≥30",
        "≥50",
    )
    # 7 (lower is better): 0.25 tce/万元 against ≤0.5 → 0.5 ÷ 0.25 = 200; advanced 0.5 ÷ 0.3
    assert bars["7"]["bar"] == pytest.approx(200.0) and bars["7"]["advanced"] == pytest.approx(
        166.7
    )
    assert bars["7"]["benchmark"] == "≤0.5" and bars["7"]["value"] == "0.250"
    assert data["bars"]["title"] == "指标值与清洁生产水平对比（2024 年）"
    assert data["bars"]["series"] == ["本值", "先进水平"] and data["bars"]["mark"] == "一般水平"
    assert data["trend"] is None  # one year: no trend chart
    radar = data["radar"]
    assert len(radar["axes"]) == 8 and sum(a["max"] for a in radar["axes"]) == 26
    assert sum(radar["values"]) == 2  # the two indicators at 一般 or 先进
    assert data["peers"] is None  # a run of one entity: no peer chart


def test_report_download_is_a_docx_of_the_park(world):
    run = park_run(world)
    r = client(world, "park_a").get(f"/assessments/{run.pk}/report/")
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "%E5%9B%AD%E5%8C%BAA" in r["Content-Disposition"]  # 园区A, RFC 5987 encoded
    body = b"".join(r.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        assert "园区A" in z.read("word/document.xml").decode()


def test_missing_data_gives_a_chinese_form_error(world):
    c = client(world, "park_b", "editor")
    form = {"framework": "t-cppc-park-cpa", "entity": world.orgs["park_b"].pk, "years": ""}
    r = c.post("/assessments/new/", form)
    page = r.content.decode()
    assert r.status_code == 200 and "没有" in page and "园区生产总值（gdp）" in page
    park_data(world)
    c = client(world, "park_a", "editor")
    form = {"framework": "t-cppc-park-cpa", "entity": world.orgs["park_a"].pk, "years": "2020"}
    page = c.post("/assessments/new/", form).content.decode()
    assert "2020 年没有已审核的数据" in page and "2024" in page
    assert not Assessment.objects.exists()


def test_framework_must_fit_the_entity_and_selection_rule_is_checked(world):
    park_data(world)
    c = client(world, "park_a", "editor")
    park = world.orgs["park_a"].pk
    page = c.post("/assessments/new/", {"framework": "t-jdfa-01-2025", "entity": park}).content
    assert "该评价体系不适用于所选评价对象" in page.decode()
    form = {"framework": "t-cppc-park-cpa", "entity": park,
            "indicators": ["industrial_value_added_per_employee"]}  # fmt: skip
    page = c.post("/assessments/new/", form).content.decode()
    assert "指标选择不符合要求" in page and "可选指标组 {5、6} 至少选 1 项" in page
    assert not Assessment.objects.exists()


def test_run_through_the_form_and_years_default(world):
    park_data(world)
    enter(world, "park_a", "gdp", 2022, 900.0)
    c = client(world, "park_a", "editor")
    form = {"framework": "t-cppc-park-cpa", "entity": world.orgs["park_a"].pk, "years": ""}
    r = c.post("/assessments/new/", form)
    run = Assessment.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/assessments/{run.pk}/"
    assert run.years == [2024]
    form["years"] = "2022-2024"
    c.post("/assessments/new/", form)
    page = c.post("/assessments/new/", {**form, "years": "2023"}).content.decode()
    assert "2023 年没有已审核的数据" in page


def test_entity_choices_are_what_the_user_may_see(world):
    page = client(world, "park_a", "editor").get("/assessments/new/").content.decode()
    assert 'id="assessment-form"' in page and 'name="framework"' in page
    assert 'name="entity"' in page and 'name="years"' in page
    assert "园区A" in page and "企业A1" in page  # its own park, and an enterprise sharing
    assert "园区B" not in page and "企业A2" not in page and "企业B1" not in page
    c = client(world, "park_a", "editor")
    r = c.post("/assessments/new/", {"framework": "t-cppc-park-cpa",
                                     "entity": world.orgs["park_b"].pk})  # fmt: skip
    assert r.status_code == 200 and not Assessment.objects.exists()


def test_api_run_list_and_get(world):
    park_data(world)
    c = client(world, "park_a", "editor")
    body = {"framework": "t-cppc-park-cpa", "entity": world.orgs["park_a"].pk, "years": [2024]}
    r = c.post("/api/assessments", body, content_type="application/json")
    assert r.status_code == 201, r.content
    run = r.json()
    assert run["years"] == [2024] and len(run["framework_sha256"]) == 64
    assert [
        a["id"] for a in c.get("/api/assessments?framework=t-cppc-park-cpa").json()["items"]
    ] == [run["id"]]
    got = c.get(f"/api/assessments/{run['id']}").json()
    share = next(
        i
        for i in got["results"]["docs"][0]["indicators"]
        if i["id"] == "high_tech_value_added_share"
    )
    assert share["value"] == pytest.approx(40.0) and share["level"] == "一般"
    # missing data: 422 with the Chinese message, never a 500
    r = c.post("/api/assessments", {**body, "years": [2019]}, content_type="application/json")
    assert r.status_code == 422 and "2019 年没有已审核的数据" in str(r.json())
    r = c.post("/api/assessments", {**body, "years": [1800]}, content_type="application/json")
    assert r.status_code == 422
    assert c.get("/api/assessments/99999999999999999999").status_code in (404, 422)


@pytest.mark.parametrize(
    ("text", "years"),
    [("", []), ("2023", [2023]), ("2021-2023", [2021, 2022, 2023]), ("2023，2021", [2021, 2023])],
)
def test_years_field(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["23", "2023-2021", "1800", "2000-2020", "二〇二三"])
def test_years_field_refuses(text):
    with pytest.raises(forms.ValidationError):
        parse_years(text)
