"""The ESG management system of 园区A for the ESG tests (on ``world.py``), made through the
services like a person would: the leading group with its departments and people — a leader
(the committee's director, role reviewer), the office (园区A's editor), a member department
(生态环境局, its own editor) and an internal auditor from 企业服务局 — and, on request, a KPI
with an approved target, an internal audit under way, a nonconformity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from world import PASSWORD, World

from parkesg.web.esg import models as m
from parkesg.web.esg.services import improvement, planning, records
from parkesg.web.orgs.models import User

TODAY = dt.date(2026, 3, 2)
AREAS = [("办公室", "office", "economy"), ("经济发展局", "member", "economy"),
         ("生态环境局", "member", "ecology_env"), ("人社局", "member", "hr"),
         ("企业服务局", "member", "service"), ("住建局", "member", "housing"),
         ("应急管理局", "member", "emergency")]  # fmt: skip


@dataclass
class Esg:
    world: World
    people: dict[str, User] = field(default_factory=dict)  # leader, office, eco, auditor
    depts: dict[str, m.EsgDepartment] = field(default_factory=dict)
    members: dict[str, m.GroupMember] = field(default_factory=dict)

    def save(self, obj: object, who: str = "office", **m2m: object) -> object:
        if m2m:
            setattr(obj, records.PENDING_M2M, m2m)
        return records.save(actor=self.people[who], obj=obj)

    def move(self, obj: object, event: str, who: str, **fields: str) -> object:
        return records.move(actor=self.people[who], model=type(obj), pk=obj.pk, event=event,  # type: ignore[attr-defined]
                            note="理由", fields=fields)  # fmt: skip


def _user(world: World, name: str, role: str) -> User:
    return User.objects.create_user(name, password=PASSWORD, organisation=world.orgs["park_a"],
                                    role=role)  # fmt: skip


def build_esg(world: World) -> Esg:
    e = Esg(world)
    e.people = {"office": world.user("park_a", "editor"), "leader": _user(world, "park_a_leader", "reviewer"),
                "eco": _user(world, "park_a_eco", "editor"),
                "auditor": _user(world, "park_a_auditor", "editor"),
                "reviewer": world.user("park_a", "reviewer"), "admin": world.user("park_a", "admin")}  # fmt: skip
    for name, kind, area in AREAS:
        e.depts[name] = e.save(m.EsgDepartment(name=name, kind=kind, area=area, duties="职责"))  # type: ignore[assignment]
    for key, position, role, dept, auditor in (("leader", "director", "leader", "经济发展局", False),
                                               ("office", "staff", "office", "办公室", False),
                                               ("eco", "dept_head", "member", "生态环境局", False),
                                               ("auditor", "staff", "member", "企业服务局", True)):  # fmt: skip
        e.members[key] = e.save(m.GroupMember(user=e.people[key], name=key, position=position,  # type: ignore[assignment]
                                              group_role=role, department=e.depts[dept],
                                              internal_auditor=auditor, appointed_on=TODAY,
                                              duties="职责"))  # fmt: skip
    return e


def core_issue(e: Esg, title: str = "节能减排") -> m.CoreIssue:
    return e.save(m.CoreIssue(title=title, domain="environment", impact=5, attention=4,  # type: ignore[return-value]
                              purpose_fit=True, in_jurisdiction=True, core=True,
                              achievements="成效", measures="举措", assessed_on=TODAY))  # fmt: skip


def kpi(
    e: Esg, indicator: str = "national_green_factories", issue: m.CoreIssue | None = None
) -> m.Kpi:
    return e.save(m.Kpi(core_issue=issue or core_issue(e), indicator_id=indicator))  # type: ignore[return-value]


TEXTS = {"policy_review": "回顾", "collection_method": "统计", "legal_basis": "法规",
         "actions": "方案", "communication": "官网", "monitoring": "年度评价"}  # fmt: skip


def target(e: Esg, k: m.Kpi, base: float = 7.0, goal: float = 15.0, *, approve: bool = True,
           author: str = "office") -> m.KpiTarget:  # fmt: skip
    t = planning.save_target(actor=e.people[author], obj=m.KpiTarget(
        kpi=k, baseline_year=2021, baseline_period="2021 年", baseline=base, target_year=2025,
        target=goal, **TEXTS))  # fmt: skip
    if approve:
        e.move(t, "submit", "office")
        e.move(t, "approve", "leader")
        t.refresh_from_db()
    return t


def audit(e: Esg, *, departments: tuple[str, ...] = ("生态环境局",), start: bool = True
          ) -> m.InternalAudit:  # fmt: skip
    prog = e.save(m.AuditProgramme(year=2026, frequency="每年", methods="文件审查", responsibilities="办公室",
                                   criteria="T/ESC 001", scope="全部", importance="首次", reporting="书面"))  # fmt: skip
    a = e.save(m.InternalAudit(programme=prog, title="内审", planned_on=TODAY, criteria="T/ESC 001",
                               scope="生态环境局"),
               departments=[e.depts[d] for d in departments], auditors=[e.members["auditor"]])  # fmt: skip
    if start:
        e.move(a, "start", "auditor")
        a.refresh_from_db()
    return a  # type: ignore[return-value]


def nonconformity(e: Esg) -> m.Nonconformity:
    """A minor finding of an audit of 生态环境局, raised by the auditor: an open nonconformity."""
    a = audit(e)
    f = improvement.save_finding(actor=e.people["auditor"], obj=m.AuditFinding(
        audit=a, grade="minor", clause="7.2", department=e.depts["生态环境局"],
        description="培训记录缺少考核", evidence="抽查档案"))  # fmt: skip
    return m.Nonconformity.objects.get(finding=f)


def every_record(e: Esg) -> dict[str, object]:
    """One record of every register of 园区A (model name → record), made through the services;
    the workflow records in an editable state unless their name ends in ``:frozen``."""
    from parkesg.web.esg.services import documents

    issue = core_issue(e)
    k = kpi(e, issue=issue)
    t = target(e, k)
    nc = nonconformity(e)
    a = m.InternalAudit.objects.get(findings__nonconformity=nc)
    review = e.save(m.ManagementReview(title="评审", held_on=TODAY, chair=e.members["leader"],
                                       attendees="全体", input_a="a", input_b="b", input_c="c",
                                       input_d="d", input_e="e"))  # fmt: skip
    policy = documents.write(actor=e.people["office"], kind="esc.policy",
                             content={"text": "t", "a": "a", "b": "b", "c": "c", "d": "d"})  # fmt: skip
    own = e.save(m.Kpi(core_issue=issue, code="P1", name="满意度", unit="%", direction="higher"))
    out: dict[str, object] = {
        "contextissue": e.save(m.ContextIssue(kind="external", domain="environment", title="Issue 双碳",
                                              identified_on=TODAY)),
        "interestedparty": e.save(m.InterestedParty(name="Party 企业", category="enterprise", needs="绿电")),
        "purposechoice": e.save(m.PurposeChoice(purpose="ecology", rationale="r", reviewed_on=TODAY)),
        "domainquestion": e.save(m.DomainQuestion(domain="governance", purpose="industry", question="q")),
        "esgdepartment": e.depts["生态环境局"], "groupmember": e.members["eco"],
        "riskopportunity": e.save(m.RiskOpportunity(kind="risk", category="risk_targets", title="r",
                                                    purpose="ecology", timing="current", severity=4,
                                                    urgency=5)),
        "coreissue": issue, "kpi": k, "kpitarget:frozen": t,
        "kpireading": e.save(m.KpiReading(kpi=own, year=2024, value=80, source="stakeholder")),
        "programme": e.save(m.Programme(core_issue=issue, name="方案", content="c",
                                        department=e.depts["生态环境局"], due=TODAY,
                                        evaluation_method="m")),
        "esgresource": e.save(m.EsgResource(kind="funds", description="资金", year=2026)),
        "competence": e.save(m.Competence(function="内审员", person="周敏", required="r")),
        "trainingrecord": e.save(m.TrainingRecord(title="培训", held_on=TODAY, audience="staff",
                                                  participants="p")),
        "awarenessactivity": e.save(m.AwarenessActivity(title="开放日", held_on=TODAY, audience="a")),
        "communicationplan": e.save(m.CommunicationPlan(topic="政策", timing="t", audience="a",
                                                        channel="c", direction="internal")),
        "communicationrecord": e.save(m.CommunicationRecord(held_on=TODAY, direction="internal",
                                                            audience="a", channel="c", summary="s",
                                                            document=policy)),
        "operationcheck": e.save(m.OperationCheck(item_kind="plan", item="规划", checked_on=TODAY,
                                                  verdict="helps", finding="f")),
        "monitoringitem": e.save(m.MonitoringItem(subject="能耗", scope="system", method="m",
                                                  timing="t", analysis="a", source="official")),
        "satisfactionsurvey": e.save(m.SatisfactionSurvey(surveyed_on=TODAY, method="问卷",
                                                          respondents=10, score=80)),
        "supervisedunitcheck": e.save(m.SupervisedUnitCheck(unit_name="企业A1", requirement="r",
                                                            checked_on=TODAY, verdict="conform")),
        "esgreport": e.save(m.EsgReport(title="报告", year=2024, period="2024", publication="官网",
                                        history="h", honours="h", outlook="o")),
        "auditprogramme": a.programme, "internalaudit": a,
        "auditfinding": m.AuditFinding.objects.get(nonconformity=nc),
        "managementreview": review, "nonconformity": nc,
        "correctiveaction": improvement.save_action(actor=e.people["eco"], obj=m.CorrectiveAction(
            nonconformity=nc, description="措施", owner=e.people["eco"],
            department=e.depts["生态环境局"], due=TODAY)),
        "improvementitem": e.save(m.ImprovementItem(review=review, kind="system", title="改进",
                                                    content="c", department=e.depts["办公室"],
                                                    due=TODAY)),
    }  # fmt: skip
    return out
