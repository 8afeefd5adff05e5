"""What the observations app adds to the navigation and the home page: the data table, the
region page of a government; values returned to their maker (with the reason) and drafts
not yet sent to review."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkesg.web.core import home, nav
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action
from parkesg.web.observations.models import Observation, field_label
from parkesg.web.orgs.access import granted_org_ids
from parkesg.web.orgs.models import OrgKind

DATA_OWNERS = (OrgKind.park, OrgKind.enterprise)


def sees_data(user: Any) -> bool:
    """Parks and enterprises (their own data); providers and banks holding a grant in force."""
    if nav.kind_in(user, *DATA_OWNERS):
        return True
    if nav.kind_in(user, OrgKind.provider, OrgKind.bank):
        return granted_org_ids(user.organisation).exists()
    return False


def register() -> None:
    nav.register(
        nav.Item(gettext_lazy("数据"), "observation_table", sees_data, order=10),
        nav.Item(gettext_lazy("本辖区概况"), "region", lambda u: nav.kind_in(u, OrgKind.government),
                 order=15),
    )  # fmt: skip
    home.register_waiting(waiting)
    home.register_shortcuts(shortcuts)


def waiting(user: Any) -> list[home.Waiting]:
    if not (nav.kind_in(user, *DATA_OWNERS) and nav.may(user, Action.change)):
        return []
    mine = Observation.objects.for_user(user, Action.change).filter(maker_id=user.pk)
    returned = mine.filter(state=ReviewState.rejected).order_by("-reviewed_at")
    drafts = mine.filter(state=ReviewState.draft)
    listing = reverse("observation_list")
    reasons = [f"{field_label(o.field_id)} {o.year}：{o.review_note or _('（未写原因）')}"
               for o in returned[:5]]  # fmt: skip
    return [
        home.Waiting(_("条数据被退回，请修改后重新提交"), returned.count(),
                     f"{listing}?state=rejected", reasons),
        home.Waiting(_("条草稿尚未提交审核"), drafts.count(), f"{listing}?state=draft"),
    ]  # fmt: skip


def shortcuts(user: Any) -> list[home.Shortcut]:
    out = []
    if nav.kind_in(user, *DATA_OWNERS) and nav.may(user, Action.add):
        out.append(home.Shortcut(_("填报一条数据"), reverse("observation_add"), 20))
    if sees_data(user):
        out.append(home.Shortcut(_("数据表"), reverse("observation_table"), 40))
    if nav.kind_in(user, OrgKind.government):
        out.append(home.Shortcut(_("本辖区概况"), reverse("region"), 10))
    return out
