"""Log in and out — password (throttled by django-axes) and, for admins, platform staff and
anyone enrolled, a second factor (django-otp: a TOTP code or a recovery code) — every
attempt audited.

Every refusal reads the same (``REFUSED``): a wrong password, an unknown name, a switched-off
account, a missing or wrong code and a locked account or address cannot be told apart, so
the form confirms neither a user name nor a guess. The audit record keeps the reason.
A person who must have a second factor and has none yet is sent to enrol after the password
(``ENROL_KEY`` in the session; not logged in until the first code is confirmed).
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib import auth
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.orgs import otp
from parkesg.web.orgs.models import User

REFUSED = _("登录失败：用户名、密码或验证码不正确，或尝试次数过多已暂停，请稍后再试")
ENROL_KEY = "parkesg_enrol"  # session: (user id, time) of a password checked, factor to enrol
ENROL_SECONDS = 600


class LoginRefused(Exception):
    """The login form shows ``REFUSED``; ``reason`` goes to the audit log only."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EnrolFirst(Exception):
    """Password right, a second factor required and none enrolled: enrol, then log in."""


def _refuse(request: Any, username: str, reason: str, known: User | None) -> LoginRefused:
    audit.record(
        action=AuditAction.login_failed, actor_name=username[:150],
        organisation=known.organisation if known else None, request=request,
        after={"reason": reason},
    )  # fmt: skip
    return LoginRefused(reason)


def log_in(request: Any, *, username: str, password: str, code: str = "") -> User:
    """Authenticate (password, then the second factor where there is or must be one) and
    start a session; raise ``LoginRefused`` or ``EnrolFirst``."""
    known = User.objects.filter(username=username).select_related("organisation").first()
    user = auth.authenticate(request, username=username, password=password)
    if user is None:
        locked = bool(getattr(request, "axes_locked_out", False))
        reason = "locked" if locked else ("inactive" if known and not known.is_active else
                                          "password" if known else "unknown user")  # fmt: skip
        raise _refuse(request, username, reason, known)
    assert isinstance(user, User)
    device = None
    if otp.has_device(user):
        device = otp.verify(user, code)
        if device is None:
            # a wrong second factor counts like a wrong password (axes throttles both)
            user_login_failed.send(sender=__name__, credentials={"username": username},
                                   request=request)  # fmt: skip
            raise _refuse(request, username, "second factor", user)
    elif user.needs_second_factor:
        request.session[ENROL_KEY] = [user.pk, int(time.time())]
        audit.record(action=AuditAction.otp_enrol, actor=user, request=request,
                     after={"step": "password ok, enrolment required"})  # fmt: skip
        raise EnrolFirst
    finish(request, user, device)
    return user


def finish(request: Any, user: User, device: Any) -> None:
    """Start the session (and mark it verified by ``device``) and audit the login."""
    auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp.mark_verified(request, device)
    audit.record(action=AuditAction.login, actor=user, request=request,
                 after={"second_factor": otp.kind(device)} if device else None)  # fmt: skip


def pending_enrolment(request: Any) -> User | None:
    """The person whose password was checked and who now enrols a second factor."""
    value = request.session.get(ENROL_KEY)
    if not (isinstance(value, list) and len(value) == 2):
        return None
    pk, at = value
    if time.time() - at > ENROL_SECONDS:
        request.session.pop(ENROL_KEY, None)
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def log_out(request: Any) -> None:
    if request.user.is_authenticated:
        audit.record(action=AuditAction.logout, actor=request.user, request=request)
    auth.logout(request)
