"""The standards' rules as named checks (``core.workflow.Check``): each cites its clause,
returns every problem at once in Chinese, and blocks the step it guards (``flows``).

T/CPPC: 5.1.2 (1)–(3) team, 5.1.3 work plan, 5.1.4 and 附件1 (23) publicity, 5.2.1–5.2.4
survey, baseline, evaluation, focus and targets, 5.3.1–5.3.3 causes and energy, 5.4.1–5.4.2
options and screening, 5.5 conclusions and 表 B.4, 6 a repeat round's account, 附件2 1.1 the
final report. Beijing guide: 三（一）–（五）, 四（三）1, 五（一）–（五）, 六.
"""

from __future__ import annotations

import math
from typing import Any

from parkesg.web.core.workflow import Check, Problems
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import targets as target_rules
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.records import (
    AdoptionRecord,
    Attachment,
    Basis,
    Conclusion,
    Confirmation,
    ContinuingStep,
    Finding,
    Focus,
    Member,
    OnsiteDay,
    Opinion,
    Option,
    PlanItem,
    Pledge,
    Publicity,
    Section,
    Snapshot,
    Survey,
    Target,
)

MIN_BJ_TEAM = 5  # 三（二）
MIN_SENIOR = 2
MIN_GREEN_LEADS = 3
MIN_ONSITE_DAYS = 4  # 四（三）1
WORKFORCE_FIELD = "industrial_employees"  # 园区年末工业企业从业人数 (附件1 (2), (23))


def attached(record: Any) -> bool:
    return Attachment.objects.filter(record_type=type(record).__name__,
                                     record_id=record.pk).exists()  # fmt: skip


def _members(e: Engagement) -> list[Member]:
    return list(Member.objects.filter(engagement=e).select_related("enterprise"))


# ── T/CPPC 5.1 ──────────────────────────────────────────────────────────────────────────


def team_leader(e: Engagement) -> Problems:
    leaders = [m for m in _members(e) if m.role == c.TeamRole.leader]
    return [] if leaders else ["审核小组没有组长"]


def team_enterprises(e: Engagement) -> Problems:
    """Each enterprise in scope ≥ 2 members, one of them from its finance department."""
    members = _members(e)
    out = []
    for ent in e.enterprises.order_by("name"):
        own = [m for m in members if m.enterprise_id == ent.pk]
        if len(own) < 2:
            out.append(f"{ent.name} 只有 {len(own)} 名审核小组成员，每个企业至少 2 名")
        if not any(m.finance for m in own):
            out.append(f"{ent.name} 没有来自本企业财务部门的成员")
    return out


def team_duties(e: Engagement) -> Problems:
    missing = [m.name for m in _members(e) if not m.duties or not m.days]
    return [f"成员 {'、'.join(missing)} 未写明职责或投入时间"] if missing else []


def work_plan(e: Engagement) -> Problems:
    items = list(PlanItem.objects.filter(engagement=e))
    phases = c.CPPC_PHASES if e.is_cppc else c.BEIJING_PHASES
    have = {i.phase for i in items}
    out = [f"工作计划缺少“{c.Phase(p).label}”阶段的工作" for p in phases if p not in have]
    bare = [i.content for i in items if not i.due or not i.owner]
    if bare:
        out.append(f"计划事项 {'、'.join(bare[:5])} 缺少完成时间或负责人")
    return out


def plan_done(phase: str) -> Any:
    def test(e: Engagement) -> Problems:
        open_ = PlanItem.objects.filter(engagement=e, phase=phase, done_on__isnull=True)
        names = [i.content for i in open_]
        return [f"本阶段计划事项未完成：{'、'.join(names[:5])}"] if names else []

    return test


def workforce(e: Engagement) -> float | None:
    """The park's workforce of the base year (or the latest year before), approved data."""
    from parkesg.web.core.review import ReviewState
    from parkesg.web.observations.models import Observation

    row = (
        Observation.objects.filter(organisation_id=e.park_id, field_id=WORKFORCE_FIELD,
                                   state=ReviewState.approved, year__lte=e.base_year)
        .order_by("-year").values_list("value_std", flat=True).first()
    )  # fmt: skip
    return float(row) if row is not None else None


def publicity(e: Engagement) -> Problems:
    """5.1.4; 附件1 (23): participants ≥ 1‰ of the park's workforce, photos kept."""
    acts = list(Publicity.objects.filter(engagement=e))
    if not acts:
        return ["尚未记录宣传教育活动"]
    out = []
    people = workforce(e)
    if people is None:
        out.append(f"园区没有 {e.base_year} 年及以前已审核的工业企业从业人数，无法核对每次活动"
                   "参与人数是否不少于从业人口的千分之一")  # fmt: skip
    least = math.ceil(people / 1000) if people else 0
    for a in acts:
        if not attached(a):
            out.append(f"{a.held_on} {a.topics}：没有存档照片或材料")
        if people is not None and a.participants < least:
            out.append(f"{a.held_on} {a.topics}：参与 {a.participants} 人，少于园区从业人口的"
                       f"千分之一（{least} 人）")  # fmt: skip
    return out


# ── T/CPPC 5.2 ──────────────────────────────────────────────────────────────────────────


def survey(e: Engagement) -> Problems:
    have = set(Section.objects.filter(engagement=e).exclude(text="").values_list("part", flat=True))
    return [f"现状调查缺少{p.label}" for p in c.SurveyPart if p not in have]


def snapshot(e: Engagement, kind: str) -> Snapshot | None:
    return Snapshot.objects.filter(engagement=e, kind=kind).order_by("-created_at", "-id").first()


def baseline(e: Engagement) -> Problems:
    snap = snapshot(e, c.SnapshotKind.baseline)
    if snap is None:
        return ["尚未从园区已审核数据生成近三年现状基准表"]
    years = snap.data.get("years", [])
    if years != e.years:
        return [f"现状基准表的年份 {years} 不是 {e.years}"]
    empty = [y for y in e.years if not snap.data.get("count", {}).get(str(y))]
    return [f"{y} 年没有已审核数据" for y in empty]


def evaluation(e: Engagement) -> Problems:
    """The indicator evaluation is a stored run of 附件1 with the park's selection."""
    from parkesg.frameworks import load_framework
    from parkesg.web.assessments.services import choice_problems

    run = e.run
    fw_id = "t-cppc-park-cpa" if e.is_cppc else "bj-green-diagnosis"
    if run is None:
        return ["尚未运行并存储指标评价"]
    out = []
    if run.framework_id != fw_id or run.organisation_id != e.park_id:
        out.append("所存评价不是本园区的" + ("附件1评价" if e.is_cppc else "绿色诊断评价"))
        return out
    if e.is_cppc:
        if run.selected is None:
            out.append("评价未记录指标选择（附件1：必选 13 项全部、可选至少 6 项、共计至少 19 项）")
        else:
            out += choice_problems(load_framework(fw_id), run.selected)
        if e.base_year not in run.years:
            out.append(f"评价年份 {run.years} 不含基准年 {e.base_year}")
    else:
        if sorted(run.years) != e.years:
            out.append(f"评价年份应为诊断实施前三年 {e.years}，所存评价为 {run.years}")
    return out


def focus_levels(e: Engagement) -> Problems:
    have = set(Focus.objects.filter(engagement=e).values_list("level", flat=True))
    return [f"缺少{lv.label}的审核重点" for lv in c.Level if lv not in have]


def targets(e: Engagement) -> Problems:
    rows = list(Target.objects.filter(engagement=e))
    if not rows:
        return ["尚未设置清洁生产目标"]
    out = []
    for t in rows:
        out += [f"目标“{t.name}”：{p}" for p in target_rules.problems(t)]
    return out


# ── T/CPPC 5.3 ──────────────────────────────────────────────────────────────────────────


def focus_status(e: Engagement) -> Problems:
    bare = Focus.objects.filter(engagement=e, status="").values_list("focus", flat=True)
    return [f"审核重点“{f}”尚无现状分析（5.3.1）" for f in bare]


def findings(e: Engagement) -> Problems:
    rows = list(Finding.objects.filter(engagement=e))
    if not rows:
        return ["尚未记录主要问题及原因"]
    out = []
    covered = {f.focus_id for f in rows}
    for f in Focus.objects.filter(engagement=e):
        if f.pk not in covered:
            out.append(f"审核重点“{f.focus}”尚无问题与原因分析")
    out += [f"问题“{f.problem[:30]}”未写原因分析" for f in rows if not f.cause.strip()]
    out += [f"问题“{f.problem[:30]}”未注明 5.3.2 的分析方面" for f in rows if not f.analysis]
    if not any(f.suggestion.strip() for f in rows):
        out.append("尚未提出清洁生产建议（5.3.3）")
    return out


def energy(e: Engagement) -> Problems:
    snap = snapshot(e, c.SnapshotKind.energy)
    if snap is None:
        return ["尚未由能源活动数据生成能源平衡表、碳排放清单和能流图（5.3.2 (2) ②、(3) ①）"]
    return [] if snap.file_id else ["能流图未生成"]


# ── T/CPPC 5.4, 5.5, 6 ──────────────────────────────────────────────────────────────────


def options(e: Engagement) -> Problems:
    rows = list(Option.objects.filter(engagement=e))
    if not rows:
        return ["尚未汇总清洁生产方案"]
    out = [f"方案“{o.name}”未注明来源（5.4.1 四类来源）" for o in rows if not o.source]
    out += [f"方案“{o.name}”缺少方案简介" for o in rows if not o.summary.strip()]
    return out


def screening(e: Engagement) -> Problems:
    out = []
    for o in Option.objects.filter(engagement=e):
        if o.decision == c.Decision.pending or not o.criteria.strip():
            out.append(f"方案“{o.name}”尚未按筛选依据作出结论")
        elif o.decision == c.Decision.adopted and (not o.implementer or not o.timing):
            out.append(f"采纳的方案“{o.name}”未明确实施主体或实施时间")
    if not Option.objects.filter(engagement=e, decision=c.Decision.adopted).exists():
        out.append("没有筛选出可行的方案")
    return out


def conclusions(e: Engagement) -> Problems:
    kinds = set(Conclusion.objects.filter(engagement=e).values_list("kind", flat=True))
    out = []
    if not kinds & {c.Conclude.conclusion, c.Conclude.highlight, c.Conclude.problem}:
        out.append("尚未写出结论（成果、经验与不足）")
    if c.Conclude.advice not in kinds:
        out.append("尚未提出建议")
    return out


def continuing(e: Engagement) -> Problems:
    rows = list(ContinuingStep.objects.filter(engagement=e))
    if not rows:
        return ["尚未制定持续清洁生产计划（表 B.4）"]
    return [f"持续计划“{s.item}”缺少时间或负责部门" for s in rows if not s.time or not s.department]


def last_round(e: Engagement) -> Problems:
    """A repeat round accounts for the last round's targets and options in its foreword."""
    if e.previous_id is None:
        return []
    out = [
        f"上一轮目标“{t.name}”未填写完成情况"
        for t in Target.objects.filter(engagement=e, origin__isnull=False, completion="")
    ]
    carried = Option.objects.filter(engagement=e, origin__isnull=False)
    out += [
        f"上一轮方案“{o.name}”的实施情况仍为“拟实施”"
        for o in carried
        if o.status == c.Implementation.planned and o.origin.status == c.Implementation.planned
    ]  # type: ignore[union-attr]
    return out  # fmt: skip


def report_doc(stage: str | None) -> Any:
    def test(e: Engagement) -> Problems:
        from parkesg.web.documents.models import DocStatus
        from parkesg.web.engagements.report import documents_of

        docs = documents_of(e).filter(status__in=[DocStatus.approved, DocStatus.published])
        if stage is not None:
            docs = docs.filter(stage=stage)
        if docs.exists():
            return []
        return [f"报告尚无经批准的{stage or '版本'}"]

    return test


# ── Beijing ─────────────────────────────────────────────────────────────────────────────


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


# ── the named checks, each with its clause ─────────────────────────────────────────────

C = Check
CPPC = {
    "s51": (
        C("team_leader", "T/CPPC 5.1.2 (1)", team_leader),
        C("team_enterprises", "T/CPPC 5.1.2 (2)", team_enterprises),
        C("team_duties", "T/CPPC 5.1.2 (3)", team_duties),
        C("work_plan", "T/CPPC 5.1.3、表 B.2", work_plan),
        C("plan_done_51", "T/CPPC 5.1.3", plan_done(c.Phase.p51)),
        C("publicity", "T/CPPC 5.1.4、附件1 (23)", publicity),
    ),
    "s52": (
        C("team_enterprises", "T/CPPC 5.1.2 (2)", team_enterprises),
        C("survey", "T/CPPC 5.2.1", survey),
        C("baseline", "T/CPPC 5.2.1", baseline),
        C("evaluation", "T/CPPC 5.2.2、附件1", evaluation),
        C("focus_levels", "T/CPPC 5.2.3", focus_levels),
        C("targets", "T/CPPC 5.2.4、附件2 2.4.4", targets),
        C("plan_done_52", "T/CPPC 5.1.3", plan_done(c.Phase.p52)),
    ),
    "s53": (
        C("focus_status", "T/CPPC 5.3.1", focus_status),
        C("findings", "T/CPPC 5.3.2、5.3.3", findings),
        C("energy", "T/CPPC 5.3.2", energy),
        C("plan_done_53", "T/CPPC 5.1.3", plan_done(c.Phase.p53)),
    ),
    "s54": (
        C("options", "T/CPPC 5.4.1", options),
        C("screening", "T/CPPC 5.4.2", screening),
        C("plan_done_54", "T/CPPC 5.1.3", plan_done(c.Phase.p54)),
    ),
    "s55": (
        C("conclusions", "T/CPPC 5.5.1、5.5.2", conclusions),
        C("continuing", "T/CPPC 5.5.2、表 B.4", continuing),
        C("last_round", "T/CPPC 6", last_round),
        C("plan_done_55", "T/CPPC 5.1.3", plan_done(c.Phase.p55)),
    ),
    "accept": (C("final_report", "T/CPPC 附件2 1.1 (1)", report_doc("最终稿")),),
}
BEIJING = {
    "boundary": (C("boundary", "北京指南 三（一）2", bj_boundary),),
    "prep": (
        C("bj_team", "北京指南 三（二）", bj_team),
        C("bases", "北京指南 三（三）", bases),
        C("work_plan", "北京指南 三（四）", work_plan),
        C("pledge", "北京指南 三（五）、附件2-2", pledge),
    ),
    "onsite": (
        C("onsite_days", "北京指南 四（三）1", onsite_days),
        C("evaluation", "北京指南 五（一）、附件2-1-1、2-1-2", evaluation),
    ),
    "drafting": (
        C("suggestions", "北京指南 五（三）、附件2-1-3", suggestions),
        C("bj_findings", "北京指南 附件2-1 三、4", bj_findings),
        C("bj_conclusions", "北京指南 附件2-1 四、五", bj_conclusions),
        C("report", "北京指南 五", report_doc(None)),
    ),
    "confirm": (C("feedback_forms", "北京指南 五（四）、附件2-3、2-4", feedback_forms),),
    "followup": (C("adoption", "北京指南 六", adoption),),
}
SUBMIT = (C("district", "北京指南 五（五）", district),)
OPINION = (C("opinion", "北京指南 附件2-4", opinion),)
