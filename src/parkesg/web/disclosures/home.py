"""What disclosures add to the navigation and the home page: the enterprise's disclosures,
the public portal (for enterprises' menus; anyone may open it), and what waits — versions to review (for a
colleague who did not prepare them), approved versions to publish, returned drafts."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkesg.web.core import home, nav
from parkesg.web.core.roles import Action
from parkesg.web.disclosures.models import DisclosureVersion, VersionState
from parkesg.web.orgs.models import OrgKind


def _enterprise(u: Any) -> bool:
    return nav.kind_in(u, OrgKind.enterprise)


def register() -> None:
    nav.register(
        nav.Item(gettext_lazy("信息披露"), "disclosures:list", _enterprise, order=44),
        # the portal is public (no login); in the menu of enterprises, whose peers it shows
        nav.Item(gettext_lazy("披露查询"), "disclosures:portal", _enterprise, order=83),
    )
    home.register_waiting(waiting)


def waiting(user: Any) -> list[home.Waiting]:
    if not _enterprise(user):
        return []
    mine = DisclosureVersion.objects.for_user(user, Action.view).filter(
        organisation_id=user.organisation_id)  # fmt: skip
    url = reverse("disclosures:list")
    out = []
    if nav.may(user, Action.approve):
        review = mine.filter(state=VersionState.submitted).exclude(preparer=user)
        out.append(home.Waiting(_("份 ESG 信息披露等待您审核"), review.count(), url))
        ready = mine.filter(state=VersionState.approved)
        out.append(home.Waiting(_("份已审核的 ESG 信息披露等待发布"), ready.count(), url))
    return out
