"""The demo park's ESG management system a year in (T/ESC 001—2024 clauses 4–10), entered
through the ESG app's services like a person's clicks, each audited: the leading group and
its people, context, scope and policy approved, risks, core issues and all 35 KPIs of Table
A.1 (plus one of the park's own) with baselines and targets approved (one in its second
version), programmes, support and operation records, one internal audit whose minor
nonconformity is under corrective action, one management review with its improvement plan,
and the 2023 park ESG report generated from these records, reviewed by internal audit and
awaiting the leader's approval. Idempotent: nothing is added when the system exists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from parkesg.demo.park import TARGETS as DEMO_TARGETS
from parkesg.web.collection.evidence import store_evidence
from parkesg.web.core.roles import Role
from parkesg.web.demo import cast
from parkesg.web.documents.models import Document
from parkesg.web.documents.services import LIFE
from parkesg.web.esg import flows
from parkesg.web.esg import models as m
from parkesg.web.esg.kpis import domain_of, table_a1
from parkesg.web.esg.services import documents, improvement, planning, records, reports
from parkesg.web.esg.services.evaluation import prefill
from parkesg.web.orgs import services as orgs
from parkesg.web.orgs.models import Organisation, User

# the two KPIs the CLI demo leaves without a target get one here (baseline = 2021 value)
EXTRA_TARGETS = {"gdp_growth": (9.322, 10.0), "public_service_expenditure_share": (9.2262, 10.0)}
TARGET_NOTE = {  # 6.3.1 b)–c), 6.3.2 a)–d) as the demo park wrote them for every KPI
    "policy_review": "对照《园区“十四五”绿色发展规划》和省级绿色园区评价要求回顾现行政策。",
    "collection_method": "园区统计部门年报与企业在线填报，经审核后进入平台（9.1.2 d）。",
    "legal_basis": "《中华人民共和国节约能源法》、省“十四五”节能减排综合工作方案、园区总体规划。",
    "actions": "纳入年度绩效管理方案，由责任部门按季度推进。",
    "communication": "经领导小组批准后在园区官网公开，并向入园企业通报。",
    "monitoring": "按年度由平台计算 T/ESC 表A.1 指标并对照基准值评价进度。",
}
DEPARTMENTS = [  # name, kind, area, head, duties (5.1, 5.3)
    ("ESG 领导小组办公室", "office", "economy", "李晓雯",
     "策划 ESG 管理体系并确保与目标一致；识别核心议题；建立信息披露和 ESG 报告制度。"),
    ("经济发展局", "member", "economy", "赵海", "经济增长、科技创新议题的改善行动和监测。"),
    ("生态环境局", "member", "ecology_env", "陈志强", "节能减排、生态宜居议题的改善行动和监测。"),
    ("人力资源和社会保障局", "member", "hr", "孙丽", "社会平等议题、职业技能培训。"),
    ("企业服务局", "member", "service", "钱峰", "绿色营商环境、企业信息披露推动。"),
    ("规划建设局", "member", "housing", "吴涛", "绿色建筑、基础设施议题。"),
    ("安全生产监督管理局", "member", "emergency", "郑伟", "环境风险防控、突发环境事件应急预案。"),
]  # fmt: skip


def _day(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


def seed(*, park: Organisation, operator: User) -> bool:
    """Seed the park's ESG system once; False when it already exists."""
    if m.EsgDepartment.objects.filter(organisation=park).exists():
        return False
    with transaction.atomic():
        people = _people(park, operator)
        _system(park, people, timezone.localdate())
    return True


def _people(park: Organisation, operator: User) -> dict[str, User]:
    out = {}
    # the park's admin adds its people (三员分立: the operator adds only an organisation's first admin)
    admin = User.objects.get(username=cast.username("park", Role.admin), organisation=park)
    for name, role, full, *_rest in cast.PARK_ESG_PEOPLE:
        found = User.objects.filter(username=name).first()
        out[name] = found or orgs.create_user(actor=admin, organisation=park, username=name,
                                              password=cast.DEMO_PASSWORD, role=role,
                                              full_name=full)  # fmt: skip
    return out


def _save(actor: User, obj: Any, **m2m: Any) -> Any:
    if m2m:
        setattr(obj, records.PENDING_M2M, m2m)
    return records.save(actor=actor, obj=obj)


def _move(actor: User, obj: Any, *events: str, **fields: str) -> Any:
    for event in events:
        obj = records.move(actor=actor, model=type(obj), pk=obj.pk, event=event, fields=fields,
                           note="演示")  # fmt: skip
    return obj


def _evidence(actor: User, name: str, text: str) -> Any:
    return store_evidence(actor=actor, data=text.encode("utf-8"), name=name)


def _system(park: Organisation, p: dict[str, User], today: dt.date) -> None:
    office, leader, eco, auditor = (
        p["park-office"],
        p["park-leader"],
        p["park-eco"],
        p["park-auditor"],
    )
    start = _day(today, -365)
    depts = {name: _save(office, m.EsgDepartment(name=name, kind=kind, area=area, head=head,
                                                  duties=duties))
             for name, kind, area, head, duties in DEPARTMENTS}  # fmt: skip
    members = {}
    for user, _role, full, position, group_role, dept, is_auditor in cast.PARK_ESG_PEOPLE:
        members[user] = _save(office, m.GroupMember(
            user=p[user], name=full, position=position, group_role=group_role,
            department=depts[dept], internal_auditor=is_auditor, appointed_on=start,
            duties={"leader": "配置资源，确保体系符合宗旨，主持管理评审，批准 ESG 报告。",
                    "office": "日常运行体系，维护各登记册，编制 ESG 报告。"}.get(
                        group_role, "按职责分工策划改善行动，监视和测量绩效。")))  # fmt: skip
    _context(park, office, leader, today)
    kpis = _planning(office, leader, eco, depts, today)
    _support(office, leader, depts, today)
    _operation(office, eco, depts, kpis, today)
    _audit(office, leader, eco, auditor, depts, members, today)
    _review(office, leader, members, depts, today)
    _report(office, auditor, today)


def _context(park: Organisation, office: User, leader: User, today: dt.date) -> None:
    d = _day(today, -350)
    issues = [_save(office, m.ContextIssue(kind=k, domain=dom, title=t, identified_on=d,
                                           description=desc))
              for k, dom, t, desc in (
        ("external", "environment", "国家“双碳”目标与省级能耗双控考核", "省下达的单位增加值能耗和碳排放强度下降目标。"),
        ("external", "economic_social", "新能源产业链国际竞争加剧", "动力电池、光伏组件出口面临碳足迹要求。"),
        ("external", "governance", "上级对开发区 ESG 信息公开的要求", "市政府要求国家级开发区公开 ESG 报告。"),
        ("internal", "environment", "工业用水重复利用率提升空间有限", "部分老企业循环水系统老化。"),
        ("internal", "governance", "部门间 ESG 数据口径不一", "统计、生态环境、企业服务部门数据来源分散。"),
        ("internal", "economic_social", "高技能人才供给不足", "智能装备企业技工缺口约 800 人。"),
    )]  # fmt: skip
    parties = [_save(office, m.InterestedParty(name=n, category=c, needs=needs, addressed=a,
                                               how_addressed=how, engagement=eng))
               for n, c, needs, a, how, eng in (
        ("常州市人民政府", "authority", "完成能耗双控、碳达峰任务；公开 ESG 信息。", True, "设定节能减排目标并按年报告。", "工作会议"),
        ("园区入驻企业", "enterprise", "稳定的绿电供应、高效的政务服务、公平的营商环境。", True, "绿电交易服务和“一网通办”。", "企业座谈、问卷调研"),
        ("周边社区居民", "community", "空气质量改善、噪声控制、就业机会。", True, "空气质量监测与信息公开。", "社区走访"),
        ("园区开发建设公司", "developer", "基础设施投资回报与绿色融资。", False, "", "访谈"),
        ("高校与研究机构", "research", "产学研合作与数据共享。", False, "", "调研"),
    )]  # fmt: skip
    for purpose, why in (("industry", "园区以智能装备、新能源、新材料为主导产业，处于转型升级阶段。"),
                         ("ecology", "园区位于长江流域，生态环境质量是发展前提。"),
                         ("business", "园区发展战略以绿色营商环境吸引外资企业。"),
                         ("sustainable", "对标联合国工业发展组织《工业园区国际指南》。")):  # fmt: skip
        _save(office, m.PurposeChoice(purpose=purpose, rationale=why, reviewed_on=d))
    answers = {("governance", "industry"): "出台《园区产业转型升级三年行动方案》，高技术产业产值占比提高 3 个百分点。",
               ("governance", "ecology"): "编制突发环境事件应急预案，重点企业双重预防机制全覆盖。",
               ("environment", "ecology"): "单位增加值能耗较 2021 年下降 10%。"}  # fmt: skip
    from parkesg.web.esg.models.context import EXAMPLES

    for (dom, purpose), question in EXAMPLES.items():
        answer = answers.get((dom, purpose), "")
        _save(office, m.DomainQuestion(domain=dom, purpose=purpose, question=question,
                                       answer=answer, answered_on=d if answer else None))  # fmt: skip
    boundary = _evidence(office, "园区四至边界拐点坐标.csv",
                         "拐点,经度,纬度\nJ1,119.9512,31.8903\nJ2,120.0345,31.8911\n"
                         "J3,120.0361,31.8206\nJ4,119.9498,31.8199\n")  # fmt: skip
    scope = documents.write(actor=office, kind="esc.scope", file=boundary, content={
        "east": "新龙路", "south": "沪蓉高速", "west": "德胜河", "north": "长江路", "area": "30 平方公里",
        "jurisdiction": "管委会直接管辖的 30 平方公里范围及其中的企事业单位、社区。",
        "authority": "管委会依法行使经济、规划、生态环境、安全生产等管理职能。",
        "issues": [str(i.pk) for i in issues], "needs": [str(x.pk) for x in parties if x.addressed],
    })  # fmt: skip
    policy = documents.write(actor=office, kind="esc.policy", content={
        "text": "绿色引领、创新驱动、开放包容、共建共享：以绿色低碳引领高质量发展，建设开放、包容、可持续的现代产业园区。",
        "a": "对应表1 四项宗旨，逐项写入年度目标。", "b": "以 T/ESC 表A.1 指标和园区自定指标设定 2025 年目标。",
        "c": "规划建设、招商引资、企业服务全过程开展 ESG 影响评估。",
        "d": "符合《环境保护法》《节约能源法》及江苏省、常州市相关政策。",
    })  # fmt: skip
    for doc in (scope, policy):
        LIFE_moves(doc, office, leader)
    LIFE.move(policy, "publish", user=leader)
    for direction, audience, channel in (("internal", "管委会各部门、园区平台公司", "党工委会议传达、OA 文件"),
                                          ("external", "入园企业、周边社区", "园区官网、微信公众号")):  # fmt: skip
        _save(office, m.CommunicationRecord(held_on=_day(today, -300), direction=direction,
                                            audience=audience, channel=channel, document=policy,
                                            summary="发布并解读园区 ESG 政策。"))  # fmt: skip


def LIFE_moves(doc: Any, author: User, approver: User) -> None:
    flow = flows.document_flow(doc)
    flow.move(doc, "submit", user=author)
    flow.move(doc, "approve", user=approver)


def _target(office: User, leader: User, kpi: m.Kpi, base: float, goal: float, **kw: Any) -> Any:
    t = m.KpiTarget(kpi=kpi, baseline_year=2021, baseline_period="2021 年全年", baseline=base,
                    target_year=2025, target=goal, **{**TARGET_NOTE, **kw})  # fmt: skip
    t = planning.save_target(actor=office, obj=t)
    _move(office, t, "submit")
    return _move(leader, t, "approve")


def _planning(office: User, leader: User, eco: User, depts: dict[str, Any], today: dt.date
              ) -> dict[str, m.Kpi]:  # fmt: skip
    d = _day(today, -330)
    for kind, cat, title, purpose, timing, sev, urg, with_ in (
        ("risk", "risk_targets", "单位增加值能耗下降目标无法按期达成", "ecology", "current", 4, 5, "市发改委、重点用能企业"),
        ("risk", "risk_growth", "传统机械加工产能退出带来的增长压力", "industry", "current", 3, 3, "经济发展局、行业协会"),
        ("risk", "risk_reputation", "危化品企业突发环境事件", "sustainable", "potential", 5, 3, "应急管理部门、周边社区"),
        ("risk", "risk_service", "人才公寓和国际学校供给不足", "business", "potential", 3, 2, "入园企业"),
        ("opportunity", "opp_policy", "国家绿色低碳示范园区政策支持", "ecology", "current", 4, 4, "省生态环境厅"),
        ("opportunity", "opp_cluster", "新能源产业集群带动绿色产业增加值", "industry", "current", 4, 3, "入园企业"),
        ("opportunity", "opp_brand", "国家生态工业示范园区品牌", "business", "potential", 3, 2, "上级主管部门"),
    ):  # fmt: skip
        _save(office, m.RiskOpportunity(kind=kind, category=cat, title=title, purpose=purpose,
                                        timing=timing, severity=sev, urgency=urg,
                                        measures="纳入绩效管理方案并按季度跟踪。", reviewed_on=d,
                                        reviewed_with=with_))  # fmt: skip
    a1 = table_a1()
    groups: dict[str, list[str]] = {}
    for k in a1.values():
        groups.setdefault(k.issue, []).append(k.id)
    scores = {"节能减排": (5, 5), "资源节约": (4, 4), "生态宜居": (4, 5), "绿色品牌": (3, 3),
              "基础设施": (4, 3), "经济增长": (5, 4), "科技创新": (4, 3), "社会平等": (3, 4),
              "信息公开": (3, 4), "治理机构": (3, 3), "运营管理": (4, 3), "风险防控": (5, 4)}  # fmt: skip
    kpis: dict[str, m.Kpi] = {}
    issues = {}
    for issue, ids in groups.items():
        impact, attention = scores.get(issue, (3, 3))
        ci = _save(office, m.CoreIssue(
            title=issue, domain=domain_of(a1[ids[0]]), impact=impact, attention=attention,
            purpose_fit=True, in_jurisdiction=True, in_domain=True, core=True, assessed_on=d,
            rationale="按图A.1 流程评估：对园区影响大、相关方关注高，属管辖范围和 4.6 领域。",
            achievements=f"{issue}相关指标 {len(ids)} 项较 2021 年基准多数改善，进度见关键绩效指标表。",
            measures=f"实施“{issue}”年度绩效管理方案，由责任部门按季度推进。"))  # fmt: skip
        issues[issue] = ci
        for kid in ids:
            kpis[kid] = _save(office, m.Kpi(core_issue=ci, indicator_id=kid))
    _save(office, m.CoreIssue(title="社区关系", domain="economic_social", impact=2, attention=3,
                              purpose_fit=True, in_jurisdiction=True, in_domain=True, core=False,
                              assessed_on=d, rationale="相关方关注度中等，暂不列为核心议题。"))  # fmt: skip
    goals = {**DEMO_TARGETS, **EXTRA_TARGETS}
    first = {"clean_energy_share": (66.8765, 72.0)}  # version 1, raised in version 2
    for kid, kpi in kpis.items():
        base, goal = first.get(kid, goals[kid])
        _target(office, leader, kpi, base, goal)
    _target(office, leader, kpis["clean_energy_share"], *goals["clean_energy_share"],
            change_note="省级下达 2025 年清洁能源目标上调至 75%（6.3.2 e）")  # fmt: skip
    own = _save(office, m.Kpi(core_issue=issues["信息公开"], code="P1", name="入园企业服务满意度",
                              unit="%", direction="higher"))  # fmt: skip
    for year, value in ((2021, 82.0), (2022, 85.5), (2023, 88.0)):
        _save(office, m.KpiReading(kpi=own, year=year, value=value, source="stakeholder",
                                   evidence=f"{year} 年入园企业满意度问卷汇总"))  # fmt: skip
    _target(office, leader, own, 82.0, 90.0)
    for issue, name, dept, due, state, ks in (
        ("节能减排", "重点用能企业能效提升行动", "生态环境局", 120, "running", ["energy_intensity_above_scale"]),
        ("节能减排", "屋顶分布式光伏与绿电交易", "经济发展局", -30, "evaluated", ["clean_energy_share"]),
        ("资源节约", "循环水系统改造补贴", "生态环境局", 200, "running", ["water_reuse_rate"]),
        ("信息公开", "推动重点企业发布 ESG 报告", "企业服务局", 90, "running", ["enterprises_publishing_esg"]),
        ("运营管理", "园区绿色智慧管理平台二期", "经济发展局", 300, "planned", ["smart_platform_built"]),
    ):  # fmt: skip
        prog = _save(office, m.Programme(core_issue=issues[issue], name=name, content=f"{name}：年度任务分解到季度。",
                                         department=depts[dept], owner=eco if dept == "生态环境局" else office,
                                         due=_day(today, due), evaluation_method="对照目标进度和实施台账评估。"),
                     kpis=[kpis[k] for k in ks])  # fmt: skip
        if state != "planned":
            _move(office, prog, "start")
        if state == "evaluated":
            _move(office, prog, "complete", result="新增屋顶光伏 38 MW，绿电交易 1.2 亿千瓦时。")
            _move(office, prog, "evaluate", evaluation="清洁能源消费占比由 66.9% 提高到 70.4%。")
    return kpis


def _support(office: User, leader: User, depts: dict[str, Any], today: dt.date) -> None:
    for kind, desc, amount, dept in (("funds", "ESG 专项资金（节能改造补贴、报告编制）", "600 万元/年", "经济发展局"),
                                     ("people", "ESG 办公室专职人员 3 名，各成员部门联络员 1 名", "9 人", "ESG 领导小组办公室"),
                                     ("technology", "园区 ESG 数据平台（parkesg）", "1 套", "ESG 领导小组办公室")):  # fmt: skip
        _save(office, m.EsgResource(kind=kind, description=desc, amount=amount, year=today.year,
                                    department=depts[dept], provided_by="领导小组分配"))  # fmt: skip
    sheet = _evidence(
        office, "内审员培训证书清单.csv", "姓名,证书,日期\n周敏,ESG 管理体系内审员,2025-03-12\n"
    )
    _save(office, m.Competence(function="内审员", person="周敏", department=depts["企业服务局"],
                               required="熟悉 T/ESC 001，具备审核技能", meets=True,
                               basis="参加内审员培训并取得证书", evidence_file=sheet))  # fmt: skip
    _save(office, m.Competence(function="ESG 办公室", person="李晓雯", department=depts["ESG 领导小组办公室"],
                               required="掌握 ESG 报告编制和数据管理", meets=True, basis="三年园区统计工作经历",
                               evidence_file=sheet))  # fmt: skip
    roster = _evidence(office, "培训签到表.csv", "日期,参训人数\n2025-04-18,46\n2025-06-20,120\n")
    _save(office, m.TrainingRecord(title="T/ESC 001 标准宣贯", held_on=_day(today, -280), audience="staff",
                                   participants="管委会各部门 46 人", hours=4, trainer="市标准化研究院",
                                   evidence_file=roster))  # fmt: skip
    _save(office, m.TrainingRecord(title="企业 ESG 信息披露培训", held_on=_day(today, -220), audience="parties",
                                   participants="入园企业 120 人", hours=3, trainer="ESG 领导小组办公室",
                                   evidence_file=roster))  # fmt: skip
    _save(office, m.AwarenessActivity(title="园区 ESG 开放日", held_on=_day(today, -200),
                                      audience="管委会工作人员、入园企业、社区居民", channel="现场活动与直播",
                                      importance=True, objectives=True, contribution=True,
                                      consequences=True, reached=380))  # fmt: skip
    for topic, timing, audience, channel, direction in (
        ("ESG 政策与目标", "批准后 30 日内", "管委会各部门", "OA 文件、党工委会议", "internal"),
        ("ESG 报告", "每年 6 月", "公众和相关方", "园区官网、公众号", "external"),
        ("核心议题进展", "每季度", "入园企业", "企业座谈会", "external"),
    ):  # fmt: skip
        _save(office, m.CommunicationPlan(topic=topic, timing=timing, audience=audience,
                                          channel=channel, direction=direction,
                                          department=depts["ESG 领导小组办公室"]))  # fmt: skip
    ext = _evidence(
        office, "省级绿色园区评价要求（摘录）.txt", "江苏省绿色园区评价要求（摘录，演示用）。\n"
    )
    documents.add_external(actor=office, doc=Document(
        number="SU-GP-2023", title="江苏省绿色园区评价要求", issued_on=dt.date(2023, 5, 1),
        medium="电子文档", retention_until=_day(today, 3650), file=ext))  # fmt: skip


def _operation(
    office: User, eco: User, depts: dict[str, Any], kpis: dict[str, m.Kpi], today: dt.date
) -> None:
    for kind, item, verdict, ks, dept in (
        ("strategy", "园区“十四五”发展战略中期评估", "helps", ["gdp_per_land_area", "high_tech_output_share"], "经济发展局"),
        ("plan", "新能源产业专项规划", "helps", ["green_industry_share"], "经济发展局"),
        ("project", "老旧厂区改造项目", "neutral", ["green_building_share"], "规划建设局"),
        ("service", "企业环保管家服务", "helps", ["solid_waste_utilization_rate"], "生态环境局"),
    ):  # fmt: skip
        _save(office, m.OperationCheck(item_kind=kind, item=item, checked_on=_day(today, -150),
                                       department=depts[dept], verdict=verdict,
                                       finding="对照相关核心议题的绩效指标评价。"),
              kpis=[kpis[k] for k in ks], core_issues=[kpis[ks[0]].core_issue])  # fmt: skip
    for subject, scope, k, source, dept in (
        ("能耗和碳排放强度", "system", "energy_intensity_above_scale", "park_statistics", "生态环境局"),
        ("空气质量优良天数", "system", "air_good_days_share", "official", "生态环境局"),
        ("重点企业排污许可执行情况", "supervision", None, "official", "生态环境局"),
        ("入园企业满意度", "system", None, "stakeholder", "企业服务局"),
    ):  # fmt: skip
        _save(office, m.MonitoringItem(subject=subject, scope=scope, kpi=kpis.get(k or ""),
                                       method="平台计算并对照基准值、目标值分析。", timing="每年一次（次年 3 月）",
                                       analysis="领导小组办公室每年 4 月分析，报管理评审", source=source,
                                       department=depts[dept]))  # fmt: skip
    _save(office, m.SatisfactionSurvey(surveyed_on=_day(today, -120), method="线上问卷",
                                       respondents=214, score=88.0, summary="对政务服务效率满意度最高。",
                                       party=m.InterestedParty.objects.filter(name="园区入驻企业").first()))  # fmt: skip
    for unit in Organisation.objects.filter(park=office.organisation)[:2]:
        _save(office, m.SupervisedUnitCheck(unit=unit, requirement="排污许可、环境信息依法披露",
                                            checked_on=_day(today, -100), verdict="conform"))  # fmt: skip


def _audit(office: User, leader: User, eco: User, auditor: User, depts: dict[str, Any],
           members: dict[str, Any], today: dt.date) -> None:  # fmt: skip
    prog = _save(office, m.AuditProgramme(
        year=today.year, frequency="每年一次，覆盖全部成员部门", methods="文件审查、现场访谈、数据抽样",
        responsibilities="ESG 领导小组办公室策划，内审员实施，组长批准报告",
        criteria="T/ESC 001—2024 及园区 ESG 政策", scope="ESG 管理体系第 4–10 章",
        importance="首次审核，重点审核节能减排相关部门和数据质量", reporting="书面审核报告报领导小组"))  # fmt: skip
    audit = _save(office, m.InternalAudit(programme=prog, title="生态环境局 ESG 管理体系内部审核",
                                          planned_on=_day(today, -75), criteria="T/ESC 001—2024 7.2、8.1、9.1",
                                          scope="生态环境局承担的节能减排、生态宜居议题"),
                  departments=[depts["生态环境局"]], auditors=[members["park-auditor"]])  # fmt: skip
    _move(auditor, audit, "start")
    improvement.save_finding(actor=auditor, obj=m.AuditFinding(
        audit=audit, grade="minor", clause="7.2 d)", department=depts["生态环境局"],
        description="生态环境局 3 名 ESG 联络员的培训记录未保留能力证据",
        evidence="抽查培训档案，仅有签到表，无考核或证书"))  # fmt: skip
    improvement.save_finding(actor=auditor, obj=m.AuditFinding(
        audit=audit, grade="observation", clause="9.1.1", department=depts["生态环境局"],
        description="空气质量监测数据的分析时机未写入监视计划", evidence="监视计划第 2 项"))  # fmt: skip
    _move(
        auditor, audit, "report", report="审核发现一般不符合 1 项、观察项 1 项；体系总体运行有效。"
    )
    _move(leader, audit, "close")
    nc = m.Nonconformity.objects.get(finding__audit=audit)
    _move(eco, nc, "analyse", cause="培训管理制度未规定保留考核记录，联络员变动后档案未交接。")
    nc.correction = "补齐 3 名联络员的培训考核记录。"
    records.save(actor=eco, obj=nc)
    improvement.save_action(actor=eco, obj=m.CorrectiveAction(
        nonconformity=nc, description="修订部门培训管理制度，规定培训后考核并存档证书",
        owner=eco, department=depts["生态环境局"], due=_day(today, 20)))  # fmt: skip
    _move(eco, nc, "plan")


def _review(
    office: User, leader: User, members: dict[str, Any], depts: dict[str, Any], today: dt.date
) -> None:
    review = _save(office, m.ManagementReview(title=f"{today.year} 年度 ESG 管理评审", held_on=_day(today, -20),
                                              chair=members["park-leader"],
                                              attendees="领导小组全体成员、各成员部门负责人",
                                              **prefill(office.organisation)))  # fmt: skip
    _move(office, review, "hold")
    _move(leader, review, "close", directions="巩固节能减排成效，补强数据质量和能力记录。",
          decisions="将清洁能源目标上调至 75%；建立部门培训考核存档制度；下一年度审核覆盖全部成员部门。")  # fmt: skip
    for title, kind, dept in (("建立部门培训考核存档制度", "system", "人力资源和社会保障局"),
                              ("下一年度内部审核覆盖全部成员部门", "system", "ESG 领导小组办公室")):  # fmt: skip
        _save(office, m.ImprovementItem(review=review, kind=kind, title=title, content=title,
                                        department=depts[dept], due=_day(today, 180)))  # fmt: skip


def _report(office: User, auditor: User, today: dt.date) -> None:
    report = _save(office, m.EsgReport(
        title="江南示范经济技术开发区 2023 年度 ESG 报告", year=2023,
        period="2023年1月1日—2023年12月31日", publication="园区管委会官方网站、微信公众号，并报送市生态环境局",
        history="园区 1992 年设立，2011 年升级为国家级经济技术开发区，2018 年完成总体规划修编。",
        honours="国家生态工业示范园区（2019）、江苏省绿色园区（2021）。",
        outlook="园区多数关键绩效指标较 2021 年基准改善；下一年度重点推进碳排放强度下降和空气质量改善。"))  # fmt: skip
    report = reports.generate(actor=office, report_id=report.pk)
    _move(office, report, "submit")
    _move(
        auditor,
        report,
        "review",
        audit_opinion="报告内容符合 9.1.3 a)–g)，数据与平台计算结果一致，同意报批。",
    )
