"""Account services: one's own password; reset, unlock and second-factor reset of another
account by who may manage it; an organisation's first admin by the platform's system
administrator; platform staff accounts by duty (三员分立). Keyword-only, each audited.

Who manages an account (``User.objects.for_user(actor, "manage")``, see ``access``): an
organisation's admin its own people; the platform's security administrator every account.
Nobody resets their own password or second factor here (they change it themselves).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action, Role
from parkesg.web.orgs import otp, throttle
from parkesg.web.orgs.models import Duty, Organisation, User

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def temporary_password() -> str:
    """A one-time password an admin hands over (16 characters; changed at first login)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))


def change_password(*, user: User, new: str, request: Any = None) -> None:
    """Set ``user``'s own new password (the form checked the old one and the rules)."""
    validate_password(new, user)
    user.set_password(new)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(action=AuditAction.password_change, actor=user, obj=user, request=request)


def _managed(actor: Any, user_id: Any, request: Any) -> User:
    target: User = get_for_user(User, actor, Action.manage, user_id, request=request)
    if target.pk == actor.pk:
        deny(actor, User, target.pk, "self", request)
        raise PermissionDenied  # change your own password on the password page instead
    return target


def reset_password(*, actor: Any, user_id: Any, request: Any = None) -> str:
    """A temporary password for the account (to change at its next login), its failures
    forgotten; returns the password to hand over."""
    target = _managed(actor, user_id, request)
    password = temporary_password()
    with transaction.atomic():
        target.set_password(password)
        target.must_change_password = True
        target.save(update_fields=["password", "must_change_password"])
        throttle.unlock(target.username)
        audit.record(action=AuditAction.password_reset, actor=actor, obj=target,
                     organisation=target.organisation, request=request)  # fmt: skip
    return password


def unlock(*, actor: Any, user_id: Any, request: Any = None) -> int:
    """Forget the account's failed logins from every address."""
    target = _managed(actor, user_id, request)
    n = throttle.unlock(target.username)
    audit.record(action=AuditAction.unlock, actor=actor, obj=target,
                 organisation=target.organisation, request=request, after={"attempts": n})  # fmt: skip
    return n


def reset_second_factor(*, actor: Any, user_id: Any, request: Any = None) -> int:
    """Remove the account's authenticator and recovery codes: it enrols again at next login."""
    target = _managed(actor, user_id, request)
    with transaction.atomic():
        n = otp.reset(target)
        audit.record(action=AuditAction.otp_reset, actor=actor, obj=target,
                     organisation=target.organisation, request=request, after={"devices": n})  # fmt: skip
    return n


def orgs_without_admin() -> Any:
    """Organisations with no active admin yet: where the system administrator may add one."""
    with_admin = User.objects.filter(role=Role.admin, is_active=True, organisation__isnull=False)
    return Organisation.objects.exclude(pk__in=with_admin.values("organisation_id"))


def create_first_admin(
    *, actor: Any, organisation: Organisation, username: str, password: str,
    full_name: str = "", email: str = "", request: Any = None, must_change: bool = True,
) -> User:  # fmt: skip
    """The system administrator adds an organisation's first admin — only while it has none
    (after that, its admins add their people; the operator adds no one with a role at will)."""
    if getattr(actor, "staff_duty", "") != Duty.system:
        deny(actor, User, "", "first admin", request)
        raise PermissionDenied
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not orgs_without_admin().filter(pk=org.pk).exists():
            raise ValidationError({"organisation": "该组织已有管理员，人员由其管理员添加"})
        user = User(username=username, organisation=org, role=Role.admin, first_name=full_name,
                    email=email, must_change_password=must_change)  # fmt: skip
        validate_password(password, user)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(action=AuditAction.create, actor=actor, obj=user, organisation=org,
                     after=audit.snapshot(user), request=request)  # fmt: skip
    return user


def create_staff(*, username: str, password: str, duty: str, full_name: str = "") -> User:
    """A platform staff account of one duty (from the command line: ``parkesg manage
    createstaff``). The system duty is the superuser's; the others are not superusers."""
    duty = Duty(duty)
    user = User(username=username, duty=duty, is_superuser=duty == Duty.system,
                is_staff=False, first_name=full_name)  # fmt: skip
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(action=AuditAction.create, actor_name="parkesg manage createstaff", obj=user,
                 after=audit.snapshot(user))  # fmt: skip
    return user
