"""An engagement — a service provider's T/CPPC park audit or Beijing green diagnosis for one
park — and the base of its records (``records``). The provider owns the engagement and its
working records; the park committee sees it and signs its own records (confirmation,
satisfaction); the district government sees what is submitted to it. Who sees what is
written once, in ``extra_view_q`` below, and read by the platform's one access policy
(``orgs.access.scope`` through ``for_user``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.tenancy import TenantModel
from parkesg.web.engagements.choices import Depth, Kind, Scope, State


class Engagement(TenantModel):
    """Owned by the service provider (``organisation``); ``park`` is the park committee."""

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("项目名称"), max_length=200)
    park = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("园区")
    )
    grant = models.ForeignKey(
        "orgs.AccessGrant", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("园区的服务项目授权"),
    )  # fmt: skip
    round = models.PositiveSmallIntegerField(_("审核轮次"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_round",
        verbose_name=_("上一轮"),
    )  # fmt: skip
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("计划完成日期"))
    base_year = models.PositiveSmallIntegerField(
        _("基准年")
    )  # the last year of the 3-year baseline
    scope = models.CharField(_("范围"), max_length=10, choices=Scope.choices, default=Scope.whole)
    boundary = models.TextField(_("范围边界说明"), blank=True)
    enterprises = models.ManyToManyField(
        "orgs.Organisation", blank=True, related_name="+", verbose_name=_("范围内企业")
    )
    # Beijing 三（一）: depth, and a partial boundary's approval
    depth = models.CharField(_("诊断深度"), max_length=10, choices=Depth.choices, blank=True)
    special_topics = models.TextField(_("专项诊断内容（与园区协商确定）"), blank=True)
    approval_body = models.CharField(_("部分区域诊断的批准单位"), max_length=200, blank=True)
    approval_ref = models.CharField(_("批准文号"), max_length=100, blank=True)
    approval_on = models.DateField(_("批准日期"), null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("项目负责人（签核人）"),
    )  # fmt: skip
    state = models.CharField(_("阶段"), max_length=20, choices=State.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("提交签核人"),
    )  # fmt: skip
    run = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("评价结果（已存储）"),
    )  # fmt: skip
    # the profile of ``parkesg.engagement.Profile`` the platform has no other record for:
    # contacts, phones, narratives (validated by that model on every save)
    profile = models.JSONField(_("基本信息"), default=dict, blank=True)
    district = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("报送的区级主管部门"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    followup_due = models.DateField(_("跟踪反馈截止日期"), null=True, blank=True)
    next_plan = models.TextField(_("园区下一步提升计划"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    shared_by_grants = False  # a park's grants never show a provider's engagements to others

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("服务项目")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        # The park committee sees its engagements; the district government what was
        # submitted to it. Nobody else (enterprises in scope, other providers, banks).
        org = user.organisation_id
        if not org:
            return None
        return Q(park_id=org) | Q(district_id=org, submitted_at__isnull=False)

    @property
    def is_cppc(self) -> bool:
        return self.kind == Kind.cppc

    @property
    def years(self) -> list[int]:
        return [self.base_year - 2, self.base_year - 1, self.base_year]

    @property
    def forms_makers(self) -> Any:
        """The people who recorded the park's forms 2-3 and 2-4 (they do not confirm them)."""
        from parkesg.web.orgs.models import User

        ids = {
            *Confirmation.objects.filter(engagement=self).values_list("created_by", flat=True),
            *Survey.objects.filter(engagement=self).values_list("created_by", flat=True),
        }
        return User.objects.filter(pk__in=ids)


class Side(StrEnum):
    """Who makes a kind of record (and so owns it): the provider, the park, the district."""

    provider = "provider"
    park = "park"
    district = "district"


class Record(TenantModel):
    """Abstract base of an engagement's records. ``organisation`` is the maker's (the
    provider, the park or the district government, as ``side`` says); others see a record
    through its engagement: the provider and the park always, the district government only
    for the records submitted with the report (``submitted``)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    shared_by_grants = False
    side = Side.provider
    submitted = False  # part of what is submitted to the district government

    class Meta:
        abstract = True

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        org = user.organisation_id
        if not org:
            return None
        q = Q(engagement__organisation_id=org) | Q(engagement__park_id=org)
        if cls.submitted:
            q |= Q(engagement__district_id=org, engagement__submitted_at__isnull=False)
        return q


# The records (their own module, small); imported here so that Django registers them.
from parkesg.web.engagements.records import (  # noqa: E402, F401
    AdoptionRecord,
    Attachment,
    Basis,
    Conclusion,
    Confirmation,
    ContinuingStep,
    Finding,
    Focus,
    Member,
    OnsiteDay,
    Opinion,
    Option,
    PlanItem,
    Pledge,
    Publicity,
    Section,
    Snapshot,
    Survey,
    Target,
)
