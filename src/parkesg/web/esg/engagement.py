"""What the T/ESC report reads from the platform: ``engagement(org, report)`` fills
``parkesg.engagement.Engagement`` (the contract of ``parkesg.reports``) from the registers of
the park's ESG management system — 9.1.3 a) period, b) scope (the scope document in force),
d) basis, e) publication, f) history, honours, purposes and the ESG organisation (5.1, 5.3),
g) core issues with achievements and key measures (6.2, 6.3.3) and the outlook — and
``planning.targets_frame(org)`` gives the targets table (6.3.1, 6.3.2) the KPIs are read
against. ``gaps`` lists what a report written from them would still show as missing."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from parkesg.engagement import Conclusion, Engagement, EngagementKind, Profile
from parkesg.engagement import CoreIssue as IssueRow
from parkesg.web.documents.models import DocStatus, Document
from parkesg.web.esg import enums
from parkesg.web.esg.models import (
    CoreIssue,
    EsgDepartment,
    EsgReport,
    GroupMember,
    Kpi,
    PurposeChoice,
)

DIMENSION = {"environment": "环境", "economic_social": "社会", "governance": "治理"}
IN_FORCE = (DocStatus.approved, DocStatus.published)


def document_in_force(org: Any, kind: str) -> Document | None:
    """The approved (or published) version of the organisation's document of ``kind``."""
    return (Document.objects.filter(organisation=org, kind=kind, status__in=IN_FORCE)  # type: ignore[no-any-return]
            .order_by("-version").first())  # fmt: skip


def scope_text(org: Any) -> str:
    doc = document_in_force(org, "esc.scope")
    if doc is None:
        return ""
    c = doc.content or {}
    bounds = "，".join(f"{w}至{c[k]}" for k, w in (("east", "东"), ("south", "南"),
                                                  ("west", "西"), ("north", "北")) if c.get(k))  # fmt: skip
    parts = [f"园区四至范围：{bounds}" if bounds else "",
             f"实际管辖范围：{c['jurisdiction']}" if c.get("jurisdiction") else "",
             f"涵盖内外部问题 {len(c.get('issues') or [])} 项、相关方需求和期望 "
             f"{len(c.get('needs') or [])} 项（体系范围文件 {doc.number} 第 {doc.version} 版）"]  # fmt: skip
    return "；".join(p for p in parts if p) + "。"


def organisation_text(org: Any) -> str:
    """5.1 / 5.3: the leading group, its office and member departments, as the report says it."""
    members = list(GroupMember.objects.filter(organisation=org).select_related("department"))
    positions, roles = dict(enums.POSITION), dict(enums.GROUP_ROLE)
    heads = [f"{roles[m.group_role]} {m.name}（{positions[m.position]}）" for m in members
             if m.group_role in ("leader", "deputy")]  # fmt: skip
    office = EsgDepartment.objects.filter(organisation=org, kind="office").first()
    depts = [d.name for d in EsgDepartment.objects.filter(organisation=org, kind="member")]
    if not (heads or office or depts):
        return ""
    out = "园区设立 ESG 领导小组" + (f"，{'、'.join(heads)}" if heads else "")
    if office:
        out += f"；领导小组办公室设在{office.name}" + (
            f"，负责{office.duties}" if office.duties else ""
        )
    if depts:
        out += f"；成员部门：{'、'.join(depts)}"
    auditors = [m.name for m in members if m.internal_auditor]
    if auditors:
        out += f"；内部审核员 {len(auditors)} 名"
    return out + "。"


def mission_text(org: Any) -> str:
    """4.5 purposes chosen from Table 1, and the policy in force (5.2)."""
    chosen = [str(p) for p in PurposeChoice.objects.filter(organisation=org, chosen=True)]
    policy = document_in_force(org, "esc.policy")
    text = str((policy.content or {}).get("text", "")).strip() if policy else ""
    parts = [f"园区 ESG 管理体系宗旨：{'、'.join(chosen)}（T/ESC 001 表1）。" if chosen else "",
             f"园区 ESG 政策：{text}" if text else ""]  # fmt: skip
    return "".join(parts)


def _issue(i: CoreIssue) -> IssueRow:
    programmes = list(i.programmes.exclude(state="cancelled").order_by("due"))
    measures = i.measures.strip() or "；".join(p.name for p in programmes)
    achieved = i.achievements.strip() or "；".join(
        p.evaluation.strip() for p in programmes if p.state == "evaluated" and p.evaluation.strip()
    )
    return IssueRow(issue=i.title, dimension=DIMENSION.get(i.domain), achievements=achieved or None,
                    measures=measures or None)  # fmt: skip


def engagement(org: Any, report: EsgReport | None = None) -> Engagement:
    """The ESC engagement of ``org`` for ``report`` (None: the narrative of its latest report)."""
    if report is None:
        report = EsgReport.objects.filter(organisation=org).order_by("-year", "-id").first()
    issues = CoreIssue.objects.filter(organisation=org, core=True).order_by("-importance", "title")
    only = None  # a single-issue disclosure (9.1.3) reports its issue's KPIs alone
    if report is not None and report.kind == "single" and report.core_issue_id:
        issues = issues.filter(pk=report.core_issue_id)
        only = sorted(Kpi.objects.filter(core_issue_id=report.core_issue_id)
                      .exclude(indicator_id="").values_list("indicator_id", flat=True))  # fmt: skip
    now = timezone.localdate()
    profile = Profile(
        park_name=org.name, managing_body=org.name, region=org.region,
        report_month=f"{now.year}年{now.month}月",
        report_period=report.period if report else None,
        scope=(report.scope.strip() if report else "") or scope_text(org) or None,
        publication=report.publication if report else None,
        basis=(report.basis if report else "") or None,
        history=report.history if report else None, honours=report.honours if report else None,
        mission=mission_text(org) or None, esg_organisation=organisation_text(org) or None,
    )  # fmt: skip
    outlook = [Conclusion(kind="结论", content=report.outlook)] if report and report.outlook else []
    return Engagement(kind=EngagementKind.esc, profile=profile, kpis_only=only,
                      core_issues=[_issue(i) for i in issues], conclusions=outlook)  # fmt: skip


NARRATIVES = (("scope", "报告范围（9.1.3 b）"), ("publication", "发布方式（9.1.3 e）"),
              ("history", "发展历程（9.1.3 f）"), ("honours", "获得荣誉（9.1.3 f）"),
              ("mission", "园区宗旨（4.5、5.2）"), ("esg_organisation", "ESG 管理机构（5.1）"),
              ("report_period", "报告时间（9.1.3 a）"))  # fmt: skip


def gaps(eng: Engagement, run: Any) -> list[str]:
    """What a report from ``eng`` and the stored run ``run`` would show as missing: narratives
    (（待填写：…）), core issues without achievements or measures, KPIs without a target."""
    p = eng.park
    out = [label for name, label in NARRATIVES if not getattr(p, name)]
    if not eng.core_issues:
        out.append("核心议题（6.2、9.1.3 g）")
    for c in eng.core_issues:
        out += [f"{c.issue}的{label}" for value, label in ((c.achievements, "取得成效"),
                                                            (c.measures, "重点举措")) if not value]  # fmt: skip
    if not eng.conclusions:
        out.append("结论与展望")
    if run is not None:
        goals = {t["indicator_id"] for t in run.results.get("targets") or []}
        docs = run.results.get("docs") or []
        for i in docs[-1]["indicators"] if docs else []:
            if i["id"] not in goals and (eng.kpis_only is None or i["id"] in eng.kpis_only):
                out.append(f"未设目标：{i['no']} {i['name_zh']}（6.3.2）")
    return out
