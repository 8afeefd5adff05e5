"""Who is who in the ESG management system, for the workflows' ``may``: a person's platform
role (``core.roles``) and their place in the leading group (``GroupMember``: the leader, the
office, a member department, an internal auditor). Every predicate first requires that the
person belongs to the record's own organisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parkesg.web.core.roles import Action, role_allows
from parkesg.web.esg.models import GroupMember

May = Callable[[Any, Any], bool]


def _own(user: Any, obj: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.organisation_id
        and user.organisation_id == obj.organisation_id
    )


def place(user: Any, obj: Any) -> GroupMember | None:
    """The user's row in the leading group of ``obj``'s organisation."""
    if not _own(user, obj):
        return None
    return GroupMember.objects.filter(organisation_id=obj.organisation_id, user_id=user.pk).first()  # type: ignore[no-any-return]


def role(action: Action) -> May:
    """A member of the record's organisation whose role allows ``action``."""

    def may(user: Any, obj: Any) -> bool:
        return _own(user, obj) and role_allows(user.role, action)

    return may


editor = role(Action.change)
approver = role(Action.approve)


def leader(user: Any, obj: Any) -> bool:
    """The leader (or deputy) of the leading group, with the right to approve (5.1, 9.2.2 e)."""
    p = place(user, obj)
    return p is not None and p.group_role in ("leader", "deputy") and approver(user, obj)


def auditor(user: Any, obj: Any) -> bool:
    """An internal auditor of the organisation (9.2.1) who may record (role editor or admin)."""
    p = place(user, obj)
    return p is not None and p.internal_auditor and editor(user, obj)


def verifier(user: Any, obj: Any) -> bool:
    """Verifies corrective actions and closes nonconformities: an internal auditor, or a
    member whose role approves."""
    return auditor(user, obj) or approver(user, obj)


def audit_team(user: Any, audit: Any) -> bool:
    """One of the audit's own auditors, able to record."""
    return editor(user, audit) and audit.auditors.filter(user_id=user.pk).exists()


def action_owner(user: Any, action: Any) -> bool:
    """The action's owner, or a recording member of its department."""
    if not editor(user, action):
        return False
    if action.owner_id == user.pk:
        return True
    p = place(user, action)
    return p is not None and p.department_id == action.department_id


def any_of(*preds: May) -> May:
    def may(user: Any, obj: Any) -> bool:
        return any(p(user, obj) for p in preds)

    return may
