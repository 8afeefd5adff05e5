"""The engagement: what a report needs beyond indicator data — one schema, kept in one place.

A consultant records the profile, the team, the work plan, the audit focus, the targets, the
options (T/CPPC) or suggestions (Beijing), findings, conclusions and the continuing plan in
the engagement workbook (``io/engagement.py`` writes and reads it); the web platform will
store the same models. Each sheet is one pydantic row model; its fields carry the Chinese and
English column header, so the workbook, the import errors and the reports all read the same
definitions.

Sources: T/CPPC 5.1.2 (team, duties and time), 5.1.3 and 附件2 2.3.3 (work plan), 5.2.3
(audit focus at park / industry / enterprise level), 5.2.4 and 2.4.4 (near / mid / long-term
targets), 5.4 and 2.6.2 (options), 附录B 表B.1–B.4; Beijing guide 三（二） (team rules),
附件2-1 基本信息表 and 工作组成员表, 附件2-1-3 (suggestions), 附件2-2—2-4 (forms).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


class EngagementKind(StrEnum):
    cppc = "cppc"  # T/CPPC 工业园区清洁生产审核
    beijing = "beijing"  # 北京市工业园区绿色诊断
    jdfa = "jdfa"  # T/JDFA01 企业 ESG 评价
    esc = "esc"  # T/ESC 001 产业园区 ESG 报告


KIND_TITLES = {
    EngagementKind.cppc: "工业园区清洁生产审核（T/CPPC）",
    EngagementKind.beijing: "北京市工业园区绿色诊断",
    EngagementKind.jdfa: "强制性清洁生产审核企业 ESG 评价（T/JDFA01）",
    EngagementKind.esc: "产业园区 ESG 报告（T/ESC 001 9.1.3）",
}
KIND_FRAMEWORKS = {
    EngagementKind.cppc: "t-cppc-park-cpa",
    EngagementKind.beijing: "bj-green-diagnosis",
    EngagementKind.jdfa: "t-jdfa-01-2025",
    EngagementKind.esc: "t-esc-001-2024",
}

# ── choices ──────────────────────────────────────────────────────────────────────────────

LEVELS = ("园区层面", "行业层面", "企业层面")  # T/CPPC 5.2.3, 5.3, 5.4.1
STAGES = ("送审稿", "修改稿", "最终稿")  # T/CPPC 附件2 1.1 (1)
PARK_LEVELS = ("国家级", "市级", "其他")  # Beijing 附件2-1 基本信息表
MEMBER_TYPES = ("专家成员", "园区工作人员")  # Beijing 附件2-1 工作组成员表
OPTION_STATUS = ("已实施", "实施中", "拟实施", "暂不实施")
CONCLUSION_KINDS = ("结论", "工作亮点", "存在问题", "建议")
RATING_TYPES = ("书面评价", "综合评价")  # T/JDFA01 6.11 b), c)
YES_NO = ("是", "否")
TEAM_GROUPS = ("领导小组", "审核小组")  # T/CPPC 5.1.2: 审核领导小组 and 审核（工作）小组


def _text(v: Any) -> Any:
    """Cells arrive as str, numbers or dates; text columns keep what a person wrote."""
    if v is None:
        return None
    if isinstance(v, datetime | date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    text = str(v).strip()
    return text or None


def _number(v: Any) -> Any:
    """Numbers may be typed with thousands separators; anything else is left to pydantic."""
    if isinstance(v, str):
        s = v.strip().replace(",", "").replace("，", "")
        return s or None
    return v


def _yes_no(v: Any) -> Any:
    if isinstance(v, str):
        s = v.strip()
        if s in ("是", "有", "true", "1"):
            return True
        if s in ("否", "无", "false", "0"):
            return False
        return s or None
    return v


def _month(v: Any) -> Any:
    """A month as 2024-03, 2024年3月 or an Excel date → “2024年3月”."""
    if isinstance(v, datetime | date):
        return f"{v.year}年{v.month}月"
    text = _text(v)
    if text is None:
        return None
    for sep in ("-", "/", ".", "年"):
        head, _, tail = text.partition(sep)
        tail = tail.rstrip("月")
        if head.isdigit() and len(head) == 4 and tail.isdigit() and 1 <= int(tail) <= 12:
            return f"{int(head)}年{int(tail)}月"
    raise ValueError("应为年月，如 2024-03 或 2024年3月")


def _date(v: Any) -> Any:
    """A day as 2024-03-15, 2024/3/15, 2024年3月15日 or an Excel date → “2024年3月15日”."""
    if isinstance(v, datetime | date):
        return f"{v.year}年{v.month}月{v.day}日"
    text = _text(v)
    if text is None:
        return None
    norm = text.replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
    try:
        d = date.fromisoformat("-".join(p.zfill(2) for p in norm.split("-")))
    except ValueError:
        raise ValueError("应为日期，如 2024-03-15 或 2024年3月15日") from None
    return f"{d.year}年{d.month}月{d.day}日"


Text = Annotated[str | None, BeforeValidator(_text)]
Required = Annotated[str, BeforeValidator(_text)]
Money = Annotated[float | None, BeforeValidator(_number), Field(ge=0)]
Number = Annotated[float | None, BeforeValidator(_number)]
YesNo = Annotated[bool | None, BeforeValidator(_yes_no)]
Month = Annotated[str | None, BeforeValidator(_month)]
Day = Annotated[str | None, BeforeValidator(_date)]


def col(
    zh: str,
    en: str,
    *,
    choices: tuple[str, ...] = (),
    width: int = 16,
    hint: str = "",
    required: bool = False,
) -> Any:
    """A column: Chinese header with English beside, optional dropdown, width, fill hint."""
    hint = "；".join(p for p in ("必填" if required else "", hint) if p)
    extra: dict[str, Any] = {"en": en, "choices": list(choices), "width": width, "hint": hint}
    if required:
        return Field(..., title=zh, json_schema_extra=extra)
    return Field(None, title=zh, json_schema_extra=extra)


def req(zh: str, en: str, **kw: Any) -> Any:
    return col(zh, en, required=True, **kw)


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="after")
    def _check_choices(self) -> Row:
        """A text column with a dropdown accepts only the listed values (typed or pasted)."""
        for name, f in type(self).model_fields.items():
            extra: Any = f.json_schema_extra or {}
            allowed: list[str] = extra.get("choices") or []
            value = getattr(self, name)
            if allowed and isinstance(value, str) and value not in allowed:
                raise ValueError(f"{name}: 应为 {'、'.join(allowed)} 之一，收到 “{value}”")
        return self


# ── sheets ───────────────────────────────────────────────────────────────────────────────


class Profile(Row):
    """基本信息：key/value rows. Beijing 附件2-1 基本信息表; T/CPPC 附件2 1.1 cover."""

    park_name: Required = req("园区名称", "Park name", width=36)
    managing_body: Text = col("园区管理机构名称", "Park management committee")
    park_level: Text = col("园区级别", "Park level", choices=PARK_LEVELS)
    region: Text = col("所在地区", "Region")
    provider_name: Text = col("服务商名称", "Service provider")
    provider_address: Text = col("服务商地址", "Provider address")
    provider_legal_rep: Text = col("法定代表人", "Legal representative")
    provider_legal_phone: Text = col("法人代表电话", "Legal representative phone")
    provider_contact: Text = col("服务商联系人", "Provider contact")
    provider_contact_phone: Text = col("服务商联系人电话", "Provider contact phone")
    project_leader: Text = col("项目负责人（园区）", "Project leader (park)")
    project_leader_phone: Text = col("项目负责人电话", "Project leader phone")
    park_contact: Text = col("项目联系人（园区）", "Project contact (park)")
    park_contact_phone: Text = col("项目联系人电话", "Project contact phone")
    email: Text = col("电子邮件", "E-mail")
    fax: Text = col("传真", "Fax")
    report_author: Text = col("报告编制负责人", "Report author")
    report_author_phone: Text = col("编制负责人电话", "Report author phone")
    report_reviewer: Text = col("报告审核人", "Report reviewer")
    report_reviewer_phone: Text = col("审核人电话", "Report reviewer phone")
    report_stage: Text = col("报告版本", "Report stage", choices=STAGES, hint="T/CPPC 封面")
    report_month: Month = col("报告编制时间", "Report month", hint="年月，如 2024-03")
    onsite_start: Day = col("现场工作开始日期", "On-site work from", hint="如 2024-03-04")
    onsite_end: Day = col("现场工作结束日期", "On-site work to", hint="北京：不少于 4 个工作日")
    report_submitted: Day = col("报告提交日期", "Report submitted on", hint="北京 附件2-3")
    report_meeting: Day = col("报告会日期", "Report meeting on", hint="北京 附件2-3")
    third_party_evaluation: YesNo = col(
        "同时提供绿色园区第三方评价", "Also green-park third-party evaluation", choices=YES_NO
    )
    scope: Text = col("范围与边界", "Scope and boundary", hint="审核/诊断覆盖的区域")
    preface: Text = col("前言", "Preface", hint="T/CPPC 2.1；北京 一、1 目的、范围及准则")
    background: Text = col("项目概况", "Project background", hint="T/CPPC 2.2；北京 一、2")
    leadership: Text = col("取得领导支持和参与", "Leadership support", hint="T/CPPC 2.3.1")
    training: Text = col("宣传教育和培训", "Awareness and training", hint="T/CPPC 2.3.4")
    survey: Text = col("现状调查", "Baseline survey", hint="T/CPPC 2.4.1")
    process: Text = col("诊断评估过程和方法", "Process and methods", hint="北京 二")
    measures: Text = col("政策措施与重点工作", "Policies and key work", hint="北京 三、3")
    report_period: Text = col(
        "报告时间", "Reporting period", hint="T/ESC 9.1.3 a)，如 2023年1月1日—12月31日"
    )
    publication: Text = col("发布方式", "Publication", hint="T/ESC 9.1.3 e)，如 园区官网、公众号")
    basis: Text = col("编制依据", "Basis", hint="T/ESC 9.1.3 d)；留空则写 T/ESC 001—2024")
    history: Text = col("发展历程", "History", hint="T/ESC 9.1.3 f)")
    honours: Text = col("获得荣誉", "Honours", hint="T/ESC 9.1.3 f)")
    mission: Text = col("园区宗旨", "Mission", hint="T/ESC 9.1.3 f)")
    esg_organisation: Text = col("ESG 管理机构", "ESG organisation", hint="T/ESC 5.3、9.1.3 f)")


class RatingProfile(Row):
    """基本信息 of an enterprise ESG rating: T/JDFA01 6.4 (report, certificate), 6.5–6.6
    (organisation, evaluators), 6.7 (information sources), 6.11 (written or comprehensive)."""

    enterprise_name: Required = req("企业名称", "Enterprise", width=36, hint="与数据中的主体一致")
    credit_code: Text = col("统一社会信用代码", "Unified social credit code")
    rating_org: Text = col("评价机构", "Rating organisation", hint="第三方评价组织（6.5）")
    evaluators: Text = col("评价人员", "Evaluators", hint="6.6")
    rating_type: Text = col("评价类型", "Rating type", choices=RATING_TYPES, hint="6.11")
    rating_date: Day = col("评价日期", "Rating date")
    certificate_no: Text = col("证书编号", "Certificate number", hint="6.4 e")
    valid_until: Day = col("证书有效期至", "Valid until")
    sources: Text = col("评价信息来源说明", "Information sources", hint="6.7 a)–f)")
    purpose: Text = col("评价目的、范围与准则", "Purpose, scope and criteria", hint="6.2 a)")
    plan: Text = col("评价计划", "Rating plan", hint="6.2 c)")
    publication: Text = col("结果公示途径", "Publication", hint="6.12 a)，如 评价机构官网、公众号")
    objection: Text = col("异议受理方式", "Objections", hint="6.12 b)，如 联系人、电话、期限")


class TeamMember(Row):
    """T/CPPC 5.1.2 and 表B.1; Beijing 附件2-1 工作组成员表 and the team rules of 三（二）."""

    name: Required = req("姓名", "Name", width=10)
    team_role: Required = req("小组职务/分工", "Role in the team", hint="如 组长、副组长、成员")
    group: Text = col(
        "所属小组", "Group", choices=TEAM_GROUPS, hint="T/CPPC：领导小组或审核小组；空白为审核小组"
    )
    organisation: Text = col(
        "所在单位", "Organisation", width=20, hint="如 园区管委会、服务商名称、园区内企业名称"
    )
    enterprise: YesNo = col(
        "园区内企业成员",
        "Member from an enterprise in scope",
        choices=YES_NO,
        hint="T/CPPC 5.1.2 (2)：每家企业至少 2 人，其中 1 人来自财务部门",
    )
    department_post: Text = col("所在部门及职务", "Department and post", width=24)
    finance: YesNo = col("财务部门", "Finance department", choices=YES_NO, hint="T/CPPC 5.1.2 (2)")
    title: Text = col("职称", "Professional title", hint="如 高级工程师、副研究员")
    speciality: Text = col("从事专业", "Speciality")
    duties: Text = col("职责", "Duties", width=30)
    time_committed: Text = col("投入时间", "Time committed", hint="如 30 天")
    member_type: Text = col("成员类别", "Member type", choices=MEMBER_TYPES, hint="北京成员表")
    green_projects: YesNo = col(
        "主导过绿色制造项目", "Led green-manufacturing projects", choices=YES_NO
    )


class PlanStep(Row):
    """T/CPPC 5.1.3, 附件2 2.3.3 and 表B.2 工作计划."""

    stage: Required = req("阶段", "Stage", hint="如 筹划和组织")
    action: Text = col("行动方案", "Action", width=24)
    content: Text = col("工作内容", "Content", width=30)
    due: Text = col("完成时间", "Due date", hint="如 2024-03 或 2024-03-15")
    owner: Text = col("负责人", "Owner")
    departments: Text = col("参与部门", "Departments", width=20)
    participants: Text = col("参与人", "Participants", width=20, hint="附件2 2.3.3 参与人姓名")
    output: Text = col("产出", "Output", width=20)


class AuditFocus(Row):
    """T/CPPC 5.2.3: audit focus chosen at park, industry and enterprise level."""

    level: Required = req("层面", "Level", choices=LEVELS)
    focus: Required = req("审核重点", "Audit focus", width=30)
    basis: Text = col("筛选原则和依据", "Basis for selection", width=40)
    status: Text = col("现状", "Current situation", width=40, hint="T/CPPC 5.3.1")


class Target(Row):
    """T/CPPC 5.2.4 and 附件2 2.4.4: current value, near / mid / long-term targets."""

    indicator: Required = req(
        "指标", "Indicator", width=30, hint="评价指标的序号或名称时，现状值取评价结果"
    )
    unit: Text = col("单位", "Unit", width=10)
    current: Number = col("现状值", "Current value", hint="对应评价指标时可留空")
    near: Number = col("近期目标值", "Near-term target")
    mid: Number = col("中期目标值", "Mid-term target")
    long: Number = col("远期目标值", "Long-term target")


class Option(Row):
    """T/CPPC 5.4 and 表B.3 (options); Beijing 附件2-1-3 (suggestions)."""

    name: Required = req("方案/项目名称", "Option or project", width=28)
    level: Text = col("层面", "Level", choices=LEVELS)
    implementer: Text = col("实施主体", "Implementing body", width=20)
    summary: Text = col("方案简介/建设内容", "Summary", width=40)
    investment: Money = col("总投资（万元）", "Total investment (10k CNY)")
    fixed_investment: Money = col("其中固定资产投资（万元）", "Of which fixed assets (10k CNY)")
    environmental_benefit: Text = col("环境效益", "Environmental benefit", width=30)
    economic_benefit: Text = col("经济效益", "Economic benefit", width=24)
    timing: Text = col("实施时间", "Timing")
    status: Text = col("实施情况", "Status", choices=OPTION_STATUS)

    @model_validator(mode="after")
    def _checks(self) -> Option:
        if (
            self.investment is not None
            and self.fixed_investment is not None
            and self.fixed_investment > self.investment
        ):
            raise ValueError("fixed_investment: 固定资产投资不能大于总投资")
        return self


class Finding(Row):
    """T/CPPC 5.3.2 主要问题及原因; Beijing 三、4 存在问题."""

    level: Text = col("层面", "Level", choices=LEVELS)
    aspect: Text = col("方面", "Aspect", hint="如 能源利用、基础设施")
    finding: Required = req("问题", "Finding", width=40)
    cause: Text = col("原因分析", "Cause", width=40)


class Conclusion(Row):
    """T/CPPC 5.5 结论和建议; Beijing 四 诊断评估结论、五 建议."""

    kind: Required = req("类别", "Kind", choices=CONCLUSION_KINDS)
    content: Required = req("内容", "Content", width=80)


class CoreIssue(Row):
    """T/ESC 001 6.2 core issues and 9.1.3 g): achievements and key measures of each."""

    issue: Required = req("核心议题", "Core issue", width=24)
    dimension: Text = col("领域", "Domain", choices=("环境", "社会", "治理"))
    achievements: Text = col("取得成效", "Achievements", width=40)
    measures: Text = col("重点举措", "Key measures", width=40)


class ContinuingStep(Row):
    """T/CPPC 5.5.2 and 表B.4 持续清洁生产计划."""

    item: Required = req("项目", "Item", width=24)
    content: Text = col("主要内容", "Content", width=40)
    time: Text = col("时间", "Time")
    department: Text = col("负责部门", "Department", width=20)


# sheet name → (row model, attribute on Engagement); the profile sheet is key/value rows
PROFILE_SHEET = "基本信息"
TABLE_SHEETS: dict[str, tuple[type[Row], str]] = {
    "工作组成员": (TeamMember, "team"),
    "工作计划": (PlanStep, "plan"),
    "审核重点": (AuditFocus, "focus"),
    "清洁生产目标": (Target, "targets"),
    "方案与建议": (Option, "options"),
    "问题与原因": (Finding, "findings"),
    "结论与建议": (Conclusion, "conclusions"),
    "持续清洁生产计划": (ContinuingStep, "continuing"),
    "核心议题": (CoreIssue, "core_issues"),
}
SHEETS_BY_KIND: dict[EngagementKind, tuple[str, ...]] = {
    EngagementKind.cppc: (
        "工作组成员",
        "工作计划",
        "审核重点",
        "清洁生产目标",
        "方案与建议",
        "问题与原因",
        "结论与建议",
        "持续清洁生产计划",
    ),  # fmt: skip
    EngagementKind.beijing: ("工作组成员", "工作计划", "方案与建议", "问题与原因", "结论与建议"),
    EngagementKind.jdfa: ("结论与建议",),
    EngagementKind.esc: ("核心议题", "结论与建议"),
}
PROFILE_MODELS: dict[EngagementKind, type[Row]] = {
    EngagementKind.cppc: Profile,
    EngagementKind.beijing: Profile,
    EngagementKind.jdfa: RatingProfile,
    EngagementKind.esc: Profile,
}


class Engagement(BaseModel):
    """One engagement record: what a report reads beside the stored assessment. The CLI fills
    it from the engagement workbook; the platform will fill it from its own records."""

    kind: EngagementKind
    profile: Profile | RatingProfile
    cover_photo: str | None = None  # an image file (T/CPPC 附件2 1.1 (2)); not in the workbook
    team: list[TeamMember] = []
    plan: list[PlanStep] = []
    focus: list[AuditFocus] = []
    targets: list[Target] = []
    options: list[Option] = []
    findings: list[Finding] = []
    conclusions: list[Conclusion] = []
    continuing: list[ContinuingStep] = []
    core_issues: list[CoreIssue] = []
    # T/ESC 001 9.1.3: a single-issue disclosure reports only its core issue's KPIs (their
    # indicator ids); None reports every KPI. Not in the workbook: the platform sets it.
    kpis_only: list[str] | None = None

    @property
    def park(self) -> Profile:
        """The park profile (T/CPPC, Beijing); an enterprise rating has none."""
        if not isinstance(self.profile, Profile):
            raise ValueError(f"项目信息类型 {self.kind.value} 没有园区基本信息")
        return self.profile

    @property
    def rating(self) -> RatingProfile:
        """The rating profile (T/JDFA01)."""
        if not isinstance(self.profile, RatingProfile):
            raise ValueError(f"项目信息类型 {self.kind.value} 没有企业评价基本信息")
        return self.profile


def columns(model: type[Row]) -> list[tuple[str, str, dict[str, Any]]]:
    """(attribute, header “中文 English”, extra) for each column of a sheet, in order."""
    out = []
    for name, f in model.model_fields.items():
        extra: dict[str, Any] = dict(f.json_schema_extra or {})  # type: ignore[arg-type]
        out.append((name, f"{f.title} {extra['en']}", extra))
    return out
