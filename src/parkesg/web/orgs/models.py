"""Organisations, users and the grants that let one organisation see another's data."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkesg.codes import check_credit_code, check_industry, check_region, check_stock_code
from parkesg.errors import DataError
from parkesg.web.core.roles import ROLE_LABELS, Role
from parkesg.web.core.tenancy import TenantModel, TenantQuerySet


class OrgKind(models.TextChoices):
    park = "park", "园区管委会 park committee"
    provider = "provider", "服务商 service provider"
    enterprise = "enterprise", "企业 enterprise"
    bank = "bank", "银行 / 评价机构 bank or rating agency"
    government = "government", "政府 government"


class OrganisationQuerySet(TenantQuerySet):
    org_path = "id"


def region_prefix(code: str) -> str:
    """A GB/T 2260 code's significant prefix: 320400 (常州市) → 3204, 320000 → 32."""
    code = code.strip()
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


class Organisation(models.Model):
    """A tenant. A park committee *is* its park; an enterprise may be attached to one park."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices)
    region = models.CharField(
        _("行政区划代码"), max_length=6, help_text=_("GB/T 2260，如 320400（常州市）")
    )
    park = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        limit_choices_to={"kind": OrgKind.park},
        verbose_name=_("所在园区"),
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    industry = models.CharField(_("行业代码（GB/T 4754）"), max_length=5, blank=True)
    # a listed enterprise's code: the city's "上市企业 ESG 信息披露率" counts those that have one
    stock_code = models.CharField(
        _("证券代码"), max_length=9, blank=True,
        help_text=_("上市企业填写，如 600519.SH、00700.HK；未上市留空"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("组织")
        constraints = [
            # one organisation per 统一社会信用代码: a grant named by code can mean only one
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="organisation_credit_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        problems: dict[str, str] = {}
        for name, check in (("region", check_region), ("industry", check_industry),
                            ("credit_code", check_credit_code),
                            ("stock_code", check_stock_code)):  # fmt: skip
            value = getattr(self, name).strip()
            if name == "region" or value:
                try:
                    setattr(self, name, check(value))
                except DataError as exc:
                    problems[name] = exc.detail
        if problems:
            raise ValidationError(problems)
        taken = Organisation.objects.filter(credit_code=self.credit_code).exclude(pk=self.pk)
        if self.credit_code and taken.exists():
            raise ValidationError(
                {
                    "credit_code": "该统一社会信用代码已被平台上另一组织登记，同一代码只能属于一个组织"
                }
            )
        if self.stock_code and self.kind != OrgKind.enterprise:
            raise ValidationError({"stock_code": "只有企业填写证券代码"})
        if self.park_id and self.kind != OrgKind.enterprise:
            raise ValidationError({"park": "只有企业可以隶属于园区"})
        if self.park_id and self.park and self.park.kind != OrgKind.park:
            raise ValidationError({"park": "所在园区必须是园区管委会"})


class UserQuerySet(models.QuerySet[Any]):
    def for_user(self, user: Any, action: str) -> models.QuerySet[Any]:
        from parkesg.web.orgs.access import scope_users

        return scope_users(self, user, action)


class PeopleManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Django's user manager (create_user …) with ``for_user``."""


class Duty(models.TextChoices):
    """Platform staff duties kept apart (三员分立, GB/T 22239—2019 8.1.4.2 c), 8.1.10): each
    account holds one, and none of them reads an organisation's data."""

    system = "system", "系统管理员 system administrator"
    security = "security", "安全管理员 security administrator"
    audit = "audit", "审计管理员 audit administrator"


class User(AbstractUser):
    """A person with one role in one organisation, or a member of the platform staff (no
    organisation, one ``duty``). A superuser without organisation is the platform operator —
    the system administrator: it manages organisations and their first admin, and sees no
    organisation's data."""

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("所属组织"),
    )
    role = models.CharField(
        _("角色"),
        max_length=10,
        choices=[(r.value, ROLE_LABELS[r]) for r in Role],
        default=Role.viewer,
    )
    duty = models.CharField(_("平台职责"), max_length=10, choices=Duty.choices, blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    objects: ClassVar[PeopleManager] = PeopleManager()  # type: ignore[assignment]

    class Meta(AbstractUser.Meta):
        constraints = [
            # platform staff belong to no organisation; the system duty is the superuser's
            models.CheckConstraint(
                condition=Q(duty="") | Q(organisation__isnull=True), name="user_duty_no_org"
            ),
            models.CheckConstraint(
                condition=Q(is_superuser=False) | Q(duty="system"), name="user_superuser_system"
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.is_superuser and not self.organisation_id:
            self.duty = Duty.system  # createsuperuser makes the system administrator
        super().save(*args, **kwargs)

    @property
    def staff_duty(self) -> str:
        """The platform duty of an active staff account, else ""."""
        return self.duty if self.is_active and not self.organisation_id else ""

    @property
    def needs_second_factor(self) -> bool:
        """Admins and platform staff log in with a second factor (TOTP or a recovery code)."""
        return bool(self.duty or self.is_superuser or self.role == Role.admin)


class GrantKind(models.TextChoices):
    park_share = "park_share", "向所在园区共享 share with its park"
    engagement = "engagement", "服务商项目 service engagement"
    bank_consent = "bank_consent", "授权银行 / 评价机构 consent to a bank"


# Who may receive each kind of grant, and from whom.
GRANT_RULES: dict[str, tuple[set[str], set[str]]] = {
    GrantKind.park_share: ({OrgKind.enterprise}, {OrgKind.park}),
    GrantKind.engagement: ({OrgKind.park, OrgKind.enterprise}, {OrgKind.provider}),
    GrantKind.bank_consent: ({OrgKind.enterprise}, {OrgKind.bank}),
}


class AccessGrant(TenantModel):
    """The owner (``organisation``) lets ``grantee`` view its data, for a period.

    - park_share: an enterprise shares its data with its park (T/ESC 001 9.1.2 d).
    - engagement: a service provider works for a park or enterprise; effective only once the
      confidentiality pledge is recorded (北京市工业园区绿色诊断工作指南 三（五）、附件2-2).
    - bank_consent: an enterprise consents to a bank or rating agency reading its data
      (T/JDFA01—2025 6.6 d), 6.7: the rater keeps the enterprise's secrets; data beyond what
      is publicly disclosed needs the enterprise's consent).
    """

    kind = models.CharField(_("类型"), max_length=20, choices=GrantKind.choices)
    grantee = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grants_received",
        verbose_name=_("被授权方"),
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    pledge_recorded_at = models.DateTimeField(_("保密承诺书登记时间"), null=True, blank=True)
    pledge_reference = models.CharField(_("保密承诺书编号"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    shared_by_grants = False  # a grant is seen by its two parties only

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("数据授权")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.organisation} → {self.grantee}"

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        # The grantee sees the grants it holds (never the owner's other data through them).
        return Q(grantee_id=user.organisation_id) if user.organisation_id else None

    def clean(self) -> None:
        if not (self.organisation_id and self.grantee_id and self.kind in GRANT_RULES):
            raise ValidationError(_("授权方、被授权方和类型都必须确定"))
        owners, grantees = GRANT_RULES[self.kind]
        if self.organisation.kind not in owners:
            allowed = "、".join(OrgKind(k).label for k in owners)
            raise ValidationError(f"此类授权只能由{allowed}发出")
        if self.grantee.kind not in grantees:
            raise ValidationError({"grantee": "被授权方类型不符"})
        if self.kind == GrantKind.park_share and self.organisation.park_id != self.grantee_id:
            raise ValidationError({"grantee": "企业只能向其所在园区共享数据"})
        if self.kind == GrantKind.engagement and not self.ends_on:
            raise ValidationError({"ends_on": "服务项目必须有结束日期"})
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "结束日期早于开始日期"})


def active_grants_q(today: dt.date) -> Q:
    """Grants in force on ``today``: started, not ended, not revoked, pledge where required."""
    return (
        Q(revoked_at__isnull=True, starts_on__lte=today)
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        & (~Q(kind=GrantKind.engagement) | Q(pledge_recorded_at__isnull=False))
    )
