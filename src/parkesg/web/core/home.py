"""The home page (工作台) per person, fed by the apps through a small registry.

Each app contributes, in its ``AppConfig.ready()``, functions of the user:

- ``register_waiting(fn)``: what waits for this person — ``[Waiting(...)]`` (values to review,
  values returned with the reason, stages to sign, overdue items, follow-ups due);
- ``register_latest(fn)``: the latest results they may see — ``[Latest(...)]``, or None
  where the person's kind of organisation never sees results (then the section is left out);
- ``register_shortcuts(fn)``: the two or three things this role does most — ``[Shortcut]``.

A function answers only from ``for_user`` querysets and returns [] when nothing is there;
it must stay cheap (counts, a few rows). The page shows waiting items first (overdue on
top), then the latest results, then the shortcuts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parkesg.web.core import policy


@dataclass(frozen=True)
class Waiting:
    """One line of “what waits for you”: ``count`` things, a link to act on them."""

    label: str
    count: int
    url: str
    details: list[str] = field(default_factory=list)  # e.g. the reasons values came back
    due: dt.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class Latest:
    """A latest result: what, of whom, when, its headline (grade, level counts), a link."""

    title: str
    entity: str
    url: str
    headline: str
    at: dt.datetime | None = None
    badges: list[tuple[str, str]] = field(default_factory=list)  # (css level, text)


@dataclass(frozen=True)
class Shortcut:
    label: str
    url: str
    order: int = 50


Provider = Callable[[Any], list[Any] | None]
_WAITING: dict[str, Provider] = {}
_LATEST: dict[str, Provider] = {}
_SHORTCUTS: dict[str, Provider] = {}


def _key(fn: Provider) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def register_waiting(fn: Provider) -> Provider:
    _WAITING[_key(fn)] = fn
    return fn


def register_latest(fn: Provider) -> Provider:
    _LATEST[_key(fn)] = fn
    return fn


def register_shortcuts(fn: Provider) -> Provider:
    _SHORTCUTS[_key(fn)] = fn
    return fn


def waiting_for(user: Any) -> list[Waiting]:
    items = [w for fn in _WAITING.values() for w in fn(user) or [] if w.count]
    return sorted(items, key=lambda w: (not w.overdue, w.due or dt.date.max))


def latest_for(user: Any, limit: int = 8) -> list[Latest] | None:
    answers = [fn(user) for fn in _LATEST.values()]
    if all(a is None for a in answers):
        return None
    items = [x for a in answers for x in a or []]
    stamp = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(items, key=lambda x: x.at or stamp, reverse=True)[:limit]


def shortcuts_for(user: Any, limit: int = 4) -> list[Shortcut]:
    items = {s.url: s for fn in _SHORTCUTS.values() for s in fn(user) or []}
    return sorted(items.values(), key=lambda s: s.order)[:limit]


@policy.signed_in
@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    ctx = {
        "org": user.organisation,
        "waiting": waiting_for(user),
        "latest": latest_for(user),
        "shortcuts": shortcuts_for(user),
    }
    return render(request, "home.html", ctx)
