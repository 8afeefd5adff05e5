"""Rules of T/ESC 001—2024 as named checks (``core.workflow.Check``): each cites its clause,
returns every problem at once in Chinese, and blocks the step it guards."""

from __future__ import annotations

from typing import Any

from parkesg.web.core.workflow import Check, Problems
from parkesg.web.esg import enums, kpis

# ── 5.1 the leading group ────────────────────────────────────────────────────────────────


def leading_group(org: Any) -> Problems:
    """5.1: one leader who is the committee's director or the operator's top manager, an
    office with people, and member departments of the kinds 5.1 lists."""
    from parkesg.web.esg.models import EsgDepartment, GroupMember

    out: Problems = []
    members = GroupMember.objects.filter(organisation=org)
    leaders = [m for m in members if m.group_role == "leader"]
    if len(leaders) != 1:
        out.append(f"领导小组应有且只有一名组长（现有 {len(leaders)} 名）")
    for m in leaders:
        if m.position not in enums.LEADER_POSITIONS:
            out.append(f"组长 {m.name} 的职务不是管委会主任或运营机构最高管理者")
    depts = EsgDepartment.objects.filter(organisation=org)
    if not depts.filter(kind="office").exists():
        out.append("领导小组未设立办公室")
    elif not members.filter(department__kind="office").exists():
        out.append("领导小组办公室没有成员")
    have = set(depts.filter(kind="member").values_list("area", flat=True))
    names = dict(enums.DEPT_AREA)
    missing = [names[a] for a in enums.REQUIRED_AREAS if a not in have]
    if missing:
        out.append("成员部门缺少：" + "、".join(missing))
    return out


LEADING_GROUP = Check("领导小组", "T/ESC 001 5.1", leading_group)

# ── 6.3.2 a target fits its KPI ──────────────────────────────────────────────────────────


def target_fits(t: Any) -> Problems:
    """6.3.1 / 6.3.2: a baseline and target the KPI can have, a later target year, a target not
    worse than the baseline (by the KPI's direction), and a)–d) written down."""
    out: Problems = []
    kpi = t.kpi
    name = kpis.label(kpi)
    values = {"基准值": t.baseline, "目标值": t.target}
    if kpis.is_boolean(kpi):
        out += [f"{name} 为是/否指标，{k}应为 1（是）或 0（否）" for k, v in values.items()
                if v not in (0, 1)]  # fmt: skip
    elif kpis.unit(kpi) == "%":
        out += [f"{name} 的{k} {v} 不在 0–100 % 之间" for k, v in values.items()
                if v is not None and not 0 <= v <= 100]  # fmt: skip
    if t.target_year and t.baseline_year and t.target_year <= t.baseline_year:
        out.append(f"目标年 {t.target_year} 应晚于基准年 {t.baseline_year}")
    if t.baseline is not None and t.target is not None:
        worse = t.target < t.baseline if kpis.direction(kpi) == "higher" else t.target > t.baseline
        if worse:
            out.append(f"{name} 的目标值 {t.target:g} 劣于基准值 {t.baseline:g}")
    for label, text in (("现有政策回顾（6.3.1 b）", t.policy_review),
                        ("数据收集方式（6.3.1 c）", t.collection_method),
                        ("法律法规和政策依据（6.3.2 a）", t.legal_basis),
                        ("达成目标的行动和计划（6.3.2 b）", t.actions),
                        ("内外部沟通方式（6.3.2 c）", t.communication),
                        ("测量或评估方式（6.3.2 d）", t.monitoring)):  # fmt: skip
        if not (text or "").strip():
            out.append(f"未填写{label}")
    return out


TARGET_FITS = Check("目标与指标相符", "T/ESC 001 6.3.1、6.3.2", target_fits)

# ── 9.2.2 d) auditors independent of what they audit ────────────────────────────────────


def independent(audit: Any) -> Problems:
    out: Problems = []
    audited = {d.pk: d.name for d in audit.departments.all()}
    team = list(audit.auditors.select_related("department"))
    if not team:
        out.append("未指定审核员")
    if not audited:
        out.append("未指定受审核部门")
    for m in team:
        if not m.internal_auditor:
            out.append(f"{m.name} 不是内审员")
        if m.department_id in audited:
            out.append(f"审核员 {m.name} 不能审核本部门（{audited[m.department_id]}）")
    return out


INDEPENDENT = Check("审核员独立", "T/ESC 001 9.2.2 d)", independent)


def filled(*fields: tuple[str, str]) -> Check:
    """A check that each named text field of the record is written (name, label, clause)."""

    def test(obj: Any) -> Problems:
        return [
            f"未填写{label}" for name, label in fields if not str(getattr(obj, name) or "").strip()
        ]

    return Check("记录完整", "", test)


def audit_scope(audit: Any) -> Problems:
    return [f"未填写{label}" for name, label in (("criteria", "审核准则"), ("scope", "审核范围"))
            if not getattr(audit, name).strip()]  # fmt: skip


AUDIT_SCOPE = Check("审核准则和范围", "T/ESC 001 9.2.2 c)", audit_scope)


def findings_tracked(audit: Any) -> Problems:
    """Every major or minor finding has become a tracked nonconformity."""
    return [f"审核发现 “{f.description[:30]}” 尚未登记为不符合"
            for f in audit.findings.filter(grade__in=enums.NC_GRADES)
            if not hasattr(f, "nonconformity")]  # fmt: skip


FINDINGS_TRACKED = Check("不符合已登记", "T/ESC 001 10.1", findings_tracked)

# ── 10.1 nonconformity → cause → correction → actions → verification ────────────────────


def has_actions(nc: Any) -> Problems:
    out: Problems = []
    if not nc.correction.strip():
        out.append("未填写控制和纠正措施")
    actions = list(nc.actions.all())
    if not actions:
        out.append("未制定纠正措施（负责人和完成期限）")
    return out


HAS_ACTIONS = Check("纠正措施已制定", "T/ESC 001 10.1 b)", has_actions)


def actions_done(nc: Any) -> Problems:
    return [f"纠正措施 “{a.description[:30]}” 尚未完成" for a in nc.actions.all()
            if a.state == "planned"]  # fmt: skip


ACTIONS_DONE = Check("纠正措施已完成", "T/ESC 001 10.1 b)", actions_done)


def actions_verified(nc: Any) -> Problems:
    actions = list(nc.actions.all())
    out: Problems = [] if actions else ["没有纠正措施，不能关闭"]
    out += [f"纠正措施 “{a.description[:30]}” 尚未验证有效" for a in actions
            if a.state != "effective" or a.verified_by_id is None or a.verified_by_id == a.owner_id]  # fmt: skip
    if not nc.verification.strip():
        out.append("未填写有效性验证结论")
    return out


ACTIONS_VERIFIED = Check("纠正措施已验证有效", "T/ESC 001 10.1", actions_verified)

# ── documents: the policy (5.2) and the scope (4.3) ─────────────────────────────────────

POLICY_PARTS = (("a", "与组织的宗旨一致（5.2 a）"), ("b", "为制定管理目标提供框架（5.2 b）"),
                ("c", "在运营管理全过程中考虑经济、环境和社会影响（5.2 c）"),
                ("d", "符合国家、地方相关政策法规（5.2 d）"))  # fmt: skip
SCOPE_PARTS = (("east", "东至"), ("south", "南至"), ("west", "西至"), ("north", "北至"),
               ("jurisdiction", "实际管辖范围（4.3 b）"), ("authority", "解决问题的权限"))  # fmt: skip


def policy_complete(doc: Any) -> Problems:
    content = doc.content or {}
    out = [] if str(content.get("text", "")).strip() else ["未填写政策正文"]
    return out + [f"政策未说明如何{label}" for key, label in POLICY_PARTS
                  if not str(content.get(key, "")).strip()]  # fmt: skip


def scope_complete(doc: Any) -> Problems:
    content = doc.content or {}
    out = [f"未填写{label}" for key, label in SCOPE_PARTS if not str(content.get(key, "")).strip()]
    if not content.get("issues"):
        out.append("范围未列出涵盖的内外部问题（4.3 c）")
    if not content.get("needs"):
        out.append("范围未列出涵盖的相关方需求和期望（4.3 d）")
    if doc.file_id is None:
        out.append("未附四至范围图或边界文件")
    return out


POLICY_COMPLETE = Check("政策内容", "T/ESC 001 5.2", policy_complete)
SCOPE_COMPLETE = Check("范围内容", "T/ESC 001 4.3", scope_complete)


def report_complete(report: Any) -> Problems:
    """9.1.3: the generated file exists and nothing in it waits to be filled."""
    if report.document_id is None:
        return ["尚未生成报告文件"]
    gaps = (report.document.content or {}).get("gaps") or []
    return [f"报告缺少：{g}" for g in gaps]


REPORT_COMPLETE = Check("报告内容完整", "T/ESC 001 9.1.3", report_complete)
