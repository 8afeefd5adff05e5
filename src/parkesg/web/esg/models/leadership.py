"""Clause 5: the ESG leading group, its office and member departments (5.1), the roles and
duties of the leader, the office and the members (5.3). The policy (5.2) is a document
(``documents``, kind ``esc.policy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core import vocab
from parkesg.web.esg import enums
from parkesg.web.esg.models.base import Register


class EsgDepartment(Register):
    name = models.CharField(_("部门"), max_length=100)
    kind = models.CharField(_("在体系中的角色"), max_length=12, choices=enums.DEPT_KIND)
    area = models.CharField(_("职能"), max_length=12, choices=enums.DEPT_AREA,
                            help_text=_("5.1 列出的部门职能"))  # fmt: skip
    head = models.CharField(_("负责人"), max_length=60, blank=True)
    duties = models.TextField(_("职责和权限（5.3）"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("ESG 部门（5.1）")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="esg_department_name")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(Register):
    """A person of the leading group; ``user`` is the platform account that acts for them
    (the leader approves the report, an internal auditor verifies corrective actions)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("平台账户"),
    )  # fmt: skip
    name = models.CharField(_("姓名"), max_length=60)
    position = models.CharField(_("职务"), max_length=16, choices=enums.POSITION)
    group_role = models.CharField(_("小组职务"), max_length=10, choices=enums.GROUP_ROLE)
    department = models.ForeignKey(
        EsgDepartment, on_delete=models.PROTECT, related_name="members", verbose_name=_("部门")
    )
    internal_auditor = models.BooleanField(_("内审员（9.2）"), default=False)
    duties = models.TextField(_("职责（5.3）"), blank=True)
    appointed_on = models.DateField(_("任命日期"))

    class Meta:
        ordering = ["group_role", "name"]
        verbose_name = _("领导小组成员（5.1、5.3）")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="esg_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{vocab.label('esg_group_role', self.group_role)}）"

    @classmethod
    def of(cls, user: Any) -> GroupMember | None:
        """The user's place in the leading group of their own organisation, if any."""
        if not getattr(user, "organisation_id", None):
            return None
        return (
            cls.objects.filter(  # type: ignore[no-any-return]
                organisation_id=user.organisation_id, user_id=user.pk
            )
            .select_related("department")
            .first()
        )
