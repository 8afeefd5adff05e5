"""Audit log pages for an organisation's admins (read only: there is nothing to edit)."""

from parkesg.web.audit.models import AuditRecord
from parkesg.web.core.views import ObjectViews

AUDIT = ObjectViews(
    AuditRecord, ["seq", "at", "actor_name", "action", "object_repr"],
    search=["actor_name", "object_repr", "action"],
)  # fmt: skip
