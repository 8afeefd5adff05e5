"""State-machine tests (hypothesis) driven by the ESG workflows' own tables: whatever people
do in whatever order, no nonconformity closes without every corrective action verified
effective by someone other than its owner (10.1), no one approves their own document or
report (7.5.2 c, 9.2.2 e), and no one audits their own department (9.2.2 d)."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from esg_world import TODAY, audit, build_esg
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parkesg.web.documents import services as docs
from parkesg.web.documents.models import DocStatus, Document
from parkesg.web.esg import flows
from parkesg.web.esg import models as m
from parkesg.web.esg.services import documents, improvement, records

pytestmark = pytest.mark.django_db
SERIAL = itertools.count()
PEOPLE = ["office", "eco", "auditor", "admin", "reviewer", "leader"]
RUN = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
REFUSED = (ValidationError, PermissionDenied)


@pytest.fixture
def esg(world):  # type: ignore[no-untyped-def]
    return build_esg(world)


def _try(fn, *args, **kw) -> None:  # type: ignore[no-untyped-def]
    try:
        fn(*args, **kw)
    except REFUSED:
        pass


NC_EVENTS = [s.event for s in flows.NONCONFORMITY.steps]
ACTION_EVENTS = [s.event for s in flows.ACTION.steps]
nc_moves = st.lists(st.one_of(
    st.tuples(st.just("nc"), st.sampled_from(NC_EVENTS), st.sampled_from(PEOPLE)),
    st.tuples(st.just("action"), st.sampled_from(ACTION_EVENTS), st.sampled_from(PEOPLE)),
    st.tuples(st.just("add"), st.sampled_from(["eco", "admin", "auditor"]), st.sampled_from(PEOPLE)),
    st.tuples(st.just("text"), st.sampled_from(["cause", "correction", "verification"]),
              st.sampled_from(PEOPLE)),
), max_size=14)  # fmt: skip


CLOSING = [("text", "correction", "eco"), ("add", "eco", "office"), ("nc", "analyse", "eco"),
           ("nc", "plan", "eco"), ("action", "complete", "eco"), ("nc", "submit", "eco"),
           ("action", "verify", "auditor"), ("nc", "close", "auditor")]  # fmt: skip


@RUN
@given(nc_moves)
@example(CLOSING)  # one run that does close, so the invariant is checked on a closed record
def test_no_nonconformity_closes_without_verified_actions(esg, moves) -> None:  # type: ignore[no-untyped-def]
    nc = improvement.save_nonconformity(actor=esg.people["office"], obj=m.Nonconformity(
        source="operation", title=f"不符合 {next(SERIAL)}", description="d",
        department=esg.depts["生态环境局"], raised_on=TODAY))  # fmt: skip
    for kind, what, who in moves:
        actor = esg.people[who]
        fields = {"cause": "原因", "verification": "有效", "result": "已完成",
                  "verification_note": "已核对"}  # fmt: skip
        if kind == "nc":
            _try(records.move, actor=actor, model=m.Nonconformity, pk=nc.pk, event=what,
                 note="理由", fields=fields)  # fmt: skip
        elif kind == "action":
            action = nc.actions.order_by("?").first()
            if action is not None:
                _try(records.move, actor=actor, model=m.CorrectiveAction, pk=action.pk, event=what,
                     note="理由", fields=fields)  # fmt: skip
        elif kind == "add":
            _try(improvement.save_action, actor=actor, obj=m.CorrectiveAction(
                nonconformity=nc, description="措施", owner=esg.people[what],
                department=esg.depts["生态环境局"], due=TODAY))  # fmt: skip
        else:
            fresh = m.Nonconformity.objects.get(pk=nc.pk)
            setattr(fresh, what, "写入")
            _try(records.save, actor=actor, obj=fresh)
        nc.refresh_from_db()
        if nc.state == "closed":
            actions = list(nc.actions.all())
            assert actions and nc.verification.strip()
            for a in actions:
                assert a.state == "effective" and a.verified_by_id not in (None, a.owner_id)
            assert nc.closed_by_id not in {a.owner_id for a in actions}


doc_moves = st.lists(st.tuples(st.sampled_from(["submit", "approve", "return", "publish", "withdraw"]),
                               st.sampled_from(PEOPLE)), max_size=8)  # fmt: skip


@RUN
@given(st.sampled_from(["admin", "office"]), doc_moves)
@example("office", [("submit", "office"), ("approve", "leader"), ("publish", "leader")])
def test_no_one_approves_their_own_policy(esg, author, moves) -> None:  # type: ignore[no-untyped-def]
    Document.objects.filter(kind="esc.policy").update(kind=f"esc.old{next(SERIAL)}")  # a new one
    doc = documents.write(actor=esg.people[author], kind="esc.policy",
                          content={"text": "t", "a": "a", "b": "b", "c": "c", "d": "d"})  # fmt: skip
    for event, who in moves:
        _try(documents.move, actor=esg.people[who], pk=doc.pk, event=event, note="理由")
        doc.refresh_from_db()
        if doc.status in (DocStatus.approved, DocStatus.published):
            assert doc.approved_by_id is not None and doc.approved_by_id != doc.author_id


REPORT_EVENTS = [s.event for s in flows.REPORT.steps]


@RUN
@given(st.sampled_from(["admin", "office"]),
       st.lists(st.tuples(st.sampled_from(REPORT_EVENTS), st.sampled_from(PEOPLE)), max_size=10))  # fmt: skip
@example("office", [("submit", "office"), ("review", "auditor"), ("approve", "leader"),
                    ("publish", "leader")])  # fmt: skip
def test_no_one_approves_or_reviews_their_own_report(esg, author, moves) -> None:  # type: ignore[no-untyped-def]
    n = next(SERIAL)
    who = esg.people[author]
    report = records.save(actor=who, obj=m.EsgReport(
        title=f"报告 {n}", year=2024, period="2024", publication="官网", history="h", honours="h",
        outlook="o"))  # fmt: skip
    report.document = docs.create(organisation=who.organisation, author=who, kind="esc.report",
                                  number=f"R-{n}", title="报告", subject=report,
                                  content={"gaps": []})  # fmt: skip
    report.author = who
    report.save(update_fields=["document", "author"])
    for event, person in moves:
        _try(records.move, actor=esg.people[person], model=m.EsgReport, pk=report.pk, event=event,
             note="理由", fields={"audit_opinion": "同意"})  # fmt: skip
        report.refresh_from_db()
        doc = report.document
        if report.state in ("audited", "approved", "published"):
            assert report.audited_by_id not in (None, report.author_id)
        if report.state in ("approved", "published"):
            assert report.approved_by_id not in (None, report.author_id)
            assert doc.status in (DocStatus.approved, DocStatus.published)
            assert doc.approved_by_id == report.approved_by_id != doc.author_id


DEPTS = ["生态环境局", "企业服务局", "经济发展局"]
audit_moves = st.lists(st.one_of(
    st.tuples(st.just("team"), st.lists(st.sampled_from(["auditor", "eco", "office"]), min_size=1,
                                        max_size=2, unique=True), st.sampled_from(PEOPLE)),
    st.tuples(st.just("departments"), st.lists(st.sampled_from(DEPTS), min_size=1, max_size=2,
                                               unique=True), st.sampled_from(PEOPLE)),
    st.tuples(st.just("move"), st.sampled_from([s.event for s in flows.AUDIT.steps]),
              st.sampled_from(PEOPLE)),
    st.tuples(st.just("finding"), st.sampled_from(DEPTS), st.sampled_from(PEOPLE)),
), max_size=10)  # fmt: skip


@RUN
@given(audit_moves)
@example([("move", "start", "auditor"), ("finding", "生态环境局", "auditor"),
          ("move", "report", "auditor"), ("move", "close", "leader")])  # fmt: skip
def test_no_one_audits_their_own_department(esg, moves) -> None:  # type: ignore[no-untyped-def]
    m.GroupMember.objects.filter(pk=esg.members["eco"].pk).update(internal_auditor=True)
    a = audit(esg, start=False)
    for kind, what, who in moves:
        actor = esg.people[who]
        if kind in ("team", "departments"):
            fresh = m.InternalAudit.objects.get(pk=a.pk)
            values = ([esg.members[x] for x in what] if kind == "team"
                      else [esg.depts[x] for x in what])  # fmt: skip
            setattr(fresh, records.PENDING_M2M, {"auditors" if kind == "team" else kind: values})
            _try(improvement.save_audit, actor=actor, obj=fresh)
        elif kind == "move":
            _try(records.move, actor=actor, model=m.InternalAudit, pk=a.pk, event=what,
                 fields={"report": "报告"})  # fmt: skip
        else:
            _try(improvement.save_finding, actor=actor, obj=m.AuditFinding(
                audit=a, grade="minor", clause="7.2", department=esg.depts[what],
                description="发现", evidence="证据"))  # fmt: skip
        a.refresh_from_db()
        team = list(a.auditors.all())
        audited = set(a.departments.values_list("pk", flat=True))
        if a.state != "planned":
            assert all(t.internal_auditor and t.department_id not in audited for t in team)
        for f in a.findings.all():
            me = m.GroupMember.objects.get(user=f.raised_by)
            assert me.internal_auditor and me.department_id != f.department_id
