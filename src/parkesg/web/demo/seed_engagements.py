"""The demo's engagements (``make run``), through the same services a person's clicks use:

- the provider's people (``provider-lead`` signs stages off, ``provider-member`` prepares
  them, ``provider-reviewer`` approves report versions) and the district industry and IT
  bureau of the park's district (``district-admin``, ``district-viewer``), a government
  organisation the Beijing diagnosis is submitted to;
- the enterprises of the audited zone (e01–e03) engage the provider too, pledges recorded,
  so the energy analysis reads their activity data;
- a T/CPPC audit mid-way: 5.1 and 5.2 signed off, at 5.3 with two rules blocking (an audit
  focus without its problem and cause analysis, 5.3.2; its plan item, due three days ago, not
  done, 5.1.3) — the team's records imported from the CLI demo's engagement workbook (the
  bridge; its leadership group and audit group, 王建国 in both, and the members of two of
  the zone's enterprises), the rest entered record by record;
- a Beijing green diagnosis at its one-year follow-up: task, preparation (team rule, bases,
  plan, the signed pledge recorded by the park), 5 on-site days, the 3-year diagnosis run,
  suggestions and the report approved, the park's forms 2-3 and 2-4 with signed scans,
  confirmed, submitted to the district bureau and its opinion recorded.

Idempotent: an engagement of the same title is never made twice.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any

from django.utils import timezone
from PIL import Image, ImageDraw

from parkesg.demo.engagement import demo_engagement
from parkesg.engagement import PlanStep, Target
from parkesg.io.engagement import write_engagement_template
from parkesg.web.core.roles import Action, Role
from parkesg.web.demo import cast
from parkesg.web.engagements import analysis, bridge, services
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import records as r
from parkesg.web.engagements import report as reports
from parkesg.web.engagements.models import Engagement
from parkesg.web.orgs import services as orgs
from parkesg.web.orgs.models import AccessGrant, GrantKind, Organisation, OrgKind, User

DISTRICT = cast.DemoOrg("district", "常州市新北区工业和信息化局（演示）",
                        "Xinbei District Industry and IT Bureau (demo)", OrgKind.government,
                        cast.PARK_REGION, "11320411DEMGXJ001C", roles=(Role.admin, Role.viewer))  # fmt: skip
# provider people beyond the cast's admin and viewer: (key, role, full name)
PROVIDER_PEOPLE = (("lead", Role.editor, "陈晓"), ("member", Role.editor, "孙磊"),
                   ("reviewer", Role.reviewer, "刘海峰"))  # fmt: skip
ZONE = ("e01", "e02", "e03")  # the audited zone's enterprises
CPPC_TITLE = "江南示范经济技术开发区东区清洁生产审核"
BEIJING_TITLE = "江南示范经济技术开发区绿色诊断"
CHOSEN = ["industrial_value_added_per_employee", "solid_waste_utilization_rate",
          "energy_intensity", "green_industrial_building_share", "wastewater_intensity",
          "co2_growth_rate"]  # fmt: skip


def logins() -> list[tuple[str, cast.DemoOrg | None, str]]:
    """The demo accounts this module adds (printed with the cast's)."""
    provider = next(o for o in cast.ORGS if o.key == "provider")
    out: list[tuple[str, cast.DemoOrg | None, str]] = [
        (cast.username("provider", k), provider, role.value) for k, role, _n in PROVIDER_PEOPLE
    ]
    return out + [(cast.username("district", r.value), DISTRICT, r.value) for r in DISTRICT.roles]


def image(text: str, colour: str = "#f5f7fa") -> bytes:
    """A small picture standing for a photo or a signed scan (PNG)."""
    img = Image.new("RGB", (320, 200), colour)
    ImageDraw.Draw(img).text((12, 90), text.encode("ascii", "replace").decode(), fill="#1d4e89")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def seed(org_rows: dict[str, Organisation], people: dict[str, User], operator: User) -> None:
    """Add the engagements' people, grants and the two engagements (once). The operator adds
    the district bureau and its first admin; each organisation's admin adds its people."""
    provider = org_rows["provider"]
    provider_admin = people[cast.username("provider", Role.admin)]
    for key, role, name in PROVIDER_PEOPLE:
        people[cast.username("provider", key)] = _person(provider_admin, provider, key, role, name)
    district = Organisation.objects.filter(name=DISTRICT.name).first() or orgs.save_organisation(
        actor=operator, org=Organisation(name=DISTRICT.name, name_en=DISTRICT.name_en,
                                         kind=DISTRICT.kind, region=DISTRICT.region,
                                         credit_code=DISTRICT.credit_code))  # fmt: skip
    district_admin = _first_admin(operator, district)
    people[district_admin.username] = district_admin
    for role in DISTRICT.roles:
        if role != Role.admin:
            people[cast.username("district", role)] = _person(district_admin, district,
                                                              role.value, role, "")  # fmt: skip
    for key in ZONE:
        _grant(org_rows[key], provider, people[cast.username(key, Role.admin)], f"CPPC-DEMO-{key}")
    world = Demo(org_rows, people, district)
    if not Engagement.objects.filter(title=CPPC_TITLE).exists():
        world.cppc()
    if not Engagement.objects.filter(title=BEIJING_TITLE).exists():
        world.beijing()


def _first_admin(operator: User, org: Organisation) -> User:
    """The district bureau's admin, added by the operator (三员分立: the system administrator
    adds an organisation's first admin only), with the demo's second factor."""
    from parkesg.web.core.roles import ROLE_LABELS
    from parkesg.web.demo.seed import _demo_second_factor
    from parkesg.web.orgs.accounts import create_first_admin

    username = cast.username("district", Role.admin)
    found = User.objects.filter(username=username).first()
    admin = found or create_first_admin(
        actor=operator, organisation=org, username=username, password=cast.DEMO_PASSWORD,
        must_change=False, full_name=ROLE_LABELS[Role.admin].split()[0])  # fmt: skip
    _demo_second_factor(admin)
    return admin


def _person(admin: User, org: Organisation, key: str, role: Role, name: str) -> User:
    """One of the organisation's people, added by its admin."""
    from parkesg.web.core.roles import ROLE_LABELS

    prefix = "provider" if org.kind == OrgKind.provider else "district"
    username = cast.username(prefix, key)
    found = User.objects.filter(username=username).first()
    return found or orgs.create_user(actor=admin, organisation=org, username=username,
                                     password=cast.DEMO_PASSWORD, role=role,
                                     full_name=name or ROLE_LABELS[role].split()[0])  # fmt: skip


def _grant(owner: Organisation, provider: Organisation, admin: User, pledge: str) -> None:
    grant = (AccessGrant.objects.for_user(admin, Action.manage)
             .filter(kind=GrantKind.engagement, grantee=provider).first())  # fmt: skip
    if grant is None:
        from django.utils import timezone

        today = timezone.localdate()
        grant = orgs.create_grant(actor=admin, grant=AccessGrant(
            kind=GrantKind.engagement, grantee=provider, starts_on=today,
            ends_on=today + dt.timedelta(days=730), note="演示：园区清洁生产审核 / demo audit"))  # fmt: skip
    if grant.pledge_recorded_at is None:
        orgs.record_pledge(actor=admin, grant_id=grant.pk, reference=pledge)


class Demo:
    def __init__(self, org_rows: dict[str, Organisation], people: dict[str, User],
                 district: Organisation) -> None:  # fmt: skip
        self.o, self.p, self.district = org_rows, people, district
        self.lead = people["provider-lead"]
        self.member = people["provider-member"]
        self.reviewer = people["provider-reviewer"]
        self.park = org_rows["park"]

    def add(self, e: Engagement, rec: Any, who: User | None = None) -> Any:
        return services.save_record(actor=who or self.member, engagement=e, record=rec)

    def attach(self, rec: Any, text: str, who: User | None = None) -> None:
        services.attach(actor=who or self.member, record=rec, data=image(text),
                        name=f"{text}.png", label=text)  # fmt: skip

    def move(self, e: Engagement, event: str, who: User | None = None) -> Engagement:
        return services.move(actor=who or self.member, engagement_id=e.pk, event=event)

    def close(self, e: Engagement, stage: str) -> Engagement:
        self.move(e, f"submit_{stage}")
        return self.move(e, f"signoff_{stage}", self.lead)

    def workbook(self, e: Engagement, kind: str, **update: Any) -> None:
        eng = demo_engagement(kind).model_copy(update=update)
        with tempfile.TemporaryDirectory(prefix="parkesg-demo-") as tmp:
            data = write_engagement_template(
                kind, Path(tmp) / "e.xlsx", engagement=eng
            ).read_bytes()
        got = bridge.import_workbook(actor=self.member, engagement_id=e.pk, data=data,
                                     name=f"engagement-{kind}.xlsx")  # fmt: skip
        if got.errors:
            raise RuntimeError(f"演示填报表未导入：{got.errors}")

    def create(self, kind: str, title: str, **kw: Any) -> Engagement:
        e = Engagement(kind=kind, title=title, park=self.park, lead=self.lead, **kw)
        ents = [self.o[k] for k in ZONE] if kind == c.Kind.cppc else []
        return services.create_engagement(actor=self.p["provider-admin"], engagement=e,
                                          enterprises=ents)  # fmt: skip

    # ── T/CPPC, stopped at 5.3 ──────────────────────────────────────────────────────────

    def cppc(self) -> None:
        t = timezone.localdate()
        e = self.create(c.Kind.cppc, CPPC_TITLE, starts_on=t - dt.timedelta(days=95),
                        ends_on=t + dt.timedelta(days=210), base_year=2023, scope=c.Scope.partial,
                        boundary="园区东区（智能装备与动力电池片区），含公共部分和三家重点企业",
                        district=self.district)  # fmt: skip
        targets = [Target(indicator="4", near=5.0, mid=7.0, long=10.0),
                   Target(indicator="7", near=0.20, mid=0.19, long=0.18)]  # fmt: skip
        dues = (-70, -30, -3, 60, 150)  # days from today: 5.1, 5.2 done; 5.3's a little late
        demo = demo_engagement("cppc")
        plan = [p.model_copy(update={"due": (t + dt.timedelta(days=d)).isoformat()})
                for p, d in zip(demo.plan, dues, strict=True)]  # fmt: skip
        # the CLI demo's two enterprises (their audit-group members, 5.1.2 (2)) stand for the
        # zone's first two: the bridge links the rows to them by 所在单位
        cli = list(dict.fromkeys(m.organisation for m in demo.team if m.enterprise))
        named = dict(zip(cli, (self.o[k].name for k in ZONE), strict=False))
        team = [m.model_copy(update={"organisation": named.get(m.organisation or "",
                                                              m.organisation)})
                for m in demo.team]  # fmt: skip
        self.workbook(e, "cppc", targets=targets, plan=plan, team=team)
        e.refresh_from_db()
        for n, key in enumerate(ZONE, start=1):  # 5.1.2 (2): two members of each enterprise
            ent = self.o[key]
            if r.Member.objects.filter(engagement=e, enterprise=ent).exists():
                continue  # e01, e02: from the workbook
            for dept, finance, duty in (("生产技术部", False, "企业数据与现场配合"),
                                        ("财务部", True, "方案投资与效益核算")):  # fmt: skip
                self.add(e, r.Member(name=f"{ent.name[:4]}{'财务' if finance else '技术'}{n}",
                                     affiliation=c.Affiliation.enterprise, enterprise=ent,
                                     department=dept, finance=finance, duties=duty, days=15,
                                     team=c.Team.work))  # fmt: skip
        r.Member.objects.filter(engagement=e, name="孙磊").update(user=self.member)
        for item in r.PlanItem.objects.filter(engagement=e, phase__in=[c.Phase.p51, c.Phase.p52]):
            item.done_on = item.due
            self.add(e, item)
        act = self.add(e, r.Publicity(held_on=t - dt.timedelta(days=80), form=c.PublicityForm.training,
                                      topics="园区清洁生产审核动员暨培训会", participants=260,
                                      audience="管委会各处室、区内企业负责人和骨干员工"))  # fmt: skip
        self.attach(act, "training-photo")
        e = self.close(e, "s51")
        parts = {
            c.SurveyPart.overview: "园区批复面积 30 平方公里，东区 9.6 平方公里，2023 年生产总值 740 亿元。",
            c.SurveyPart.economy: "主导产业为智能装备制造、动力电池和新材料，产业链上下游配套完整。",
            c.SurveyPart.society: "集中供热覆盖东区，污水处理厂规模 8 万吨/日，中水回用设施在建。",
            c.SurveyPart.resources: "综合能耗 163 万吨标准煤，外购电力占 58%，分布式光伏 180 MW。",
            c.SurveyPart.environment: "空气质量优良率 82%，主要污染因子为 PM2.5 和 VOCs。",
            c.SurveyPart.management: "设有生态环境分局，建成园区环境监测平台，环境信息按季度公开。",
        }  # fmt: skip
        for part, text in parts.items():
            sec = self.add(e, r.Section(part=part, text=text))
            if part == c.SurveyPart.overview:  # the report's cover photo (附件2 1.1 (2))
                self.attach(sec, "park-cover-photo")
        analysis.take_baseline(actor=self.member, engagement_id=e.pk)
        analysis.run_evaluation(actor=self.member, engagement_id=e.pk, chosen=CHOSEN)
        e = self.close(e, "s52")
        f = r.Finding.objects.filter(engagement=e).order_by("pk").first()
        if f is not None:  # 5.3.3: a first suggestion
            f.suggestion = "建设再生资源集中回收分拣中心，推动区内企业废物交换利用。"
            f.analysis = f.analysis or c.Analysis.efficiency
            self.add(e, f)
        analysis.take_energy(actor=self.member, engagement_id=e.pk)
        # left at 5.3: the enterprise-level focus has no problem and cause analysis yet

    # ── Beijing, at its follow-up ───────────────────────────────────────────────────────

    def beijing(self) -> None:
        t = timezone.localdate()

        def ago(days: int) -> dt.date:
            return t - dt.timedelta(days=days)

        e = self.create(c.Kind.beijing, BEIJING_TITLE, starts_on=ago(120),
                        ends_on=ago(20), base_year=2023, scope=c.Scope.whole,
                        boundary="园区全部批复范围 30 平方公里", depth=c.Depth.basic,
                        district=self.district)  # fmt: skip
        e = self.close(e, "boundary")
        plan = [PlanStep(stage=stage, action=action, content=content, due=ago(d).isoformat(),
                         owner=owner, output=output)
                for stage, action, content, d, owner, output in (
                    ("前期准备", "组建工作组", "明确任务、组建诊断工作组、确定依据、编制计划", 112, "陈晓", "工作计划"),
                    ("诊断实施", "现场诊断", "资料收集、现场核查、指标计算", 90, "刘海峰", "诊断记录"),
                    ("报告编制和提交", "编制报告", "汇总结果、提出建议、编制诊断评估报告", 62, "陈晓", "诊断评估报告"),
                )]  # fmt: skip
        self.workbook(e, "beijing", plan=plan)
        grades = {"王建国": (c.TitleGrade.senior, c.Field.environment),
                  "刘海峰": (c.TitleGrade.full_senior, c.Field.energy),
                  "陈晓": (c.TitleGrade.senior, c.Field.other)}  # fmt: skip
        for m in r.Member.objects.filter(engagement=e, name__in=grades):
            m.title_grade, m.field = grades[m.name]
            self.add(e, m)
        r.Member.objects.filter(engagement=e, name="陈晓").update(user=self.lead)
        for kind, title, code in (
            (c.BasisKind.park, "绿色园区评价要求", "工信厅节函〔2016〕586号附件"),
            (c.BasisKind.park, "产业园区基础设施绿色化指标体系及评价方法", "GB/T 38538"),
            (c.BasisKind.water, "产业园区水的分类使用及循环利用原则和要求", "GB/T 36575"),
            (c.BasisKind.law, "“十四五”工业绿色发展规划", "工信部规〔2021〕178号"),
        ):
            self.add(e, r.Basis(kind=kind, title=title, code=code))
        for item in r.PlanItem.objects.filter(engagement=e):
            item.done_on = item.due
            self.add(e, item)
        pledge = self.add(e, r.Pledge(number="BJ-DEMO-002", signed_on=ago(115)))
        self.attach(pledge, "pledge-2-2-signed")
        services.record_pledge(actor=self.p["park-admin"], pledge_id=pledge.pk)
        e = self.close(e, "prep")
        monday = ago(100) + dt.timedelta(days=-ago(100).weekday() + 7)
        for n in range(5):  # one working week on site
            self.add(e, r.OnsiteDay(day=monday + dt.timedelta(days=n), place="园区管委会及重点企业",
                                    work="资料核查、座谈与现场踏勘", people="陈晓、刘海峰、赵敏、孙磊"))  # fmt: skip
        analysis.run_evaluation(actor=self.member, engagement_id=e.pk)
        e = self.close(e, "onsite")
        doc = reports.issue(actor=self.member, engagement_id=e.pk)
        reports.review(actor=self.member, engagement_id=e.pk, document_id=doc.pk, event="submit")
        reports.review(actor=self.reviewer, engagement_id=e.pk, document_id=doc.pk, event="approve")
        e = self.close(e, "drafting")
        editor = self.p["park-editor"]
        conf = self.add(e, r.Confirmation(report_received_on=ago(60), meeting_on=ago(52),
                                          signer="王建国", signed_on=ago(50)), editor)  # fmt: skip
        self.attach(conf, "form-2-3-signed", editor)
        survey = self.add(e, r.Survey(rating=c.Satisfaction.very, signer="王建国",
                                      signed_on=ago(50),
                                      on_service="诊断工作规范，建议针对性强。",
                                      intentions="计划 2026 年实施中水回用管网改造。"), editor)  # fmt: skip
        self.attach(survey, "form-2-4-signed", editor)
        e = self.move(e, "confirm", self.p["park-reviewer"])
        e = self.move(e, "submit_district", self.lead)
        gov = self.p["district-admin"]
        self.add(e, r.Opinion(text="诊断报告内容完整，同意备案；请服务商按期反馈建议采纳情况。",
                              reviewed_on=t), gov)  # fmt: skip
        self.move(e, "opinion", gov)
