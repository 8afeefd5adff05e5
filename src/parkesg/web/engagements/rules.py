"""The T/CPPC rules (and those both kinds share: the work plan, the stored evaluation, the
approved report) as functions of an engagement returning every problem in Chinese; ``checks``
names them, cites their clauses and puts them in the workflow tables.

T/CPPC: 5.1.2 (1)–(3) team, 5.1.3 work plan, 5.1.4 and 附件1 (23) publicity, 5.2.1–5.2.4
survey, baseline, evaluation, focus and targets, 5.3.1–5.3.3 causes and energy, 5.4.1–5.4.2
options and screening, 5.5 conclusions and 表 B.4, 6 a repeat round's account, 附件2 1.1 the
final report.
"""

from __future__ import annotations

import math
from typing import Any

from parkesg.web.core.workflow import Problems
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import targets as target_rules
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.records import (
    Attachment,
    Conclusion,
    ContinuingStep,
    Finding,
    Focus,
    Member,
    Option,
    PlanItem,
    Publicity,
    Section,
    Snapshot,
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


def _audit_group(members: list[Member]) -> list[Member]:
    """The audit group(s) of 5.1.2 — the work group and any industry's group; the leadership
    group (审核领导小组) is not one of them (the same person may sit in both, a row in each)."""
    return [m for m in members if m.team != c.Team.leadership]


def team_leader(e: Engagement) -> Problems:
    """5.1.2 (1): the audit group has its leader (组长)."""
    members = _members(e)
    if any(m.role == c.TeamRole.leader for m in _audit_group(members)):
        return []
    heads = [m.name for m in members if m.team == c.Team.leadership and m.role == c.TeamRole.leader]
    hint = (f"（领导小组组长 {'、'.join(heads)} 兼任审核小组组长时，在审核小组另记一条）"
            if heads else "")  # fmt: skip
    return [f"审核小组没有组长{hint}"]


def team_enterprises(e: Engagement) -> Problems:
    """5.1.2 (2): each enterprise in scope ≥ 2 members of the audit group, one of them from its
    finance department (a member counts for the enterprise chosen, or named as its unit)."""
    members = _audit_group(_members(e))
    out = []
    for ent in e.enterprises.order_by("name"):
        own = [m for m in members if m.enterprise_id == ent.pk
               or (m.enterprise_id is None and m.affiliation == c.Affiliation.enterprise
                   and m.unit_name == ent.name)]  # fmt: skip
        if len(own) < 2:
            out.append(f"{ent.name} 只有 {len(own)} 名审核小组成员，每个企业至少 2 名")
        if not any(m.finance for m in own):
            out.append(f"{ent.name} 没有来自本企业财务部门的成员")
    return out


def team_duties(e: Engagement) -> Problems:
    """5.1.2 (3): the audit group's duties and time listed; 表 B.1: the leadership group's
    duties (it lists no time)."""
    members = _members(e)
    audit = _audit_group(members)
    missing = [m.name for m in audit if not m.duties or not m.days]
    out = [f"成员 {'、'.join(missing)} 未写明职责或投入时间"] if missing else []
    idle = [m.name for m in members if m not in audit and not m.duties]
    if idle:
        out.append(f"领导小组成员 {'、'.join(idle)} 未写明职责")
    return out


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
