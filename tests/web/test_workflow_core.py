"""The platform's shared workflow pieces: a transition table (``core.workflow``), documented
information with versions, approval and frozen content (``documents``), and reminders sent
once each (``reminders``, ``parkesg remind``)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkesg.web.audit.models import AuditRecord
from parkesg.web.documents import services as docs
from parkesg.web.documents.models import DocStatus, Document
from parkesg.web.reminders import services as reminders
from parkesg.web.reminders.models import ReminderSent

pytestmark = pytest.mark.django_db
SERIAL = itertools.count()


def _policy(world, author: str = "editor", number: str = "ESG-POL") -> Document:  # type: ignore[no-untyped-def]
    return docs.create(
        organisation=world.orgs["park_a"], author=world.user("park_a", author),
        kind="esc.policy", number=number, title="园区 ESG 方针",
        content={"text": "绿色、共享、善治", "commitments": ["5.2 a", "5.2 b"]},
    )  # fmt: skip


def test_a_document_goes_through_review_to_publication_and_is_frozen(world) -> None:  # type: ignore[no-untyped-def]
    doc = _policy(world)
    assert len(doc.content_sha256) == 64
    docs.LIFE.move(doc, "submit", user=world.user("park_a", "editor"))
    # the author cannot approve (not even an admin author); another member with approve can
    with pytest.raises(PermissionDenied):  # a viewer may not approve at all
        docs.LIFE.move(doc, "approve", user=world.user("park_a", "viewer"))
    docs.LIFE.move(doc, "approve", user=world.user("park_a", "reviewer"))
    doc.refresh_from_db()
    assert doc.status == DocStatus.approved and doc.approved_by == world.user("park_a", "reviewer")
    docs.LIFE.move(doc, "publish", user=world.user("park_a", "admin"))
    doc.refresh_from_db()
    assert doc.status == DocStatus.published and doc.published_at is not None
    doc.content = {"text": "改过"}
    with pytest.raises(ValidationError):
        doc.save()
    moves = AuditRecord.objects.filter(object_type="documents.document", object_id=str(doc.pk))
    assert moves.count() == 4  # created, submitted, approved, published


def test_no_one_approves_their_own_document(world) -> None:  # type: ignore[no-untyped-def]
    doc = _policy(world, author="admin")
    docs.LIFE.move(doc, "submit", user=world.user("park_a", "admin"))
    with pytest.raises(ValidationError, match="自审"):
        docs.LIFE.move(doc, "approve", user=world.user("park_a", "admin"))
    assert [s.event for s in docs.LIFE.available(doc, world.user("park_a", "admin"))] == []


def test_a_new_version_supersedes_the_one_in_force_when_approved(world) -> None:  # type: ignore[no-untyped-def]
    v1 = _policy(world)
    for event, who in (("submit", "editor"), ("approve", "reviewer")):
        docs.LIFE.move(v1, event, user=world.user("park_a", who))
    v2 = docs.new_version(v1, author=world.user("park_a", "editor"), change_note="加入 5.2 c",
                          content={"text": "绿色、共享、善治、开放"})  # fmt: skip
    v1.refresh_from_db()
    assert v1.status == DocStatus.approved  # still in force while v2 is a draft
    for event, who in (("submit", "editor"), ("approve", "reviewer")):
        docs.LIFE.move(v2, event, user=world.user("park_a", who))
    v1.refresh_from_db()
    assert v1.status == DocStatus.superseded and v2.version == 2
    assert [d.version for d in docs.versions(v1)] == [2, 1]
    with pytest.raises(ValueError):
        docs.new_version(v1, author=world.user("park_a", "editor"), change_note="again")


def test_returning_needs_a_reason_and_outsiders_cannot_act(world) -> None:  # type: ignore[no-untyped-def]
    doc = _policy(world)
    docs.LIFE.move(doc, "submit", user=world.user("park_a", "editor"))
    with pytest.raises(ValidationError, match="理由"):
        docs.LIFE.move(doc, "return", user=world.user("park_a", "reviewer"))
    with pytest.raises(PermissionDenied):
        docs.LIFE.move(doc, "approve", user=world.user("park_b", "reviewer"))
    docs.LIFE.move(doc, "return", user=world.user("park_a", "reviewer"), note="5.2 d 未写")
    doc.refresh_from_db()
    assert doc.status == DocStatus.draft


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(["submit", "approve", "return", "publish", "withdraw"]),
                          st.sampled_from(["editor", "reviewer", "admin", "viewer"])),
                max_size=8))  # fmt: skip
def test_state_machine_nothing_in_force_without_an_approver_other_than_its_author(
    world, moves: list[tuple[str, str]]
) -> None:  # type: ignore[no-untyped-def]
    doc = _policy(world, number=f"ESG-{next(SERIAL)}")  # the world outlives the examples
    for event, who in moves:
        try:
            docs.LIFE.move(doc, event, user=world.user("park_a", who), note="理由")
        except (ValidationError, PermissionDenied):
            pass
        doc.refresh_from_db()
        if doc.status in (DocStatus.approved, DocStatus.published):
            assert doc.approved_by is not None and doc.approved_by != doc.author


def test_reminders_are_sent_once_each(world) -> None:  # type: ignore[no-untyped-def]
    due_day = dt.date(2027, 6, 1)
    person = world.user("park_a", "admin")
    person.email = "director@example.cn"
    person.save()

    @reminders.register
    def follow_up(today: dt.date) -> list[reminders.Due]:
        return [
            reminders.Due("test.followup:1", "一年后跟踪诊断到期", "请填写建议采纳情况。",
                          reminders.emails([person]), due_day),
            reminders.Due("test.nobody:1", "无人可收", "—", (), due_day),
        ]  # fmt: skip

    try:
        assert reminders.send_due(due_day - dt.timedelta(days=1)).sent == 0  # not yet due
        first = reminders.send_due(due_day)
        second = reminders.send_due(due_day + dt.timedelta(days=3))
    finally:
        reminders._PROVIDERS.pop(f"{follow_up.__module__}.{follow_up.__qualname__}")
    assert (first.sent, first.already, first.without_address) == (1, 0, 1)
    assert (second.sent, second.already) == (0, 1)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["director@example.cn"]
    assert ReminderSent.objects.get().key == "test.followup:1"


def test_not_by_names_several_people_as_a_list(world) -> None:  # type: ignore[no-untyped-def]
    """A ``not_by`` attribute may hold a list (say, the project team): each person in it is
    kept from the step, the others are not."""
    from types import SimpleNamespace

    from parkesg.web.core.workflow import Step, _own_work

    editor, reviewer = world.user("park_a", "editor"), world.user("park_a", "reviewer")
    step = Step("approve", frozenset({"review"}), "approved", "批准", lambda u, o: True,
                not_by=("team",))  # fmt: skip
    team = SimpleNamespace(team=[editor, None])
    assert _own_work(step, team, editor)
    assert not _own_work(step, team, reviewer)
    assert _own_work(step, SimpleNamespace(team=(reviewer,)), reviewer)
