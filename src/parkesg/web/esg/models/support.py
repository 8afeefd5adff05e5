"""Clause 7: resources (7.1), competence and training (7.2 a–d, with evidence), awareness
(7.3 a–d), the communication plan (7.4 a–d) and the log of what was communicated. The
documented information itself (7.5) is the ``documents`` app's register."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core import vocab
from parkesg.web.esg import enums
from parkesg.web.esg.models.base import Register, department_field, evidence_field


class EsgResource(Register):
    kind = models.CharField(_("资源类别"), max_length=16, choices=enums.RESOURCE_KIND)
    description = models.TextField(_("资源内容"))
    amount = models.CharField(_("数量或金额"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    department = department_field(_("提供或协调部门"))
    provided_by = models.CharField(_("提供方"), max_length=200, blank=True,
                                   help_text=_("如 领导小组分配、下属平台公司协调（7.1）"))  # fmt: skip

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = _("资源（7.1）")

    def __str__(self) -> str:
        return f"{vocab.label('esg_resource_kind', self.kind)} {self.year}"


class Competence(Register):
    function = models.CharField(_("岗位或职责"), max_length=100,
                                help_text=_("如 内审员、ESG 办公室、数据填报"))  # fmt: skip
    person = models.CharField(_("人员"), max_length=100)
    department = department_field(_("部门"))
    required = models.TextField(_("所需能力（7.2 a）"))
    meets = models.BooleanField(_("具备所需能力"), default=False)
    basis = models.TextField(_("判定依据"), blank=True, help_text=_("学历、培训、经历等"))
    evidence_file = evidence_field()

    class Meta:
        ordering = ["function", "person"]
        verbose_name = _("能力（7.2）")

    def __str__(self) -> str:
        return f"{self.person} · {self.function}"


class TrainingRecord(Register):
    title = models.CharField(_("培训名称"), max_length=200)
    held_on = models.DateField(_("日期"))
    audience = models.CharField(_("对象"), max_length=10, choices=enums.AUDIENCE)
    participants = models.TextField(_("参加人员"))
    hours = models.FloatField(_("学时"), null=True, blank=True)
    trainer = models.CharField(_("讲师或机构"), max_length=200, blank=True)
    content = models.TextField(_("内容"), blank=True)
    evidence_file = evidence_field()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("培训记录（7.2 b–d）")

    def __str__(self) -> str:
        return self.title


class AwarenessActivity(Register):
    title = models.CharField(_("活动"), max_length=200)
    held_on = models.DateField(_("日期"))
    audience = models.CharField(_("对象"), max_length=200,
                                help_text=_("为组织工作的人员、代表组织工作的人员、相关方"))  # fmt: skip
    channel = models.CharField(_("方式"), max_length=100, blank=True)
    importance = models.BooleanField(_("体系建立的重要性（7.3 a）"), default=False)
    objectives = models.BooleanField(_("期望和目标（7.3 b）"), default=False)
    contribution = models.BooleanField(_("其贡献和改进的收益（7.3 c）"), default=False)
    consequences = models.BooleanField(_("不符合的后果（7.3 d）"), default=False)
    reached = models.PositiveIntegerField(_("覆盖人数"), null=True, blank=True)
    evidence_file = evidence_field()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("共识活动（7.3）")

    def __str__(self) -> str:
        return self.title


class CommunicationPlan(Register):
    topic = models.CharField(_("交流内容（7.4 a）"), max_length=200)
    timing = models.CharField(_("交流时机（7.4 b）"), max_length=100)
    audience = models.CharField(_("交流对象（7.4 c）"), max_length=200)
    channel = models.CharField(_("交流方式（7.4 d）"), max_length=200)
    direction = models.CharField(_("内部或外部"), max_length=10, choices=enums.DIRECTION_IO)
    department = department_field(_("责任部门"))

    class Meta:
        ordering = ["direction", "topic"]
        verbose_name = _("信息交流计划（7.4）")

    def __str__(self) -> str:
        return self.topic


class CommunicationRecord(Register):
    plan = models.ForeignKey(CommunicationPlan, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="records", verbose_name=_("交流计划"))  # fmt: skip
    held_on = models.DateField(_("日期"))
    direction = models.CharField(_("内部或外部"), max_length=10, choices=enums.DIRECTION_IO)
    audience = models.CharField(_("对象"), max_length=200)
    channel = models.CharField(_("方式"), max_length=200)
    summary = models.TextField(_("内容摘要"))
    document = models.ForeignKey("documents.Document", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("交流的文件"),
                                 help_text=_("如 ESG 政策（5.2）、ESG 报告（9.1.3）"))  # fmt: skip
    evidence_file = evidence_field()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("信息交流记录（7.4）")

    def __str__(self) -> str:
        return f"{self.held_on} {self.audience}"
