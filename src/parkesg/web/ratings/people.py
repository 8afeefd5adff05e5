"""Who is who in a rating: an organisation's evaluators and committee, a project's team.
Predicates of (user, record) for the workflow tables (``flows``) and the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from parkesg.web.core.roles import Action, role_allows
from parkesg.web.ratings.kinds import TeamRole
from parkesg.web.ratings.models import CommitteeMember, Evaluator, RatingProject, TeamMember


def member_of(user: Any, org_id: int | None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and user.organisation_id and user.organisation_id == org_id)  # fmt: skip


def evaluator(user: Any, org_id: Any) -> Evaluator | None:
    """The user's active evaluator record in ``org_id`` (its own organisation), if any."""
    if not member_of(user, org_id):
        return None
    return Evaluator.objects.filter(organisation_id=org_id, user=user, active=True).first()


def committee(user: Any, org_id: Any) -> CommitteeMember | None:
    """The user's committee seat in ``org_id``'s rating body, in office today."""
    if not member_of(user, org_id):
        return None
    today = timezone.localdate()
    return (
        CommitteeMember.objects.filter(organisation_id=org_id, user=user, appointed_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .first()
    )


def on_team(user: Any, project: RatingProject) -> bool:
    return TeamMember.objects.filter(project=project, evaluator__user=user).exists()


def is_lead(user: Any, project: RatingProject) -> bool:
    return TeamMember.objects.filter(project=project, evaluator__user=user,
                                     role=TeamRole.lead).exists()  # fmt: skip


def admin(user: Any, org_id: int | None) -> bool:
    return member_of(user, org_id) and role_allows(user.role, Action.manage)


def lead_or_admin(user: Any, project: RatingProject) -> bool:
    """Runs the project: its lead, or the organisation's admin."""
    return member_of(user, project.organisation_id) and (
        is_lead(user, project) or admin(user, project.organisation_id)
    )


def team_or_admin(user: Any, project: RatingProject) -> bool:
    """Works on the project's records (sources, corrections, on-site, runs)."""
    return (
        member_of(user, project.organisation_id)
        and role_allows(user.role, Action.change)
        and (on_team(user, project) or admin(user, project.organisation_id))
    )
