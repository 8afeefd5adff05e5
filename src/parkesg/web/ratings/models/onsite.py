"""The comprehensive rating (T/JDFA01 6.10–6.11) and re-confirmation (6.4 a): on-site
verification records with the list of documents collected and the enterprise's confirmation
of it, adjustments per indicator, and the enterprise's answer on its draft result."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.tenancy import TenantModel
from parkesg.web.ratings.kinds import Medium, OnSiteKind, Response
from parkesg.web.ratings.models.project import SHOWN_TO_ENTERPRISE, PortfolioMember


def _own_enterprise_q(user: Any, path: str = "member") -> Q | None:
    org = user.organisation_id
    if not org:
        return None
    return Q(**{f"{path}__enterprise_id": org})


class OnSiteRecord(TenantModel):
    """6.10 a–c: an interview or a site visit, its findings and the documents collected."""

    member = models.ForeignKey(PortfolioMember, on_delete=models.PROTECT,
                               related_name="onsite", verbose_name=_("评价对象"))  # fmt: skip
    kind = models.CharField(_("方式"), max_length=12, choices=OnSiteKind.choices)
    held_on = models.DateField(_("日期"))
    people = models.CharField(_("访谈对象 / 参加人员"), max_length=300)
    findings = models.TextField(_("了解到的情况"))
    evaluator = models.ForeignKey("ratings.Evaluator", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("评价人员"))  # fmt: skip
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("企业确认人"))  # fmt: skip
    confirmed_at = models.DateTimeField(_("企业确认时间"), null=True, blank=True)
    confirmation_note = models.CharField(_("企业确认意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["member_id", "held_on", "id"]
        verbose_name = _("现场验证记录")

    def __str__(self) -> str:
        return f"{self.member} · {self.get_kind_display()} {self.held_on}"

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        return _own_enterprise_q(user)  # the enterprise confirms the list (6.10 c)


class CollectedItem(TenantModel):
    """One entry of the list of documents collected on site (6.10 b)."""

    record = models.ForeignKey(OnSiteRecord, on_delete=models.PROTECT, related_name="items",
                               verbose_name=_("现场验证记录"))  # fmt: skip
    title = models.CharField(_("资料名称"), max_length=200)
    medium = models.CharField(_("形式"), max_length=10, choices=Medium.choices)
    evidence = models.ForeignKey("collection.EvidenceFile", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("电子文件"))  # fmt: skip

    class Meta:
        ordering = ["record_id", "id"]
        verbose_name = _("现场收集资料")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        return _own_enterprise_q(user, "record__member")


class Adjustment(TenantModel):
    """6.11 c: an indicator score adjusted after on-site verification — reason, evaluator, date."""

    member = models.ForeignKey(PortfolioMember, on_delete=models.PROTECT,
                               related_name="adjustments", verbose_name=_("评价对象"))  # fmt: skip
    indicator_id = models.CharField(_("指标"), max_length=64)
    score = models.FloatField(_("调整后得分"))
    reason = models.CharField(_("调整原因"), max_length=300)
    evaluator = models.ForeignKey("ratings.Evaluator", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("评价人员"))  # fmt: skip
    made_on = models.DateField(_("调整日期"))
    changed_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["member_id", "indicator_id"]
        verbose_name = _("现场调整")
        constraints = [
            models.UniqueConstraint(fields=["member", "indicator_id"], name="adjustment_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.indicator_id}"


class Reconfirmation(TenantModel):
    """6.4 a: the enterprise sees its draft result and answers by the project's deadline,
    confirming it or adding information with evidence."""

    member = models.OneToOneField(PortfolioMember, on_delete=models.PROTECT,
                                  related_name="reconfirmation", verbose_name=_("评价对象"))  # fmt: skip
    response = models.CharField(_("答复"), max_length=10, choices=Response.choices,
                                default=Response.pending)  # fmt: skip
    comment = models.TextField(_("补充说明"), blank=True)
    evidence = models.ManyToManyField("collection.EvidenceFile", blank=True, related_name="+",
                                      verbose_name=_("补充材料"))  # fmt: skip
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("答复人"))  # fmt: skip
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        ordering = ["member_id"]
        verbose_name = _("信息再确认")

    def __str__(self) -> str:
        return str(self.member)

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        org = user.organisation_id
        if not org:
            return None
        return Q(member__enterprise_id=org, member__project__state__in=SHOWN_TO_ENTERPRISE)
