"""What the organisations app adds to the navigation and the home page: the directory,
grants and people; grants waiting for a pledge or ending soon (for the admin who keeps them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkesg.web.core import home, nav
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import AccessGrant, GrantKind, OrgKind

SOON = dt.timedelta(days=30)  # a grant ending within this is announced


def _holds_grants(user: Any) -> bool:
    return nav.kind_in(user, OrgKind.provider, OrgKind.bank)


def register() -> None:
    nav.register(
        nav.Item(gettext_lazy("工作台"), "home", lambda u: True, order=0),
        nav.Item(gettext_lazy("组织"), "organisation_list", lambda u: True, order=70),
        nav.Item(gettext_lazy("数据授权"), "accessgrant_list",
                 lambda u: nav.may(u, Action.manage) or _holds_grants(u), order=80),
        nav.Item(gettext_lazy("人员"), "user_list", lambda u: nav.may(u, Action.manage) or nav.operator(u),
                 order=85),
    )  # fmt: skip
    home.register_waiting(waiting)
    home.register_shortcuts(shortcuts)


def waiting(user: Any) -> list[home.Waiting]:
    if not nav.may(user, Action.manage):
        return []
    today = timezone.localdate()
    own = AccessGrant.objects.for_user(user, Action.manage).filter(revoked_at__isnull=True)
    pledge = own.filter(kind=GrantKind.engagement, pledge_recorded_at__isnull=True)
    ending = own.filter(ends_on__gte=today, ends_on__lte=today + SOON).order_by("ends_on")
    grants = reverse("accessgrant_list")
    first = ending.first()
    return [
        home.Waiting(_("项服务商项目授权待登记保密承诺书（北京指南 三（五））"), pledge.count(),
                     grants + "?kind=engagement"),
        home.Waiting(_("项数据授权将在 30 天内到期"), ending.count(), grants,
                     [str(g) for g in ending[:3]], due=first.ends_on if first else None),
    ]  # fmt: skip


def shortcuts(user: Any) -> list[home.Shortcut]:
    if nav.operator(user):
        return [home.Shortcut(_("新增组织"), reverse("organisation_add"), 10),
                home.Shortcut(_("组织目录"), reverse("organisation_list"), 20)]  # fmt: skip
    if nav.may(user, Action.manage):
        return [home.Shortcut(_("添加人员"), reverse("user_add"), 60),
                home.Shortcut(_("数据授权"), reverse("accessgrant_list"), 70)]  # fmt: skip
    return []
