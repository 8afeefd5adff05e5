"""The two engagement workflows as explicit tables (``core.workflow``): T/CPPC 5.1 → 5.5 →
report → done (→ submitted → closed), and the Beijing diagnosis from its task to the one-year
follow-up. Each stage closes in two steps — a team member submits it for sign-off (its
checks must pass), the lead signs it off (the checks again; never the person who submitted
it) or returns it with a reason. Which records belong to which stage is ``STAGE_OF``: a
record can be changed until its stage is submitted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.core.workflow import Check, Step, Workflow
from parkesg.web.engagements import checks
from parkesg.web.engagements.choices import Kind, SnapshotKind, State
from parkesg.web.engagements.models import Engagement

FOLLOW_UP = dt.timedelta(days=365)


def lazy(text: Any) -> str:
    """A lazy translation where a ``str`` is expected: read in the reader's language."""
    return text  # type: ignore[no-any-return]  # 北京指南 六: 诊断完成一年后反馈


# ── who may act ─────────────────────────────────────────────────────────────────────────


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def lead(user: Any, e: Engagement) -> bool:
    """The engagement's lead (the provider's project leader) signs stages off."""
    return _active(user) and user.pk == e.lead_id and user.organisation_id == e.organisation_id


def team(user: Any, e: Engagement) -> bool:
    """The provider's people whose role may change data (the lead, the team members): they
    prepare a stage and submit it; the lead signs it off — never the one who submitted it."""
    return bool(_active(user) and user.organisation_id == e.organisation_id
                and role_allows(user.role, Action.change))  # fmt: skip


def park_checker(user: Any, e: Engagement) -> bool:
    """The park committee's reviewer or admin (confirms, accepts)."""
    return _active(user) and user.organisation_id == e.park_id and role_allows(user.role, "approve")


def district(user: Any, e: Engagement) -> bool:
    """The district government the engagement was submitted to (its reviewer or admin)."""
    return (_active(user) and e.district_id is not None and user.organisation_id == e.district_id
            and role_allows(user.role, "approve"))  # fmt: skip


# ── the tables ──────────────────────────────────────────────────────────────────────────


def stage(code: str, after: str, rules: tuple[Check, ...], clause: str) -> tuple[Step, ...]:
    """Submit ``code`` for sign-off, sign it off (→ ``after``) or return it."""
    ready = f"{code}_ready"
    return (
        Step(f"submit_{code}", frozenset({code}), ready, lazy(_("提交签核")), team, rules,
             clause=clause),
        Step(f"signoff_{code}", frozenset({ready}), after, lazy(_("签核通过")), lead, rules,
             not_by=("submitted_by",), clause=clause),
        Step(f"return_{code}", frozenset({ready}), code, lazy(_("退回修改")), lead,
             note_required=True),
    )  # fmt: skip


def _after_move(e: Engagement, step: Step, user: Any) -> None:
    """Who submitted the stage (the sign-off may not be theirs); the date of submission and
    the follow-up's due date; and the move on the actor's own audit chain too."""
    fields = ["submitted_by"]
    e.submitted_by = user if step.target.endswith("_ready") else None
    if step.target == State.submitted:
        e.submitted_at = timezone.now()
        e.followup_due = timezone.localdate() + FOLLOW_UP if e.kind == Kind.beijing else None
        fields += ["submitted_at", "followup_due"]
    e.save(update_fields=fields)
    if user.organisation_id != e.organisation_id:
        audit.record(action=AuditAction.change, actor=user, organisation=user.organisation,
                     obj=e, after={"_event": step.event, "state": step.target})  # fmt: skip


C = checks.CPPC
CPPC = Workflow(
    steps=(
        *stage("s51", State.s52, C["s51"], "T/CPPC 5.1"),
        *stage("s52", State.s53, C["s52"], "T/CPPC 5.2"),
        *stage("s53", State.s54, C["s53"], "T/CPPC 5.3"),
        *stage("s54", State.s55, C["s54"], "T/CPPC 5.4"),
        *stage("s55", State.report, C["s55"], "T/CPPC 5.5"),
        Step("accept", frozenset({State.report}), State.done, lazy(_("园区确认最终稿")), park_checker,
             C["accept"], clause="T/CPPC 4.4、附件2 1.1"),
        Step("submit_district", frozenset({State.done}), State.submitted, lazy(_("报送主管部门")), lead,
             checks.SUBMIT),
        Step("opinion", frozenset({State.submitted}), State.closed, lazy(_("录入审核意见")), district,
             checks.OPINION),
    ),
    on_move=(_after_move,),
)  # fmt: skip
B = checks.BEIJING
BEIJING = Workflow(
    steps=(
        *stage("boundary", State.prep, B["boundary"], "北京指南 三（一）"),
        *stage("prep", State.onsite, B["prep"], "北京指南 三"),
        *stage("onsite", State.drafting, B["onsite"], "北京指南 四"),
        *stage("drafting", State.feedback, B["drafting"], "北京指南 五（一）–（三）"),
        Step("confirm", frozenset({State.feedback}), State.confirmed, lazy(_("园区确认")), park_checker,
             B["confirm"], not_by=("forms_makers",), clause="北京指南 五（四）"),
        Step("submit_district", frozenset({State.confirmed}), State.submitted,
             lazy(_("报送区经信部门")), lead, checks.SUBMIT, clause="北京指南 五（五）"),
        Step("opinion", frozenset({State.submitted}), State.followup, lazy(_("录入审核意见")),
             district, checks.OPINION, clause="北京指南 附件2-4"),
        *stage("followup", State.closed, B["followup"], "北京指南 六"),
    ),
    on_move=(_after_move,),
)  # fmt: skip
FLOWS = {Kind.cppc: CPPC, Kind.beijing: BEIJING}
FIRST = {Kind.cppc: State.s51, Kind.beijing: State.boundary}


def flow(e: Engagement) -> Workflow:
    return FLOWS[Kind(e.kind)]


def order(kind: str) -> list[str]:
    """The states of ``kind`` in the order an engagement passes them."""
    seen: list[str] = [FIRST[Kind(kind)]]
    for s in FLOWS[Kind(kind)].steps:
        if s.event.startswith("return_"):
            continue
        if s.target not in seen:
            seen.append(s.target)
    return seen


# Where each kind of record is made: editable while the engagement has not gone past this
# state (submitting the stage for sign-off freezes it; a return opens it again).
STAGE_OF: dict[str, dict[str, str]] = {
    Kind.cppc: {
        "Member": State.s52, "PlanItem": State.s55, "Publicity": State.s55,
        "Section": State.s52, "Focus": State.s53, "Target": State.s52, "Finding": State.s53,
        "Option": State.s54, "Conclusion": State.s55, "ContinuingStep": State.s55,
        f"Snapshot.{SnapshotKind.baseline}": State.s52,
        f"Snapshot.{SnapshotKind.comparison}": State.s52,
        f"Snapshot.{SnapshotKind.energy}": State.s53,
        "Engagement": State.s51, "Engagement.run": State.s52,
        "Opinion": State.submitted,
    },
    Kind.beijing: {
        "Engagement": State.boundary, "Engagement.run": State.onsite,
        "Member": State.prep, "Basis": State.prep, "Pledge": State.prep, "PlanItem": State.drafting,
        "OnsiteDay": State.onsite, "Finding": State.drafting, "Option": State.drafting,
        "Conclusion": State.drafting, "Confirmation": State.feedback, "Survey": State.feedback,
        "Opinion": State.submitted, "AdoptionRecord": State.followup,
        "Engagement.next_plan": State.followup,
    },
}  # fmt: skip
# Fields that stay open after their stage closes, until the engagement is over: the plan's
# completion dates and the options' implementation (tracked through the audit and after).
LATE_FIELDS = {"PlanItem": ("done_on",), "Option": ("status",)}
OVER = {State.done, State.submitted, State.closed}  # nothing more to change (CPPC)


def stage_key(record: Any) -> str:
    name = type(record).__name__
    return f"{name}.{record.kind}" if name == "Snapshot" else name


def open_until(e: Engagement, key: str) -> str | None:
    return STAGE_OF[Kind(e.kind)].get(key)


def editable(e: Engagement, key: str) -> bool:
    """Whether records of ``key`` (``stage_key``) can be added or changed now."""
    until = open_until(e, key)
    if until is None:
        return False
    states = order(e.kind)
    return states.index(e.state) <= states.index(until) if e.state in states else False


def late_editable(e: Engagement, key: str) -> tuple[str, ...]:
    """The fields of a closed record still open (``LATE_FIELDS``): a plan item's completion
    until the engagement is over; an option's implementation also after the audit — until a
    next round takes it over (T/CPPC 5.4.2 “组织方案实施”, 6)."""
    if key == "Option" and e.kind == Kind.cppc:
        return () if hasattr(e, "next_round") else LATE_FIELDS[key]
    if e.state in OVER or e.state == State.followup_ready:
        return ()
    return LATE_FIELDS.get(key, ())
