"""The registers of clauses 4–10: columns, search, filters, form and save service of each
(``generic.Register``), and their URL prefixes under ``/esg/``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from parkesg.web.core.filters import Filter, FilterSet
from parkesg.web.esg import enums, forms, kpis
from parkesg.web.esg import models as m
from parkesg.web.esg.services import improvement, planning, records
from parkesg.web.esg.views import reports
from parkesg.web.esg.views.generic import Register, park_member

save = records.save


def choices(rows: list[tuple[str, str]]) -> Any:
    return lambda user: list(rows)


def state(rows: list[tuple[str, str]], label: Any = None) -> FilterSet:
    return FilterSet({"state": Filter("state", label or _("状态"), choices=choices(rows))})


def reg(model: Any, columns: list[str], form: Any, **kw: Any) -> Register:
    kw.setdefault("save", save)
    return Register(model, columns, form=form, add_if=park_member, **kw)


ISSUES = reg(m.ContextIssue, ["title", "kind", "domain", "identified_on", "active"], forms.ISSUE,
             search=["title", "description"], clause="4.1",
             filterset=FilterSet({"kind": Filter("kind", _("类别"), choices=choices(enums.ISSUE_KIND)),
                                  "domain": Filter("domain", _("领域"), choices=choices(enums.DOMAIN))}))  # fmt: skip
PARTIES = reg(m.InterestedParty, ["name", "category", "needs", "addressed"], forms.PARTY,
              search=["name", "needs"], clause="4.2",
              filterset=FilterSet({"category": Filter("category", _("类别"),
                                                      choices=choices(enums.PARTY_CATEGORY))}))  # fmt: skip
PURPOSES = reg(m.PurposeChoice, ["purpose", "chosen", "rationale", "reviewed_on"], forms.PURPOSE,
               clause="4.5")  # fmt: skip
DOMAINS = reg(m.DomainQuestion, ["question", "domain", "purpose", "answer", "answered_on"],
              forms.DOMAIN, clause="4.6",
              filterset=FilterSet({"domain": Filter("domain", _("领域"), choices=choices(enums.DOMAIN))}))  # fmt: skip
DEPARTMENTS = reg(m.EsgDepartment, ["name", "kind", "area", "head"], forms.DEPARTMENT, clause="5.1")
MEMBERS = reg(m.GroupMember, ["name", "group_role", "position", "department", "internal_auditor",
                             "user"], forms.MemberForm, clause="5.1、5.3")  # fmt: skip
RISKS = reg(m.RiskOpportunity, ["title", "kind", "category", "severity", "urgency", "score",
                                "timing", "reviewed_on"], forms.RISK, search=["title"], clause="6.1",
            filterset=FilterSet({"kind": Filter("kind", _("类别"), choices=choices(enums.RO_KIND))}))  # fmt: skip
CORE_ISSUES = reg(m.CoreIssue, ["title", "domain", "impact", "attention", "importance", "core",
                                "assessed_on"], forms.CORE_ISSUE, search=["title"], clause="6.2",
                  related=[(_("绩效指标"), "kpi", lambda o: o.kpis.all()),
                           (_("绩效管理方案"), "programme", lambda o: o.programmes.all())])  # fmt: skip
KPIS = reg(m.Kpi, ["id", "core_issue", "unit"], forms.KpiForm, clause="6.2",
           labels={"id": _("绩效指标")},
           cells={"id": lambda k: kpis.label(k), "unit": lambda k: kpis.unit(k)},
           export_cells={"id": lambda k: kpis.label(k), "unit": lambda k: kpis.unit(k)},
           related=[(_("基准值和目标值的版本"), "kpitarget", lambda o: o.targets.all()),
                    (_("自定指标数值"), "kpireading", lambda o: o.readings.all())])  # fmt: skip
READINGS = reg(m.KpiReading, ["kpi", "year", "value", "source"], forms.ReadingForm, clause="9.1.2")
KPIS.adds = [
    (_("设定基准值和目标值"), "kpitarget", lambda k: {"kpi": k.pk}),
    (_("填报自定指标数值"), "kpireading", lambda k: None if k.indicator_id else {"kpi": k.pk}),
]
TARGETS = reg(m.KpiTarget, ["kpi", "version", "state", "baseline_year", "baseline",
                            "target_year", "target", "approved_at"], forms.TargetForm,
              save=planning.save_target, clause="6.3.1、6.3.2",
              filterset=state(enums.TARGET_STATE))  # fmt: skip
PROGRAMMES = reg(m.Programme, ["name", "core_issue", "department", "due", "state"],
                 forms.PROGRAMME, search=["name"], clause="6.3.3",
                 filterset=state(enums.PROGRAMME_STATE))  # fmt: skip
RESOURCES = reg(m.EsgResource, ["kind", "year", "amount", "department", "provided_by"],
                forms.RESOURCE, clause="7.1")  # fmt: skip
COMPETENCE = reg(m.Competence, ["person", "function", "department", "meets", "evidence_file"],
                 forms.COMPETENCE, clause="7.2")  # fmt: skip
TRAINING = reg(m.TrainingRecord, ["title", "held_on", "audience", "hours", "evidence_file"],
               forms.TRAINING, clause="7.2")  # fmt: skip
AWARENESS = reg(m.AwarenessActivity, ["title", "held_on", "audience", "importance", "objectives",
                                      "contribution", "consequences"], forms.AWARENESS, clause="7.3")  # fmt: skip
COMM_PLAN = reg(m.CommunicationPlan, ["topic", "timing", "audience", "channel", "direction"],
                forms.COMM_PLAN, clause="7.4",
                related=[(_("交流记录"), "communicationrecord", lambda o: o.records.all())])  # fmt: skip
COMM_LOG = reg(m.CommunicationRecord, ["held_on", "direction", "audience", "channel", "document"],
               forms.CommRecordForm, clause="7.4、5.2")  # fmt: skip
OPERATION = reg(m.OperationCheck, ["item", "item_kind", "checked_on", "verdict", "department"],
                forms.OPERATION, search=["item"], clause="8.1、8.2",
                filterset=FilterSet({"verdict": Filter("verdict", _("结论"),
                                                       choices=choices(enums.VERDICT))}))  # fmt: skip
MONITORING = reg(m.MonitoringItem, ["subject", "scope", "kpi", "timing", "source", "department"],
                 forms.MONITORING, clause="9.1.1、9.1.2")  # fmt: skip
SATISFACTION = reg(m.SatisfactionSurvey, ["surveyed_on", "party", "method", "respondents", "score"],
                   forms.SATISFACTION, clause="9.1.1")  # fmt: skip
SUPERVISION = reg(m.SupervisedUnitCheck, ["checked_on", "unit", "unit_name", "verdict"],
                  forms.SUPERVISION, clause="9.1.1")  # fmt: skip
REPORTS = reg(m.EsgReport, ["title", "kind", "year", "state", "published_at"], forms.REPORT,
              clause="9.1.3、9.2.2 e)", filterset=state(enums.REPORT_STATE),
              detail_context=reports.detail_context)  # fmt: skip
AUDIT_PROGRAMMES = reg(m.AuditProgramme, ["year", "frequency", "scope"], forms.AUDIT_PROGRAMME,
                       clause="9.2.2 a)–b)",
                       related=[(_("内部审核"), "internalaudit", lambda o: o.audits.all())])  # fmt: skip
AUDITS = reg(m.InternalAudit, ["title", "planned_on", "state", "conducted_on"], forms.AuditForm,
             save=improvement.save_audit,
             clause="9.2", filterset=state(enums.AUDIT_STATE),
             related=[(_("审核发现"), "auditfinding", lambda o: o.findings.all())])  # fmt: skip
FINDINGS = reg(m.AuditFinding, ["description", "audit", "grade", "clause", "department"],
               forms.FindingForm, save=improvement.save_finding, clause="9.2、10.1",
               filterset=FilterSet({"grade": Filter("grade", _("等级"), choices=choices(enums.GRADE))}))  # fmt: skip
REVIEWS = reg(m.ManagementReview, ["title", "held_on", "chair", "state"], forms.ReviewForm,
              clause="9.3", filterset=state(enums.REVIEW_STATE),
              related=[(_("持续改进计划"), "improvementitem", lambda o: o.improvements.all())])  # fmt: skip
NONCONFORMITIES = reg(m.Nonconformity, ["title", "source", "grade", "department", "raised_on",
                                        "state"], forms.NonconformityForm,
                      save=improvement.save_nonconformity, clause="10.1",
                      filterset=state(enums.NC_STATE),
                      related=[(_("纠正措施"), "correctiveaction", lambda o: o.actions.all())])  # fmt: skip
ACTIONS = reg(m.CorrectiveAction, ["description", "nonconformity", "owner", "department", "due",
                                   "state"], forms.ActionForm, save=improvement.save_action,
              clause="10.1", filterset=state(enums.ACTION_STATE))  # fmt: skip
IMPROVEMENTS = reg(m.ImprovementItem, ["title", "kind", "department", "due", "state"],
                   forms.IMPROVEMENT, clause="10.2", filterset=state(enums.IMPROVEMENT_STATE))  # fmt: skip

TARGETS.adds = [
    (
        _("新建版本"),
        "kpitarget",
        lambda t: {"kpi": t.kpi_id} if t.state in ("approved", "superseded") else None,
    )
]
OPERATION.adds = [
    (
        _("登记不符合"),
        "nonconformity",
        lambda o: (
            {
                "operation_check": o.pk,
                "source": "operation",
                "department": o.department_id or "",
                "title": o.item,
            }
            if o.verdict == "hinders"
            else None
        ),
    )
]
AUDITS.adds = [
    (
        _("记录审核发现"),
        "auditfinding",
        lambda a: {"audit": a.pk} if a.state == "fieldwork" else None,
    )
]
REVIEWS.adds = [
    (
        _("加入持续改进计划"),
        "improvementitem",
        lambda r: {"review": r.pk} if r.state != "planned" else None,
    ),
    (
        _("登记不符合"),
        "nonconformity",
        lambda r: {"review": r.pk, "source": "review"} if r.state != "planned" else None,
    ),
]
NONCONFORMITIES.adds = [
    (
        _("制定纠正措施"),
        "correctiveaction",
        lambda n: (
            {"nonconformity": n.pk, "department": n.department_id}
            if n.state in ("open", "analysed", "actioned")
            else None
        ),
    )
]
CORE_ISSUES.adds = [
    (_("选取绩效指标"), "kpi", lambda i: {"core_issue": i.pk}),
    (_("制定绩效管理方案"), "programme", lambda i: {"core_issue": i.pk}),
]
AUDIT_PROGRAMMES.adds = [(_("策划内部审核"), "internalaudit", lambda p: {"programme": p.pk})]

# URL prefix → register, in the order of the standard's clauses
REGISTERS: dict[str, Register] = {
    "esg/issues": ISSUES, "esg/parties": PARTIES, "esg/purposes": PURPOSES,
    "esg/domains": DOMAINS, "esg/departments": DEPARTMENTS, "esg/members": MEMBERS,
    "esg/risks": RISKS, "esg/core-issues": CORE_ISSUES, "esg/kpis": KPIS,
    "esg/kpi-values": READINGS, "esg/targets": TARGETS, "esg/programmes": PROGRAMMES,
    "esg/resources": RESOURCES, "esg/competence": COMPETENCE, "esg/training": TRAINING,
    "esg/awareness": AWARENESS, "esg/communication-plan": COMM_PLAN,
    "esg/communications": COMM_LOG, "esg/operation": OPERATION, "esg/monitoring": MONITORING,
    "esg/satisfaction": SATISFACTION, "esg/supervised-units": SUPERVISION, "esg/reports": REPORTS,
    "esg/audit-programmes": AUDIT_PROGRAMMES, "esg/audits": AUDITS, "esg/findings": FINDINGS,
    "esg/reviews": REVIEWS, "esg/nonconformities": NONCONFORMITIES, "esg/actions": ACTIONS,
    "esg/improvements": IMPROVEMENTS,
}  # fmt: skip
