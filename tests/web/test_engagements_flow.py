"""Hypothesis drives the engagement workflows by their own transition tables (``flows``):
random people take random steps while the stages get their records, and have rules broken.
Checked on every step, independently of the tables:

- no stage closes without its records (written here by hand from the standards);
- no one signs off what they submitted, only the lead signs off, only the park's checker
  confirms and never one who recorded the forms, only the district gives its opinion;
- a step that fails changes nothing; one that succeeds goes where the table says;
- a broken rule blocks (the finance member of an enterprise in scope, an on-site day).
"""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from engagement_world import create, fill, member, park_data
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from parkesg.web.engagements import choices as c
from parkesg.web.engagements import flows, services
from parkesg.web.engagements import records as r
from parkesg.web.engagements import report as reports
from parkesg.web.engagements.models import Engagement

pytestmark = pytest.mark.django_db
SERIAL = itertools.count()
PEOPLE = ["lead", "member", "prov_viewer", "park_editor", "park_reviewer", "gov_admin", "outsider"]
EVENTS = sorted({s.event for f in flows.FLOWS.values() for s in f.steps})
REACHED: set[str] = set()  # the states the examples got to (they must get somewhere)


def _has(model, e, **kw) -> bool:
    return model.objects.filter(engagement=e, **kw).exists()


# What each stage must hold before it closes — by hand, from the standards (not from checks).
REQUIRED = {
    "s51": lambda e: _has(r.Member, e, role=c.TeamRole.leader,  # of the audit group, 5.1.2 (1)
                          team__in=[c.Team.work, c.Team.industry])
    and _has(r.Member, e, enterprise=e.enterprises.first(), finance=True,
             team__in=[c.Team.work, c.Team.industry])
    and _has(r.PlanItem, e) and _has(r.Publicity, e),
    "s52": lambda e: r.Section.objects.filter(engagement=e).count() == 6 and e.run is not None
    and _has(r.Snapshot, e, kind="baseline") and _has(r.Target, e)
    and r.Focus.objects.filter(engagement=e).values("level").distinct().count() == 3,
    "s53": lambda e: _has(r.Finding, e) and _has(r.Snapshot, e, kind="energy"),
    "s54": lambda e: _has(r.Option, e, decision=c.Decision.adopted),
    "s55": lambda e: _has(r.Conclusion, e) and _has(r.ContinuingStep, e),
    "boundary": lambda e: bool(e.boundary and e.depth),
    "prep": lambda e: r.Member.objects.filter(engagement=e).count() >= 5 and _has(r.Basis, e)
    and _has(r.Pledge, e, recorded_at__isnull=False),
    "onsite": lambda e: r.OnsiteDay.objects.filter(engagement=e).count() >= 4
    and e.run is not None,
    "drafting": lambda e: _has(r.Option, e) and reports.documents_of(e)
    .filter(status="approved").exists(),
    "followup": lambda e: _has(r.AdoptionRecord, e) and bool(e.next_plan),
}  # fmt: skip


class Audits(RuleBasedStateMachine):
    world = None

    @initialize(kind=st.sampled_from([c.Kind.cppc, c.Kind.beijing]))
    def start(self, kind):
        w = self.world
        self.people = {
            "lead": w.user("prov_ok", "editor"), "member": member(w),
            "prov_viewer": w.user("prov_ok", "viewer"), "park_editor": w.user("park_a", "editor"),
            "park_reviewer": w.user("park_a", "reviewer"), "gov_admin": w.user("gov_cz", "admin"),
            "outsider": w.user("ent_a1", "admin"),
        }  # fmt: skip
        self.e = create(w, kind, title=f"审核 {next(SERIAL)}", district=w.orgs["gov_cz"])

    def fresh(self) -> Engagement:
        return Engagement.objects.get(pk=self.e.pk)

    @rule()
    def records_for_the_stage(self):
        try:
            fill(self.world, self.fresh())
        except (ValidationError, PermissionDenied):
            pass  # a second time: some records exist once only (parts of 5.2.1, days)

    @rule()
    def break_a_rule(self):
        e = self.fresh()
        if e.state == c.State.s51:  # 5.1.2 (2): the finance member of the enterprise leaves
            for m in r.Member.objects.filter(engagement=e, finance=True):
                services.delete_record(actor=member(self.world), model=r.Member, record_id=m.pk)
        if e.state == c.State.onsite:  # 四（三）1: an on-site day struck off
            day = r.OnsiteDay.objects.filter(engagement=e).first()
            if day is not None:
                services.delete_record(actor=member(self.world), model=r.OnsiteDay,
                                       record_id=day.pk)  # fmt: skip

    @rule(pick=st.integers(0, 20))
    def take_an_offered_step(self, pick):
        """One of the steps the table offers someone now (what their page shows)."""
        e = self.fresh()
        offered = [(who, s.event) for who in PEOPLE
                   for s in flows.flow(e).available(e, self.people[who])]  # fmt: skip
        if offered:
            who, event = offered[pick % len(offered)]
            self.take_a_step(event, who, True)

    @rule(event=st.sampled_from(EVENTS), who=st.sampled_from(PEOPLE), reason=st.booleans())
    def take_a_step(self, event, who, reason):
        e = self.fresh()
        user = self.people[who]
        before, submitter = e.state, e.submitted_by_id
        makers = set(e.forms_makers.values_list("pk", flat=True))
        try:
            services.move(actor=user, engagement_id=e.pk, event=event,
                          note="理由" if reason else "")  # fmt: skip
        except (ValidationError, PermissionDenied, Http404):
            assert self.fresh().state == before  # refused: nothing changed
            return
        after = self.fresh()
        REACHED.add(after.state)
        step = flows.flow(e).step(event)
        assert before in step.sources and after.state == step.target
        stage = event.split("_", 1)[1] if "_" in event else event
        if event.startswith(("submit_", "signoff_")) and stage in REQUIRED:
            assert REQUIRED[stage](after), f"{event} without the records of {stage}"
        if event.startswith("signoff_"):
            assert who == "lead" and user.pk != submitter
        if event.startswith("submit_") and event != "submit_district":
            assert after.submitted_by_id == user.pk
        if event in ("confirm", "accept"):
            assert who == "park_reviewer" and user.pk not in makers
        if event == "confirm":
            assert _has(r.Confirmation, after) and _has(r.Survey, after)
        if event == "opinion":
            assert who == "gov_admin" and _has(r.Opinion, after)
        if event.startswith("return_"):
            assert reason and who == "lead"


def test_the_workflows_hold_their_rules(world, settings_data_dir):
    park_data(world)
    Audits.world = world
    run_state_machine_as_test(Audits, settings=settings(
        max_examples=10, stateful_step_count=40, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))  # fmt: skip
    assert REACHED & {c.State.s52, c.State.onsite}, REACHED  # past a first sign-off


@pytest.fixture
def settings_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
