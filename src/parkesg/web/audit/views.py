"""Audit log pages for an organisation's admins (read only: there is nothing to edit)."""

from django.utils.translation import gettext_lazy as _

from parkesg.web.audit.models import AuditAction, AuditRecord
from parkesg.web.core.filters import Filter, FilterSet
from parkesg.web.core.views import ObjectViews

AUDIT = ObjectViews(
    AuditRecord, ["seq", "at", "actor_name", "action", "object_repr"],
    search=["actor_name", "object_repr"],
    filterset=FilterSet(
        {"action": Filter("action", _("操作"), str, lambda u: list(AuditAction.choices))}
    ),
    labels={"seq": _("序号"), "at": _("时间"), "actor_name": _("操作人"), "action": _("操作"),
            "object_repr": _("对象")},
)  # fmt: skip
