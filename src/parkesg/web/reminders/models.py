"""Which reminders were sent: each once (``key`` is unique), so ``parkesg remind`` can run
every day from cron or a timer without sending anything twice."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    key = models.CharField(_("提醒"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    recipients = models.TextField(_("收件人"))
    subject = models.CharField(_("主题"), max_length=200)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("已发送的提醒")

    def __str__(self) -> str:
        return self.subject
