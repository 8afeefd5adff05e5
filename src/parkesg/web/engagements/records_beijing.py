"""The Beijing diagnosis's own records (北京市工业园区绿色诊断工作指南 三（三）、三（五）、四（三）、
五（四）、五（五）、六 and forms 2-2 – 2-4); the shared ones are in ``records``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.engagements import choices as c
from parkesg.web.engagements.models import Record, Side
from parkesg.web.engagements.records import Option


class Basis(Record):
    """北京 三（三） 诊断依据."""

    kind = models.CharField(_("类别"), max_length=12, choices=c.BasisKind.choices)
    title = models.CharField(_("名称"), max_length=300)
    code = models.CharField(_("文号 / 标准号"), max_length=100, blank=True)

    class Meta:
        ordering = ["engagement_id", "kind", "id"]
        verbose_name = _("诊断依据")

    def __str__(self) -> str:
        return self.title


class Pledge(Record):
    """北京 三（五）、附件2-2 保密承诺书: signed by the provider (scan attached), recorded by the
    park — from then on the provider may read the park's data (the grant's pledge)."""

    number = models.CharField(_("承诺书编号"), max_length=100)
    signed_on = models.DateField(_("签署日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("园区登记人"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("园区登记时间"), null=True, blank=True)

    submitted = True

    class Meta:
        ordering = ["engagement_id", "-signed_on"]
        verbose_name = _("保密承诺书")

    def __str__(self) -> str:
        return self.number


class OnsiteDay(Record):
    """北京 四（三）1: on-site diagnosis, day by day (≥ 4 working days)."""

    day = models.DateField(_("日期"))
    adjusted_workday = models.BooleanField(_("调休工作日（周末上班）"), default=False)
    place = models.CharField(_("地点"), max_length=200)
    work = models.TextField(_("工作内容"))
    people = models.CharField(_("参加人员"), max_length=300, blank=True)

    submitted = True

    class Meta:
        ordering = ["engagement_id", "day"]
        verbose_name = _("现场诊断日")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "day"], name="onsite_day_once")
        ]

    def __str__(self) -> str:
        return str(self.day)


class Confirmation(Record):
    """附件2-3 绿色诊断评估工作确认单, made by the park (signed scan attached)."""

    report_received_on = models.DateField(_("收到诊断评估报告日期"))
    meeting_on = models.DateField(_("诊断工作报告会日期"))
    no_fee = models.BooleanField(_("未收取任何诊断服务相关费用"), default=True)
    third_party = models.BooleanField(_("同时提供绿色工业园区第三方评估服务"), default=False)
    signer = models.CharField(_("负责人"), max_length=60)
    signed_on = models.DateField(_("签署日期"))

    side = Side.park
    submitted = True

    class Meta:
        ordering = ["engagement_id", "-signed_on"]
        verbose_name = _("诊断评估工作确认单")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.signed_on}"


class Survey(Record):
    """附件2-4 绿色诊断服务工作满意度评价表, made by the park (signed scan attached)."""

    rating = models.CharField(_("评价"), max_length=14, choices=c.Satisfaction.choices)
    on_service = models.TextField(_("对服务商开展绿色诊断评估工作的具体评价和建议"), blank=True)
    on_work = models.TextField(_("对绿色诊断评估工作的建议"), blank=True)
    intentions = models.TextField(_("园区后续绿色化改造的意愿、困难和建议"), blank=True)
    signer = models.CharField(_("相关工作负责人"), max_length=60)
    signed_on = models.DateField(_("日期"))

    side = Side.park
    submitted = True

    class Meta:
        ordering = ["engagement_id", "-signed_on"]
        verbose_name = _("服务工作满意度评价表")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.signed_on}"


class Opinion(Record):
    """The district industry and IT bureau's opinion (附件2-4 区级经信部门审核意见; 五（五））."""

    text = models.TextField(_("审核意见"))
    reviewed_on = models.DateField(_("审核日期"))

    side = Side.district
    submitted = True

    class Meta:
        ordering = ["engagement_id", "-reviewed_on"]
        verbose_name = _("区级主管部门审核意见")

    def __str__(self) -> str:
        return self.text[:60]


class AdoptionRecord(Record):
    """北京 六: a year on, what became of each suggestion."""

    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="adoptions",
                               verbose_name=_("建议"))  # fmt: skip
    status = models.CharField(_("采纳情况"), max_length=12, choices=c.Adoption.choices)
    effect = models.TextField(_("落实效果"), blank=True)
    recorded_on = models.DateField(_("记录日期"))

    submitted = True

    class Meta:
        ordering = ["engagement_id", "option_id", "-recorded_on"]
        verbose_name = _("建议采纳情况")

    def __str__(self) -> str:
        return f"{self.option} · {self.get_status_display()}"
