"""The Beijing guide's rules (三（一）–（五）, 四（三）1, 五（一）–（五）, 六) as functions of an
engagement returning every problem in Chinese; ``checks`` names them and cites the clauses."""

from __future__ import annotations

from parkesg.web.core.workflow import Problems
from parkesg.web.engagements import choices as c
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.records import (
    AdoptionRecord,
    Attachment,
    Basis,
    Conclusion,
    Confirmation,
    Finding,
    OnsiteDay,
    Opinion,
    Option,
    Pledge,
    Survey,
)
from parkesg.web.engagements.rules import (
    MIN_BJ_TEAM,
    MIN_GREEN_LEADS,
    MIN_ONSITE_DAYS,
    MIN_SENIOR,
    _members,
    attached,
)


def bj_boundary(e: Engagement) -> Problems:
    out = [] if e.boundary.strip() else ["未写明诊断范围边界"]
    if e.scope == c.Scope.partial and not (e.approval_body and e.approval_ref and e.approval_on):
        out.append("只涉及部分区域的诊断须记录批准单位、文号和日期")
    if (
        e.scope == c.Scope.partial
        and not Attachment.objects.filter(record_type="Engagement", record_id=e.pk).exists()
    ):
        out.append("部分区域诊断的批准文件未上传")
    if not e.depth:
        out.append("未选择诊断深度（通用基础诊断或专项诊断）")
    if e.depth == c.Depth.special and not e.special_topics.strip():
        out.append("专项诊断须写明与园区协商确定的专项内容")
    return out


def bj_team(e: Engagement) -> Problems:
    """三（二）: ≥ 5; ≥ 2 senior titles in energy, environment, ecology, low carbon or LCA (or
    ≥ 3 who led green-manufacturing projects); ≥ 1 park staff — on recorded title grades."""
    team = _members(e)
    out = []
    if len(team) < MIN_BJ_TEAM:
        out.append(f"工作组成员 {len(team)} 人，不少于 {MIN_BJ_TEAM} 人")
    senior = [m for m in team if m.title_grade in c.SENIOR_GRADES and m.field in c.NAMED_FIELDS]
    led = [m for m in team if m.green_projects]
    if len(senior) < MIN_SENIOR and len(led) < MIN_GREEN_LEADS:
        out.append(
            f"能源、环境、生态、低碳、生命周期评价等专业高级职称 {len(senior)} 人、主导过绿色制造"
            f"相关项目 {len(led)} 人：应分别不少于 {MIN_SENIOR} 人或 {MIN_GREEN_LEADS} 人"
        )
    if not any(m.affiliation == c.Affiliation.park for m in team):
        out.append("工作组中没有园区相关工作负责人")
    return out


def bases(e: Engagement) -> Problems:
    return [] if Basis.objects.filter(engagement=e).exists() else ["尚未确定诊断依据"]


def pledge(e: Engagement) -> Problems:
    rows = list(Pledge.objects.filter(engagement=e))
    if not rows:
        return ["尚未提交保密承诺书（附件2-2）"]
    out = []
    if not any(attached(p) for p in rows):
        out.append("保密承诺书没有签章扫描件")
    if not any(p.recorded_at for p in rows) or e.grant.pledge_recorded_at is None:
        out.append("园区尚未登记保密承诺书，服务商不能查看园区数据")
    return out


def onsite_days(e: Engagement) -> Problems:
    days = list(OnsiteDay.objects.filter(engagement=e))
    working = [d for d in days if d.day.weekday() < 5 or d.adjusted_workday]
    if len(working) < MIN_ONSITE_DAYS:
        return [f"现场诊断 {len(working)} 个工作日，不应少于 {MIN_ONSITE_DAYS} 个工作日"]
    return []


def suggestions(e: Engagement) -> Problems:
    rows = list(Option.objects.filter(engagement=e))
    if not rows:
        return ["尚未提出绿色化改造提升建议（附件2-1-3）"]
    out = [f"建议“{o.name}”缺少预期实施效果" for o in rows if not o.environmental_benefit]
    out += [f"建议“{o.name}”的固定资产投资大于总投资" for o in rows
            if o.investment is not None and o.fixed_investment is not None
            and o.fixed_investment > o.investment]  # fmt: skip
    return out


def bj_findings(e: Engagement) -> Problems:
    return (
        [] if Finding.objects.filter(engagement=e).exists() else ["尚未描述园区绿色发展存在的问题"]
    )


def bj_conclusions(e: Engagement) -> Problems:
    kinds = set(Conclusion.objects.filter(engagement=e).values_list("kind", flat=True))
    out = [] if c.Conclude.highlight in kinds else ["尚未总结工作亮点"]
    if not kinds & {c.Conclude.conclusion, c.Conclude.problem}:
        out.append("尚未写出诊断评估结论")
    if c.Conclude.advice not in kinds:
        out.append("尚未提出下一步工作建议（附件2-1 五）")
    return out


def feedback_forms(e: Engagement) -> Problems:
    out = []
    for model, name in ((Confirmation, "绿色诊断评估工作确认单（附件2-3）"),
                        (Survey, "服务工作满意度评价表（附件2-4）")):  # fmt: skip
        rows = list(model.objects.filter(engagement=e))
        if not rows:
            out.append(f"园区尚未出具{name}")
        elif not any(attached(r) for r in rows):
            out.append(f"{name}没有签章扫描件")
    return out


def district(e: Engagement) -> Problems:
    from parkesg.web.orgs.models import OrgKind

    if e.district is None:
        return ["未选择报送的区级主管部门"]
    return [] if e.district.kind == OrgKind.government else ["报送对象必须是政府组织"]


def opinion(e: Engagement) -> Problems:
    return [] if Opinion.objects.filter(engagement=e).exists() else ["尚未录入审核意见"]


def adoption(e: Engagement) -> Problems:
    taken = set(AdoptionRecord.objects.filter(engagement=e).values_list("option_id", flat=True))
    out = [f"建议“{o.name}”尚无采纳情况" for o in Option.objects.filter(engagement=e)
           if o.pk not in taken]  # fmt: skip
    if not e.next_plan.strip():
        out.append("尚未记录园区下一步提升计划")
    return out
