"""Due-date reminders, one idempotent sender for every app (DESIGN.md “To-do and reminders”).

Each app registers, in its ``AppConfig.ready()``, a function of the day that lists what is
due — ``[Due(...)]``: a follow-up a year after a diagnosis, an overdue corrective action, an
objection window closing, a consent expiring. ``send_due(today)`` mails each one, through
Django's mail settings, to its people once: the ``key`` says what it is about and when, and a
sent key is never sent again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from parkesg.web.reminders.models import ReminderSent


@dataclass(frozen=True)
class Due:
    key: str  # unique for what and when, e.g. "beijing.followup:17:2027-06-01"
    subject: str
    body: str
    to: tuple[str, ...]  # e-mail addresses
    due: dt.date


Provider = Callable[[dt.date], Iterable[Due]]
_PROVIDERS: dict[str, Provider] = {}


def register(fn: Provider) -> Provider:
    _PROVIDERS[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def emails(users: Iterable[Any]) -> tuple[str, ...]:
    return tuple(sorted({u.email for u in users if getattr(u, "email", "")}))


@dataclass(frozen=True)
class Sent:
    sent: int
    already: int
    without_address: int


def send_due(today: dt.date) -> Sent:
    """Send every reminder due by ``today`` that has not been sent; returns the counts."""
    sent = already = nowhere = 0
    for provider in _PROVIDERS.values():
        for due in provider(today):
            if due.due > today:
                continue
            if not due.to:
                nowhere += 1
                continue
            try:
                with transaction.atomic():  # recorded first: a failed mail rolls it back
                    ReminderSent.objects.create(
                        key=due.key[:200], recipients=", ".join(due.to), subject=due.subject[:200]
                    )
                    send_mail(due.subject, due.body, None, list(due.to), fail_silently=False)
            except IntegrityError:
                already += 1
                continue
            sent += 1
    return Sent(sent, already, nowhere)
