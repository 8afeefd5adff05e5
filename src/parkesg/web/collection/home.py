"""What data collection adds to the navigation and the home page: the workbook upload (for
those who enter data), the review queue (for checkers); values waiting for this checker and
uploads whose drafts were not sent to review."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkesg.web.collection.models import WorkbookUpload
from parkesg.web.collection.review_queue import waiting as to_review
from parkesg.web.core import home, nav
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import OrgKind

DATA_OWNERS = (OrgKind.park, OrgKind.enterprise)


def enters_data(user: Any) -> bool:
    return nav.kind_in(user, *DATA_OWNERS) and nav.may(user, Action.add)


def reviews_data(user: Any) -> bool:
    return nav.kind_in(user, *DATA_OWNERS) and nav.may(user, Action.approve)


def register() -> None:
    nav.register(
        nav.Item(gettext_lazy("上传工作簿"), "collection:upload", enters_data, order=20),
        nav.Item(gettext_lazy("审核"), "review_queue", reviews_data, order=25),
    )
    home.register_waiting(waiting)
    home.register_shortcuts(shortcuts)


def waiting(user: Any) -> list[home.Waiting]:
    out = []
    if reviews_data(user):
        out.append(home.Waiting(_("条数据等待您审核"), to_review(user).count(),
                                reverse("review_queue")))  # fmt: skip
    if enters_data(user):
        open_states = [ReviewState.draft, ReviewState.rejected]
        uploads = (
            WorkbookUpload.objects.for_user(user, Action.change)
            .filter(created_by=user, observations__state__in=open_states)
            .distinct()
            .order_by("-created_at")
        )
        first = uploads.first()
        url = reverse("workbookupload_detail", args=[first.pk]) if first else ""
        out.append(home.Waiting(_("次工作簿上传尚有草稿未提交审核"), uploads.count(), url,
                                [str(u) for u in uploads[:3]]))  # fmt: skip
    return out


def shortcuts(user: Any) -> list[home.Shortcut]:
    out = []
    if enters_data(user):
        out.append(home.Shortcut(_("上传工作簿"), reverse("collection:upload"), 10))
    if reviews_data(user):
        out.append(home.Shortcut(_("审核队列"), reverse("review_queue"), 5))
    return out
