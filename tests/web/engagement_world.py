"""Engagements for the tests, made through the services like a person would: a T/CPPC audit
and a Beijing diagnosis of 园区A by 服务商甲 (its pledge recorded), with a lead
(``prov_ok_editor``), a team member with an account (``prov_ok_member``), the park's people and
常州市政府 as the government it is submitted to. ``fill(world, e)`` adds what the current
stage needs (so its checks pass); ``advance(world, e)`` fills, submits and signs it off."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from assess_world import enter
from PIL import Image
from world import PASSWORD, World

from parkesg.web.engagements import analysis, services
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import records as r
from parkesg.web.engagements import report as reports
from parkesg.web.engagements.models import Engagement
from parkesg.web.observations.models import Observation
from parkesg.web.orgs.models import User

BASE_YEAR = 2024
YEARS = (2022, 2023, 2024)
# the optional indicators chosen (附件1: one of each group, 6 in all → 19 with the mandatory)
CHOSEN = ["industrial_value_added_per_employee", "solid_waste_utilization_rate", "energy_intensity",
          "green_industrial_building_share", "wastewater_intensity", "co2_growth_rate"]  # fmt: skip
PARK_DATA = {"gdp": 1000.0, "industrial_value_added": 200.0, "high_tech_value_added": 400.0,
             "energy_consumption": 50.0, "industrial_employees": 20000.0,
             "industrial_wastewater": 900.0}  # fmt: skip
ACTIVITY = {"electricity_purchased": 12.0, "natural_gas": 30.0}  # 万kWh, 万立方米


def png(colour: str = "green") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buf, format="PNG")
    return buf.getvalue()


def member(world: World) -> User:
    """A second editor of 服务商甲 who is on the team (the lead is ``prov_ok_editor``)."""
    found = User.objects.filter(username="prov_ok_member").first()
    return found or User.objects.create_user(
        "prov_ok_member", password=PASSWORD, organisation=world.orgs["prov_ok"], role="editor"
    )


def park_data(world: World) -> None:
    """Approved values of 园区A for 2022–2024 (the world's draft gdp of 2023 left as it is);
    once per world."""
    if Observation.objects.filter(organisation=world.orgs["park_a"], year=2022).exists():
        return
    for year in YEARS:
        for field, value in PARK_DATA.items():
            if (field, year) != ("gdp", 2023):
                enter(world, "park_a", field, year, value * (1 + (year - 2024) / 10))
    for field, value in ACTIVITY.items():
        enter(world, "park_a", field, BASE_YEAR, value)


def create(world: World, kind: str = c.Kind.cppc, **kw: Any) -> Engagement:
    lead = world.user("prov_ok", "editor")
    e = Engagement(kind=kind, title=kw.pop("title", f"园区A {kind}"), park=world.orgs["park_a"],
                   starts_on=dt.date(2025, 1, 6), ends_on=dt.date(2025, 12, 31),
                   base_year=BASE_YEAR, scope=kw.pop("scope", c.Scope.partial),
                   boundary="园区东片区", lead=lead, **kw)  # fmt: skip
    if kind == c.Kind.beijing:
        e.scope, e.depth = c.Scope.whole, c.Depth.basic
    ents = [world.orgs["ent_a1"]] if kind == c.Kind.cppc else []
    return services.create_engagement(actor=world.user("prov_ok", "admin"), engagement=e,
                                      enterprises=ents)  # fmt: skip


def add(world: World, e: Engagement, rec: Any, who: Any = None) -> Any:
    actor = who or member(world)
    return services.save_record(actor=actor, engagement=e, record=rec)


def attach(world: World, rec: Any, who: Any = None) -> None:
    services.attach(actor=who or member(world), record=rec, data=png(), name="photo.png")


def _team(world: World, e: Engagement) -> None:
    me = member(world)
    a1 = world.orgs["ent_a1"]
    rows = [
        r.Member(name="王主任", role=c.TeamRole.leader, team=c.Team.leadership,
                 affiliation=c.Affiliation.park, title="高级工程师", title_grade=c.TitleGrade.senior,
                 field=c.Field.environment, duties="统筹", days=30),
        r.Member(name="李工", user=me, affiliation=c.Affiliation.provider, title="正高级工程师",
                 title_grade=c.TitleGrade.full_senior, field=c.Field.energy, duties="技术负责",
                 days=60, green_projects=True),
        r.Member(name="赵工", affiliation=c.Affiliation.expert, title="高级工程师",
                 title_grade=c.TitleGrade.senior, field=c.Field.low_carbon, duties="碳核算", days=20),
        r.Member(name="企业甲生产", affiliation=c.Affiliation.enterprise, enterprise=a1,
                 department="生产部", duties="企业数据", days=20),
        r.Member(name="企业甲财务", affiliation=c.Affiliation.enterprise, enterprise=a1,
                 department="财务部", finance=True, duties="成本与投资", days=10),
    ]  # fmt: skip
    if e.is_cppc:  # T/CPPC 5.1.2: the park's head leads the leadership group and the audit group
        rows.append(r.Member(name="王主任", role=c.TeamRole.leader, team=c.Team.work,
                             affiliation=c.Affiliation.park, title="高级工程师",
                             title_grade=c.TitleGrade.senior, field=c.Field.environment,
                             duties="组织审核", days=30))  # fmt: skip
    for m in rows:
        m.team = c.Team.diagnosis if not e.is_cppc else m.team
        add(world, e, m)


def _plan(world: World, e: Engagement) -> None:
    phases = c.CPPC_PHASES if e.is_cppc else c.BEIJING_PHASES
    for n, phase in enumerate(phases):
        add(world, e, r.PlanItem(phase=phase, content=f"{c.Phase(phase).label}工作",
                                 due=dt.date(2025, 2 + n, 28), owner="李工",
                                 done_on=dt.date(2025, 2 + n, 20)))  # fmt: skip


def fill(world: World, e: Engagement) -> None:
    """Add what the current stage's checks need."""
    e.refresh_from_db()
    lead = world.user("prov_ok", "editor")
    stage = e.state
    if stage == c.State.s51:
        _team(world, e)
        _plan(world, e)
        act = add(world, e, r.Publicity(held_on=dt.date(2025, 2, 10), form=c.PublicityForm.training,
                                        topics="清洁生产审核动员培训", participants=120))  # fmt: skip
        attach(world, act)
    elif stage == c.State.s52:
        for part in c.SurveyPart:
            sec = add(world, e, r.Section(part=part, text=f"{part.label}：现状。"))
            if part == c.SurveyPart.overview:  # the report's cover photo (附件2 1.1 (2))
                attach(world, sec)
        analysis.take_baseline(actor=lead, engagement_id=e.pk)
        analysis.run_evaluation(actor=lead, engagement_id=e.pk, chosen=CHOSEN)
        for level in c.Level:
            add(world, e, r.Focus(level=level, focus=f"{level.label}重点", basis="短板"))
        add(world, e, r.Target(indicator="energy_intensity", name="单位工业增加值综合能耗",
                               unit="tce/万元", lower_is_better=True, current=0.25, near=0.24,
                               mid=0.22, long=0.2))  # fmt: skip
    elif stage == c.State.s53:
        for f in r.Focus.objects.filter(engagement=e):
            f.status = "现状分析"
            add(world, e, f)
            add(world, e, r.Finding(analysis=c.Analysis.efficiency, level=f.level, focus=f,
                                    problem=f"{f.focus}的问题", cause="原因", suggestion="建议"))  # fmt: skip
        analysis.take_energy(actor=lead, engagement_id=e.pk)
    elif stage == c.State.s54:
        o = add(world, e, r.Option(name="余热回收", source=c.Source.experts, summary="回收余热",
                                   implementer="企业A1", timing="2026 年", investment=100.0))  # fmt: skip
        services.decide_option(actor=member(world), option_id=o.pk, decision=c.Decision.adopted,
                               criteria="技术可行、经济合理")  # fmt: skip
    elif stage == c.State.s55:
        add(world, e, r.Conclusion(kind=c.Conclude.conclusion, content="本轮审核取得成效。"))
        add(world, e, r.Conclusion(kind=c.Conclude.advice, content="持续推进。"))
        add(world, e, r.ContinuingStep(item="下一轮审核", time="2027 年", department="管委会"))
    elif stage == c.State.boundary:
        pass
    elif stage == c.State.prep:
        _team(world, e)
        _plan(world, e)
        add(world, e, r.Basis(kind=c.BasisKind.park, title="绿色园区评价要求"))
        p = add(world, e, r.Pledge(number="BJ-2025-01", signed_on=dt.date(2025, 1, 8)))
        attach(world, p)
        services.record_pledge(actor=world.user("park_a", "admin"), pledge_id=p.pk)
    elif stage == c.State.onsite:
        for day in (6, 7, 8, 9):
            add(world, e, r.OnsiteDay(day=dt.date(2025, 1, day), place="园区现场", work="现场核查"))
        analysis.run_evaluation(actor=lead, engagement_id=e.pk)
    elif stage == c.State.drafting:
        add(world, e, r.Finding(problem="中水回用率低", cause="管网不足"))
        add(world, e, r.Option(name="建设中水回用管网", investment=500.0, fixed_investment=400.0,
                               environmental_benefit="年节水 20 万吨"))  # fmt: skip
        add(world, e, r.Conclusion(kind=c.Conclude.highlight, content="光伏装机领先。"))
        add(world, e, r.Conclusion(kind=c.Conclude.conclusion, content="绿色发展水平较高。"))
        add(world, e, r.Conclusion(kind=c.Conclude.advice, content="建设中水回用管网。"))
        approve_report(world, e)
    elif stage == c.State.feedback:
        editor = world.user("park_a", "editor")
        conf = add(world, e, r.Confirmation(report_received_on=dt.date(2025, 3, 1),
                                            meeting_on=dt.date(2025, 3, 5), signer="王主任",
                                            signed_on=dt.date(2025, 3, 6)), who=editor)  # fmt: skip
        attach(world, conf, who=editor)
        sv = add(world, e, r.Survey(rating=c.Satisfaction.very, signer="王主任",
                                    signed_on=dt.date(2025, 3, 6)), who=editor)  # fmt: skip
        attach(world, sv, who=editor)
    elif stage == c.State.submitted:
        add(world, e, r.Opinion(text="同意。", reviewed_on=dt.date(2025, 4, 1)),
            who=world.user("gov_cz", "admin"))  # fmt: skip
    elif stage == c.State.followup:
        for o in r.Option.objects.filter(engagement=e):
            add(world, e, r.AdoptionRecord(option=o, status=c.Adoption.ongoing, effect="在建",
                                           recorded_on=dt.date(2026, 3, 1)))  # fmt: skip
        services.save_next_plan(actor=member(world), engagement_id=e.pk, text="推进中水管网。")


def approve_report(world: World, e: Engagement, stage: str = "") -> None:
    doc = reports.issue(actor=member(world), engagement_id=e.pk, stage=stage)
    reports.review(actor=member(world), engagement_id=e.pk, document_id=doc.pk, event="submit")
    reports.review(actor=world.user("prov_ok", "reviewer"), engagement_id=e.pk,
                   document_id=doc.pk, event="approve")  # fmt: skip


def advance(world: World, e: Engagement) -> Engagement:
    """Fill the current stage, submit it (team member) and sign it off (lead)."""
    fill(world, e)
    e.refresh_from_db()
    code = e.state
    services.move(actor=member(world), engagement_id=e.pk, event=f"submit_{code}")
    return services.move(actor=world.user("prov_ok", "editor"), engagement_id=e.pk,
                         event=f"signoff_{code}")  # fmt: skip
