"""The ESG management system's vocabularies (T/ESC 001—2024), each a table of value, Chinese
and English label: ``enum`` registers it with ``core.vocab`` (pages, exports and forms show
the reader's language) and returns the model field's choices (Chinese labels)."""

from __future__ import annotations

from parkesg.web.core import vocab

Rows = list[tuple[str, str, str]]


def enum(name: str, rows: Rows) -> list[tuple[str, str]]:
    """Register vocabulary ``name``; the model field's choices (value, Chinese label)."""
    vocab.register(name, {v: (zh, en) for v, zh, en in rows})
    return [(v, zh) for v, zh, _en in rows]


def values(choices: list[tuple[str, str]]) -> list[str]:
    return [v for v, _l in choices]


# 1 (low) … 5 (high): severity, urgency (6.1), impact and stakeholder attention (6.2)
SCALE = [
    (n, zh)
    for n, (zh, _en) in enumerate(
        [
            ("很低", "very low"),
            ("低", "low"),
            ("中", "medium"),
            ("高", "high"),
            ("很高", "very high"),
        ],
        start=1,
    )
]
vocab.register("esg_scale", {str(n): (f"{n} {zh}", f"{n} {en}") for n, (zh, en) in enumerate(
    [("很低", "very low"), ("低", "low"), ("中", "medium"), ("高", "high"), ("很高", "very high")],
    start=1)})  # fmt: skip
# 4.6 领域 (also the dimension of a core issue)
DOMAIN = enum("esg_domain", [
    ("environment", "环境", "environment"),
    ("economic_social", "经济社会", "economy and society"),
    ("governance", "产业园区治理", "park governance"),
])  # fmt: skip
# 4.5 表1 宗旨
PURPOSE = enum("esg_purpose", [
    ("industry", "促进产业高质量发展", "high-quality industrial development"),
    ("ecology", "提升生态环境质量", "better ecological environment"),
    ("business", "改善绿色营商环境", "greener business environment"),
    ("sustainable", "实现可持续发展", "sustainable development"),
])  # fmt: skip
ISSUE_KIND = enum("esg_issue_kind", [
    ("external", "外部问题", "external issue"), ("internal", "内部问题", "internal issue"),
])  # fmt: skip
# A.4 相关方
PARTY_CATEGORY = enum("esg_party_category", [
    ("authority", "上级行政管理部门", "higher administrative authority"),
    ("developer", "平台开发公司", "park development company"),
    ("operator", "专业领域运营管理单位", "operator of a park service"),
    ("enterprise", "企事业单位", "enterprises and institutions"),
    ("community", "社区和居民", "communities and residents"),
    ("npo", "非营利性组织", "non-profit organisation"),
    ("research", "研究机构", "research institution"),
    ("other_party", "其他相关方", "other interested party"),
])  # fmt: skip
# 5.1 领导小组办公室和成员部门
DEPT_KIND = enum("esg_dept_kind", [
    ("office", "领导小组办公室", "leading group office"),
    ("member", "成员部门", "member department"),
    ("other_dept", "其他部门", "other department"),
])  # fmt: skip
DEPT_AREA = enum("esg_dept_area", [
    ("economy", "经济发展", "economic development"),
    ("ecology_env", "生态环境", "ecology and environment"),
    ("hr", "人力资源和社会保障", "human resources and social security"),
    ("service", "企业服务", "enterprise services"),
    ("housing", "住房和城乡建设", "housing and construction"),
    ("emergency", "应急管理", "emergency management"),
    ("other_area", "其他", "other"),
])  # fmt: skip
REQUIRED_AREAS = ("economy", "ecology_env", "hr", "service", "housing", "emergency")  # 5.1
POSITION = enum("esg_position", [
    ("director", "管委会主任", "director of the park committee"),
    ("operator_head", "运营机构最高管理者", "top manager of the park operator"),
    ("deputy_director", "管委会副主任", "deputy director"),
    ("dept_head", "部门负责人", "head of department"),
    ("staff", "工作人员", "staff member"),
])  # fmt: skip
LEADER_POSITIONS = ("director", "operator_head")  # 5.1: 组长由管委会主任或运营机构最高管理者担任
GROUP_ROLE = enum("esg_group_role", [
    ("leader", "组长", "leader"), ("deputy", "副组长", "deputy leader"),
    ("office", "办公室成员", "office member"), ("member", "小组成员", "group member"),
])  # fmt: skip
# 6.1 and A.6.1
RO_KIND = enum("esg_ro_kind", [("risk", "风险", "risk"), ("opportunity", "机遇", "opportunity")])
RO_CATEGORY = enum("esg_ro_category", [
    ("risk_targets", "风险 a) 节能减排等目标无法达成", "risk a) energy and emission targets missed"),
    ("risk_growth", "风险 b) 产业结构转型带来的经济增长压力", "risk b) growth pressure from restructuring"),
    ("risk_climate", "风险 c) 生态环境破坏引起的气候变化", "risk c) climate change from ecological damage"),
    ("risk_service", "风险 d) 教育、科技、社会等服务不能满足投资方要求", "risk d) services short of investors' needs"),
    ("risk_reputation", "风险 e) 重大事故、突发事件、营商环境恶化等声誉风险", "risk e) reputational risk"),
    ("opp_policy", "机遇 a) 国家和地方政府的政策支持", "opportunity a) government policy support"),
    ("opp_cluster", "机遇 b) 产业集群对经济增长的带动作用", "opportunity b) industrial clusters driving growth"),
    ("opp_talent", "机遇 c) 高端人才等科技创新影响", "opportunity c) talent and innovation"),
    ("opp_opening", "机遇 d) 对外开放平台对招商引资的吸引力", "opportunity d) opening-up attracting investment"),
    ("opp_brand", "机遇 e) 产业园区品牌、试点等影响力", "opportunity e) brand and pilot status"),
    ("ro_other", "其他", "other"),
])  # fmt: skip
RO_TIMING = enum("esg_ro_timing", [
    ("current", "正在影响", "affecting now"), ("potential", "潜在影响", "potential"),
])  # fmt: skip
DIRECTION = enum("esg_direction", [
    ("higher", "越大越好", "higher is better"), ("lower", "越小越好", "lower is better"),
])  # fmt: skip
KPI_NATURE = enum("esg_kpi_nature", [
    ("quantitative", "定量", "quantitative"), ("yesno", "是/否", "yes or no"),
])  # fmt: skip
TARGET_STATE = enum("esg_target_state", [
    ("draft", "草稿", "draft"), ("submitted", "待批准", "awaiting approval"),
    ("approved", "现行", "in force"), ("superseded", "已被新版本取代", "superseded"),
])  # fmt: skip
PROGRAMME_STATE = enum("esg_programme_state", [
    ("planned", "计划中", "planned"), ("running", "实施中", "in progress"),
    ("done", "已完成", "completed"), ("evaluated", "已评估效果", "effect evaluated"),
    ("cancelled", "已取消", "cancelled"),
])  # fmt: skip
# 7.1 and A.7.1
RESOURCE_KIND = enum("esg_resource_kind", [
    ("funds", "资金", "funds"), ("people", "人力", "people"), ("technology", "技术", "technology"),
    ("operations", "运营资源", "operational resources"), ("policy", "政策", "policy"),
    ("channel", "渠道与平台", "channels and platforms"), ("infrastructure", "基础设施", "infrastructure"),
])  # fmt: skip
AUDIENCE = enum("esg_audience", [
    ("staff", "为组织工作的人员（7.2 b）", "people working for the organisation (7.2 b)"),
    ("parties", "相关方（7.2 c）", "interested parties (7.2 c)"),
])  # fmt: skip
DIRECTION_IO = enum("esg_comm_direction", [
    ("internal", "内部交流", "internal"), ("external", "外部交流", "external"),
])  # fmt: skip
# 8.2
ITEM_KIND = enum("esg_item_kind", [
    ("strategy", "发展战略", "development strategy"), ("plan", "产业规划", "industrial plan"),
    ("project", "社会民生项目", "social project"), ("service", "公共服务", "public service"),
    ("programme", "绩效管理方案", "performance programme"),
    ("action_plan", "部门行动和计划", "departmental actions and plans"),
])  # fmt: skip
VERDICT = enum("esg_verdict", [
    ("helps", "有助于改善", "helps"), ("neutral", "无明显影响", "no clear effect"),
    ("hinders", "不利于改善", "works against"),
])  # fmt: skip
MONITOR_SCOPE = enum("esg_monitor_scope", [
    ("system", "管理体系内容", "management system"),
    ("supervision", "作为管理机构需要监管的内容", "supervised as the park authority"),
])  # fmt: skip
CONFORMITY = enum("esg_unit_conformity", [
    ("conform", "符合", "conforms"), ("partial", "部分符合", "partly conforms"),
    ("nonconform", "不符合", "does not conform"),
])  # fmt: skip
REPORT_KIND = enum("esg_report_kind", [
    ("annual", "年度 ESG 报告", "annual ESG report"),
    ("single", "核心议题专项披露", "single-issue disclosure"),
])  # fmt: skip
REPORT_STATE = enum("esg_report_state", [
    ("draft", "编制中", "being prepared"), ("audit", "内部审核评审中", "under internal-audit review"),
    ("audited", "已评审，待批准", "reviewed, awaiting approval"),
    ("approved", "已批准", "approved"), ("published", "已发布", "published"),
])  # fmt: skip
AUDIT_STATE = enum("esg_audit_state", [
    ("planned", "已策划", "planned"), ("fieldwork", "实施中", "in progress"),
    ("reported", "已报告", "reported"), ("closed", "已关闭", "closed"),
])  # fmt: skip
GRADE = enum("esg_finding_grade", [
    ("major", "严重不符合", "major nonconformity"), ("minor", "一般不符合", "minor nonconformity"),
    ("observation", "观察项", "observation"),
])  # fmt: skip
NC_GRADES = ("major", "minor")
REVIEW_STATE = enum("esg_review_state", [
    ("planned", "已安排", "scheduled"), ("held", "已召开", "held"),
    ("closed", "已批准结论", "conclusions approved"),
])  # fmt: skip
NC_SOURCE = enum("esg_nc_source", [
    ("operation", "运行控制", "operational control"), ("audit", "内部审核", "internal audit"),
    ("review", "管理评审", "management review"), ("monitoring", "监视和测量", "monitoring"),
])  # fmt: skip
NC_STATE = enum("esg_nc_state", [
    ("open", "待分析原因", "awaiting cause analysis"), ("analysed", "已分析原因", "cause analysed"),
    ("actioned", "纠正中", "being corrected"), ("verifying", "待验证", "awaiting verification"),
    ("closed", "已关闭", "closed"),
])  # fmt: skip
ACTION_STATE = enum("esg_action_state", [
    ("planned", "待实施", "to do"), ("done", "已完成，待验证", "done, to verify"),
    ("effective", "已验证有效", "verified effective"),
])  # fmt: skip
IMPROVEMENT_KIND = enum("esg_improvement_kind", [
    ("same_issue", "同一议题持续改进", "same issue"), ("new_issue", "增加新的议题", "new issue"),
    ("system", "管理体系改进", "management system"),
])  # fmt: skip
IMPROVEMENT_STATE = enum("esg_improvement_state", [
    ("todo", "未开始", "not started"), ("ongoing", "进行中", "ongoing"),
    ("completed", "已完成", "completed"),
])  # fmt: skip
# the KPI dashboard's status of a KPI (``services.dashboard``; not a model field)
KPI_STATUS = vocab.register("esg_kpi_status", {
    "on_track": ("达标进度", "on track"), "at_risk": ("存在风险", "at risk"),
    "off_track": ("偏离目标", "off track"), "no_target": ("未设目标", "no target"),
    "no_data": ("无数据", "no data"),
})  # fmt: skip
