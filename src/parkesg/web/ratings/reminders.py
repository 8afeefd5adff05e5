"""Due dates of ratings for ``parkesg remind`` (each sent once): re-confirmation deadlines to
the enterprise, the end of the objection period to the project's lead, the plan's data and
report dates to the team, and consents about to end to the bank's admins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from parkesg.web.orgs.models import AccessGrant, GrantKind, User
from parkesg.web.ratings.banks import EXPIRING_DAYS
from parkesg.web.ratings.kinds import ProjectState, Response
from parkesg.web.reminders.services import Due, emails
from parkesg.web.reminders.services import register as add

AHEAD = dt.timedelta(days=3)  # a deadline is announced this long before it


def register() -> None:
    add(due_dates)


def _admins(org_id: int) -> tuple[str, ...]:
    return emails(User.objects.filter(organisation_id=org_id, role="admin", is_active=True))


def due_dates(today: dt.date) -> Iterable[Due]:
    from parkesg.web.ratings.models import RatingProject, Reconfirmation

    for r in Reconfirmation.objects.filter(
        response=Response.pending, member__project__state=ProjectState.reconfirming,
        member__project__reconfirm_deadline__isnull=False, member__enterprise__isnull=False,
    ).select_related("member__project"):  # fmt: skip
        p = r.member.project
        people = User.objects.filter(organisation_id=r.member.enterprise_id, is_active=True,
                                     role__in=("admin", "editor"))  # fmt: skip
        yield Due(f"ratings.reconfirm:{r.pk}:{p.reconfirm_deadline}",
                  f"请在 {p.reconfirm_deadline} 前确认 ESG 评价初稿", f"{p.organisation.name}：{p.title}",
                  emails(people), p.reconfirm_deadline - AHEAD)  # type: ignore[operator]  # fmt: skip
    for p in RatingProject.objects.exclude(state=ProjectState.closed):
        team = emails(p.team_users)
        if p.state == ProjectState.published and p.window_ends_on:
            yield Due(f"ratings.window:{p.pk}:{p.window_ends_on}", f"{p.number} 异议期截止",
                      f"{p.title} 的公示期于 {p.window_ends_on} 结束", team or _admins(p.organisation_id),
                      p.window_ends_on)  # fmt: skip
        if p.state in (ProjectState.planning, ProjectState.implementing):
            yield Due(f"ratings.data:{p.pk}:{p.data_due}", f"{p.number} 数据采集截止",
                      p.title, team, p.data_due - AHEAD)  # fmt: skip
        if p.state in (ProjectState.implementing, ProjectState.reconfirming):
            yield Due(f"ratings.report:{p.pk}:{p.report_due}", f"{p.number} 报告编制截止",
                      p.title, team, p.report_due - AHEAD)  # fmt: skip
    for g in AccessGrant.objects.filter(kind=GrantKind.bank_consent, revoked_at__isnull=True,
                                        ends_on__isnull=False).select_related("organisation"):  # fmt: skip
        yield Due(f"ratings.consent:{g.pk}:{g.ends_on}", f"{g.organisation.name} 的授权即将到期",
                  f"授权于 {g.ends_on} 结束", _admins(g.grantee_id),
                  g.ends_on - dt.timedelta(days=EXPIRING_DAYS))  # type: ignore[operator]  # fmt: skip
