"""Roles inside an organisation and the actions each may take — an explicit table, not flags.

Cross-organisation access (a park reading what an enterprise shares, a bank with consent, a
service provider under an engagement) is only ever ``view``: changing or approving data stays
with its owner.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    view = "view"
    add = "add"
    change = "change"
    approve = "approve"  # the checker of maker–checker
    manage = "manage"  # users and access grants of the organisation


class Role(StrEnum):
    admin = "admin"
    editor = "editor"
    reviewer = "reviewer"
    viewer = "viewer"


ROLE_LABELS = {
    Role.admin: "管理员 admin",
    Role.editor: "填报人 editor",
    Role.reviewer: "审核人 reviewer",
    Role.viewer: "查看者 viewer",
}

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.admin: frozenset(Action),
    Role.editor: frozenset({Action.view, Action.add, Action.change}),
    Role.reviewer: frozenset({Action.view, Action.approve}),
    Role.viewer: frozenset({Action.view}),
}


def role_allows(role: str, action: str) -> bool:
    """True when ``role`` may take ``action`` on its own organisation's objects."""
    try:
        return Action(action) in ROLE_ACTIONS[Role(role)]
    except ValueError:
        return False
