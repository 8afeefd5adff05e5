"""Clause 10: nonconformities from operation, audit, review or monitoring → cause (10.1 a) →
correction and corrective actions with owner and deadline (10.1 b) → verification of each
action's effectiveness → closed; and the continual-improvement plan from reviews (10.2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.esg import enums
from parkesg.web.esg.models.base import Register, department_field, evidence_field, person_field
from parkesg.web.esg.models.evaluation import AuditFinding, ManagementReview
from parkesg.web.esg.models.operation import OperationCheck
from parkesg.web.esg.models.planning import CoreIssue


class Nonconformity(Register):
    source = models.CharField(_("来源"), max_length=12, choices=enums.NC_SOURCE)
    grade = models.CharField(_("等级"), max_length=12, choices=enums.GRADE, default="minor")
    finding = models.OneToOneField(AuditFinding, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="nonconformity",
                                   verbose_name=_("审核发现"))  # fmt: skip
    review = models.ForeignKey(ManagementReview, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("管理评审"))  # fmt: skip
    operation_check = models.ForeignKey(OperationCheck, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("运行检查"))  # fmt: skip
    title = models.CharField(_("不符合"), max_length=200)
    description = models.TextField(_("说明"))
    clause = models.CharField(_("条款"), max_length=30, blank=True)
    department = department_field(_("责任部门"), required=True)
    raised_on = models.DateField(_("发现日期"))
    raised_by = person_field(_("记录人"), required=True)
    cause = models.TextField(_("原因分析（10.1 a）"), blank=True)
    correction = models.TextField(_("控制和纠正（10.1 b）"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=enums.NC_STATE, default="open")
    verification = models.TextField(_("有效性验证结论"), blank=True)
    closed_by = person_field(_("关闭人"))
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)

    frozen_states = ("closed",)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("不符合（10.1）")

    def __str__(self) -> str:
        return self.title

    @property
    def action_owners(self) -> models.QuerySet:  # type: ignore[type-arg]
        """The owners of its corrective actions: they do not close it (``not_by``)."""
        from parkesg.web.orgs.models import User

        return User.objects.filter(pk__in=self.actions.values("owner_id"))


class CorrectiveAction(Register):
    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.PROTECT,
                                      related_name="actions", verbose_name=_("不符合"))  # fmt: skip
    description = models.TextField(_("纠正措施"))
    owner = person_field(_("负责人"), required=True)
    department = department_field(_("责任部门"), required=True)
    due = models.DateField(_("完成期限"))
    state = models.CharField(_("状态"), max_length=10, choices=enums.ACTION_STATE,
                             default="planned")  # fmt: skip
    result = models.TextField(_("实施结果"), blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    evidence_file = evidence_field()
    verification_note = models.TextField(_("验证说明"), blank=True)
    verified_by = person_field(_("验证人"))
    verified_on = models.DateField(_("验证日期"), null=True, blank=True)

    frozen_states = ("effective",)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("纠正措施（10.1）")

    def __str__(self) -> str:
        return self.description[:60]


class ImprovementItem(Register):
    review = models.ForeignKey(ManagementReview, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="improvements", verbose_name=_("来源管理评审"))  # fmt: skip
    kind = models.CharField(_("类别"), max_length=12, choices=enums.IMPROVEMENT_KIND)
    core_issue = models.ForeignKey(CoreIssue, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("核心议题"))  # fmt: skip
    title = models.CharField(_("改进事项"), max_length=200)
    content = models.TextField(_("内容"))
    department = department_field(_("责任部门"), required=True)
    due = models.DateField(_("完成期限"))
    state = models.CharField(_("状态"), max_length=10, choices=enums.IMPROVEMENT_STATE,
                             default="todo")  # fmt: skip
    result = models.TextField(_("结果"), blank=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("持续改进计划（10.2）")

    def __str__(self) -> str:
        return self.title
