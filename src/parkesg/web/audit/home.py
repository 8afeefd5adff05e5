"""The audit log in the navigation: for an organisation's admins (their chain)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from parkesg.web.core import nav
from parkesg.web.core.roles import Action


def register() -> None:
    nav.register(nav.Item(gettext_lazy("审计日志"), "auditrecord_list",
                          lambda u: nav.may(u, Action.manage), order=90))  # fmt: skip
