"""Clause 8: periodic checks that strategies, plans, projects, services and programmes help
the core issues' KPIs (8.1 a–c, 8.2), recorded per item with a verdict."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.esg import enums
from parkesg.web.esg.models.base import Register, department_field, evidence_field
from parkesg.web.esg.models.planning import CoreIssue, Kpi


class OperationCheck(Register):
    item_kind = models.CharField(_("对象类别"), max_length=12, choices=enums.ITEM_KIND)
    item = models.CharField(_("战略、规划、项目、计划或服务"), max_length=200)
    core_issues = models.ManyToManyField(CoreIssue, blank=True, related_name="+",
                                         verbose_name=_("相关核心议题"))  # fmt: skip
    kpis = models.ManyToManyField(Kpi, blank=True, related_name="+",
                                  verbose_name=_("相关绩效指标"))  # fmt: skip
    checked_on = models.DateField(_("评价日期"))
    department = department_field(_("责任部门"))
    verdict = models.CharField(_("结论"), max_length=10, choices=enums.VERDICT)
    finding = models.TextField(_("评价说明"))
    follow_up = models.TextField(_("后续措施"), blank=True)
    evidence_file = evidence_field()

    class Meta:
        ordering = ["-checked_on", "item"]
        verbose_name = _("运行检查（8.1、8.2）")

    def __str__(self) -> str:
        return self.item
