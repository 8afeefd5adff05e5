"""Organisation, people and grant services (keyword-only; views and the API call these).

Each function checks the actor's right through ``for_user`` via ``core.objects`` and writes
the audit record; a view never saves a model itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parkesg.web.audit import services as audit
from parkesg.web.core.objects import get_for_user, save_for_user
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import GRANT_RULES, AccessGrant, GrantKind, Organisation, User


def save_organisation(*, actor: Any, org: Organisation, request: Any = None) -> Organisation:
    """Create (platform operator) or change (operator or the organisation's admin)."""
    if org._state.adding and not actor.is_superuser:
        raise PermissionDenied
    before = None if org._state.adding else audit.snapshot(Organisation.objects.get(pk=org.pk))
    org.full_clean()
    action = Action.add if org._state.adding else Action.manage
    return save_for_user(org, actor, action, before=before, request=request)


def create_user(
    *,
    actor: Any,
    organisation: Organisation,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    email: str = "",
    request: Any = None,
) -> User:
    """Add a person to ``organisation`` (its admin, or the platform operator)."""
    user = User(username=username, organisation=organisation, role=role, first_name=full_name,
                email=email)  # fmt: skip
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    return save_for_user(user, actor, Action.manage, request=request, organisation=organisation)


def change_user(
    *,
    actor: Any,
    user_id: int,
    role: str | None = None,
    is_active: bool | None = None,
    request: Any = None,
) -> User:
    """Change a person's role or switch the account off (never delete: the audit names them)."""
    user = get_for_user(User, actor, Action.manage, user_id, request=request)
    before = audit.snapshot(user)
    if role is not None:
        user.role = role
    if is_active is not None:
        user.is_active = is_active
    user.full_clean(exclude=["password"])
    return save_for_user(user, actor, Action.manage, before=before, request=request,
                         organisation=user.organisation)  # fmt: skip


def find_grantee(
    *, kind: str, owner: Organisation, credit_code: str, name: str = ""
) -> Organisation:
    """The receiving organisation: the owner's own park for a park share, otherwise the one
    registered with this 统一社会信用代码 (unique on the platform) AND this name — the owner
    names it; it is not offered from a list, and a mistyped code finds no one."""
    if kind == GrantKind.park_share:
        if owner.park is None:
            raise ValidationError("本企业未隶属任何园区 / not attached to a park")
        return owner.park
    code = credit_code.strip().upper()
    kinds = GRANT_RULES[kind][1]
    found = Organisation.objects.filter(credit_code=code, kind__in=kinds).first() if code else None
    if found is None:
        raise ValidationError({"grantee_code": "未找到该统一社会信用代码对应的机构"})
    if name.strip() not in {found.name, found.name_en} - {""}:
        raise ValidationError(
            {"grantee_name": "被授权方名称不符：请填写该统一社会信用代码登记的机构全称"}
        )
    return found


def create_grant(*, actor: Any, grant: AccessGrant, request: Any = None) -> AccessGrant:
    """Record a share, engagement or consent given by the actor's organisation."""
    grant.organisation = actor.organisation
    grant.created_by = actor
    grant.full_clean()
    return save_for_user(grant, actor, Action.manage, request=request)


def record_pledge(*, actor: Any, grant_id: int, reference: str, request: Any = None) -> AccessGrant:
    """Record the provider's confidentiality pledge (北京绿色诊断工作指南 三（五）、附件2-2);
    the engagement takes effect from this moment."""
    grant = get_for_user(AccessGrant, actor, Action.manage, grant_id, request=request)
    if grant.kind != GrantKind.engagement:
        raise ValidationError("只有服务项目需要保密承诺书")
    before = audit.snapshot(grant)
    grant.pledge_recorded_at = timezone.now()
    grant.pledge_reference = reference
    return save_for_user(grant, actor, Action.manage, before=before, request=request)


def revoke_grant(*, actor: Any, grant_id: int, request: Any = None) -> AccessGrant:
    grant = get_for_user(AccessGrant, actor, Action.manage, grant_id, request=request)
    before = audit.snapshot(grant)
    grant.revoked_at = grant.revoked_at or timezone.now()
    return save_for_user(grant, actor, Action.manage, before=before, request=request)
