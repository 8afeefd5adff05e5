"""The park ESG management system (T/ESC 001 clauses 4–10): the leading group check (5.1),
targets in versions fed to the engine (6.3.1, 6.3.2), the park's own KPIs computed by the
engine, findings that become nonconformities closed only after verified actions (10.1), the
park ESG report generated from the records, reviewed by internal audit and approved by the
leader (9.1.3, 9.2.2 e), the conformity checklist, reminders and the to-do list."""

from __future__ import annotations

import datetime as dt

import pytest
from assess_world import enter
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from esg_world import TODAY, audit, build_esg, core_issue, kpi, nonconformity, target

from parkesg.web.audit.models import AuditRecord
from parkesg.web.collection.evidence import store_evidence
from parkesg.web.collection.models import blob_path
from parkesg.web.core import home
from parkesg.web.documents.models import DocStatus
from parkesg.web.esg import checks, conformity, forms, reminders
from parkesg.web.esg import models as m
from parkesg.web.esg.services import dashboard, improvement, own, planning, reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def esg(world):  # type: ignore[no-untyped-def]
    return build_esg(world)


def test_leading_group_is_checked_against_5_1(esg) -> None:  # type: ignore[no-untyped-def]
    org = esg.world.orgs["park_a"]
    assert checks.leading_group(org) == []
    m.EsgDepartment.objects.filter(area="housing").delete()
    leader = esg.members["leader"]
    leader.position = "dept_head"
    leader.save()
    assert checks.leading_group(org) == [
        "组长 leader 的职务不是管委会主任或运营机构最高管理者",
        "成员部门缺少：住房和城乡建设",
    ]
    form = forms.MemberForm(data={"user": esg.people["eco"].pk, "name": "某", "position": "staff",
                                  "group_role": "leader", "department": esg.depts["办公室"].pk,
                                  "appointed_on": "2026-01-01"}, user=esg.people["office"])  # fmt: skip
    assert not form.is_valid()
    assert "管委会主任" in str(form.errors["position"]) and "已有组长" in str(
        form.errors["group_role"]
    )


def test_a_target_is_approved_by_someone_else_and_fed_to_the_engine(esg) -> None:  # type: ignore[no-untyped-def]
    enter(esg.world, "park_a", "green_factories", 2024, 12.0)
    k = kpi(esg)
    t = target(esg, k, approve=False, author="admin")
    esg.move(t, "submit", "admin")
    with pytest.raises(ValidationError, match="自审"):
        esg.move(t, "approve", "admin")  # its author, although an admin may approve
    with pytest.raises(PermissionDenied):
        esg.move(t, "approve", "eco")  # an editor may not approve
    esg.move(t, "approve", "leader")
    frame = planning.targets_frame(esg.world.orgs["park_a"])
    assert frame.to_dict("records") == [{"entity_id": str(esg.world.orgs["park_a"].pk),
                                         "indicator_id": "national_green_factories",
                                         "baseline": 7.0, "target": 15.0}]  # fmt: skip
    run = planning.recompute(actor=esg.people["office"])
    (line,) = dashboard.lines(esg.world.orgs["park_a"], run)
    assert line.years == [2024] and line.values == [12.0]
    assert line.progress == [62.5]  # (12 − 7) ÷ (15 − 7) × 100
    # 2024 is 3 of 4 years from 2021 to 2025: 75 % due, 62.5 % is within 20 points
    assert line.status == "at_risk" and line.expected == 75.0
    assert run.results["targets"][0]["target"] == 15.0


def test_a_new_version_supersedes_the_target_in_force_when_approved(esg) -> None:  # type: ignore[no-untyped-def]
    k = kpi(esg)
    v1 = target(esg, k)
    with pytest.raises(ValidationError, match="频繁|待完成"):
        target(esg, k, approve=False) and target(esg, k, approve=False)
    v2 = m.KpiTarget.objects.get(kpi=k, version=2)
    assert v2.supersedes == v1 and v2.state == "draft"
    with pytest.raises(ValidationError, match="定稿"):  # an approved version is a record
        planning.save_target(actor=esg.people["office"], obj=v1)
    esg.move(v2, "submit", "office")
    esg.move(v2, "approve", "reviewer")
    v1.refresh_from_db()
    assert v1.state == "superseded"
    assert [t.version for t in planning.in_force(esg.world.orgs["park_a"])] == [2]


def test_a_target_must_fit_its_kpi(esg) -> None:  # type: ignore[no-untyped-def]
    yes_no = kpi(esg, "iso9001_certified")
    t = target(esg, yes_no, base=1, goal=2, approve=False)
    with pytest.raises(ValidationError) as err:
        esg.move(t, "submit", "office")
    assert "应为 1（是）或 0（否）" in str(err.value)
    share = kpi(esg, "green_coverage_rate", issue=yes_no.core_issue)
    t = target(esg, share, base=30, goal=120, approve=False)
    t.monitoring = ""
    t.save()
    problems = checks.target_fits(t)
    assert (
        any("不在 0–100 %" in p for p in problems) and "未填写测量或评估方式（6.3.2 d）" in problems
    )
    lower = kpi(esg, "energy_intensity_above_scale", issue=yes_no.core_issue)
    assert any("劣于基准值" in p for p in checks.target_fits(
        target(esg, lower, base=0.4, goal=0.5, approve=False)))  # fmt: skip


def test_own_kpis_are_computed_by_the_engine(esg) -> None:  # type: ignore[no-untyped-def]
    k = esg.save(m.Kpi(core_issue=core_issue(esg), code="P1", name="企业满意度", unit="%",
                       direction="higher"))  # fmt: skip
    for year, value in ((2022, 80.0), (2023, 86.0)):
        esg.save(m.KpiReading(kpi=k, year=year, value=value, source="stakeholder"))
    target(esg, k, base=80, goal=90)
    assert own.results(esg.world.orgs["park_a"]) == {
        "own_p1": {2022: (80.0, 0.0), 2023: (86.0, 60.0)}
    }


def test_auditors_never_audit_their_own_department(esg) -> None:  # type: ignore[no-untyped-def]
    a = audit(esg, departments=("企业服务局",), start=False)
    with pytest.raises(ValidationError, match="不能审核本部门"):
        esg.move(a, "start", "auditor")
    mine = audit(esg)
    finding = m.AuditFinding(audit=mine, grade="minor", clause="7.2",
                             department=esg.depts["企业服务局"], description="x", evidence="y")  # fmt: skip
    with pytest.raises(ValidationError, match="不在本次审核"):
        improvement.save_finding(actor=esg.people["auditor"], obj=finding)
    finding.department = esg.depts["生态环境局"]
    with pytest.raises(PermissionDenied):  # not an auditor of this audit
        improvement.save_finding(actor=esg.people["eco"], obj=finding)
    form = forms.AuditForm(data={"programme": mine.programme_id, "title": "t", "planned_on": "2026-03-01",
                                 "criteria": "c", "scope": "s", "departments": [esg.depts["企业服务局"].pk],
                                 "auditors": [esg.members["auditor"].pk]}, user=esg.people["office"])  # fmt: skip
    assert not form.is_valid() and "不能审核本部门" in str(form.errors["auditors"])


def test_a_finding_becomes_a_nonconformity_closed_only_after_verified_actions(esg) -> None:  # type: ignore[no-untyped-def]
    nc = nonconformity(esg)
    assert (nc.state, nc.source, nc.grade, nc.department) == ("open", "audit", "minor",
                                                              esg.depts["生态环境局"])  # fmt: skip
    with pytest.raises(ValidationError, match="原因分析"):
        esg.move(nc, "analyse", "eco")
    esg.move(nc, "analyse", "eco", cause="制度未规定考核存档")
    with pytest.raises(ValidationError) as err:
        esg.move(nc, "plan", "eco")
    assert "未制定纠正措施" in str(err.value) and "控制和纠正" in str(err.value)
    nc.refresh_from_db()
    nc.correction = "补齐考核记录"
    esg.save(nc, "eco")
    action = improvement.save_action(actor=esg.people["eco"], obj=m.CorrectiveAction(
        nonconformity=nc, description="修订制度", owner=esg.people["eco"],
        department=esg.depts["生态环境局"], due=TODAY))  # fmt: skip
    admins = improvement.save_action(actor=esg.people["eco"], obj=m.CorrectiveAction(
        nonconformity=nc, description="考核存档抽查", owner=esg.people["admin"],
        department=esg.depts["生态环境局"], due=TODAY))  # fmt: skip
    esg.move(nc, "plan", "eco")
    with pytest.raises(ValidationError, match="尚未完成"):
        esg.move(nc, "submit", "eco")
    esg.move(action, "complete", "eco", result="制度已修订")
    esg.move(admins, "complete", "admin", result="已抽查")
    esg.move(nc, "submit", "office")
    with pytest.raises(ValidationError, match="尚未验证有效"):
        esg.move(nc, "close", "auditor", verification="有效")
    with pytest.raises(PermissionDenied):  # the department's own editor is no verifier
        esg.move(action, "verify", "eco", verification_note="有效")
    with pytest.raises(ValidationError, match="自审"):  # nor is the owner of an action
        esg.move(admins, "verify", "admin", verification_note="有效")
    esg.move(action, "verify", "auditor", verification_note="抽查 3 份考核记录，已存档")
    esg.move(admins, "verify", "auditor", verification_note="已核对")
    with pytest.raises(ValidationError, match="自审"):  # an action's owner does not close it
        esg.move(nc, "close", "admin", verification="纠正措施有效")
    esg.move(nc, "close", "auditor", verification="纠正措施有效")
    nc.refresh_from_db()
    assert nc.state == "closed" and nc.closed_by == esg.people["auditor"]
    assert nc.cause == "制度未规定考核存档"  # what a step wrote survives later edits
    with pytest.raises(ValidationError, match="定稿"):
        esg.save(nc)
    moves = AuditRecord.objects.filter(object_type="esg.nonconformity", object_id=str(nc.pk))
    assert [r.after.get("_event") for r in moves if r.after.get("_event")] == [
        "analyse",
        "plan",
        "submit",
        "close",
    ]


def test_overdue_actions_are_on_the_to_do_list_and_reminded(esg) -> None:  # type: ignore[no-untyped-def]
    nc = nonconformity(esg)
    eco = esg.people["eco"]
    eco.email = "eco@example.cn"
    eco.save()
    late = improvement.save_action(actor=eco, obj=m.CorrectiveAction(
        nonconformity=nc, description="修订制度", owner=eco, department=esg.depts["生态环境局"],
        due=dt.date(2020, 1, 1)))  # fmt: skip
    mine = [w for w in home.waiting_for(eco) if "纠正措施待完成" in w.label]
    assert mine and mine[0].overdue and mine[0].count == 1 and home.waiting_for(eco)[0] == mine[0]
    due = list(reminders.due(dt.date(2020, 1, 10)))
    assert [(d.key, d.to) for d in due] == [(f"esg.action:{late.pk}:2020-01-01:overdue",
                                             ("eco@example.cn",))]  # fmt: skip


def _report(esg, **kw: object) -> m.EsgReport:  # type: ignore[no-untyped-def]
    fields = {"title": "园区A 2024 年度 ESG 报告", "year": 2024, "period": "2024年全年",
              "publication": "园区官网", "history": "1992 年设立", "honours": "省级绿色园区",
              "outlook": "持续改进", **kw}  # fmt: skip
    return esg.save(m.EsgReport(**fields))  # type: ignore[no-any-return]


def test_the_report_is_generated_from_the_records_and_says_what_is_missing(esg) -> None:  # type: ignore[no-untyped-def]
    enter(esg.world, "park_a", "green_factories", 2024, 12.0)
    target(esg, kpi(esg))
    report = reports.generate(actor=esg.people["office"], report_id=_report(esg).pk)
    doc = report.document
    assert doc.kind == "esc.report" and doc.status == DocStatus.draft and len(doc.sha256) == 64
    gaps = doc.content["gaps"]
    assert "报告范围（9.1.3 b）" in gaps and "园区宗旨（4.5、5.2）" in gaps  # no scope, no policy
    assert any(g.startswith("未设目标：1 ") for g in gaps)  # 34 of 35 KPIs have no target
    assert any("（待填写：报告范围）" in g for g in gaps)  # and the Word file shows it
    with pytest.raises(ValidationError, match="报告缺少"):
        esg.move(report, "submit", "office")


def test_a_single_issue_disclosure_reports_its_issue_and_its_kpis_alone(esg) -> None:  # type: ignore[no-untyped-def]
    """9.1.3: a 专项披露 of one core issue shows that issue and the KPIs that measure it —
    not the other 34 of Table A.1, and no 未设目标 for KPIs it does not report."""
    enter(esg.world, "park_a", "green_factories", 2024, 12.0)
    energy = core_issue(esg, "节能减排")
    core_issue(esg, "社区关系")  # another core issue: not in this disclosure
    target(esg, kpi(esg, issue=energy))
    single = _report(esg, kind="single", core_issue=energy, title="节能减排专项披露")
    report = reports.generate(actor=esg.people["office"], report_id=single.pk)
    assert not [g for g in report.document.content["gaps"] if "未设目标" in g]
    ef = report.document.file
    cells = reports.cells_of(blob_path(ef.organisation_id, ef.sha256).read_bytes())
    assert "节能减排" in cells and "社区关系" not in cells
    kpi_names = [c for c in cells if "绿色工厂" in c or "工业用水重复利用率" in c]
    assert kpi_names and all("绿色工厂" in c for c in kpi_names)


def _complete_system(esg) -> None:  # type: ignore[no-untyped-def]
    """Scope and policy in force, purposes, and a target for every KPI of the T/ESC run."""
    from parkesg.web.esg.kpis import table_a1
    from parkesg.web.esg.services import documents

    office, leader = esg.people["office"], esg.people["leader"]
    issue = esg.save(
        m.ContextIssue(kind="external", domain="environment", title="双碳", identified_on=TODAY)
    )
    party = esg.save(
        m.InterestedParty(name="企业", category="enterprise", needs="绿电", addressed=True)
    )
    esg.save(m.PurposeChoice(purpose="ecology", rationale="长江流域", reviewed_on=TODAY))
    boundary = store_evidence(actor=office, data="拐点,经度\nJ1,120\n".encode(), name="边界.csv")
    scope = documents.write(actor=office, kind="esc.scope", file=boundary, content={
        "east": "a", "south": "b", "west": "c", "north": "d", "jurisdiction": "全域",
        "authority": "管委会", "issues": [str(issue.pk)], "needs": [str(party.pk)]})  # fmt: skip
    policy = documents.write(actor=office, kind="esc.policy", content={
        "text": "绿色", "a": "a", "b": "b", "c": "c", "d": "d"})  # fmt: skip
    for doc in (scope, policy):
        documents.move(actor=office, pk=doc.pk, event="submit")
        documents.move(actor=leader, pk=doc.pk, event="approve")
    issue = core_issue(esg)
    for kid, a in table_a1().items():
        base, goal = (
            (0.0, 1.0) if a.boolean else ((2.0, 1.0) if a.direction == "lower" else (1.0, 2.0))
        )
        target(esg, kpi(esg, kid, issue=issue), base=base, goal=goal)


def test_the_report_is_reviewed_by_internal_audit_and_approved_by_the_leader(esg) -> None:  # type: ignore[no-untyped-def]
    enter(esg.world, "park_a", "green_factories", 2024, 12.0)
    _complete_system(esg)
    report = reports.generate(actor=esg.people["office"], report_id=_report(esg).pk)
    assert report.document.content["gaps"] == []
    ef = report.document.file
    data = blob_path(ef.organisation_id, ef.sha256).read_bytes()
    assert "待填写" not in reports.text_of(data) and reports.markers(data) == []
    assert not any("未设目标" in c for c in reports.cells_of(data))
    esg.move(report, "submit", "office")
    with pytest.raises(PermissionDenied):  # not an internal auditor
        esg.move(report, "review", "eco", audit_opinion="同意")
    with pytest.raises(ValidationError, match="内部审核评审意见"):
        esg.move(report, "review", "auditor")
    esg.move(report, "review", "auditor", audit_opinion="符合 9.1.3，同意报批")
    with pytest.raises(PermissionDenied):  # the office cannot approve; only the leader
        esg.move(report, "approve", "office")
    with pytest.raises(PermissionDenied):  # an approver who is not the leader
        esg.move(report, "approve", "reviewer")
    esg.move(report, "approve", "leader")
    esg.move(report, "publish", "leader")
    report.refresh_from_db()
    doc = report.document
    assert report.state == "published" and report.published_at is not None
    assert (doc.status, doc.approved_by, doc.author) == (DocStatus.published, esg.people["leader"],
                                                         esg.people["office"])  # fmt: skip
    # the government of the region sees the published report; another park does not
    gov, other = Client(), Client()
    gov.force_login(esg.world.user("gov_cz", "viewer"))
    other.force_login(esg.world.user("park_b", "admin"))
    assert gov.get(f"/esg/reports/{report.pk}/").status_code == 200
    assert other.get(f"/esg/reports/{report.pk}/").status_code == 404


def test_the_conformity_checklist_names_what_is_missing(esg) -> None:  # type: ignore[no-untyped-def]
    items = conformity.checklist(esg.world.orgs["park_a"])
    assert len(items) == len(conformity.shalls()) >= 45
    by_id = {s.id: s for s in items}
    assert by_id["5.1"].ok  # the leading group of esg_world meets 5.1
    assert not by_id["4.3-1"].ok and by_id["4.3-1"].evidence[0].missing == "体系范围文件尚未批准"
    clauses = {s.clause.split()[0].split("–")[0] for s in items}
    assert {"4.1", "4.2", "5.1", "5.2", "6.1", "6.2", "6.3.1", "6.3.2", "6.3.3", "7.1", "7.2",
            "7.3", "7.4", "7.5.1", "8.1", "8.2", "9.1.1", "9.1.2", "9.1.3", "9.2.1", "9.2.2",
            "9.3", "10.1", "10.2"} <= clauses  # fmt: skip


def test_management_review_inputs_are_prefilled_and_closed_by_its_chair(esg) -> None:  # type: ignore[no-untyped-def]
    nonconformity(esg)
    form = forms.ReviewForm(user=esg.people["office"])
    assert "内部审核不符合 1 项" in form.initial["input_d"]
    assert form.initial["input_a"] == "首次管理评审，无以往措施。"
    review = esg.save(m.ManagementReview(title="评审", held_on=TODAY, chair=esg.members["leader"],
                                         attendees="全体", **{k: form.initial[k] for k in
                                                             ("input_a", "input_b", "input_c",
                                                              "input_d", "input_e")}))  # fmt: skip
    esg.move(review, "hold", "office")
    with pytest.raises(PermissionDenied):
        esg.move(review, "close", "office", directions="d", decisions="d")
    esg.move(review, "close", "leader", directions="巩固成效", decisions="上调目标")
    review.refresh_from_db()
    assert review.state == "closed" and review.decisions == "上调目标"
