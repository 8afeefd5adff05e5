"""Clause 9.1: the monitoring plan (9.1.1 a–d, data channels of 9.1.2), stakeholder
satisfaction and the conformity of supervised units (9.1.1), and the park ESG report and
single-issue disclosures (9.1.3 a–g) — reviewed by internal audit and approved by the
management body before publication (9.2.2 e)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkesg.web.core import vocab
from parkesg.web.esg import enums
from parkesg.web.esg.models.base import Register, department_field, evidence_field, person_field
from parkesg.web.esg.models.context import InterestedParty
from parkesg.web.esg.models.planning import CoreIssue, Kpi
from parkesg.web.observations.models import SourceCategory


class MonitoringItem(Register):
    subject = models.CharField(_("监视和测量的内容（9.1.1 a）"), max_length=200)
    scope = models.CharField(_("范围"), max_length=12, choices=enums.MONITOR_SCOPE)
    kpi = models.ForeignKey(Kpi, null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+", verbose_name=_("绩效指标"))  # fmt: skip
    method = models.TextField(_("监视、测量、分析和评价方法（9.1.1 b）"))
    timing = models.CharField(_("监视和测量的时机和方式（9.1.1 c）"), max_length=200)
    analysis = models.CharField(_("分析和评价的时机和方式（9.1.1 d）"), max_length=200)
    source = models.CharField(_("数据来源（9.1.2）"), max_length=20,
                              choices=SourceCategory.choices)  # fmt: skip
    department = department_field(_("责任部门"))

    class Meta:
        ordering = ["scope", "subject"]
        verbose_name = _("监视和测量计划（9.1.1）")

    def __str__(self) -> str:
        return self.subject


class SatisfactionSurvey(Register):
    party = models.ForeignKey(InterestedParty, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("相关方"))  # fmt: skip
    surveyed_on = models.DateField(_("调查日期"))
    method = models.CharField(_("方式"), max_length=100)
    respondents = models.PositiveIntegerField(_("样本数"))
    score = models.FloatField(_("满意度（%）"))
    summary = models.TextField(_("主要意见"), blank=True)
    evidence_file = evidence_field()

    class Meta:
        ordering = ["-surveyed_on"]
        verbose_name = _("相关方满意度（9.1.1）")

    def __str__(self) -> str:
        return f"{self.party or ''} {self.surveyed_on}"


class SupervisedUnitCheck(Register):
    unit = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("园区内企业"))  # fmt: skip
    unit_name = models.CharField(_("被监管单位"), max_length=200, blank=True)
    requirement = models.TextField(_("监管要求"))
    checked_on = models.DateField(_("检查日期"))
    verdict = models.CharField(_("符合性"), max_length=12, choices=enums.CONFORMITY)
    note = models.TextField(_("说明"), blank=True)
    evidence_file = evidence_field()

    class Meta:
        ordering = ["-checked_on"]
        verbose_name = _("被监管单位符合性（9.1.1）")

    def __str__(self) -> str:
        return f"{self.unit or self.unit_name} {self.checked_on}"


class EsgReport(Register):
    """A park ESG report (or a single-issue disclosure). Generating it writes the Word file
    from the registers and the KPIs of a stored T/ESC run into a document version (frozen,
    sha256); the internal audit reviews it, the leader approves it, then it is published."""

    kind = models.CharField(_("类别"), max_length=8, choices=enums.REPORT_KIND, default="annual")
    core_issue = models.ForeignKey(CoreIssue, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("专项披露的核心议题"))  # fmt: skip
    title = models.CharField(_("标题"), max_length=200)
    year = models.PositiveSmallIntegerField(_("报告年度"))
    period = models.CharField(_("报告时间（9.1.3 a）"), max_length=100)
    scope = models.TextField(_("报告范围（9.1.3 b）"), blank=True,
                             help_text=_("留空则取现行的体系范围文件"))  # fmt: skip
    basis = models.CharField(_("编制依据（9.1.3 d）"), max_length=300, blank=True)
    publication = models.CharField(_("发布方式（9.1.3 e）"), max_length=300)
    history = models.TextField(_("发展历程（9.1.3 f）"))
    honours = models.TextField(_("获得荣誉（9.1.3 f）"))
    outlook = models.TextField(_("结论与展望"))
    state = models.CharField(_("状态"), max_length=10, choices=enums.REPORT_STATE,
                             default="draft")  # fmt: skip
    assessment = models.ForeignKey("assessments.Assessment", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("关键绩效指标评价"))  # fmt: skip
    document = models.ForeignKey("documents.Document", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("报告文件（当前版本）"))  # fmt: skip
    author = person_field(_("编制人"))
    audit_opinion = models.TextField(_("内部审核评审意见（9.2.2 e）"), blank=True)
    audited_by = person_field(_("评审人"))
    audited_at = models.DateTimeField(_("评审时间"), null=True, blank=True)
    approved_by = person_field(_("批准人"))
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    frozen_states = ("audit", "audited", "approved", "published")

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("园区 ESG 报告（9.1.3）")

    def __str__(self) -> str:
        return self.title


class AuditProgramme(Register):
    year = models.PositiveSmallIntegerField(_("年度"))
    frequency = models.CharField(_("频次"), max_length=100)
    methods = models.TextField(_("方法"))
    responsibilities = models.TextField(_("职责"))
    criteria = models.TextField(_("审核准则"))
    scope = models.TextField(_("审核范围"))
    importance = models.TextField(_("过程的重要性和以往审核结果（9.2.2 b）"))
    reporting = models.CharField(_("报告方式"), max_length=200)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("内部审核方案（9.2.2 a–b）")

    def __str__(self) -> str:
        return gettext("%(year)s 年内部审核方案") % {"year": self.year}


class InternalAudit(Register):
    programme = models.ForeignKey(AuditProgramme, on_delete=models.PROTECT, related_name="audits",
                                  verbose_name=_("审核方案"))  # fmt: skip
    title = models.CharField(_("审核"), max_length=200)
    planned_on = models.DateField(_("计划日期"))
    criteria = models.TextField(_("审核准则（9.2.2 c）"))
    scope = models.TextField(_("审核范围（9.2.2 c）"))
    departments = models.ManyToManyField("esg.EsgDepartment", related_name="+",
                                         verbose_name=_("受审核部门"))  # fmt: skip
    auditors = models.ManyToManyField("esg.GroupMember", related_name="audits",
                                      verbose_name=_("审核员"))  # fmt: skip
    requirements_met = models.BooleanField(_("审核体系是否满足标准要求（9.2.1 a）"), default=True)
    plans_effective = models.BooleanField(_("审核策划是否有效实施和保持（9.2.1 b）"), default=True)
    issues_improved = models.BooleanField(_("审核核心议题是否改善（9.2.1 c）"), default=True)
    state = models.CharField(_("状态"), max_length=10, choices=enums.AUDIT_STATE,
                             default="planned")  # fmt: skip
    conducted_on = models.DateField(_("实施日期"), null=True, blank=True)
    report = models.TextField(_("审核报告"), blank=True)
    report_file = evidence_field()

    frozen_states = ("reported", "closed")

    class Meta:
        ordering = ["-planned_on"]
        verbose_name = _("内部审核（9.2）")

    def __str__(self) -> str:
        return self.title

    @property
    def auditor_users(self) -> models.QuerySet:  # type: ignore[type-arg]
        """The auditors' platform accounts (``Workflow`` ``not_by`` reads people)."""
        from parkesg.web.orgs.models import User

        return User.objects.filter(pk__in=self.auditors.values("user_id"))


class AuditFinding(Register):
    audit = models.ForeignKey(InternalAudit, on_delete=models.PROTECT, related_name="findings",
                              verbose_name=_("内部审核"))  # fmt: skip
    grade = models.CharField(_("等级"), max_length=12, choices=enums.GRADE)
    clause = models.CharField(_("条款"), max_length=30, help_text=_("T/ESC 001 条款，如 7.2"))
    department = department_field(_("责任部门"), required=True)
    description = models.TextField(_("发现"))
    evidence = models.TextField(_("客观证据"))
    raised_by = person_field(_("提出人"), required=True)

    class Meta:
        ordering = ["audit", "grade", "id"]
        verbose_name = _("审核发现（9.2）")

    def __str__(self) -> str:
        return f"{vocab.label('esg_finding_grade', self.grade)}：{self.description[:40]}"


class ManagementReview(Register):
    title = models.CharField(_("评审"), max_length=200)
    held_on = models.DateField(_("日期"))
    chair = models.ForeignKey("esg.GroupMember", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("主持人"))  # fmt: skip
    attendees = models.TextField(_("参加人员"))
    input_a = models.TextField(_("a) 以往管理评审所采取措施的状况"))
    input_b = models.TextField(_("b) 组织环境、相关方需求和期望、风险和机遇的变化"))
    input_c = models.TextField(_("c) 核心议题与体系宗旨的一致性"))
    input_d = models.TextField(_("d) 内部审核发现的不符合的改善或纠正"))
    input_e = models.TextField(_("e) 持续改进机会的可操作性"))
    directions = models.TextField(_("持续改进的方向"), blank=True)
    decisions = models.TextField(_("持续改进机会的决定"), blank=True)
    state = models.CharField(_("状态"), max_length=8, choices=enums.REVIEW_STATE,
                             default="planned")  # fmt: skip
    minutes_file = evidence_field()

    frozen_states = ("closed",)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("管理评审（9.3）")

    def __str__(self) -> str:
        return self.title
