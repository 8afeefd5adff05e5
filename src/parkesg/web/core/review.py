"""Maker–checker review, one mechanism for every reviewable model.

A model mixes in ``Reviewable``; ``transition(obj, event, user=…)`` moves it along the explicit
``TRANSITIONS`` table. The checker must not be the maker (the person who last changed the
content); the event is written to the audit log (linked by ``app_label.model`` and id) by the
caller's service, so the history of reviews needs no table per model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.roles import Action


class ReviewState(models.TextChoices):
    draft = "draft", "草稿 draft"
    submitted = "submitted", "待审核 submitted"
    approved = "approved", "已审核 approved"
    rejected = "rejected", "已退回 rejected"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    action: Action  # the right the user needs (``core.roles``)
    checker: bool  # True: the user must not be the maker


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        frozenset({ReviewState.draft, ReviewState.rejected}),
        ReviewState.submitted,
        Action.change,
        checker=False,
    ),
    "approve": Transition(
        frozenset({ReviewState.submitted}), ReviewState.approved, Action.approve, checker=True
    ),
    "reject": Transition(
        frozenset({ReviewState.submitted}), ReviewState.rejected, Action.approve, checker=True
    ),
}
# Content may be changed in these states; a change sends it back to draft.
EDITABLE = frozenset({ReviewState.draft, ReviewState.rejected, ReviewState.approved})


class Reviewable(models.Model):
    state = models.CharField(
        _("审核状态"), max_length=10, choices=ReviewState.choices, default=ReviewState.draft
    )
    maker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填报人"),
    )
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("审核人"),
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)

    class Meta:
        abstract = True


def transition(obj: Reviewable, event: str, *, user: Any, note: str = "") -> Transition:
    """Apply ``event`` to ``obj`` in memory (the caller saves and audits) or raise
    ``ValidationError`` with a message a person can act on."""
    t = TRANSITIONS.get(event)
    if t is None:
        raise ValidationError(f"未知操作 “{event}”")
    if obj.state not in t.sources:
        raise ValidationError(
            f"当前状态“{obj.get_state_display()}”下不能执行此操作 / not allowed in this state"
        )
    if t.checker and obj.maker_id == user.pk:
        raise ValidationError("审核人不能是填报人本人 / the checker cannot be the maker")
    obj.state = t.target
    if t.checker:
        obj.checker, obj.reviewed_at, obj.review_note = user, timezone.now(), note[:500]
    return t


def mark_changed(obj: Reviewable, *, user: Any) -> None:
    """Content changed by ``user``: they become the maker, the review starts again."""
    if not obj._state.adding and obj.state not in EDITABLE:
        raise ValidationError("数据正在审核中，不能修改 / under review, cannot be changed")
    obj.state, obj.maker = ReviewState.draft, user
    obj.checker, obj.reviewed_at, obj.review_note = None, None, ""
