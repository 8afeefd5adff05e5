"""Conformity at a glance: every “shall” of T/ESC 001 clauses 4–10 (``data/shalls.yaml``)
with the records on the platform that satisfy it, and what is missing — what an auditor asks
for first. A rule is a small function of the park committee: which records, how many, and a
sentence saying what is lacking when it does not hold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from django.db.models import Q

from parkesg.web.documents.models import Document
from parkesg.web.esg import checks, enums
from parkesg.web.esg import models as m
from parkesg.web.esg.engagement import IN_FORCE, document_in_force


@dataclass(frozen=True)
class Evidence:
    rule: str
    ok: bool
    count: int
    url: str  # URL name of the register that holds it
    missing: str = ""  # what is lacking (Chinese), when not ok


@dataclass(frozen=True)
class Shall:
    id: str
    clause: str
    text: str
    evidence: tuple[Evidence, ...]

    @property
    def ok(self) -> bool:
        return all(e.ok for e in self.evidence)


Rule = Callable[[Any], Evidence]
RULES: dict[str, Rule] = {}


def rule(fn: Rule) -> Rule:
    RULES[fn.__name__] = fn
    return fn


def _count(
    name: str, model: Any, url: str, missing: str, q: Q | None = None, need: int = 1
) -> Rule:
    def test(org: Any) -> Evidence:
        qs = model.objects.filter(organisation=org)
        n = (qs.filter(q) if q is not None else qs).count()
        return Evidence(name, n >= need, n, url, "" if n >= need else missing)

    test.__name__ = name
    RULES[name] = test
    return test


_count("issues_external", m.ContextIssue, "contextissue_list", "未识别外部问题", Q(kind="external"))
_count("issues_internal", m.ContextIssue, "contextissue_list", "未识别内部问题", Q(kind="internal"))
_count("risks", m.RiskOpportunity, "riskopportunity_list", "未建立风险和机遇清单")
_count("risks_reviewed_with_parties", m.RiskOpportunity, "riskopportunity_list",
       "风险和机遇未与相关方共同评审", ~Q(reviewed_with="") & Q(reviewed_on__isnull=False))  # fmt: skip
_count("parties", m.InterestedParty, "interestedparty_list", "未确定相关方及其需求和期望")
_count("parties_addressed", m.InterestedParty, "interestedparty_list",
       "未确定需通过体系落实的需求和期望", Q(addressed=True))  # fmt: skip
_count("purposes", m.PurposeChoice, "purposechoice_list", "未记录体系宗旨", Q(chosen=True))
_count("domain_answers", m.DomainQuestion, "domainquestion_list", "未记录产业园区治理领域的情况",
       Q(domain="governance") & ~Q(answer=""))  # fmt: skip
_count("resources", m.EsgResource, "esgresource_list", "未确定所需资源")
_count("core_issues", m.CoreIssue, "coreissue_list", "未确定核心议题", Q(core=True))
_count("programmes", m.Programme, "programme_list", "未制定绩效管理方案")
_count("programmes_running", m.Programme, "programme_list", "没有实施中或已完成的方案",
       Q(state__in=("running", "done", "evaluated")))  # fmt: skip
_count("monitoring", m.MonitoringItem, "monitoringitem_list", "未制定监视和测量计划")
_count("monitoring_supervision", m.MonitoringItem, "monitoringitem_list",
       "监视计划未包括作为管理机构需要监管的内容", Q(scope="supervision"))  # fmt: skip
_count("satisfaction", m.SatisfactionSurvey, "satisfactionsurvey_list", "未评估相关方满意程度")
_count("supervised_units", m.SupervisedUnitCheck, "supervisedunitcheck_list",
       "未评价被监管单位的符合性")  # fmt: skip
_count("competence", m.Competence, "competence_list", "未明确人员所需能力")
_count("competence_evidence", m.Competence, "competence_list", "能力记录没有证明材料",
       Q(evidence_file__isnull=False))  # fmt: skip
_count("training_staff", m.TrainingRecord, "trainingrecord_list", "没有对为组织工作人员的培训记录",
       Q(audience="staff"))  # fmt: skip
_count("training_parties", m.TrainingRecord, "trainingrecord_list", "没有对相关方的培训记录",
       Q(audience="parties"))  # fmt: skip
_count("communication_plan", m.CommunicationPlan, "communicationplan_list", "未制定信息交流计划")
_count("communication_external", m.CommunicationRecord, "communicationrecord_list",
       "没有与外部相关方交流的记录", Q(direction="external"))  # fmt: skip
_count("operation_checks", m.OperationCheck, "operationcheck_list", "没有运行检查记录")
_count("operation_checks_strategy", m.OperationCheck, "operationcheck_list",
       "未评价发展战略、产业规划、社会民生项目或公共服务",
       Q(item_kind__in=("strategy", "plan", "project", "service")))  # fmt: skip
_count("operation_checks_kpis", m.OperationCheck, "operationcheck_list",
       "运行检查未对照绩效指标", Q(kpis__isnull=False))  # fmt: skip
_count("monitoring_sources", m.MonitoringItem, "monitoringitem_list", "未确定数据获取渠道",
       ~Q(source=""))  # fmt: skip
_count("report_exists", m.EsgReport, "esgreport_list", "未编制园区 ESG 报告")
_count("report_published", m.EsgReport, "esgreport_list", "尚未发布园区 ESG 报告",
       Q(state="published"))  # fmt: skip
_count("report_audited", m.EsgReport, "esgreport_list", "ESG 报告未经内部审核评审和管理机构批准",
       Q(state__in=("approved", "published")))  # fmt: skip
_count("audit_programme", m.AuditProgramme, "auditprogramme_list", "未策划内部审核方案")
_count("audit_done", m.InternalAudit, "internalaudit_list", "尚未完成一次内部审核",
       Q(state__in=("reported", "closed")))  # fmt: skip
_count("auditors", m.GroupMember, "groupmember_list", "未指定内审员", Q(internal_auditor=True))
_count("review_held", m.ManagementReview, "managementreview_list", "尚未召开管理评审",
       Q(state__in=("held", "closed")))  # fmt: skip
_count("review_closed", m.ManagementReview, "managementreview_list",
       "管理评审结论（改进方向和决定）尚未批准", Q(state="closed"))  # fmt: skip
_count("improvement_plan", m.ImprovementItem, "improvementitem_list",
       "没有来自管理评审的持续改进计划", Q(review__isnull=False))  # fmt: skip
_count("documents", Document, "esg:documents", "没有成文信息")
_count("documents_approved", Document, "esg:documents", "没有经评审和批准的文件",
       Q(status__in=IN_FORCE))  # fmt: skip
_count("documents_retention", Document, "esg:documents", "文件未规定保存期限",
       Q(retention_until__isnull=False))  # fmt: skip
_count("external_documents", Document, "esg:documents", "未识别外来文件", Q(external=True))


@rule
def domains_covered(org: Any) -> Evidence:
    have = set(m.CoreIssue.objects.filter(organisation=org).values_list("domain", flat=True))
    have |= set(m.ContextIssue.objects.filter(organisation=org).values_list("domain", flat=True))
    names = dict(enums.DOMAIN)
    lacking = [names[d] for d in names if d not in have]
    return Evidence("domains_covered", not lacking, len(have), "coreissue_list",
                    "未覆盖领域：" + "、".join(lacking) if lacking else "")  # fmt: skip


@rule
def scope_in_force(org: Any) -> Evidence:
    doc = document_in_force(org, "esc.scope")
    problems = checks.scope_complete(doc) if doc else ["体系范围文件尚未批准"]
    return Evidence("scope_in_force", not problems, int(doc is not None), "esg:scope",
                    "；".join(problems))  # fmt: skip


@rule
def scope_authority(org: Any) -> Evidence:
    doc = document_in_force(org, "esc.scope")
    ok = bool(doc and str((doc.content or {}).get("authority", "")).strip())
    return Evidence(
        "scope_authority", ok, int(ok), "esg:scope", "" if ok else "范围文件未说明解决问题的权限"
    )


@rule
def policy_in_force(org: Any) -> Evidence:
    doc = document_in_force(org, "esc.policy")
    problems = checks.policy_complete(doc) if doc else ["ESG 政策尚未批准"]
    return Evidence("policy_in_force", not problems, int(doc is not None), "esg:policy",
                    "；".join(problems))  # fmt: skip


def _policy_told(org: Any, direction: str) -> int:
    docs = Document.objects.filter(organisation=org, kind="esc.policy", status__in=IN_FORCE)
    return m.CommunicationRecord.objects.filter(organisation=org, document__in=docs,  # type: ignore[no-any-return]
                                                direction=direction).count()  # fmt: skip


@rule
def policy_communicated_internal(org: Any) -> Evidence:
    n = _policy_told(org, "internal")
    return Evidence("policy_communicated_internal", n > 0, n, "communicationrecord_list",
                    "" if n else "没有在园区内沟通政策的记录")  # fmt: skip


@rule
def policy_communicated_external(org: Any) -> Evidence:
    n = _policy_told(org, "external")
    return Evidence("policy_communicated_external", n > 0, n, "communicationrecord_list",
                    "" if n else "没有与相关方沟通政策的记录")  # fmt: skip


@rule
def leading_group(org: Any) -> Evidence:
    problems = checks.leading_group(org)
    n = m.GroupMember.objects.filter(organisation=org).count()
    return Evidence("leading_group", not problems, n, "esg:leadership", "；".join(problems))


@rule
def duties(org: Any) -> Evidence:
    depts = m.EsgDepartment.objects.filter(organisation=org)
    people = m.GroupMember.objects.filter(organisation=org)
    lacking = [d.name for d in depts if not d.duties.strip()]
    lacking += [p.name for p in people if not p.duties.strip()]
    ok = depts.exists() and people.exists() and not lacking
    return Evidence("duties", ok, depts.count() + people.count(), "esg:leadership",
                    "" if ok else "未分配职责：" + ("、".join(lacking) or "没有部门或成员"))  # fmt: skip


@rule
def pdca(org: Any) -> Evidence:
    parts = {"核心议题": "core_issues", "目标": "targets_in_force", "方案": "programmes",
             "内部审核": "audit_done", "管理评审": "review_held"}  # fmt: skip
    lacking = [label for label, name in parts.items() if not RULES[name](org).ok]
    return Evidence("pdca", not lacking, len(parts) - len(lacking), "esg:home",
                    "体系过程尚缺：" + "、".join(lacking) if lacking else "")  # fmt: skip


@rule
def risks_current_and_potential(org: Any) -> Evidence:
    qs = m.RiskOpportunity.objects.filter(organisation=org)
    have = set(qs.values_list("timing", flat=True))
    ok = {"current", "potential"} <= have
    return Evidence("risks_current_and_potential", ok, qs.count(), "riskopportunity_list",
                    "" if ok else "风险和机遇应包括正在影响的和潜在的")  # fmt: skip


@rule
def core_issues_assessed(org: Any) -> Evidence:
    core = m.CoreIssue.objects.filter(organisation=org, core=True)
    lacking = [i.title for i in core if not (i.purpose_fit and i.in_jurisdiction and i.in_domain)]
    ok = core.exists() and not lacking
    return Evidence("core_issues_assessed", ok, core.count(), "coreissue_list",
                    "" if ok else "未按 6.2 a)–e) 评估或不满足：" + ("、".join(lacking) or "无核心议题"))  # fmt: skip


@rule
def core_issues_with_kpis(org: Any) -> Evidence:
    core = m.CoreIssue.objects.filter(organisation=org, core=True)
    lacking = [i.title for i in core if not i.kpis.exists()]
    ok = core.exists() and not lacking
    return Evidence("core_issues_with_kpis", ok, core.count(), "kpi_list",
                    "" if ok else "核心议题没有绩效指标：" + ("、".join(lacking) or "无核心议题"))  # fmt: skip


@rule
def targets_in_force(org: Any) -> Evidence:
    n = m.KpiTarget.objects.filter(organisation=org, state="approved").count()
    return Evidence(
        "targets_in_force", n > 0, n, "kpitarget_list", "" if n else "没有已批准的基准值和目标值"
    )


@rule
def targets_for_every_kpi(org: Any) -> Evidence:
    kpis = m.Kpi.objects.filter(organisation=org, core_issue__core=True)
    with_target = kpis.filter(targets__state="approved").distinct()
    lacking = [str(k) for k in kpis.exclude(pk__in=with_target)]
    ok = kpis.exists() and not lacking
    more = f" 等 {len(lacking)} 项" if len(lacking) > 5 else ""
    return Evidence("targets_for_every_kpi", ok, with_target.count(), "kpitarget_list",
                    "" if ok else "未设目标：" + ("、".join(lacking[:5]) + more or "无绩效指标"))  # fmt: skip


@rule
def kpi_progress(org: Any) -> Evidence:
    from parkesg.web.esg.services.dashboard import latest_run

    run = latest_run(org)
    ok = run is not None and bool(run.results.get("targets"))
    return Evidence("kpi_progress", ok, int(run is not None), "esg:dashboard",
                    "" if ok else "尚未按已批准的目标计算关键绩效指标进度")  # fmt: skip


@rule
def awareness(org: Any) -> Evidence:
    qs = m.AwarenessActivity.objects.filter(organisation=org)
    covered = {k for k in ("importance", "objectives", "contribution", "consequences")
               if qs.filter(**{k: True}).exists()}  # fmt: skip
    ok = len(covered) == 4
    return Evidence("awareness", ok, qs.count(), "awarenessactivity_list",
                    "" if ok else "共识活动未覆盖 7.3 a)–d) 全部内容")  # fmt: skip


@rule
def audits_independent(org: Any) -> Evidence:
    done = m.InternalAudit.objects.filter(organisation=org).exclude(state="planned")
    problems = [p for a in done for p in checks.independent(a)]
    ok = done.exists() and not problems
    return Evidence("audits_independent", ok, done.count(), "internalaudit_list",
                    "；".join(problems) or ("" if ok else "尚无已实施的内部审核"))  # fmt: skip


@rule
def audit_findings_tracked(org: Any) -> Evidence:
    audits = m.InternalAudit.objects.filter(organisation=org)
    problems = [p for a in audits for p in checks.findings_tracked(a)]
    n = m.Nonconformity.objects.filter(organisation=org).count()
    return Evidence(
        "audit_findings_tracked", not problems, n, "nonconformity_list", "；".join(problems)
    )


@rule
def nonconformities_handled(org: Any) -> Evidence:
    ncs = m.Nonconformity.objects.filter(organisation=org)
    lacking = [n.title for n in ncs.exclude(state="open") if not n.cause.strip()]
    lacking += [n.title for n in ncs.filter(state__in=("actioned", "verifying", "closed"))
                if not n.actions.exists()]  # fmt: skip
    return Evidence("nonconformities_handled", not lacking, ncs.count(), "nonconformity_list",
                    "未分析原因或未制定纠正措施：" + "、".join(lacking) if lacking else "")  # fmt: skip


@cache
def shalls() -> list[dict[str, Any]]:
    text = resources.files("parkesg.web.esg").joinpath("data", "shalls.yaml").read_text("utf-8")
    items: list[dict[str, Any]] = yaml.safe_load(text)
    unknown = {e for s in items for e in s["evidence"]} - set(RULES)
    if unknown:
        raise ValueError(f"shalls.yaml names unknown rules: {sorted(unknown)}")
    return items


def checklist(org: Any) -> list[Shall]:
    """Every shall of clauses 4–10 with its evidence for ``org`` (each rule evaluated once)."""
    done: dict[str, Evidence] = {}
    out = []
    for s in shalls():
        ev = []
        for name in s["evidence"]:
            if name not in done:
                done[name] = RULES[name](org)
            ev.append(done[name])
        out.append(Shall(s["id"], s["clause"], s["text"], tuple(ev)))
    return out
