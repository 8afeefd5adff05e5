"""Demo engagements for the demo park: what a consultant would record beside the data.

Fictitious people and organisations. The Beijing team is compliant with the guide's team
rules (三（二）): 6 members, 3 senior titles, one park staff member.
"""

from __future__ import annotations

from parkesg.demo.park import demo_park_profile
from parkesg.engagement import (
    AuditFocus,
    Conclusion,
    ContinuingStep,
    CoreIssue,
    Engagement,
    EngagementKind,
    Finding,
    Option,
    PlanStep,
    Profile,
    RatingProfile,
    Target,
    TeamMember,
)
from parkesg.stored import Confirmation

PROVIDER = "苏南绿色发展咨询有限公司"
# the demo rating organisation's committee confirms the weights and score maps it rates with
# (T/JDFA01 4.4, 6.5 d), so that the demo rating may carry a certificate
DEMO_CONFIRMATION = Confirmation(
    by="周明远（评价委员会主任）", date="2025-06-20", items=("weights", "indicators"),
    organisation="江苏示范 ESG 评价有限公司评价委员会",
)  # fmt: skip


def _profile(kind: EngagementKind) -> Profile:
    park = demo_park_profile()
    return Profile(
        park_name=park["name"],
        managing_body=f"{park['name']}管理委员会",
        park_level="国家级",
        region=park["region"],
        provider_name=PROVIDER,
        provider_address="江苏省常州市新北区示范路 88 号",
        provider_legal_rep="周明远",
        provider_legal_phone="0519-8000 0001",
        provider_contact="陈晓",
        provider_contact_phone="0519-8000 0002",
        project_leader="王建国",
        project_leader_phone="0519-8100 0001",
        park_contact="李静",
        park_contact_phone="0519-8100 0002",
        email="green@example.cn",
        report_author="陈晓",
        report_author_phone="0519-8000 0002",
        report_reviewer="刘海峰",
        report_reviewer_phone="0519-8000 0003",
        report_stage="送审稿",
        report_month="2024-04",
        onsite_start="2024-03-04",
        onsite_end="2024-03-08",
        report_submitted="2024-04-10",
        report_meeting="2024-04-18",
        third_party_evaluation=False,
        scope=f"{park['name']}批复范围 {park['area_km2']:g} 平方公里，含公共部分和全部规模以上工业企业。",
        preface=(
            "为落实国家和江苏省关于推行工业园区清洁生产审核的要求，园区管委会于 2023 年 12 月"
            "启动本轮清洁生产审核，委托技术服务单位协助开展现状调查、清洁生产评价、重点审核和"
            "方案筛选等工作。"
            if kind is EngagementKind.cppc
            else "受园区委托，服务商依据《北京市工业园区绿色诊断工作指南》对园区开展通用基础诊断，"
            "诊断范围覆盖园区全部批复范围，诊断准则为指南附件2-1-1、2-1-2。"
        ),
        background="园区以智能装备制造、新能源和新材料为主导产业，是国家级经济技术开发区。",
        leadership="管委会主任任审核领导小组组长，召开启动会 1 次、企业座谈会 3 次，落实专项经费。",
        training="组织清洁生产培训 4 场、覆盖企业 62 家，印发宣传手册 500 册。",
        survey="园区 2023 年生产总值 740 亿元、工业增加值 453 亿元、综合能耗 163.1 万吨标准煤。",
        process="资料审核 5 个工作日；现场诊断 2024 年 3 月 4 日至 8 日，共 5 个工作日；报告经内部技术复核。",
        measures="园区已出台绿色低碳发展三年行动计划，建成分布式光伏 180 MW，完成污水处理厂提标改造。",
    )


_TEAM = [
    TeamMember(name="王建国", team_role="组长", department_post="园区管委会 副主任", organisation="园区管委会",
               title="高级工程师", speciality="环境工程", duties="统筹协调，审定方案",
               time_committed="全程", member_type="园区工作人员", green_projects=True),
    TeamMember(name="陈晓", team_role="技术负责人", department_post="项目经理", organisation=PROVIDER,
               title="高级工程师", speciality="清洁生产", duties="技术把关，报告编制",
               time_committed="60 天", member_type="专家成员", green_projects=True),
    TeamMember(name="刘海峰", team_role="成员", department_post="总工程师", organisation=PROVIDER,
               title="正高级工程师", speciality="能源管理", duties="能源与碳排放诊断",
               time_committed="30 天", member_type="专家成员", green_projects=True),
    TeamMember(name="赵敏", team_role="成员", department_post="工程师", organisation=PROVIDER,
               title="工程师", speciality="水处理", duties="水资源与污水设施核查",
               time_committed="30 天", member_type="专家成员", green_projects=False),
    TeamMember(name="孙磊", team_role="成员", department_post="工程师", organisation=PROVIDER,
               title="工程师", speciality="生命周期评价", duties="数据收集与指标计算",
               time_committed="45 天", member_type="专家成员", green_projects=False),
    TeamMember(name="李静", team_role="成员", department_post="财务处 科长", organisation="园区管委会",
               title="会计师", speciality="财务管理", duties="方案投资与效益核算",
               time_committed="20 天", member_type="园区工作人员", green_projects=False),
]  # fmt: skip

# T/CPPC 5.1.2: a leadership group and the audit team, with two members of each key enterprise
# in scope, one from its finance department (5.1.2 (2)).
_CPPC_TEAM = [
    TeamMember(name="张立新", team_role="组长", group="领导小组", organisation="园区管委会",
               department_post="园区管委会 主任", duties="审核工作总负责，协调人、财、物保障"),
    TeamMember(name="王建国", team_role="副组长", group="领导小组", organisation="园区管委会",
               department_post="园区管委会 副主任", duties="组织实施审核，审定审核重点与方案"),
    TeamMember(name="周红", team_role="成员", group="领导小组", organisation="园区管委会",
               department_post="生态环境分局 局长", duties="环境管理制度与监督"),
    *(m.model_copy(update={"group": "审核小组"}) for m in _TEAM),
    TeamMember(name="吴刚", team_role="成员", group="审核小组", organisation="江南锂电材料有限公司",
               enterprise=True, department_post="生产部 经理", title="高级工程师",
               speciality="化学工程", duties="企业层面审核重点与方案", time_committed="30 天"),
    TeamMember(name="郑丽", team_role="成员", group="审核小组", organisation="江南锂电材料有限公司",
               enterprise=True, department_post="财务部 主管", finance=True, title="会计师",
               speciality="财务管理", duties="企业方案投资与效益核算", time_committed="10 天"),
    TeamMember(name="冯涛", team_role="成员", group="审核小组", organisation="常州精工装备有限公司",
               enterprise=True, department_post="设备部 经理", title="工程师",
               speciality="机械工程", duties="企业层面审核重点与方案", time_committed="30 天"),
    TeamMember(name="何敏", team_role="成员", group="审核小组", organisation="常州精工装备有限公司",
               enterprise=True, department_post="财务部 会计", finance=True, title="会计师",
               speciality="财务管理", duties="企业方案投资与效益核算", time_committed="10 天"),
]  # fmt: skip

_PLAN = [
    PlanStep(stage="筹划和组织", action="召开启动会", content="组建审核小组，制定工作计划，宣传培训",
             due="2023-12", owner="王建国", departments="管委会各处室", participants="张立新、李静",
             output="工作计划、培训记录"),
    PlanStep(stage="初步审核", action="现状调查与评价", content="收集三年数据，计算评价指标，确定审核重点",
             due="2024-01", owner="陈晓", departments="经发处、生态环境分局", participants="孙磊、周红",
             output="评价结果、审核重点"),
    PlanStep(stage="重点审核", action="问题诊断", content="分析审核重点现状、问题与原因",
             due="2024-02", owner="刘海峰", departments="重点企业", participants="赵敏、吴刚、冯涛",
             output="问题清单"),
    PlanStep(stage="方案产生和筛选", action="方案征集与筛选", content="汇总并筛选清洁生产方案",
             due="2024-03", owner="陈晓", departments="重点企业、财务处", participants="李静、郑丽、何敏",
             output="方案汇总表"),
    PlanStep(stage="结论和建议", action="编制报告", content="总结成效，提出持续清洁生产计划",
             due="2024-04", owner="陈晓", departments="管委会", participants="王建国、刘海峰",
             output="审核报告"),
]  # fmt: skip

_FOCUS = [
    AuditFocus(level="园区层面", focus="资源再生利用产业培育", basis="指标 4 未达一般水平（附件1）",
               status="再生资源回收体系尚未覆盖全部企业"),
    AuditFocus(level="行业层面", focus="动力电池行业能耗与固废", basis="行业能耗占园区 28%",
               status="正极材料工序能耗偏高"),
    AuditFocus(level="企业层面", focus="三家重点用能企业", basis="综合能耗合计占园区 21%",
               status="余热回收率低于行业先进水平"),
]  # fmt: skip

_TARGETS = [
    Target(indicator="4", near=5.0, mid=7.0, long=10.0),
    Target(indicator="5", near=94.0, mid=95.0, long=97.0),
    Target(indicator="余热资源回收利用率", unit="%", current=60.5, near=65.0, mid=70.0, long=75.0),
]

_OPTIONS = [
    Option(name="园区再生资源集中回收中心", level="园区层面", implementer="园区城投公司",
           summary="建设再生资源分拣中心，覆盖全部规上企业", investment=3200, fixed_investment=2800,
           environmental_benefit="年增回收再生资源 2 万吨", economic_benefit="年收益 600 万元",
           timing="2024—2025 年", status="拟实施"),
    Option(name="电池正极材料窑炉余热回收", level="行业层面", implementer="江南锂电材料有限公司",
           summary="回收窑炉烟气余热用于前驱体干燥", investment=860, fixed_investment=800,
           environmental_benefit="年节能 4,500 tce", economic_benefit="年节约 420 万元",
           timing="2024 年", status="实施中"),
    Option(name="空压机群控节能改造", level="企业层面", implementer="常州精工装备有限公司",
           summary="空压站群控与变频改造", investment=120, fixed_investment=110,
           environmental_benefit="年节电 90 万 kWh", economic_benefit="年节约 65 万元",
           timing="2023 年", status="已实施"),
]  # fmt: skip

_FINDINGS = [
    Finding(level="园区层面", aspect="资源利用", finding="资源再生利用产业规模小",
            cause="缺少集中回收与分拣设施，企业各自委托处置"),
    Finding(level="行业层面", aspect="能源利用", finding="动力电池材料行业单位产品能耗偏高",
            cause="窑炉余热未回收，部分设备能效等级低"),
]  # fmt: skip

# what the team writes: the highlights, causes and advice a person must give (the report
# states the evaluation's own results beside them, generated from the numbers)
_CONCLUSIONS = [
    Conclusion(
        kind="工作亮点",
        content="园区建成分布式光伏 180 MW，可再生能源使用比例逐年提高。",
    ),
    Conclusion(kind="存在问题", content="再生资源回收体系不完善，重点行业余热利用不足。"),
    Conclusion(
        kind="建议",
        content="建设再生资源集中回收中心，推动重点用能企业余热回收，建立能源监测平台。",
    ),
]
_BEIJING_CONCLUSIONS = [
    Conclusion(
        kind="工作亮点",
        content="园区近三年建成分布式光伏 180 MW，完成污水处理厂提标改造，绿色低碳发展基础较好。",
    ),
    Conclusion(kind="存在问题", content="资源循环利用与园区绿色信息化平台建设相对薄弱。"),
    Conclusion(
        kind="建议",
        content="建设再生资源集中回收中心和园区能源监测管理平台，推动重点用能企业余热回收利用。",
    ),
]

_CONTINUING = [
    ContinuingStep(item="完善组织机制", content="设立清洁生产工作专班，纳入园区年度考核", time="2024 年",
                   department="管委会办公室"),
    ContinuingStep(item="落实清洁生产方案", content="推进 2 项拟实施方案", time="2024—2025 年",
                   department="经济发展处"),
    ContinuingStep(item="下一轮审核", content="筹划第二轮园区清洁生产审核", time="2027 年",
                   department="生态环境分局"),
]  # fmt: skip


_ESC_PROFILE = {
    "report_period": "2023年1月1日—2023年12月31日",
    "publication": "园区管委会官方网站、微信公众号，并报送市生态环境局",
    "history": "园区 1992 年设立，2011 年升级为国家级经济技术开发区，2018 年完成总体规划修编。",
    "honours": "国家生态工业示范园区（2019）、江苏省绿色园区（2021）。",
    "mission": "以绿色低碳引领高质量发展，建设开放、包容、可持续的现代产业园区。",
    "esg_organisation": "园区 ESG 工作领导小组（管委会主任任组长），办公室设在经济发展处，各处室设 ESG 联络员。",
}
_CORE_ISSUES = [
    CoreIssue(issue="应对气候变化", dimension="环境", achievements="可再生能源使用比例三年提高 3.3 个百分点",
              measures="分布式光伏、绿电交易、重点企业余热回收"),
    CoreIssue(issue="员工健康与安全", dimension="社会", achievements="全年未发生较大及以上安全事故",
              measures="危化品企业双重预防机制全覆盖"),
    CoreIssue(issue="合规与透明", dimension="治理", achievements="重点企业环境信息依法披露率 100%",
              measures="建立园区 ESG 信息平台"),
]  # fmt: skip
_ESC_OUTLOOK = [
    Conclusion(
        kind="结论", content="园区多数关键绩效指标较基准年改善，清洁能源和水资源指标进展较快。"
    ),
    Conclusion(kind="建议", content="下一年度重点推进碳排放强度下降和再生资源回收体系建设。"),
]

_RATING_OPINION = [
    Conclusion(
        kind="建议", content="建议开展碳排放核算并设定减排目标，提升清洁生产审核方案实施率。"
    ),
]


def _rating(enterprise_name: str) -> RatingProfile:
    return RatingProfile(
        enterprise_name=enterprise_name or "示范企业",
        credit_code="91320000MA00000000",
        rating_org="江苏示范 ESG 评价有限公司",
        evaluators="周明远、陈晓",
        rating_type="书面评价",
        rating_date="2025-06-30",
        certificate_no="JDFA-ESG-2025-0001",
        valid_until="2026-06-29",
        sources="企业清洁生产审核验收报告（2024）、企业 2024 年度环境信息依法披露报告、信用中国公开记录。",
        purpose="为金融机构绿色信贷提供参考，评价企业 2024 年度的环境、社会、治理绩效；范围为企业"
        "法人主体；准则为 T/JDFA01—2025 附录A 指标体系与附录B 等级划分。",
        plan="2025 年 6 月收集资料并核实数据来源，6 月下旬完成评分与复核，6 月 30 日出具评价结论。",
        publication="江苏示范 ESG 评价有限公司官方网站、微信公众号",
        objection="受评企业自结果公布之日起 15 个工作日内，可向评价机构书面提出异议申请（联系人：陈晓，"
        "0519-8000 0002）。",
    )


def demo_engagement(kind: EngagementKind | str, *, enterprise_name: str = "") -> Engagement:
    """The demo park's engagement of ``kind`` (T/CPPC audit or Beijing diagnosis), or for
    ``jdfa`` the rating of one demo enterprise (give its name as in the data)."""
    kind = EngagementKind(kind)
    if kind is EngagementKind.jdfa:
        return Engagement(kind=kind, profile=_rating(enterprise_name), conclusions=_RATING_OPINION)
    if kind is EngagementKind.esc:
        profile = _profile(kind).model_copy(update=_ESC_PROFILE)
        return Engagement(kind=kind, profile=profile, core_issues=_CORE_ISSUES,
                          conclusions=_ESC_OUTLOOK)  # fmt: skip
    cppc = kind is EngagementKind.cppc
    return Engagement(
        kind=kind,
        profile=_profile(kind),
        team=_CPPC_TEAM if cppc else _TEAM,
        plan=_PLAN,
        focus=_FOCUS if cppc else [],
        targets=_TARGETS if cppc else [],
        options=_OPTIONS,
        findings=_FINDINGS,
        conclusions=_CONCLUSIONS if cppc else _BEIJING_CONCLUSIONS,
        continuing=_CONTINUING if cppc else [],
    )
