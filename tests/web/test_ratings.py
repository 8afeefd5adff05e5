"""Ratings (issue 18, T/JDFA01 6.1–6.12) through the services, as people would run them: a
project from planning to publication, the rules that block a step (each citing its clause),
no one acting on their own work, the comprehensive rating beside the written one, benchmark
tables (6.9 c), re-confirmation, objections and re-rating, what is published, the banks'
portfolio, reports from stored results, reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone
from ratings_world import YEAR, consent_data, csv_of, project, rater

from parkesg.web.audit.models import AuditRecord
from parkesg.web.documents.models import DocStatus
from parkesg.web.ratings import (
    banks,
    objections,
    organisation,
    portfolio,
    services,
    storage,
    trace,
    verification,
)
from parkesg.web.ratings.criteria import confirmation_problems
from parkesg.web.ratings.kinds import ProjectState, Response, Status
from parkesg.web.ratings.models import (
    Certificate,
    PortfolioMember,
    PublishedGrade,
    RatingResult,
)
from parkesg.web.ratings.published import as_rows, published_grades
from parkesg.web.reminders import services as reminders

pytestmark = pytest.mark.django_db


def _a1(p):  # type: ignore[no-untyped-def]
    return PortfolioMember.objects.get(project=p, enterprise__name="企业A1")


def _to_publication(r, p, *, rate: bool = True):  # type: ignore[no-untyped-def]
    """Rate, review, sign and publish (the people each step needs)."""
    if rate:
        services.run_rating(actor=r["lead"], project_id=p.pk)
    for event, who in (("submit_review", "lead"), ("review_ok", "checker"),
                       ("sign_off", "committee2"), ("publish", "lead")):  # fmt: skip
        services.move(actor=r[who], project_id=p.pk, event=event)
    p.refresh_from_db()
    return p


def test_a_project_goes_from_planning_to_publication_audited_at_every_step(world) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    consent_data(world)
    p = project(r, commissioned=True)
    assert p.state == ProjectState.implementing and len(p.framework_sha256) == 64
    run = services.run_rating(actor=r["lead"], project_id=p.pk)
    assert run.entities == 61 == RatingResult.objects.filter(run=run).count()  # one engine run
    a1 = RatingResult.objects.get(run=run, member=_a1(p))
    doc = trace.document(a1)  # rebuilt from the stored run, never re-rated
    peer_ns = [i["trace"]["peer"]["n"] for i in doc["indicators"] if i["trace"]["peer"]]
    assert peer_ns and min(n for n in peer_ns if n) > 1  # never rated against itself alone
    assert doc["total"] == pytest.approx(a1.score) and doc["grade"] == a1.grade
    p = _to_publication(r, p, rate=False)
    assert p.state == ProjectState.published and p.signed_by == r["committee2"]
    assert p.conclusion_doc.status == DocStatus.approved
    assert p.conclusion_doc.approved_by == r["committee2"]
    certs = Certificate.objects.filter(project=p)
    assert certs.count() == RatingResult.objects.filter(run=run, withheld=False).count()
    assert len({c.number for c in certs}) == certs.count()
    assert all(c.valid_until == c.issued_on.replace(year=c.issued_on.year + 1) for c in certs)
    snap = p.publication_doc
    assert snap.status == DocStatus.published and len(snap.content_sha256) == 64
    assert set(snap.content["rows"][0]) == {"enterprise", "credit_code", "grade", "rated_on",
                                            "rating_org", "rating_type", "type_label",
                                            "certificate"}  # fmt: skip
    assert PublishedGrade.objects.filter(project=p, status=Status.valid).count() == certs.count()
    moves = AuditRecord.objects.filter(object_type="ratings.ratingproject", object_id=str(p.pk))
    events = [m.after.get("_event") for m in moves.order_by("seq") if m.after.get("_event")]
    assert events == ["start", "submit_review", "review_ok", "sign_off", "publish"]
    assert AuditRecord.objects.filter(object_type="ratings.ratingrun").count() == 1


def test_a_step_is_refused_with_every_problem_at_once_each_citing_its_clause(world) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    p = project(r, n=0, start=False)
    p.purpose = ""
    p.save()
    with pytest.raises(ValidationError) as exc:
        services.move(actor=r["lead"], project_id=p.pk, event="start")
    text = " ".join(exc.value.messages)
    assert "未写明评价目的（6.2 a）" in text
    assert "企业A1" not in text  # its consent is in force (6.6 d)
    with pytest.raises(PermissionDenied):  # a viewer is no lead
        services.move(actor=world.user("bank_ok", "viewer"), project_id=p.pk, event="start")
    other = services.save_project(actor=r["lead"], obj=type(p)(
        title="无人项目", rating_type="third_party", year=YEAR, starts_on=timezone.localdate(),
        data_due=timezone.localdate() - dt.timedelta(days=1), report_due=timezone.localdate()))  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.move(actor=r["lead"], project_id=other.pk, event="start")
    text = " ".join(exc.value.messages)
    for expected in ("评价范围内还没有企业（6.2 a）", "未就本项目作利益冲突声明（6.6 e）",
                     "数据采集截止早于计划开始日期（6.2 c）"):  # fmt: skip
        assert expected in text


def test_third_party_needs_an_organisation_meeting_6_5_a_to_d(world) -> None:  # type: ignore[no-untyped-def]
    from parkesg.web.ratings.checks import body_problems

    assert body_problems(world.orgs["bank_no"], "third_party") == [
        "银行乙 尚未登记评价组织信息（6.5）"
    ]
    r = rater(world)
    assert body_problems(world.orgs["bank_ok"], "third_party") == []
    body = world.orgs["bank_ok"]
    from parkesg.web.ratings.models import CommitteeMember, RatingBody

    rb = RatingBody.objects.get(organisation=body)
    rb.legal_person = False
    organisation.save_body(actor=r.admin, obj=rb)
    CommitteeMember.objects.filter(user=r["committee3"]).update(ends_on=dt.date(2000, 1, 1))
    problems = body_problems(body, "third_party")
    assert any("6.5 a" in x for x in problems) and any("6.5 d" in x for x in problems)
    assert not any("6.5 a" in x for x in body_problems(body, "stakeholder"))  # by reference
    assert "组织类型" in body_problems(world.orgs["ent_a1"], "third_party")[0]


def test_a_conflicted_evaluator_cannot_join_and_a_declared_conflict_takes_one_off(world) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    p = project(r, n=0, start=False)
    conflicted = r.evaluators["conflicted"]
    with pytest.raises(ValidationError, match="尚未就本项目作利益冲突声明"):
        services.add_to_team(actor=r["lead"], project_id=p.pk, evaluator_id=conflicted.pk)
    with pytest.raises(ValidationError):  # a conflict must say with whom
        services.declare(actor=r["conflicted"], project_id=p.pk, has_conflict=True)
    services.declare(actor=r["conflicted"], project_id=p.pk, has_conflict=True,
                     detail="曾任企业A1 顾问")  # fmt: skip
    with pytest.raises(ValidationError, match="存在利益冲突"):
        services.add_to_team(actor=r["lead"], project_id=p.pk, evaluator_id=conflicted.pk)
    # someone on the team who declares a conflict leaves it (6.6 e)
    services.declare(actor=r["evaluator"], project_id=p.pk, has_conflict=True, detail="亲属任职")
    assert r["evaluator"] not in p.team_users
    with pytest.raises(PermissionDenied):  # one declares only for oneself (not an evaluator)
        services.declare(actor=r["committee1"], project_id=p.pk, has_conflict=False)


def test_no_one_reviews_or_signs_their_own_work(world) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    consent_data(world)
    p = project(r, n=40)
    services.run_rating(actor=r["lead"], project_id=p.pk)
    services.move(actor=r["lead"], project_id=p.pk, event="submit_review")
    with pytest.raises(ValidationError, match="自审"):  # on the team
        services.move(actor=r["evaluator"], project_id=p.pk, event="review_ok")
    services.move(actor=r["checker"], project_id=p.pk, event="review_ok")
    with pytest.raises(PermissionDenied):  # not on the committee
        services.move(actor=r["checker"], project_id=p.pk, event="sign_off")
    # a committee member who did the 资料复核 may not sign it
    from parkesg.web.ratings.models import CommitteeMember, RatingBody

    CommitteeMember.objects.create(organisation=p.organisation, created_by=r.admin,
                                   body=RatingBody.objects.get(organisation=p.organisation),
                                   user=r["checker"], appointed_on=dt.date(2020, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError, match="自审"):
        services.move(actor=r["checker"], project_id=p.pk, event="sign_off")
    with pytest.raises(ValidationError, match="须填写理由"):
        services.move(actor=r["committee1"], project_id=p.pk, event="return_committee")
    services.move(actor=r["committee1"], project_id=p.pk, event="return_committee", note="补充说明")
    p.refresh_from_db()
    assert p.state == ProjectState.implementing and p.reviewed_by is None
    assert p.conclusion_doc.status == DocStatus.draft  # the returned conclusion


def test_criteria_are_confirmed_by_someone_else_and_a_change_needs_a_new_confirmation(
    world,
) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    p = project(r, n=0, start=False)
    assert p.criteria_doc.status == DocStatus.approved
    assert "权重 a_ij（6.8 c）" in p.criteria_doc.content["provisional_adopted"]
    p.missing_rule = "zero"
    services.save_project(actor=r["lead"], obj=p)
    p.refresh_from_db()
    assert confirmation_problems(p) == ["评价准则在确认后有改动，请重新确认"]
    doc = services.confirm_criteria(actor=r["lead"], project_id=p.pk)
    assert doc.version == 2 and doc.status == DocStatus.review
    with pytest.raises(PermissionDenied):  # not on the committee
        services.approve_criteria(actor=r["evaluator"], project_id=p.pk)
    services.approve_criteria(actor=r["committee1"], project_id=p.pk)
    p.refresh_from_db()
    assert confirmation_problems(p) == []
    services.move(actor=r["lead"], project_id=p.pk, event="start")


def test_comprehensive_rating_beside_the_written_one_after_on_site_verification(world) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    consent_data(world)
    p = project(r, comprehensive=True, n=40)
    a1 = _a1(p)
    with pytest.raises(ValidationError, match="现场验证"):  # 6.11 c rests on 6.10
        verification.set_adjustment(actor=r["lead"], member_id=a1.pk,
                                    indicator_id="emergency_management", score=100, reason="x")  # fmt: skip
    rec = verification.add_onsite(actor=r["lead"], member_id=a1.pk, kind="site_visit",
                                  held_on=timezone.localdate(), people_met="安环部",
                                  findings="查验应急演练记录",
                                  items=[("应急预案", "paper", None)])  # fmt: skip
    with pytest.raises(Http404):  # the enterprise confirms its own list only
        verification.confirm_onsite(actor=world.user("ent_a2", "admin"), record_id=rec.pk)
    verification.confirm_onsite(actor=world.user("ent_a1", "admin"), record_id=rec.pk)
    verification.set_adjustment(actor=r["lead"], member_id=a1.pk,
                                indicator_id="emergency_management", score=0,
                                reason="现场未见应急预案演练记录")  # fmt: skip
    run = services.run_rating(actor=r["lead"], project_id=p.pk)
    res = RatingResult.objects.get(run=run, member=a1)
    assert res.final_kind == "comprehensive" and res.comprehensive_score is not None
    assert res.comprehensive_score <= res.score  # one indicator down to 0
    doc = trace.document(res)
    adj = next(i for i in doc["indicators"] if i["id"] == "emergency_management")
    assert adj["adjustment"]["reason"] == "现场未见应急预案演练记录"
    with pytest.raises(ValidationError) as exc:  # the other 40 have no visit yet (6.10)
        services.move(actor=r["lead"], project_id=p.pk, event="submit_review")
    assert "没有现场验证记录（6.10 a）" in " ".join(exc.value.messages)


def test_benchmark_table_scores_an_indicator_against_the_standard_not_peers(world) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    consent_data(world)
    rows = [{"industry": "C", "indicator_id": "energy_intensity", "level": "先进值",
             "bound": 0.01, "score": 100},
            {"industry": "C", "indicator_id": "energy_intensity", "level": "限定值",
             "bound": 1000, "score": 60},
            {"industry": "C", "indicator_id": "energy_intensity", "level": "超限",
             "bound": "", "score": 0}]  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        organisation.upload_benchmarks(actor=r["lead"], data=csv_of([{**rows[0], "score": 300}]),
                                       name="bad.csv", title="坏表", standard="GB 1")  # fmt: skip
    assert "第 2 行" in exc.value.messages[0] and "0–100" in exc.value.messages[0]
    table = organisation.upload_benchmarks(actor=r["lead"], data=csv_of(rows), name="b.csv",
                                           title="单位产值能耗限额", standard="GB 0000—2025")  # fmt: skip
    p = project(r, n=40, start=False)
    services.set_benchmarks(actor=r["lead"], project_id=p.pk, table_ids=[table.pk])
    services.confirm_criteria(actor=r["lead"], project_id=p.pk)
    services.approve_criteria(actor=r["committee1"], project_id=p.pk)
    services.move(actor=r["lead"], project_id=p.pk, event="start")
    run = services.run_rating(actor=r["lead"], project_id=p.pk)
    assert run.benchmarked > 0
    ind = storage.read(p.organisation_id, run.files["indicators"])
    hit = ind[(ind.indicator_id == "energy_intensity") & (ind.rule == "benchmark")]
    assert not hit.empty and set(hit.score) <= {0.0, 60.0, 100.0}
    assert set(hit.benchmark_standard) == {"GB 0000—2025"}
    res = RatingResult.objects.get(run=run, member=_a1(p))
    item = trace.indicator(res, "energy_intensity")
    assert item is not None and item["benchmark"]["standard"] == "GB 0000—2025"
    assert item["score"] == 60.0  # 9100 / 52000 tce per 万元 ≤ 1000
    # the group score follows the benchmark (E_resources: 4 indicators of equal weight)
    mine = ind[(ind.entity_id == _a1(p).entity_key) & (ind.node_id == "E_resources")]
    assert len(mine) == 4 and mine.peer_or_own_score.ne(mine.score).any()
    nodes = storage.read(p.organisation_id, run.files["nodes"])
    node = nodes[(nodes.entity_id == _a1(p).entity_key) & (nodes.node_id == "E_resources")]
    assert node.score.iloc[0] == pytest.approx(mine.score.sum() / 4, rel=1e-12)


def test_reconfirmation_by_the_enterprise_within_the_deadline(world) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    consent_data(world)
    p = project(r, n=40)
    services.run_rating(actor=r["lead"], project_id=p.pk)
    a1 = _a1(p)
    client = Client()
    client.force_login(world.user("ent_a1", "editor"))
    assert client.get(f"/ratings/members/{a1.pk}/").status_code == 404  # no draft shown yet
    with pytest.raises(ValidationError, match="未设定信息再确认截止日期"):
        services.move(actor=r["lead"], project_id=p.pk, event="reconfirm")
    type(p).objects.filter(pk=p.pk).update(reconfirm_deadline=timezone.localdate())
    services.move(actor=r["lead"], project_id=p.pk, event="reconfirm")
    assert client.get(f"/ratings/members/{a1.pk}/").status_code == 200  # its draft, now
    with pytest.raises(ValidationError, match="尚未答复"):
        services.move(actor=r["lead"], project_id=p.pk, event="submit_review")
    with pytest.raises(Http404):  # another enterprise cannot even see it
        verification.respond(actor=world.user("ent_a2", "admin"), member_id=a1.pk,
                             response=Response.confirmed)  # fmt: skip
    verification.respond(actor=world.user("ent_a1", "editor"), member_id=a1.pk,
                         response=Response.disputed, comment="员工人数应为 820 人")  # fmt: skip
    portfolio.add_correction(actor=r["lead"], member_id=a1.pk, field_id="ent_employees",
                             value=820, reason="企业再确认时提供社保缴纳清单")  # fmt: skip
    with pytest.raises(ValidationError, match="重新评价"):
        services.move(actor=r["lead"], project_id=p.pk, event="submit_review")
    services.run_rating(actor=r["lead"], project_id=p.pk)
    services.move(actor=r["lead"], project_id=p.pk, event="submit_review")
    type(p).objects.filter(pk=p.pk).update(
        reconfirm_deadline=timezone.localdate() - dt.timedelta(days=1)
    )


def test_objection_upheld_re_rates_against_the_same_peers_and_supersedes_the_old_result(
    world,
) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    consent_data(world)
    p = _to_publication(r, project(r, n=40, commissioned=True))
    a1 = _a1(p)
    cert = Certificate.objects.get(member=a1)
    with pytest.raises(Http404):  # only the rated enterprise objects
        objections.file_objection(actor=world.user("ent_a2", "admin"), certificate_id=cert.pk,
                                  reasons="x")  # fmt: skip
    o = objections.file_objection(actor=world.user("ent_a1", "editor"), certificate_id=cert.pk,
                                  reasons="ESG 委员会已设立")  # fmt: skip
    with pytest.raises(ValidationError, match="正在处理"):
        objections.file_objection(actor=world.user("ent_a1", "editor"), certificate_id=cert.pk,
                                  reasons="again")  # fmt: skip
    with pytest.raises(ValidationError, match="参与了原评价"):  # the team is not independent
        objections.assign(actor=r.admin, objection_id=o.pk,
                          evaluator_ids=[r.evaluators["evaluator"].pk])  # fmt: skip
    with pytest.raises(ValidationError, match="参与了原评价"):  # nor the 资料复核 reviewer
        objections.assign(
            actor=r.admin, objection_id=o.pk, evaluator_ids=[r.evaluators["checker"].pk]
        )
    objections.assign(
        actor=r.admin, objection_id=o.pk, evaluator_ids=[r.evaluators["objection"].pk]
    )
    with pytest.raises(ValidationError, match="须先对该企业复评"):
        objections.decide(actor=r["objection"], objection_id=o.pk, event="uphold", reasons="成立")
    objections.correct(actor=r["objection"], objection_id=o.pk, field_id="ent_esg_governance",
                       value=1.0, reason="ESG 委员会章程")  # fmt: skip
    o = objections.rerate(actor=r["objection"], objection_id=o.pk)
    assert o.rerun.entities == 1 and o.rerun.peers["basis"] == "reference"  # the project's peers
    assert any(d["indicator"] == "esg_management_system" for d in o.diff["indicators"])
    with pytest.raises(PermissionDenied):  # not assigned
        objections.decide(actor=r["checker"], objection_id=o.pk, event="uphold", reasons="x")
    o = objections.decide(actor=r["objection"], objection_id=o.pk, event="uphold",
                          reasons="材料可信，按更正后的数据复评")  # fmt: skip
    cert.refresh_from_db()
    assert o.state == "upheld" and cert.status == Status.superseded
    assert cert.superseded_by == o.new_certificate and o.new_certificate.status == Status.valid
    new = RatingResult.objects.get(project=p, member=a1, current=True)
    assert new.run == o.rerun and new.previous_grade == cert.grade
    history = published_grades(credit_code=a1.credit_code, history=True)
    assert [g.status for g in history] == [Status.valid, Status.superseded]  # still visible
    assert published_grades(credit_code=a1.credit_code).count() == 1
    rows = banks.portfolio(world.user("bank_ok", "viewer"))
    mine = next(x for x in rows if x.enterprise == world.orgs["ent_a1"])
    assert mine.grade == new.final_grade and mine.previous == cert.grade
    steps = AuditRecord.objects.filter(object_type="ratings.objection").order_by("id")
    said = [a.after.get("_event") or ("rerun" in a.after and "rerate") or a.action for a in steps]
    assert said == ["create", "assign", "rerate", "uphold"]  # every step in the audit log


def test_objections_only_within_the_notice_period_and_rejection_needs_reasons(world) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    consent_data(world)
    p = _to_publication(r, project(r, n=40))
    cert = Certificate.objects.get(member=_a1(p))
    o = objections.file_objection(actor=world.user("ent_a1", "admin"), certificate_id=cert.pk,
                                  reasons="不服")  # fmt: skip
    objections.assign(
        actor=r.admin, objection_id=o.pk, evaluator_ids=[r.evaluators["objection"].pk]
    )
    with pytest.raises(ValidationError, match="须填写理由"):
        objections.decide(actor=r["objection"], objection_id=o.pk, event="reject", reasons=" ")
    o = objections.decide(actor=r["objection"], objection_id=o.pk, event="reject",
                          reasons="企业未提供新的证明材料")  # fmt: skip
    assert o.state == "rejected" and o.decision == "企业未提供新的证明材料"
    type(p).objects.filter(pk=p.pk).update(
        window_ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="不在异议期内"):
        objections.file_objection(actor=world.user("ent_a1", "admin"), certificate_id=cert.pk,
                                  reasons="again")  # fmt: skip
    services.move(actor=r["lead"], project_id=p.pk, event="close")


def test_published_grades_are_what_was_published_no_more_and_public(world) -> None:  # type: ignore[no-untyped-def]
    r = rater(world)
    consent_data(world)
    p = _to_publication(r, project(r, n=40))
    rows = as_rows(published_grades(query="企业A1"))
    assert len(rows) == 1
    assert set(rows[0]) == {"id", "enterprise_name", "credit_code", "industry", "region", "grade",
                            "rated_on", "rating_org", "rating_type", "certificate_number",
                            "published_on", "window_ends_on", "status"}  # fmt: skip
    anonymous = Client()
    page = anonymous.get("/ratings/published/", {"q": "企业A1"})
    assert page.status_code == 200 and "企业A1" in page.content.decode()
    assert anonymous.get(f"/ratings/projects/{p.pk}/").status_code == 302  # to the login
    api = anonymous.get("/api/ratings/published", {"q": "91320411ENTA10001L"}).json()["items"]
    assert [x["grade"] for x in api] == [rows[0]["grade"]] and "score" not in api[0]
    export = anonymous.get("/ratings/published/", {"export": "csv"})
    assert export.status_code == 200 and "企业A1" in export.content.decode("utf-8-sig")


def test_bank_portfolio_lists_consents_flags_expiring_ones_and_exports_escaped(world) -> None:  # type: ignore[no-untyped-def]
    from parkesg.web.orgs.models import AccessGrant

    r = rater(world)
    consent_data(world)
    _to_publication(r, project(r, n=40))
    AccessGrant.objects.filter(kind="bank_consent", grantee=world.orgs["bank_ok"]).update(
        ends_on=timezone.localdate() + dt.timedelta(days=10))  # fmt: skip
    world.orgs["ent_a1"].name = '=HYPERLINK("x")企业A1'
    world.orgs["ent_a1"].save()
    rows = banks.portfolio(world.user("bank_ok", "viewer"), expiring_only=True)
    assert [x.expiring for x in rows] == [True] and rows[0].grade
    assert banks.portfolio(world.user("ent_a1", "admin")) == []  # banks only
    c = Client()
    c.force_login(world.user("bank_ok", "viewer"))
    out = c.get("/ratings/portfolio/", {"export": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in out  # a formula cell is escaped
    assert c.get("/ratings/portfolio/").status_code == 200
    c.force_login(world.user("bank_no", "viewer"))
    assert c.get("/ratings/portfolio/").content.decode().count("企业A1") == 0


def test_reports_are_written_from_the_stored_result(world) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    r = rater(world)
    consent_data(world)
    p = _to_publication(r, project(r, n=40))
    res = RatingResult.objects.get(project=p, member=_a1(p), current=True)
    c = Client()
    c.force_login(world.user("ent_a1", "viewer"))
    for what, word in (("report", "ESG评价报告"), ("certificate", "评价证书")):
        got = c.get(f"/ratings/results/{res.pk}/download/{what}/")
        assert got.status_code == 200, what
        body = b"".join(got.streaming_content)
        xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
        assert "企业A1" in xml
        if what == "certificate":
            assert Certificate.objects.get(result=res).number in xml
        assert word in got["Content-Disposition"] or "filename*" in got["Content-Disposition"]


def test_reminders_for_deadlines_and_expiring_consents_are_sent_once(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    r = rater(world)
    for u in (r["lead"], world.user("bank_ok", "admin")):
        u.email = f"{u.username}@example.com"
        u.save()
    project(r, n=0)
    from parkesg.web.orgs.models import AccessGrant

    AccessGrant.objects.filter(kind="bank_consent", grantee=world.orgs["bank_ok"]).update(
        ends_on=timezone.localdate() + dt.timedelta(days=5))  # fmt: skip
    first = reminders.send_due(timezone.localdate() + dt.timedelta(days=30))
    assert first.sent >= 2
    subjects = {m.subject for m in mail.outbox}
    assert any("数据采集截止" in s for s in subjects) and any("授权即将到期" in s for s in subjects)
    assert reminders.send_due(timezone.localdate() + dt.timedelta(days=30)).sent == 0


def test_re_rating_some_enterprises_against_the_old_peers_with_the_previous_grade_beside(
    world,
) -> None:  # type: ignore[no-untyped-def]
    from parkesg.web.ratings import rerating

    r = rater(world)
    consent_data(world)
    old = _to_publication(r, project(r, n=40))
    a1 = _a1(old)
    before = RatingResult.objects.get(project=old, member=a1, current=True)
    with pytest.raises(PermissionDenied):
        rerating.start_rerating(actor=r["evaluator"], project_id=old.pk, member_ids=[a1.pk])
    new = rerating.start_rerating(actor=r["lead"], project_id=old.pk, member_ids=[a1.pk])
    assert new.previous == old and new.members.count() == 1 and new.lead == r["lead"]
    assert new.peer_basis == "reference" and new.reference.entities == 41  # the old portfolio
    services.declare(actor=r["lead"], project_id=new.pk, has_conflict=False)
    services.confirm_criteria(actor=r["lead"], project_id=new.pk)
    services.approve_criteria(actor=r["committee1"], project_id=new.pk)
    services.move(actor=r["lead"], project_id=new.pk, event="start")
    run = services.run_rating(actor=r["lead"], project_id=new.pk)
    again = RatingResult.objects.get(run=run)
    assert again.previous_grade == before.grade  # the grade given before, beside the new one
    assert again.score == pytest.approx(before.score)  # same data, same peers: same score
    assert run.peers["basis"] == "reference"


def test_a_withdrawn_certificate_leaves_the_published_grades_but_stays_in_the_history(
    world,
) -> None:  # type: ignore[no-untyped-def]
    from parkesg.web.ratings import rerating

    r = rater(world)
    consent_data(world)
    p = _to_publication(r, project(r, n=40))
    cert = Certificate.objects.get(member=_a1(p))
    with pytest.raises(PermissionDenied):  # the admin withdraws, with a reason
        rerating.withdraw_certificate(actor=r["lead"], certificate_id=cert.pk, reason="x")
    with pytest.raises(ValidationError):
        rerating.withdraw_certificate(actor=r.admin, certificate_id=cert.pk, reason=" ")
    rerating.withdraw_certificate(
        actor=r.admin, certificate_id=cert.pk, reason="企业被查出重大违规"
    )
    cert.refresh_from_db()
    assert cert.status == Status.withdrawn and "重大违规" in cert.status_note
    assert not published_grades(credit_code=cert.credit_code).exists()
    assert published_grades(credit_code=cert.credit_code, history=True).get().status == "withdrawn"


def test_an_answer_or_objection_refused_keeps_none_of_its_files(world) -> None:  # type: ignore[no-untyped-def]
    """Who may answer or object is asked before a file is read; a refused file answers 422
    (audited); a refused answer or objection keeps no evidence row and no byte on disk."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from ratings_world import published_scene

    s = published_scene(world)
    before = _stored()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    respond = f"/ratings/members/{s['a1'].pk}/do/respond/"
    objecting = f"/ratings/certificates/{s['cert'].pk}/object/"
    rater_admin, enterprise = Client(), Client()
    rater_admin.force_login(world.user("bank_ok", "admin"))
    enterprise.force_login(world.user("ent_a1", "editor"))
    for url in (respond, objecting):  # not theirs to answer: 403, the file never read
        r = rater_admin.post(url, {"response": "confirmed", "reasons": "x",
                                   "files": SimpleUploadedFile("a.pdf", pdf)})  # fmt: skip
        assert r.status_code == 403 and _stored() == before
        # the enterprise, a genuine file, but no draft to answer / an objection already open
        r = enterprise.post(url, {"response": "confirmed", "reasons": "再次异议",
                                  "files": SimpleUploadedFile("a.pdf", pdf)})  # fmt: skip
        assert r.status_code == 302 and _stored() == before
        refusals = AuditRecord.objects.filter(action="refused_upload").count()
        r = enterprise.post(url, {"response": "confirmed", "reasons": "再次异议",
                                  "files": SimpleUploadedFile("a.html", b"<html></html>")})  # fmt: skip
        assert r.status_code == 422 and "网页" in r.content.decode() and _stored() == before
        assert AuditRecord.objects.filter(action="refused_upload").count() == refusals + 1


def test_a_source_correction_or_item_refused_keeps_none_of_its_evidence(world) -> None:  # type: ignore[no-untyped-def]
    """An evaluator's evidence file is kept only with the record it backs: a record refused
    (the project published, no longer editable) or a person refused keeps no evidence row and
    no byte on disk."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from ratings_world import published_scene

    s = published_scene(world)
    before = _stored()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    lead, enterprise = Client(), Client()
    lead.force_login(s["project"].lead)
    enterprise.force_login(world.user("ent_a1", "editor"))
    member = f"/ratings/members/{s['a1'].pk}/do/"
    posts = [
        (f"{member}source/", {"category": "a", "description": "年报", "reference": "p. 12"}),
        (f"{member}correction/", {"field_id": "ent_employees", "value": "510", "reason": "核实"}),
    ]
    for url, data in posts:
        r = lead.post(url, {**data, "evidence": SimpleUploadedFile("a.pdf", pdf)})
        assert r.status_code == 302 and _stored() == before  # 当前阶段不能修改评价信息
        r = enterprise.post(url, {**data, "evidence": SimpleUploadedFile("a.pdf", pdf)})
        assert r.status_code in (403, 404) and _stored() == before


def _stored() -> tuple[int, int]:
    """Evidence rows and the files of the evidence store on disk."""
    from django.conf import settings

    from parkesg.web.collection.models import EvidenceFile

    root = settings.DATA_DIR / "evidence"
    blobs = sum(p.is_file() for p in root.rglob("*")) if root.exists() else 0
    return EvidenceFile.objects.count(), blobs
