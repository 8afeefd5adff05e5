"""Clause 6: risks and opportunities (6.1), core issues (6.2) and the KPIs that show their
improvement, KPI baselines (6.3.1) and targets (6.3.2) as approved versions, and the
performance management programmes (6.3.3)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkesg.web.esg import enums
from parkesg.web.esg.models.base import Register, department_field, evidence_field, person_field
from parkesg.web.esg.models.context import ContextIssue, InterestedParty
from parkesg.web.observations.models import SourceCategory

SCALE = enums.SCALE


class RiskOpportunity(Register):
    kind = models.CharField(_("类别"), max_length=12, choices=enums.RO_KIND)
    category = models.CharField(_("类型（附录A.6.1）"), max_length=16, choices=enums.RO_CATEGORY)
    title = models.CharField(_("风险或机遇"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    purpose = models.CharField(_("相关宗旨（6.1 a）"), max_length=16, choices=enums.PURPOSE)
    timing = models.CharField(_("影响（6.1 b）"), max_length=10, choices=enums.RO_TIMING)
    severity = models.PositiveSmallIntegerField(_("严重性"), choices=SCALE)
    urgency = models.PositiveSmallIntegerField(_("紧迫性"), choices=SCALE)
    score = models.PositiveSmallIntegerField(
        _("排序分值（严重性×紧迫性）"), editable=False, default=0
    )
    measures = models.TextField(_("预防或减少非预期影响的措施（6.1 c）"), blank=True)
    issues = models.ManyToManyField(ContextIssue, blank=True, related_name="+",
                                    verbose_name=_("相关内外部问题（4.1）"))  # fmt: skip
    parties = models.ManyToManyField(InterestedParty, blank=True, related_name="+",
                                     verbose_name=_("相关方（4.2）"))  # fmt: skip
    reviewed_on = models.DateField(_("评审日期"), null=True, blank=True)
    reviewed_with = models.CharField(_("共同评审的相关方"), max_length=300, blank=True)

    class Meta:
        ordering = ["-score", "kind", "title"]
        verbose_name = _("风险和机遇（6.1）")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.score = int(self.severity or 0) * int(self.urgency or 0)  # 6.1: 严重性和紧迫性排序
        super().save(*args, **kwargs)


class CoreIssue(Register):
    title = models.CharField(_("议题"), max_length=120)
    domain = models.CharField(_("领域（4.6）"), max_length=16, choices=enums.DOMAIN)
    impact = models.PositiveSmallIntegerField(_("对组织的影响（6.2 a）"), choices=SCALE)
    purpose_fit = models.BooleanField(_("符合体系宗旨（6.2 b）"), default=False)
    attention = models.PositiveSmallIntegerField(_("相关方关注程度（6.2 c）"), choices=SCALE)
    in_jurisdiction = models.BooleanField(_("在管辖或影响范围内（6.2 d）"), default=False)
    in_domain = models.BooleanField(_("属于 4.6 领域（6.2 e）"), default=True)
    importance = models.PositiveSmallIntegerField(
        _("重要性（影响×关注）"), editable=False, default=0
    )
    core = models.BooleanField(_("确定为核心议题"), default=False)
    rationale = models.TextField(_("评估说明"), blank=True)
    achievements = models.TextField(_("取得成效（9.1.3 g）"), blank=True)
    measures = models.TextField(_("重点举措（9.1.3 g）"), blank=True)
    assessed_on = models.DateField(_("评估日期"))

    class Meta:
        ordering = ["-core", "-importance", "title"]
        verbose_name = _("ESG 议题（6.2）")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.importance = int(self.impact or 0) * int(self.attention or 0)
        super().save(*args, **kwargs)


class Kpi(Register):
    """A KPI of a core issue: one of the 35 of Table A.1 (``indicator_id`` of the T/ESC
    framework, computed by the engine) or the park's own (``code``, name, unit, direction;
    its yearly values recorded as ``KpiReading``)."""

    core_issue = models.ForeignKey(CoreIssue, on_delete=models.PROTECT, related_name="kpis",
                                   verbose_name=_("核心议题"))  # fmt: skip
    indicator_id = models.CharField(_("表A.1 指标"), max_length=64, blank=True)
    code = models.CharField(_("自定指标编号"), max_length=30, blank=True)
    name = models.CharField(_("自定指标名称"), max_length=200, blank=True)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    direction = models.CharField(_("方向"), max_length=8, choices=enums.DIRECTION, blank=True)
    nature = models.CharField(_("性质"), max_length=14, choices=enums.KPI_NATURE,
                              default="quantitative")  # fmt: skip

    class Meta:
        ordering = ["core_issue", "indicator_id", "code"]
        verbose_name = _("绩效指标（6.2）")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "indicator_id"],
                                    condition=~models.Q(indicator_id=""), name="esg_kpi_a1_once"),
            models.UniqueConstraint(fields=["organisation", "code"],
                                    condition=~models.Q(code=""), name="esg_kpi_code_once"),
        ]  # fmt: skip

    def __str__(self) -> str:
        from parkesg.web.esg.kpis import label

        return label(self)

    @property
    def engine_id(self) -> str:
        """The indicator id the engine computes: Table A.1's, or ``own_<code>``."""
        return self.indicator_id or f"own_{self.code.lower()}"


class KpiReading(Register):
    """A yearly value of a park's own KPI (Table A.1 KPIs come from approved observations)."""

    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="readings",
                            verbose_name=_("绩效指标"))  # fmt: skip
    year = models.PositiveSmallIntegerField(_("年份"))
    value = models.FloatField(_("数值"))
    source = models.CharField(_("数据来源（9.1.2）"), max_length=20,
                              choices=SourceCategory.choices)  # fmt: skip
    evidence = models.CharField(_("证明材料说明"), max_length=300, blank=True)
    evidence_file = evidence_field()

    class Meta:
        ordering = ["kpi", "year"]
        verbose_name = _("自定指标数值")
        constraints = [models.UniqueConstraint(fields=["kpi", "year"], name="esg_reading_once")]

    def __str__(self) -> str:
        return f"{self.kpi} {self.year}"


class KpiTarget(Register):
    """Baseline (6.3.1) and target (6.3.2) of a KPI, one version per row: drafted, approved by
    someone other than its author, superseded when a later version is approved. The version
    in force is what the engine's progress reads."""

    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="targets",
                            verbose_name=_("绩效指标"))  # fmt: skip
    version = models.PositiveIntegerField(_("版本"), default=1)
    state = models.CharField(_("状态"), max_length=12, choices=enums.TARGET_STATE,
                             default="draft")  # fmt: skip
    author = person_field(_("编制人"), required=True)
    baseline_year = models.PositiveSmallIntegerField(_("基准年"))
    baseline_period = models.CharField(_("基准时间段（6.3.1 a）"), max_length=100)
    baseline = models.FloatField(_("基准值"))
    policy_review = models.TextField(_("现有政策回顾（6.3.1 b）"))
    collection_method = models.TextField(_("数据收集方式（6.3.1 c）"))
    target_year = models.PositiveSmallIntegerField(_("目标年"))
    target = models.FloatField(_("目标值"))
    legal_basis = models.TextField(_("法律法规和政策依据（6.3.2 a）"))
    actions = models.TextField(_("达成目标的行动和计划（6.3.2 b）"))
    communication = models.TextField(_("内外部沟通方式（6.3.2 c）"))
    monitoring = models.TextField(_("测量或评估方式（6.3.2 d）"))
    change_note = models.CharField(_("更新说明（6.3.2 e）"), max_length=300, blank=True)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by",
                                      verbose_name=_("取代的版本"))  # fmt: skip
    approved_by = person_field(_("批准人"))
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    frozen_states = ("submitted", "approved", "superseded")

    class Meta:
        ordering = ["kpi", "-version"]
        verbose_name = _("基准值和目标值（6.3.1、6.3.2）")
        constraints = [
            models.UniqueConstraint(fields=["kpi", "version"], name="esg_target_version")
        ]

    def __str__(self) -> str:
        return f"{self.kpi} " + gettext("第 %(v)s 版") % {"v": self.version}


class Programme(Register):
    core_issue = models.ForeignKey(CoreIssue, on_delete=models.PROTECT, related_name="programmes",
                                   verbose_name=_("针对的核心议题"))  # fmt: skip
    kpis = models.ManyToManyField(Kpi, blank=True, related_name="programmes",
                                  verbose_name=_("针对的绩效指标"))  # fmt: skip
    name = models.CharField(_("方案名称"), max_length=200)
    content = models.TextField(_("方案内容"))
    department = department_field(_("责任部门"), required=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("负责人"))  # fmt: skip
    due = models.DateField(_("完成时间"))
    evaluation_method = models.TextField(_("效果评估方式"))
    state = models.CharField(_("状态"), max_length=10, choices=enums.PROGRAMME_STATE,
                             default="planned")  # fmt: skip
    result = models.TextField(_("实施结果"), blank=True)
    evaluation = models.TextField(_("效果评估"), blank=True)
    evidence_file = evidence_field()

    frozen_states = ("evaluated", "cancelled")

    class Meta:
        ordering = ["due", "name"]
        verbose_name = _("绩效管理方案（6.3.3）")

    def __str__(self) -> str:
        return self.name
