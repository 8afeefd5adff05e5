"""Log in and out with lockout, every attempt audited.

After ``LOCKOUT_FAILURES`` failed passwords in a row an account is locked for
``LOCKOUT_MINUTES``; a correct password during the lock is refused too (so the lock cannot be
used to confirm a guess). Unknown user names are audited on the platform chain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.db import transaction
from django.utils import timezone

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.orgs.models import User


class LoginRefused(Exception):
    """The message is what the login form shows (it never says which part was wrong)."""


def log_in(request: Any, *, username: str, password: str) -> User:
    """Authenticate and start a session, or raise ``LoginRefused``."""
    now = timezone.now()
    refused = ""
    # The failure counter and the audit record must commit even when the login is refused,
    # so the refusal is raised after the transaction.
    with transaction.atomic():
        known = User.objects.select_for_update().filter(username=username).first()
        user = None
        if known is not None and known.is_locked(now):
            audit.record(
                action=AuditAction.login_failed, actor_name=username,
                organisation=known.organisation, request=request, after={"reason": "locked"},
            )  # fmt: skip
            refused = "账户已临时锁定，请稍后再试 / account locked, try again later"
        else:
            user = auth.authenticate(request, username=username, password=password)
            if user is None:
                _failed(known, username, now, request)
                refused = "用户名或密码错误 / wrong user name or password"
            else:
                User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
                audit.record(action=AuditAction.login, actor=user, request=request)
    if user is None:
        raise LoginRefused(refused)
    auth.login(request, user)
    return user


def _failed(known: User | None, username: str, now: dt.datetime, request: Any) -> None:
    org = None
    if known is not None:
        known.failed_logins += 1
        if known.failed_logins >= settings.LOCKOUT_FAILURES:
            known.locked_until = now + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)
            known.failed_logins = 0
        known.save(update_fields=["failed_logins", "locked_until"])
        org = known.organisation
    audit.record(
        action=AuditAction.login_failed, actor_name=username[:150], organisation=org,
        request=request, after={"locked": bool(known and known.is_locked(now))},
    )  # fmt: skip


def log_out(request: Any) -> None:
    if request.user.is_authenticated:
        audit.record(action=AuditAction.logout, actor=request.user, request=request)
    auth.logout(request)
