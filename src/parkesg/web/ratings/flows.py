"""The workflows of ratings as data (``core.workflow``): a project from planning to
publication (T/JDFA01 6.1–6.5, 6.12 a) and an objection (6.12 b). ``Workflow.move`` is the
only way their states change; hooks record who did what and run the conclusion's steps.

Who may not act on their own work: no one on the team does the 资料复核 (6.4 d); no one on
the team nor the 资料复核 reviewer signs for the committee (6.5 d); no one who made,
checked or signed a rating reviews an objection to it (6.12 b)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop as _  # labels: str, translated on pages

from parkesg.web.core.workflow import Step, Workflow
from parkesg.web.ratings import checks, conclusion, people
from parkesg.web.ratings.kinds import ObjectionState, ProjectState, Response
from parkesg.web.ratings.models import Objection, RatingProject, Reconfirmation

S = ProjectState


def _reviewer(user: Any, p: RatingProject) -> bool:
    """6.4 d: a second evaluator of the organisation (not on the team: ``not_by``)."""
    return people.evaluator(user, p.organisation_id) is not None


def _committee(user: Any, p: RatingProject) -> bool:
    return people.committee(user, p.organisation_id) is not None


def _project_moved(p: RatingProject, step: Step, user: Any) -> None:
    now = timezone.now()
    if step.event == "start":
        from parkesg.web.assessments.results import framework_sha256

        p.framework_sha256 = framework_sha256(p.framework_id)
        p.save(update_fields=["framework_sha256"])
    elif step.event == "reconfirm":
        for m in p.members.filter(enterprise__isnull=False, reconfirmation__isnull=True):
            Reconfirmation.objects.create(organisation=p.organisation, created_by=user, member=m)
        Reconfirmation.objects.filter(member__project=p).update(response=Response.pending)
    elif step.event == "submit_review":
        conclusion.submit_conclusion(p, user)
    elif step.event == "review_ok":
        p.reviewed_by, p.reviewed_at = user, now
        p.save(update_fields=["reviewed_by", "reviewed_at"])
    elif step.event in ("return_review", "return_committee"):
        conclusion.return_conclusion(p, user)
        p.reviewed_by, p.reviewed_at = None, None
        p.save(update_fields=["reviewed_by", "reviewed_at"])
    elif step.event == "sign_off":
        p.signed_by, p.signed_at = user, now
        p.save(update_fields=["signed_by", "signed_at"])
        conclusion.sign_off(p, user)
    elif step.event == "publish":
        doc = conclusion.publish(p, user)
        today = timezone.localdate()
        p.publication_doc, p.published_on = doc, today
        p.window_ends_on = today + dt.timedelta(days=p.notice_days)
        p.save(update_fields=["publication_doc", "published_on", "window_ends_on"])


PROJECT = Workflow(
    steps=(
        Step("start", frozenset({S.planning}), S.implementing, _("开始评价实施"),
             people.lead_or_admin, clause="6.2",
             checks=(checks.ORGANISATION, checks.PURPOSE, checks.BASIS, checks.CRITERIA,
                     checks.REFERENCE, checks.TEAM, checks.PLAN)),
        Step("reconfirm", frozenset({S.implementing}), S.reconfirming, _("请企业再确认信息"),
             people.lead_or_admin, clause="6.4 a",
             checks=(checks.RATED, checks.SOURCES, checks.ONSITE, checks.DEADLINE)),
        Step("submit_review", frozenset({S.implementing, S.reconfirming}), S.reviewing,
             _("编制报告并提交资料复核"), people.lead_or_admin, clause="6.4 c",
             checks=(checks.TEAM, checks.RATED, checks.SOURCES, checks.ONSITE,
                     checks.RECONFIRMED, checks.GRADED)),
        Step("return_review", frozenset({S.reviewing}), S.implementing, _("资料复核退回"),
             _reviewer, not_by=("team_users",), note_required=True, clause="6.4 d"),
        Step("review_ok", frozenset({S.reviewing}), S.committee, _("资料复核通过"),
             _reviewer, not_by=("team_users",), clause="6.4 d"),
        Step("return_committee", frozenset({S.committee}), S.implementing, _("委员会退回"),
             _committee, not_by=("team_users", "reviewed_by"), note_required=True,
             clause="6.5 d"),
        Step("sign_off", frozenset({S.committee}), S.approved, _("委员会审定"),
             _committee, not_by=("team_users", "reviewed_by"), clause="6.5 d",
             checks=(checks.CONFIRMED, checks.RATED, checks.GRADED)),
        Step("publish", frozenset({S.approved}), S.published, _("公示评价结果"),
             people.lead_or_admin, clause="6.12 a", checks=(checks.CONFIRMED, checks.SIGNED)),
        Step("close", frozenset({S.published}), S.closed, _("公示期满，结束项目"),
             people.lead_or_admin, clause="6.12", checks=(checks.WINDOW, checks.OBJECTIONS)),
        Step("close_unpublished", frozenset({S.approved}), S.closed, _("不公示，结束项目"),
             people.lead_or_admin, clause="6.12"),
    ),
    on_move=(_project_moved,),
)  # fmt: skip


def _objection_admin(user: Any, o: Objection) -> bool:
    return people.admin(user, o.organisation_id)


def assigned(user: Any, o: Objection) -> bool:
    return o.reviewers.filter(user=user, active=True).exists() and people.member_of(
        user, o.organisation_id
    )


def _objection_moved(o: Objection, step: Step, user: Any) -> None:
    if step.event in ("uphold", "reject"):
        o.decided_by, o.decided_at = user, timezone.now()
        o.save(update_fields=["decided_by", "decided_at"])
    if step.event == "uphold":
        from parkesg.web.ratings.objections import reissue

        reissue(o, user)


OBJECTION = Workflow(
    steps=(
        Step("assign", frozenset({ObjectionState.filed}), ObjectionState.reviewing,
             _("指派复核人员"), _objection_admin, checks=(checks.REVIEWERS,), clause="6.12 b"),
        Step("uphold", frozenset({ObjectionState.reviewing}), ObjectionState.upheld,
             _("异议成立，以复评结果替换"), assigned, not_by=("original_people",),
             checks=(checks.REVIEWERS, checks.RERATED), note_required=True, clause="6.12 b"),
        Step("reject", frozenset({ObjectionState.reviewing}), ObjectionState.rejected,
             _("异议不成立"), assigned, not_by=("original_people",), checks=(checks.REVIEWERS,),
             note_required=True, clause="6.12 b"),
    ),
    on_move=(_objection_moved,),
)  # fmt: skip
