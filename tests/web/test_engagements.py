"""Engagements through their services: a T/CPPC audit from 5.1 to 最终稿 and a Beijing
diagnosis from its task to the follow-up; every rule a named check that blocks, citing its
clause; no one signs off or confirms their own work; records freeze with their stage."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from engagement_world import (
    advance,
    approve_report,
    create,
    fill,
    member,
    park_data,
    png,
)

from parkesg.web.audit.models import AuditRecord
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import records as r
from parkesg.web.engagements import services
from parkesg.web.engagements.models import Engagement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_cppc_audit_from_51_to_final_report(world):
    park_data(world)
    e = create(world)
    assert e.state == c.State.s51 and e.grant.grantee == world.orgs["prov_ok"]
    for _stage in ("s51", "s52", "s53", "s54", "s55"):
        e = advance(world, e)
    assert e.state == c.State.report
    for stage in ("送审稿", "修改稿", "最终稿"):
        approve_report(world, e, stage)
    # the park committee confirms the final report (a park viewer may not)
    with pytest.raises(PermissionDenied):
        services.move(actor=world.user("park_a", "viewer"), engagement_id=e.pk, event="accept")
    e = services.move(actor=world.user("park_a", "reviewer"), engagement_id=e.pk, event="accept")
    assert e.state == c.State.done
    moves = AuditRecord.objects.filter(object_type="engagements.engagement", object_id=str(e.pk))
    assert moves.filter(after___event="signoff_s53").exists()
    # 5.1 team rule broken afterwards? 5.1's records are frozen once it was submitted
    lead = world.user("prov_ok", "editor")
    finance = r.Member.objects.get(engagement=e, finance=True)
    finance.finance = False
    with pytest.raises(ValidationError, match="不能修改"):
        services.save_record(actor=member(world), engagement=e, record=finance)
    # the CPPC report may be submitted to the district government, which records its opinion
    e.district = world.orgs["gov_cz"]
    services.update_engagement(actor=lead, engagement=e)
    gov = world.user("gov_cz", "admin")
    assert not Engagement.objects.for_user(gov, "view").filter(pk=e.pk).exists()
    e = services.move(actor=lead, engagement_id=e.pk, event="submit_district")
    assert Engagement.objects.for_user(gov, "view").filter(pk=e.pk).exists()
    fill(world, e)
    e = services.move(actor=gov, engagement_id=e.pk, event="opinion")
    assert e.state == c.State.closed


def test_beijing_diagnosis_from_task_to_follow_up(world):
    park_data(world)
    e = create(world, c.Kind.beijing)
    for _stage in ("boundary", "prep", "onsite", "drafting"):
        e = advance(world, e)
    assert e.state == c.State.feedback
    fill(world, e)  # the park's editor records forms 2-3 and 2-4 with their signed scans
    # the park's editor who recorded them does not confirm them; its reviewer does
    editor, checker = world.user("park_a", "editor"), world.user("park_a", "admin")
    with pytest.raises(PermissionDenied):  # an editor may not approve at all
        services.move(actor=editor, engagement_id=e.pk, event="confirm")
    r.Survey.objects.filter(engagement=e).update(created_by=checker)  # admin made the survey
    with pytest.raises(ValidationError, match="自审"):
        services.move(actor=checker, engagement_id=e.pk, event="confirm")
    r.Survey.objects.filter(engagement=e).update(created_by=editor)
    e = services.move(actor=world.user("park_a", "reviewer"), engagement_id=e.pk, event="confirm")
    lead = world.user("prov_ok", "editor")
    with pytest.raises(ValidationError, match="区级主管部门"):
        services.move(actor=lead, engagement_id=e.pk, event="submit_district")
    e.district = world.orgs["gov_cz"]
    services.update_engagement(actor=lead, engagement=e)
    e = services.move(actor=lead, engagement_id=e.pk, event="submit_district")
    # a year from the day in Beijing time (UTC+8), not the UTC date of the record
    assert e.followup_due == timezone.localdate(e.submitted_at) + dt.timedelta(days=365)
    with pytest.raises(ValidationError, match="审核意见"):
        services.move(actor=world.user("gov_cz", "admin"), engagement_id=e.pk, event="opinion")
    fill(world, e)
    with pytest.raises(Http404):  # another government: not submitted to it, not even seen
        services.move(actor=world.user("gov_bj", "admin"), engagement_id=e.pk, event="opinion")
    e = services.move(actor=world.user("gov_cz", "admin"), engagement_id=e.pk, event="opinion")
    assert e.state == c.State.followup
    e = advance(world, e)
    assert e.state == c.State.closed


def _blockers(e, event):
    from parkesg.web.engagements import flows

    return flows.flow(e).blockers(e, event)


def test_a_broken_rule_blocks_with_its_clause(world):
    park_data(world)
    e = create(world)
    fill(world, e)
    assert _blockers(e, "submit_s51") == []
    r.Member.objects.filter(engagement=e, finance=True).update(finance=False)
    problems = _blockers(e, "submit_s51")
    assert problems == ["企业A1 没有来自本企业财务部门的成员（T/CPPC 5.1.2 (2)）"]
    with pytest.raises(ValidationError) as exc:
        services.move(actor=member(world), engagement_id=e.pk, event="submit_s51")
    assert exc.value.messages == problems
    assert Engagement.objects.get(pk=e.pk).state == c.State.s51


def test_the_team_rules_read_the_groups(world):
    """T/CPPC 5.1.2: the leader, the enterprises' members and their time are the audit
    group's; the leadership group (表 B.1) lists duties only. One person, two groups."""
    from parkesg.web.engagements import rules

    park_data(world)
    e = create(world)
    fill(world, e)
    assert _blockers(e, "submit_s51") == []
    both = r.Member.objects.filter(engagement=e, name="王主任")
    assert sorted(both.values_list("team", flat=True)) == [c.Team.leadership, c.Team.work]
    # the same name twice in one group: refused
    with pytest.raises(ValidationError, match="同名成员"):
        services.save_record(actor=member(world), engagement=e, record=r.Member(
            name="王主任", team=c.Team.work, affiliation=c.Affiliation.park))  # fmt: skip
    # the leadership group's leader does not lead the audit group
    both.filter(team=c.Team.work).update(role=c.TeamRole.member)
    assert rules.team_leader(e) == [
        "审核小组没有组长（领导小组组长 王主任 兼任审核小组组长时，在审核小组另记一条）"
    ]
    # the enterprise's finance member moved to the leadership group: the audit group lacks one
    r.Member.objects.filter(engagement=e, name="企业甲财务").update(team=c.Team.leadership)
    assert rules.team_enterprises(e) == ["企业A1 只有 1 名审核小组成员，每个企业至少 2 名",
                                         "企业A1 没有来自本企业财务部门的成员"]  # fmt: skip
    # … where time is not asked, duties are; back in the audit group, time is
    r.Member.objects.filter(engagement=e, name="企业甲财务").update(days=None, duties="")
    assert rules.team_duties(e) == ["领导小组成员 企业甲财务 未写明职责"]
    r.Member.objects.filter(engagement=e, name="企业甲财务").update(team=c.Team.work)
    assert rules.team_duties(e) == ["成员 企业甲财务 未写明职责或投入时间"]
    # an enterprise not (yet) chosen on the platform counts by its name as the unit
    r.Member.objects.filter(engagement=e, name="企业甲财务").update(
        enterprise=None, unit_name="企业A1", days=10, duties="成本与投资")  # fmt: skip
    assert rules.team_enterprises(e) == []


def test_no_one_signs_off_their_own_submission(world):
    park_data(world)
    e = create(world)
    fill(world, e)
    lead = world.user("prov_ok", "editor")
    services.move(actor=lead, engagement_id=e.pk, event="submit_s51")  # the lead submits …
    with pytest.raises(ValidationError, match="自审、自签"):  # … and cannot sign it off
        services.move(actor=lead, engagement_id=e.pk, event="signoff_s51")
    with pytest.raises(PermissionDenied):  # only the lead signs off
        services.move(actor=member(world), engagement_id=e.pk, event="signoff_s51")
    e = services.move(actor=lead, engagement_id=e.pk, event="return_s51", note="请补充照片")
    assert e.state == c.State.s51 and e.submitted_by is None
    with pytest.raises(ValidationError, match="须填写理由"):
        services.move(actor=member(world), engagement_id=e.pk, event="submit_s51")  # fine …
        services.move(actor=lead, engagement_id=e.pk, event="return_s51")  # … no reason: no


def test_beijing_team_rule_reads_title_grades(world):
    e = create(world, c.Kind.beijing)
    for n, title in enumerate(("高级技师", "高级技师", "工程师", "工程师")):
        services.save_record(actor=member(world), engagement=e, record=r.Member(
            name=f"成员{n}", affiliation=c.Affiliation.provider, title=title,
            field=c.Field.energy, team=c.Team.diagnosis))  # fmt: skip
    from parkesg.web.engagements import rules_beijing

    problems = rules_beijing.bj_team(e)
    assert problems[0] == "工作组成员 4 人，不少于 5 人"
    assert "高级职称 0 人" in problems[1] and "园区相关工作负责人" in problems[2]
    from parkesg.web.engagements.bridge import title_grade

    assert title_grade("高级技师") == c.TitleGrade.none  # a skill grade, not a senior title
    assert title_grade("教授级高级工程师") == c.TitleGrade.full_senior
    assert title_grade("高级工程师") == title_grade("副研究员") == c.TitleGrade.senior
    assert title_grade("助理工程师") == c.TitleGrade.junior


def test_targets_fit_their_indicator(world):
    from parkesg.web.engagements.targets import problems

    t = r.Target(indicator="energy_intensity", name="能耗", unit="%", lower_is_better=False,
                 current=0.25, near=0.3, mid=0.2)  # fmt: skip
    got = problems(t)
    assert "单位 “%” 与指标单位 “tce/万元” 不一致" in got
    assert "改进方向与指标不一致（越低越好）" in got
    assert "近期目标 0.3 不应高于现状值 0.25（越低越好）" in got
    share = r.Target(indicator="solid_waste_utilization_rate", name="综合利用率", unit="%",
                     current=80, near=90, mid=120)  # fmt: skip
    assert problems(share) == ["中期 120 应在 0–100 % 之间"]
    ok = r.Target(indicator="co2_growth_rate", name="增长率", unit="%", lower_is_better=True,
                  current=4, near=3, mid=-1)  # fmt: skip
    assert problems(ok) == []  # a growth rate may go below zero
    assert problems(r.Target(indicator="central_wastewater_facility", name="污水", near=1))[-1] \
        .endswith("是定性指标，不设数值目标")  # fmt: skip


def test_onsite_days_count_working_days(world):
    from parkesg.web.engagements import rules_beijing

    e = create(world, c.Kind.beijing)
    for day in (
        dt.date(2025, 1, 10),
        dt.date(2025, 1, 11),
        dt.date(2025, 1, 12),
        dt.date(2025, 1, 13),
    ):  # Fri, Sat, Sun, Mon
        services.save_record(actor=member(world), engagement=e,
                             record=r.OnsiteDay(day=day, place="园区", work="核查"))  # fmt: skip
    assert rules_beijing.onsite_days(e) == ["现场诊断 2 个工作日，不应少于 4 个工作日"]
    r.OnsiteDay.objects.filter(day__in=[dt.date(2025, 1, 11), dt.date(2025, 1, 12)]).update(
        adjusted_workday=True
    )  # 调休
    assert rules_beijing.onsite_days(e) == []


def test_partial_boundary_needs_its_approval(world):
    e = create(world, c.Kind.beijing)
    e.scope = c.Scope.partial
    Engagement.objects.filter(pk=e.pk).update(scope=c.Scope.partial)
    got = _blockers(e, "submit_boundary")
    assert any("批准单位" in p for p in got) and any("批准文件" in p for p in got)


def test_a_repeat_round_starts_from_the_last_rounds_targets_and_options(world):
    park_data(world)
    e = create(world)
    for _stage in range(5):
        e = advance(world, e)
    approve_report(world, e, "最终稿")
    e = services.move(actor=world.user("park_a", "reviewer"), engagement_id=e.pk, event="accept")
    nxt = services.start_next_round(actor=world.user("prov_ok", "admin"), previous_id=e.pk,
                                    starts_on=dt.date(2027, 1, 4), ends_on=dt.date(2027, 12, 31),
                                    base_year=2026)  # fmt: skip
    assert nxt.round == 2 and nxt.previous == e
    carried = r.Target.objects.get(engagement=nxt)
    assert carried.origin.engagement == e and carried.completion == ""
    assert [o.name for o in r.Option.objects.filter(engagement=nxt)] == ["余热回收"]
    from parkesg.web.engagements import contract, rules

    assert "上一轮目标“单位工业增加值综合能耗”未填写完成情况" in rules.last_round(nxt)
    carried.completion, carried.actual = c.Completion.met, 0.23
    services.save_record(actor=member(world), engagement=nxt, record=carried)
    preface = contract.profile(nxt).preface
    assert "单位工业增加值综合能耗（已完成，实际 0.23tce/万元）" in preface
    assert "余热回收（拟实施）" in preface


def test_outsiders_cannot_add_records_or_move(world):
    e = create(world)
    for who in (world.user("prov_nopledge", "admin"), world.user("ent_a1", "admin"),
                world.user("gov_cz", "admin"), world.user("park_a", "admin")):  # fmt: skip
        with pytest.raises((PermissionDenied, Exception)) as exc:
            services.save_record(actor=who, engagement=e, record=r.Basis(kind="law", title="x"))
        assert exc.type.__name__ in ("PermissionDenied", "Http404")
    with pytest.raises(Exception) as exc:
        services.move(actor=world.user("ent_a1", "admin"), engagement_id=e.pk, event="submit_s51")
    assert exc.type.__name__ == "Http404"


def test_home_lists_what_waits_for_each_person(world):
    from parkesg.web.core.home import waiting_for

    park_data(world)
    e = create(world)
    fill(world, e)
    r.Member.objects.filter(engagement=e, finance=True).update(finance=False)
    labels = [(w.label, w.count) for w in waiting_for(member(world))]
    assert ("尚缺记录、不能提交签核的阶段", 1) in labels
    r.Member.objects.filter(engagement=e, name="企业甲财务").update(finance=True)
    services.move(actor=member(world), engagement_id=e.pk, event="submit_s51")
    lead = [(w.label, w.count) for w in waiting_for(world.user("prov_ok", "editor"))]
    assert ("待签核的阶段", 1) in lead
    assert not [w for w in waiting_for(member(world)) if w.label == "待签核的阶段"]
    late = r.PlanItem.objects.filter(engagement=e, phase=c.Phase.p53).first()
    r.PlanItem.objects.filter(pk=late.pk).update(due=dt.date(2020, 1, 1), done_on=None)
    overdue = [w for w in waiting_for(member(world)) if w.overdue]
    assert overdue and overdue[0].label == "逾期的计划事项"
    for who in ("ent_a1", "bank_ok", "prov_nopledge"):  # nothing of it for anyone else
        assert not [w for w in waiting_for(world.user(who, "admin"))
                    if "签核" in w.label or "计划" in w.label]  # fmt: skip


def test_reminders_for_plan_items_and_the_follow_up_are_sent_once(world, settings):
    from django.core import mail

    from parkesg.web.reminders.services import send_due

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    lead = world.user("prov_ok", "editor")
    lead.email = "lead@example.cn"
    lead.save()
    e = create(world)
    services.save_record(actor=member(world), engagement=e, record=r.PlanItem(
        phase=c.Phase.p51, content="启动会", due=dt.date(2025, 2, 1), owner="李工"))  # fmt: skip
    Engagement.objects.filter(pk=e.pk).update(
        kind=c.Kind.beijing, state=c.State.followup, followup_due=dt.date(2026, 3, 1))  # fmt: skip
    first = send_due(dt.date(2026, 2, 1))  # the plan item (overdue) and a month ahead
    assert first.sent == 2 and len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {"lead@example.cn"}
    assert send_due(dt.date(2026, 2, 2)).sent == 0  # once each
    assert send_due(dt.date(2026, 3, 1)).sent == 1  # the day it is due


def test_an_options_implementation_is_tracked_after_the_audit(world):
    park_data(world)
    e = create(world)
    for _ in range(5):
        e = advance(world, e)
    o = r.Option.objects.get(engagement=e)
    o.summary = "改写"  # content: frozen with 5.4
    with pytest.raises(ValidationError, match="不能修改"):
        services.save_record(actor=member(world), engagement=e, record=o)
    o.refresh_from_db()
    o.status = c.Implementation.ongoing  # implementation: tracked on
    services.save_record(actor=member(world), engagement=e, record=o)
    assert r.Option.objects.get(pk=o.pk).status == c.Implementation.ongoing


def test_the_pledge_recorded_by_the_park_opens_the_parks_data(world):
    """北京指南 三（五）: a provider engaged by the park without a pledge sees no data of it;
    its signed pledge, recorded by the park's admin, opens the data (the grant takes effect)."""
    from parkesg.web.observations.models import Observation
    from parkesg.web.orgs.models import AccessGrant

    provider, park = world.orgs["prov_nopledge"], world.orgs["park_a"]
    AccessGrant.objects.create(kind="engagement", organisation=park, grantee=provider,
                               created_by=world.user("park_a", "admin"),
                               starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2099, 1, 1))  # fmt: skip
    who = world.user("prov_nopledge", "editor")
    e = Engagement(kind=c.Kind.beijing, title="无承诺书", park=park, starts_on=dt.date(2026, 1, 5),
                   ends_on=dt.date(2026, 6, 30), base_year=2024, scope=c.Scope.whole,
                   boundary="全部", depth=c.Depth.basic, lead=who)  # fmt: skip
    e = services.create_engagement(actor=world.user("prov_nopledge", "admin"), engagement=e)
    seen = Observation.objects.for_user(who, "view").filter(organisation=park)
    assert not seen.exists()
    Engagement.objects.filter(pk=e.pk).update(state=c.State.prep)
    p = services.save_record(actor=who, engagement=e, record=r.Pledge(
        number="P-1", signed_on=dt.date(2026, 1, 6)))  # fmt: skip
    with pytest.raises(ValidationError, match="签章扫描件"):  # no scan, nothing recorded
        services.record_pledge(actor=world.user("park_a", "admin"), pledge_id=p.pk)
    services.attach(actor=who, record=p, data=png(), name="pledge.png")
    with pytest.raises(PermissionDenied):  # the park's editor may not: its admin does
        services.record_pledge(actor=world.user("park_a", "editor"), pledge_id=p.pk)
    services.record_pledge(actor=world.user("park_a", "admin"), pledge_id=p.pk)
    assert seen.exists()  # the grant took effect


def test_only_a_park_that_engaged_the_provider(world):
    e = Engagement(kind=c.Kind.cppc, title="x", park=world.orgs["park_b"],
                   starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 6, 30), base_year=2024,
                   lead=world.user("prov_ok", "editor"))  # fmt: skip
    with pytest.raises(ValidationError, match="没有向本服务商登记有效的服务项目授权"):
        services.create_engagement(actor=world.user("prov_ok", "admin"), engagement=e)
    with pytest.raises(PermissionDenied):  # a park does not open engagements
        services.create_engagement(actor=world.user("park_a", "admin"), engagement=e)
