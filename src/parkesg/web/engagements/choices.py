"""The engagements' vocabularies — kinds, stages, levels, analyses, sources, decisions,
title grades — as Django choices, each registered in ``core.vocab`` with its Chinese and
English label (pages show the current language's; nothing reads meaning back from them).

Sources: T/CPPC 4.5, 5.1–5.5, 5.2.3, 5.3.2, 5.4.1, 5.4.2, 附件2 1.1; 北京市工业园区绿色诊断工作指南
三（一）–（五）, 四（三）, 附件2-1-3, 2-4; GB/T 8563（专业技术职务的等级：正高级、副高级、中级、初级）.
"""

from __future__ import annotations

from django.db import models

from parkesg.web.core import vocab


def _register(name: str, choices: type[models.TextChoices], en: dict[str, str]) -> None:
    vocab.register(name, {c.value: (str(c.label), en[c.value]) for c in choices})


class Kind(models.TextChoices):
    cppc = "cppc", "T/CPPC 工业园区清洁生产审核"
    beijing = "beijing", "北京市工业园区绿色诊断"


class State(models.TextChoices):
    """Stages of both kinds; a stage ``x`` is followed by ``x_ready`` (submitted for the
    lead's sign-off) — ``flows`` holds the transitions."""

    s51 = "s51", "5.1 筹划和组织"
    s51_ready = "s51_ready", "5.1 待签核"
    s52 = "s52", "5.2 初步审核"
    s52_ready = "s52_ready", "5.2 待签核"
    s53 = "s53", "5.3 重点审核"
    s53_ready = "s53_ready", "5.3 待签核"
    s54 = "s54", "5.4 方案产生和筛选"
    s54_ready = "s54_ready", "5.4 待签核"
    s55 = "s55", "5.5 结论和建议"
    s55_ready = "s55_ready", "5.5 待签核"
    report = "report", "审核报告（送审稿→修改稿→最终稿）"
    done = "done", "审核完成（园区已确认最终稿）"
    boundary = "boundary", "明确诊断任务"
    boundary_ready = "boundary_ready", "诊断任务待签核"
    prep = "prep", "前期准备"
    prep_ready = "prep_ready", "前期准备待签核"
    onsite = "onsite", "诊断实施"
    onsite_ready = "onsite_ready", "诊断实施待签核"
    drafting = "drafting", "报告编制"
    drafting_ready = "drafting_ready", "报告编制待签核"
    feedback = "feedback", "向园区反馈（确认单、满意度评价）"
    confirmed = "confirmed", "园区已确认"
    submitted = "submitted", "已报送区级主管部门"
    followup = "followup", "后续跟踪（一年）"
    followup_ready = "followup_ready", "跟踪反馈待签核"
    closed = "closed", "已结束"


STATE_EN = {
    "s51": "5.1 planning and organisation", "s51_ready": "5.1 awaiting sign-off",
    "s52": "5.2 preliminary audit", "s52_ready": "5.2 awaiting sign-off",
    "s53": "5.3 focused audit", "s53_ready": "5.3 awaiting sign-off",
    "s54": "5.4 options and screening", "s54_ready": "5.4 awaiting sign-off",
    "s55": "5.5 conclusions and advice", "s55_ready": "5.5 awaiting sign-off",
    "report": "audit report (draft → revised → final)", "done": "audit complete (final confirmed)",
    "boundary": "diagnosis task", "boundary_ready": "task awaiting sign-off",
    "prep": "preparation", "prep_ready": "preparation awaiting sign-off",
    "onsite": "diagnosis on site", "onsite_ready": "on-site stage awaiting sign-off",
    "drafting": "report drafting", "drafting_ready": "drafting awaiting sign-off",
    "feedback": "feedback to the park (forms 2-3, 2-4)", "confirmed": "confirmed by the park",
    "submitted": "submitted to the district bureau", "followup": "one-year follow-up", "followup_ready": "follow-up awaiting sign-off",
    "closed": "closed",
}  # fmt: skip


class Scope(models.TextChoices):
    whole = "whole", "园区整体"
    partial = "partial", "片区 / 部分区域"


class Depth(models.TextChoices):
    basic = "basic", "通用基础诊断"
    special = "special", "专项诊断"


class Level(models.TextChoices):
    park = "park_level", "园区层面"
    industry = "industry_level", "行业层面"
    enterprise = "enterprise_level", "企业层面"


LEVEL_ZH = {c.value: str(c.label) for c in Level}


class Team(models.TextChoices):
    leadership = "leadership", "审核领导小组"
    work = "work", "审核工作小组"
    industry = "industry", "行业审核小组"
    diagnosis = "diagnosis", "诊断工作组"


class TeamRole(models.TextChoices):
    leader = "leader", "组长"
    deputy = "deputy", "副组长"
    member = "member", "成员"


class Affiliation(models.TextChoices):
    provider = "provider", "服务商"
    park = "park_staff", "园区管委会"
    enterprise = "enterprise", "园区企业"
    expert = "expert", "外部专家"
    government = "gov_dept", "政府分管部门"


class TitleGrade(models.TextChoices):
    """Professional title grades (正高级 / 副高级 are the senior titles of 三（二）)."""

    full_senior = "full_senior", "正高级"
    senior = "senior", "副高级"
    intermediate = "intermediate", "中级"
    junior = "junior", "初级"
    none = "none", "无职称"


SENIOR_GRADES = frozenset({TitleGrade.full_senior, TitleGrade.senior})


class Field(models.TextChoices):
    """The specialities 三（二） names for the senior-title rule, and the rest."""

    energy = "energy", "能源"
    environment = "environment", "环境"
    ecology = "ecology", "生态"
    low_carbon = "low_carbon", "低碳"
    lca = "lca", "生命周期评价"
    other = "other_field", "其他专业"


NAMED_FIELDS = frozenset({Field.energy, Field.environment, Field.ecology, Field.low_carbon,
                          Field.lca})  # fmt: skip


class Phase(models.TextChoices):
    """Work-plan phases: T/CPPC's five stages (表 B.2 阶段) and the Beijing guide's three."""

    p51 = "p51", "筹划和组织"
    p52 = "p52", "初步审核"
    p53 = "p53", "重点审核"
    p54 = "p54", "方案产生和筛选"
    p55 = "p55", "结论和建议"
    prepare = "prepare", "前期准备"
    implement = "implement", "诊断实施"
    write = "write", "报告编制和提交"
    follow = "follow", "后续跟踪"


CPPC_PHASES = (Phase.p51, Phase.p52, Phase.p53, Phase.p54, Phase.p55)
BEIJING_PHASES = (Phase.prepare, Phase.implement, Phase.write)


class PublicityForm(models.TextChoices):
    """T/CPPC 5.1.4 宣传方式 ①–⑦."""

    meeting = "meeting", "例会"
    document = "document", "正式文件"
    broadcast = "broadcast", "内部广播"
    video = "video", "电视、录像"
    board = "board", "宣传栏"
    training = "training", "报告会、研讨班、培训班"
    consulting = "consulting", "咨询活动"


class SurveyPart(models.TextChoices):
    """T/CPPC 5.2.1 (1)–(6)."""

    overview = "overview", "（1）园区概况"
    economy = "economy", "（2）经济发展和产业基础"
    society = "society", "（3）社会发展和基础设施"
    resources = "resources", "（4）资源能源利用现状"
    environment = "env_status", "（5）环境现状"
    management = "mgmt_status", "（6）园区管理现状"


class Analysis(models.TextChoices):
    """T/CPPC 5.3.2 (1)–(5): the five analyses of problems and causes."""

    structure = "structure", "（1）空间布局与产业结构"
    efficiency = "efficiency", "（2）资源能源利用效率"
    carbon = "carbon", "（3）低碳发展路径"
    infrastructure = "infrastructure", "（4）公共基础设施"
    management = "eco_management", "（5）生态环境管理"


class Source(models.TextChoices):
    """T/CPPC 5.4.1: where an option came from."""

    discussion = "discussion", "（1）与园区及企业代表讨论"
    analysis = "analysis", "（2）走航监测、大数据、物质流与能量流分析"
    practice = "practice", "（3）国内外同类先进园区的管理实践经验"
    experts = "experts", "（4）行业专家的建议"


class Decision(models.TextChoices):
    pending = "pending", "待筛选"
    adopted = "adopted", "采纳（可行）"
    rejected = "rejected", "不采纳"


class Implementation(models.TextChoices):
    done = "implemented", "已实施"
    ongoing = "implementing", "实施中"
    planned = "planned", "拟实施"
    deferred = "deferred", "暂不实施"


class Adoption(models.TextChoices):
    """北京指南 六: what became of each suggestion a year on."""

    adopted = "taken", "已采纳"
    ongoing = "in_progress", "实施中"
    not_adopted = "not_taken", "未采纳"


class Completion(models.TextChoices):
    """A repeat round's account of the last round's targets (T/CPPC 6)."""

    met = "met", "已完成"
    partly = "partly", "部分完成"
    missed = "missed", "未完成"


class Satisfaction(models.TextChoices):
    """附件2-4."""

    very = "very", "非常满意"
    satisfied = "satisfied", "满意"
    fair = "fair", "一般"
    dissatisfied = "dissatisfied", "不满意"


class BasisKind(models.TextChoices):
    """北京指南 三（三） 诊断依据."""

    law = "law", "法律法规和产业政策"
    pollution = "pollution", "污染排放和清洁生产标准"
    energy = "energy_std", "用能和节能标准规范"
    water = "water", "用水和节水标准规范"
    park = "park_std", "园区绿色低碳循环化发展标准规范"
    catalogue = "catalogue", "绿色低碳先进适用工艺、技术和设备目录"


class Conclude(models.TextChoices):
    """T/CPPC 5.5 and 北京 四、五 (the workbook's 类别)."""

    conclusion = "conclusion", "结论"
    highlight = "highlight", "工作亮点"
    problem = "problem", "存在问题"
    advice = "advice", "建议"


class SnapshotKind(models.TextChoices):
    baseline = "baseline", "现状基准表（5.2.1）"
    comparison = "comparison", "对比评估（5.2.2、5.2.4）"
    energy = "energy", "能源平衡、碳排放清单和能流图（5.3.2）"


_register("engagement_kind", Kind, {"cppc": "T/CPPC park cleaner-production audit",
                                     "beijing": "Beijing park green diagnosis"})  # fmt: skip
_register("engagement_state", State, STATE_EN)
_register("engagement_scope", Scope, {"whole": "the whole park", "partial": "a zone"})
_register("engagement_depth", Depth, {"basic": "basic diagnosis", "special": "special diagnosis"})
_register("engagement_level", Level, {"park_level": "park level", "industry_level": "industry level",
                                      "enterprise_level": "enterprise level"})  # fmt: skip
_register("engagement_team", Team, {"leadership": "audit leadership group", "work": "audit working group",
                                    "industry": "industry audit group", "diagnosis": "diagnosis team"})  # fmt: skip
_register("engagement_team_role", TeamRole, {"leader": "leader", "deputy": "deputy leader",
                                             "member": "member"})  # fmt: skip
_register("engagement_affiliation", Affiliation, {
    "provider": "service provider", "park_staff": "park committee", "enterprise": "park enterprise",
    "expert": "outside expert", "gov_dept": "government department"})  # fmt: skip
_register("title_grade", TitleGrade, {"full_senior": "full senior", "senior": "senior (deputy)",
                                      "intermediate": "intermediate", "junior": "junior",
                                      "none": "no title"})  # fmt: skip
_register("engagement_field", Field, {"energy": "energy", "environment": "environment",
                                      "ecology": "ecology", "low_carbon": "low carbon",
                                      "lca": "life-cycle assessment", "other_field": "other"})  # fmt: skip
_register("engagement_phase", Phase, {
    "p51": "planning and organisation", "p52": "preliminary audit", "p53": "focused audit",
    "p54": "options and screening", "p55": "conclusions and advice", "prepare": "preparation",
    "implement": "diagnosis on site", "write": "report and submission", "follow": "follow-up"})  # fmt: skip
_register("publicity_form", PublicityForm, {
    "meeting": "regular meetings", "document": "official documents", "broadcast": "internal broadcast",
    "video": "television, video", "board": "notice boards", "training": "talks, seminars, training",
    "consulting": "consultations"})  # fmt: skip
_register("survey_part", SurveyPart, {
    "overview": "(1) overview", "economy": "(2) economy and industry",
    "society": "(3) society and infrastructure", "resources": "(4) resources and energy",
    "env_status": "(5) environment", "mgmt_status": "(6) management"})  # fmt: skip
_register("analysis", Analysis, {
    "structure": "(1) layout and industrial structure", "efficiency": "(2) resource and energy efficiency",
    "carbon": "(3) low-carbon path", "infrastructure": "(4) public infrastructure",
    "eco_management": "(5) eco-environmental management"})  # fmt: skip
_register("option_source", Source, {
    "discussion": "(1) discussion with the park and enterprises",
    "analysis": "(2) monitoring, data, material and energy flow analysis",
    "practice": "(3) practice of advanced peer parks", "experts": "(4) industry experts"})  # fmt: skip
_register("option_decision", Decision, {"pending": "not screened", "adopted": "adopted (feasible)",
                                        "rejected": "not adopted"})  # fmt: skip
_register("implementation", Implementation, {"implemented": "implemented", "implementing": "in progress",
                                             "planned": "planned", "deferred": "deferred"})  # fmt: skip
_register("adoption", Adoption, {"taken": "adopted", "in_progress": "in progress",
                                 "not_taken": "not adopted"})  # fmt: skip
_register("completion", Completion, {"met": "met", "partly": "partly met", "missed": "not met"})
_register("satisfaction", Satisfaction, {"very": "very satisfied", "satisfied": "satisfied",
                                         "fair": "fair", "dissatisfied": "dissatisfied"})  # fmt: skip
_register("basis_kind", BasisKind, {
    "law": "laws, regulations, industrial policy", "pollution": "pollution and cleaner-production standards",
    "energy_std": "energy standards", "water": "water standards",
    "park_std": "green park standards", "catalogue": "recommended technology catalogues"})  # fmt: skip
_register("conclusion_kind", Conclude, {"conclusion": "conclusion", "highlight": "highlight",
                                        "problem": "problem", "advice": "advice"})  # fmt: skip
_register("snapshot_kind", SnapshotKind, {"baseline": "baseline table (5.2.1)",
                                          "comparison": "comparison (5.2.2, 5.2.4)",
                                          "energy": "energy balance, carbon inventory, flow chart (5.3.2)"})  # fmt: skip
