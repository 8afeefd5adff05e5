"""The city app in the navigation and on a government's home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkesg.web.city import green, zones
from parkesg.web.core import home, nav
from parkesg.web.core.home import Shortcut
from parkesg.web.orgs.models import OrgKind


def _government(user: Any) -> bool:
    return nav.kind_in(user, OrgKind.government)


def shortcuts(user: Any) -> list[Shortcut]:
    if not _government(user):
        return []
    return [Shortcut(_("城市 ESG 目标"), reverse("city:dashboard"), order=12),
            Shortcut(_("零碳与绿色试点"), reverse("pilot_list"), order=30)]  # fmt: skip


def register() -> None:
    nav.register(nav.Item(gettext_lazy("城市目标"), "city:dashboard", visible=_government,
                          order=16))  # fmt: skip
    nav.register(nav.Item(gettext_lazy("高新区评价"), "city:zones", visible=zones.may_read,
                          order=47))  # fmt: skip
    nav.register(nav.Item(gettext_lazy("绿色信贷名单"), "city:green", visible=green.may_read,
                          order=48))  # fmt: skip
    home.register_shortcuts(shortcuts)
