"""State-machine tests (hypothesis) driven by the ratings' workflow tables (``flows``): random
steps by random people — the team, a second evaluator, the committee, the admin, a viewer, an
outsider, the rated enterprise — and the invariants of T/JDFA01 that must hold after each:
nothing is published without the committee's sign-off, no one reviews or signs their own
work, no one reviews an objection to a rating they took part in, a conflicted evaluator is
never on the team. The engine is not what is tested here: a project's run is stood in by a
stored result, so each example costs milliseconds."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ratings_world import project, rater

from parkesg.web.ratings import flows, objections, people, services
from parkesg.web.ratings.kinds import ObjectionState, ProjectState
from parkesg.web.ratings.models import (
    Certificate,
    ConflictDeclaration,
    RatingProject,
    RatingResult,
    RatingRun,
    TeamMember,
)

pytestmark = pytest.mark.django_db
REFUSED = (ValidationError, PermissionDenied, Http404)
PEOPLE = ["lead", "evaluator", "checker", "committee1", "committee2", "objection", "conflicted",
          "admin", "viewer", "outsider", "enterprise"]  # fmt: skip
EVENTS = [s.event for s in flows.PROJECT.steps]
REACHED: list[int] = []  # projects that got published (the examples are not all vacuous)


@pytest.fixture
def cast(world: Any) -> dict[str, Any]:
    r = rater(world)
    who = {k: r[k] for k in ("lead", "evaluator", "checker", "committee1", "committee2",
                             "objection", "conflicted")}  # fmt: skip
    who |= {
        "admin": r.admin,
        "viewer": world.user("bank_ok", "viewer"),
        "outsider": world.user("bank_no", "admin"),
        "enterprise": world.user("ent_a1", "admin"),
    }
    return {"r": r, "who": who}


def stored_run(p: RatingProject) -> None:
    """A rating as the engine would have stored it: one run, a graded result per enterprise."""
    no = RatingRun.objects.filter(project=p).count() + 1
    run = RatingRun.objects.create(
        organisation=p.organisation, created_by=p.created_by, project=p, no=no,
        framework_id=p.framework_id, framework_sha256=p.framework_sha256 or "0" * 64,
        criteria={}, peers={"basis": "portfolio"}, inputs={}, files={}, entities=1,
        grades={"A": 1}, seconds=0.0,
    )  # fmt: skip
    RatingResult.objects.filter(project=p).update(current=False)
    for m in p.members.all():
        RatingResult.objects.create(organisation=p.organisation, created_by=p.created_by, run=run,
                                    project=p, member=m, year=p.year, score=70.0, grade="A",
                                    final_kind="written")  # fmt: skip


def fresh(c: dict[str, Any]) -> RatingProject:
    p = project(c["r"], n=0)
    stored_run(p)
    return p


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))  # fmt: skip
@given(st.data())
def test_nothing_is_published_without_the_committee_and_no_one_signs_their_own_work(
    cast: dict[str, Any], data: st.DataObject
) -> None:
    p = fresh(cast)
    passed: list[str] = []
    for _ in range(data.draw(st.integers(4, 20), label="moves")):
        # mostly someone the page offers a step to takes it; else anyone tries anything
        able = [k for k in PEOPLE if flows.PROJECT.available(p, cast["who"][k])]
        if able and data.draw(st.integers(0, 3), label="offered"):  # 3 times in 4
            who = data.draw(st.sampled_from(able), label="who")
            offered = [s.event for s in flows.PROJECT.available(p, cast["who"][who])]
            event = data.draw(st.sampled_from(offered), label="event")
        else:
            who = data.draw(st.sampled_from(PEOPLE), label="who")
            event = data.draw(st.sampled_from(EVENTS), label="event")
        user = cast["who"][who]
        try:
            services.move(actor=user, project_id=p.pk, event=event, note="理由")
        except REFUSED:
            continue
        finally:
            p.refresh_from_db()
        passed.append(event)
        team = set(p.team_users.values_list("pk", flat=True))
        if event == "review_ok":
            assert user.pk not in team and people.evaluator(user, p.organisation_id) is not None
        if event == "sign_off":
            assert user.pk not in team and user != p.reviewed_by
            assert people.committee(user, p.organisation_id) is not None
        if event == "publish":
            REACHED.append(p.pk)
    if p.state in (ProjectState.approved, ProjectState.published, ProjectState.closed):
        assert "sign_off" in passed and p.signed_by is not None and p.reviewed_by is not None
        assert p.conclusion_doc.approved_by == p.signed_by
        team = set(p.team_users.values_list("pk", flat=True))
        assert p.signed_by.pk not in team and p.reviewed_by.pk not in team
        assert p.signed_by != p.reviewed_by
    if p.state == ProjectState.published:
        assert passed.index("sign_off") < passed.index("publish")
        assert Certificate.objects.filter(project=p).exists()


def test_some_random_walks_reached_publication() -> None:
    """(runs after the walk above: pytest keeps the file's order)"""
    assert REACHED


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.sampled_from(["evaluator", "checker", "objection", "conflicted", "lead"]),
             min_size=1, max_size=3, unique=True),
    st.lists(st.tuples(st.sampled_from(["uphold", "reject", "rerate"]), st.sampled_from(PEOPLE)),
             max_size=6),
)  # fmt: skip
def test_no_one_reviews_an_objection_to_their_own_rating(
    cast: dict[str, Any], reviewers: list[str], moves: list[tuple[str, str]]
) -> None:
    p = fresh(cast)
    w = cast["who"]
    for event, who in (("submit_review", "lead"), ("review_ok", "checker"),
                       ("sign_off", "committee2"), ("publish", "lead")):  # fmt: skip
        services.move(actor=w[who], project_id=p.pk, event=event)
    ConflictDeclaration.objects.create(organisation=p.organisation, created_by=w["conflicted"],
                                       project=p, evaluator=cast["r"].evaluators["conflicted"],
                                       has_conflict=True, detail="亲属")  # fmt: skip
    cert = Certificate.objects.get(project=p)
    o = objections.file_objection(actor=w["enterprise"], certificate_id=cert.pk, reasons="不服")
    ids = [cast["r"].evaluators[k].pk for k in reviewers]
    try:
        objections.assign(actor=w["admin"], objection_id=o.pk, evaluator_ids=ids)
    except ValidationError:
        o.refresh_from_db()
        assert o.state == ObjectionState.filed and not o.reviewers.exists()  # rolled back
        assert set(reviewers) & {"evaluator", "checker", "conflicted", "lead"}
        return
    assert reviewers == ["objection"]  # the only evaluator with no part and no conflict
    for event, who in moves:
        user = w[who]
        try:
            if event == "rerate":  # stood in: the stored re-rating of the enterprise
                objections._reviewing(user, o.pk, None)
                type(o).objects.filter(pk=o.pk).update(rerun=cert.result.run,
                                                       diff={"total": {}, "indicators": []})  # fmt: skip
                continue
            objections.decide(actor=user, objection_id=o.pk, event=event, reasons="理由")
        except REFUSED:
            continue
        finally:
            o.refresh_from_db()
        assert o.decided_by == user and user.pk not in set(
            o.original_people.values_list("pk", flat=True))  # fmt: skip
        assert who == "objection"


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(["declare_ok", "declare_conflict", "join"]),
                          st.sampled_from(["evaluator", "conflicted", "objection"])),
                max_size=10))  # fmt: skip
def test_a_conflicted_evaluator_is_never_on_the_team(
    cast: dict[str, Any], moves: list[tuple[str, str]]
) -> None:
    p = project(cast["r"], n=0, start=False)
    for what, who in moves:
        ev = cast["r"].evaluators[who]
        try:
            if what == "join":
                services.add_to_team(actor=cast["who"]["lead"], project_id=p.pk, evaluator_id=ev.pk)
            else:
                services.declare(actor=cast["who"][who], project_id=p.pk,
                                 has_conflict=what == "declare_conflict", detail="关系")  # fmt: skip
        except REFUSED:
            pass
        conflicted = ConflictDeclaration.objects.filter(project=p, has_conflict=True)
        on_team = TeamMember.objects.filter(project=p)
        assert not on_team.filter(evaluator__in=conflicted.values("evaluator")).exists()
        undeclared = on_team.exclude(role="lead").exclude(
            evaluator__in=ConflictDeclaration.objects.filter(project=p).values("evaluator")
        )
        assert not undeclared.exists()  # nobody joins without a declaration
