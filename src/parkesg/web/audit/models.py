"""Audit records: who did what, when (UTC), before and after — appended, never changed.

The ORM refuses updates and deletes (``save`` of an existing row, ``delete``, queryset
``update``/``delete``); a database trigger refuses them too (migration 0003), so not even
raw SQL from the application can rewrite history. Each record carries the hash of the
previous one in its organisation's chain; ``services.verify_chains`` recomputes them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.appendonly import AppendOnlyModel, AppendOnlyQuerySet


class AuditQuerySet(AppendOnlyQuerySet):
    def for_user(self, user: Any, action: str) -> models.QuerySet[Any]:
        """An organisation's admins read its own chain. The platform's audit administrator
        reads the platform chain, what platform staff did, and the security events of every
        chain (logins, refusals, account changes) — not the before / after of anyone's data."""
        from parkesg.web.orgs.access import data_org_q

        if action != "view":
            return self.none()
        if getattr(user, "is_authenticated", False) and user.staff_duty == "audit":
            return self.filter(
                models.Q(chain="platform")
                | models.Q(actor__isnull=False, actor__organisation__isnull=True)
                | models.Q(action__in=SECURITY_EVENTS)
            )
        q = data_org_q(user, "manage", "organisation")
        return self.filter(q) if q is not None else self.none()


class AuditAction(models.TextChoices):
    create = "create", "创建 create"
    change = "change", "修改 change"
    approve = "approve", "审核通过 approve"
    reject = "reject", "退回 reject"
    submit = "submit", "提交 submit"
    login = "login", "登录 login"
    login_failed = "login_failed", "登录失败 login failed"
    logout = "logout", "退出 logout"
    denied = "denied", "拒绝访问 denied"
    export = "export", "导出 export"
    password_change = "password_change", "修改密码 password changed"
    password_reset = "password_reset", "重置密码 password reset"
    unlock = "unlock", "解锁 unlocked"
    otp_enrol = "otp_enrol", "绑定动态口令 second factor enrolled"
    otp_reset = "otp_reset", "重置动态口令 second factor reset"
    refused_upload = "refused_upload", "拒收文件 file refused"


# What the audit administrator reads in every organisation's chain.
SECURITY_EVENTS = (
    AuditAction.login, AuditAction.login_failed, AuditAction.logout, AuditAction.denied,
    AuditAction.password_change, AuditAction.password_reset, AuditAction.unlock,
    AuditAction.otp_enrol, AuditAction.otp_reset, AuditAction.refused_upload,
)  # fmt: skip


class AuditRecord(AppendOnlyModel):
    """One event. ``chain`` is ``org:<id>`` or ``platform`` (no organisation known)."""

    chain = models.CharField(max_length=32)
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150)  # kept even if the user is renamed
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)  # app_label.model
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    request_id = models.CharField(max_length=32, blank=True)
    remote_addr = models.CharField(max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects: ClassVar[Any] = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["chain", "seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq")]
        verbose_name = _("审计记录")
