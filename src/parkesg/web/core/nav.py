"""The navigation bar, contributed by each app: an item shows only to the people who can use
what it leads to (no upload for a viewer, no 评价 for the platform operator).

An app registers its items once, in its ``AppConfig.ready()``::

    nav.register(nav.Item(_("评价"), "assessments:list", visible=lambda u: ..., order=40))

``visible(user)`` must be cheap (role and organisation kind; at most one small query):
it runs on every page. The base template reads ``nav_items`` (context processor ``context``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from parkesg.web.core.roles import role_allows


@dataclass(frozen=True)
class Item:
    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 50


_ITEMS: dict[str, Item] = {}


def register(*items: Item) -> None:
    for item in items:
        _ITEMS[item.url_name] = item


def items_for(user: Any) -> list[Item]:
    """The items ``user`` may use, in order (none for an anonymous visitor)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted((i for i in _ITEMS.values() if i.visible(user)), key=lambda i: i.order)


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: ``nav_items`` = [(label, href, current)]."""
    out = []
    for item in items_for(getattr(request, "user", None)):
        href = reverse(item.url_name)
        current = request.path.startswith(href) if href != "/" else request.path == "/"
        out.append((item.label, href, current))
    return {"nav_items": out}


# Predicates the apps combine (role and organisation kind only: no query).


def member(user: Any) -> bool:
    """A person of an organisation (not the platform operator)."""
    return bool(user.is_authenticated and user.organisation_id)


def kind_in(user: Any, *kinds: str) -> bool:
    return member(user) and user.organisation.kind in kinds


def may(user: Any, action: str) -> bool:
    """The user's role allows ``action`` in its own organisation."""
    return member(user) and role_allows(user.role, action)


def operator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser and not user.organisation_id)
