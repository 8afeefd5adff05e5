"""The records of an engagement, one model each (T/CPPC 5.1–5.5 and 附录B; Beijing guide
三 to 六 and its forms). Each names the stage it belongs to in ``flows.STAGE_OF`` (it can be
changed until that stage is submitted for sign-off), the side that makes it (``Record.side``)
and whether it is part of what is submitted to the district government (``submitted``).
Files (photos, signed scans, charts) are ``Attachment``s of checked evidence files.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.engagements import choices as c
from parkesg.web.engagements.models import Record


class Member(Record):
    """表 B.1 / 5.1.2; 北京 附件2-1 工作组成员表 and 三（二）.

    ``team`` is the group of T/CPPC 5.1.2 — the 审核领导小组 or an audit group (审核工作小组, or
    an industry's 行业审核小组); the same person may sit in both (a row in each), once per group
    (``member_once_per_team``: the workbook's key is the name with the group). A member from an
    enterprise names it (``enterprise``) or, while it is not on the platform, its ``unit_name``.
    """

    team = models.CharField(_("小组"), max_length=12, choices=c.Team.choices, default=c.Team.work)
    role = models.CharField(_("小组职务"), max_length=8, choices=c.TeamRole.choices,
                            default=c.TeamRole.member)  # fmt: skip
    name = models.CharField(_("姓名"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("平台账户"),
    )  # fmt: skip
    affiliation = models.CharField(_("来源"), max_length=12, choices=c.Affiliation.choices)
    enterprise = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("所在企业"),
    )  # fmt: skip
    unit_name = models.CharField(_("所在单位"), max_length=200, blank=True)
    department = models.CharField(_("所在部门"), max_length=100, blank=True)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    finance = models.BooleanField(_("来自本企业财务部门"), default=False)
    title = models.CharField(_("职称"), max_length=60, blank=True)
    title_grade = models.CharField(_("职称等级"), max_length=14, choices=c.TitleGrade.choices,
                                   default=c.TitleGrade.none)  # fmt: skip
    speciality = models.CharField(_("从事专业"), max_length=100, blank=True)
    field = models.CharField(_("专业领域"), max_length=12, choices=c.Field.choices,
                             default=c.Field.other)  # fmt: skip
    duties = models.CharField(_("职责 / 分工"), max_length=300, blank=True)
    days = models.PositiveSmallIntegerField(_("投入时间（天）"), null=True, blank=True)
    green_projects = models.BooleanField(_("主导过绿色制造相关项目"), default=False)

    submitted = True

    class Meta:
        ordering = ["engagement_id", "team", "role", "id"]
        verbose_name = _("小组成员")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "team", "name"], name="member_once_per_team",
                violation_error_message=_("该小组已有同名成员（同一人在两个小组任职时各记一条）"),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name


class PlanItem(Record):
    """表 B.2 工作计划 (5.1.3, 附件2 2.3.3); 北京 三（四）."""

    phase = models.CharField(_("阶段"), max_length=10, choices=c.Phase.choices)
    action = models.CharField(_("行动方案"), max_length=200, blank=True)
    content = models.CharField(_("工作内容"), max_length=300)
    due = models.DateField(_("完成时间"), null=True, blank=True)
    owner = models.CharField(_("负责人"), max_length=60, blank=True)
    departments = models.CharField(_("参与部门"), max_length=200, blank=True)
    participants = models.CharField(_("参与人"), max_length=200, blank=True)
    output = models.CharField(_("产出"), max_length=200, blank=True)
    done_on = models.DateField(_("实际完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["engagement_id", "phase", "due", "id"]
        verbose_name = _("工作计划")

    def __str__(self) -> str:
        return self.content

    def overdue(self, today: object) -> bool:
        return self.done_on is None and self.due is not None and self.due < today  # type: ignore[operator]


class Publicity(Record):
    """5.1.4 宣传教育; 附件1 (23): each activity's participants ≥ 1‰ of the park's workforce,
    its materials and photos kept."""

    held_on = models.DateField(_("日期"))
    form = models.CharField(_("方式"), max_length=12, choices=c.PublicityForm.choices)
    topics = models.CharField(_("内容"), max_length=300)
    participants = models.PositiveIntegerField(_("参与人数"))
    audience = models.CharField(_("参与对象"), max_length=200, blank=True)

    class Meta:
        ordering = ["engagement_id", "held_on", "id"]
        verbose_name = _("宣传教育活动")

    def __str__(self) -> str:
        return f"{self.held_on} {self.topics}"


class Section(Record):
    """5.2.1 (1)–(6) 园区现状调查, one text per part."""

    part = models.CharField(_("部分"), max_length=12, choices=c.SurveyPart.choices)
    text = models.TextField(_("内容"))

    class Meta:
        ordering = ["engagement_id", "part"]
        verbose_name = _("现状调查")
        constraints = [models.UniqueConstraint(fields=["engagement", "part"], name="section_once")]

    def __str__(self) -> str:
        return self.get_part_display()


class Snapshot(Record):
    """What the platform computed for the engagement, stored (reports read stored things): the
    3-year baseline from approved data, the comparison with the best year and peer parks,
    the energy balance / carbon inventory with its flow chart (``file``)."""

    kind = models.CharField(_("类别"), max_length=12, choices=c.SnapshotKind.choices)
    data = models.JSONField(_("内容"))
    file = models.ForeignKey(
        "collection.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("图"),
    )  # fmt: skip

    class Meta:
        ordering = ["engagement_id", "kind", "-created_at"]
        verbose_name = _("计算结果")

    def __str__(self) -> str:
        return self.get_kind_display()


class Focus(Record):
    """5.2.3 审核重点 at park / industry / enterprise level; 5.3.1 its current situation."""

    level = models.CharField(_("层面"), max_length=16, choices=c.Level.choices)
    focus = models.CharField(_("审核重点"), max_length=200)
    indicator = models.CharField(_("对应指标"), max_length=64, blank=True)
    basis = models.TextField(_("筛选原则和依据"), blank=True)
    status = models.TextField(_("现状分析（5.3.1）"), blank=True)

    class Meta:
        ordering = ["engagement_id", "level", "id"]
        verbose_name = _("审核重点")

    def __str__(self) -> str:
        return self.focus


class Target(Record):
    """5.2.4 / 附件2 2.4.4 清洁生产目标: near / mid / long term, checked against its indicator."""

    indicator = models.CharField(_("评价指标"), max_length=64, blank=True)
    name = models.CharField(_("指标"), max_length=200)
    unit = models.CharField(_("单位"), max_length=40, blank=True)
    lower_is_better = models.BooleanField(_("越低越好"), default=False)
    current = models.FloatField(_("现状值"), null=True, blank=True)
    near = models.FloatField(_("近期目标值"), null=True, blank=True)
    near_year = models.PositiveSmallIntegerField(_("近期目标年"), null=True, blank=True)
    mid = models.FloatField(_("中期目标值"), null=True, blank=True)
    mid_year = models.PositiveSmallIntegerField(_("中期目标年"), null=True, blank=True)
    long = models.FloatField(_("远期目标值"), null=True, blank=True)
    long_year = models.PositiveSmallIntegerField(_("远期目标年"), null=True, blank=True)
    origin = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("上一轮目标"),
    )  # fmt: skip
    completion = models.CharField(_("上一轮完成情况"), max_length=8,
                                  choices=c.Completion.choices, blank=True)  # fmt: skip
    actual = models.FloatField(_("实际达到值"), null=True, blank=True)

    class Meta:
        ordering = ["engagement_id", "id"]
        verbose_name = _("清洁生产目标")

    def __str__(self) -> str:
        return self.name


class Finding(Record):
    """5.3.2 主要问题及原因 (the five analyses), 5.3.3 清洁生产建议; 北京 三、4 存在问题."""

    analysis = models.CharField(_("分析方面"), max_length=16, choices=c.Analysis.choices,
                                blank=True)  # fmt: skip
    level = models.CharField(_("层面"), max_length=16, choices=c.Level.choices,
                             default=c.Level.park)  # fmt: skip
    focus = models.ForeignKey(
        Focus, null=True, blank=True, on_delete=models.PROTECT, related_name="findings",
        verbose_name=_("审核重点"),
    )  # fmt: skip
    problem = models.TextField(_("问题"))
    cause = models.TextField(_("原因分析"), blank=True)
    suggestion = models.TextField(_("清洁生产建议（5.3.3）"), blank=True)

    submitted = True

    class Meta:
        ordering = ["engagement_id", "analysis", "id"]
        verbose_name = _("问题与原因")

    def __str__(self) -> str:
        return self.problem[:60]


class Option(Record):
    """5.4 清洁生产方案 (表 B.3) with its screening (5.4.2) and implementation; 北京 附件2-1-3
    绿色化改造提升建议."""

    level = models.CharField(_("层面"), max_length=16, choices=c.Level.choices,
                             default=c.Level.park)  # fmt: skip
    source = models.CharField(_("方案来源"), max_length=12, choices=c.Source.choices, blank=True)
    name = models.CharField(_("方案 / 项目名称"), max_length=200)
    implementer = models.CharField(_("实施主体"), max_length=200, blank=True)
    summary = models.TextField(_("方案简介 / 建设内容"), blank=True)
    investment = models.FloatField(_("总投资（万元）"), null=True, blank=True)
    fixed_investment = models.FloatField(_("其中固定资产投资（万元）"), null=True, blank=True)
    environmental_benefit = models.CharField(
        _("环境效益 / 预期实施效果"), max_length=300, blank=True
    )
    economic_benefit = models.CharField(_("经济效益"), max_length=300, blank=True)
    timing = models.CharField(_("实施时间"), max_length=60, blank=True)
    criteria = models.CharField(_("筛选依据（技术、环境、经济可行性）"), max_length=300, blank=True)
    decision = models.CharField(_("筛选结论"), max_length=10, choices=c.Decision.choices,
                                default=c.Decision.pending)  # fmt: skip
    decision_note = models.CharField(_("筛选说明"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("筛选记录人"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("筛选时间"), null=True, blank=True)
    status = models.CharField(_("实施情况"), max_length=14, choices=c.Implementation.choices,
                              default=c.Implementation.planned)  # fmt: skip
    origin = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("上一轮方案"),
    )  # fmt: skip

    submitted = True

    class Meta:
        ordering = ["engagement_id", "level", "id"]
        verbose_name = _("方案 / 建议")

    def __str__(self) -> str:
        return self.name


class Conclusion(Record):
    """5.5.1 结论 and 5.5.2 建议; 北京 四 诊断评估结论（工作亮点、存在问题）、五 建议."""

    kind = models.CharField(_("类别"), max_length=12, choices=c.Conclude.choices)
    content = models.TextField(_("内容"))

    submitted = True

    class Meta:
        ordering = ["engagement_id", "kind", "id"]
        verbose_name = _("结论与建议")

    def __str__(self) -> str:
        return self.content[:60]


class ContinuingStep(Record):
    """5.5.2 持续清洁生产计划, 表 B.4."""

    item = models.CharField(_("项目"), max_length=200)
    content = models.TextField(_("主要内容"), blank=True)
    time = models.CharField(_("时间"), max_length=60, blank=True)
    department = models.CharField(_("负责部门"), max_length=200, blank=True)

    class Meta:
        ordering = ["engagement_id", "id"]
        verbose_name = _("持续清洁生产计划")

    def __str__(self) -> str:
        return self.item


class Attachment(Record):
    """A file of a record — a publicity photo, a signed scan, an approval — from the checked
    evidence store of the uploader's organisation (``collection.evidence``)."""

    record_type = models.CharField(_("记录类型"), max_length=40)  # the model name
    record_id = models.PositiveBigIntegerField(_("记录编号"))
    file = models.ForeignKey("collection.EvidenceFile", on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("文件"))  # fmt: skip
    label = models.CharField(_("说明"), max_length=200, blank=True)
    on_submitted = models.BooleanField(default=False)  # of a record submitted to the district

    class Meta:
        ordering = ["engagement_id", "record_type", "record_id", "id"]
        verbose_name = _("附件")
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return self.label or self.file.name

    @classmethod
    def extra_view_q(cls, user):  # type: ignore[no-untyped-def]
        org = user.organisation_id
        if not org:
            return None
        return (
            models.Q(engagement__organisation_id=org)
            | models.Q(engagement__park_id=org)
            | models.Q(on_submitted=True, engagement__district_id=org,
                       engagement__submitted_at__isnull=False)
        )  # fmt: skip


# The Beijing records (their own module); here too, so that ``records.X`` names every record.
from parkesg.web.engagements.records_beijing import (  # noqa: E402
    AdoptionRecord,
    Basis,
    Confirmation,
    OnsiteDay,
    Opinion,
    Pledge,
    Survey,
)

__all__ = [
    "AdoptionRecord",
    "Attachment",
    "Basis",
    "Conclusion",
    "Confirmation",
    "ContinuingStep",
    "Finding",
    "Focus",
    "Member",
    "OnsiteDay",
    "Opinion",
    "Option",
    "PlanItem",
    "Pledge",
    "Publicity",
    "Section",
    "Snapshot",
    "Survey",
    "Target",
]
