"""The rules of T/JDFA01 as named checks (``core.workflow.Check``): each cites its clause and
returns every problem in Chinese; the workflow tables (``flows``) run them before a step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from parkesg.web.core.workflow import Check, Problems
from parkesg.web.documents.models import DocStatus
from parkesg.web.orgs.models import AccessGrant, GrantKind, OrgKind, active_grants_q
from parkesg.web.ratings.kinds import (
    MemberBasis,
    ObjectionState,
    PeerBasis,
    RatingType,
    Response,
    TeamRole,
)
from parkesg.web.ratings.models import (
    CommitteeMember,
    ConflictDeclaration,
    Evaluator,
    Objection,
    RatingBody,
    RatingProject,
    RatingResult,
)

COMMITTEE_MIN = 3  # parkesg's choice: 6.5 d names a committee, not its size
NAMES_SHOWN = 5  # a problem names this many enterprises, then "等 N 家"
# which kinds of organisation may run which type (§1; 6.5 last paragraph)
TYPE_KINDS = {
    RatingType.self_rating: {OrgKind.enterprise},
    RatingType.stakeholder: {OrgKind.bank, OrgKind.park},
    RatingType.third_party: {OrgKind.bank},
}


def _names(items: list[str]) -> str:
    more = f" 等 {len(items)} 家" if len(items) > NAMES_SHOWN else ""
    return "、".join(items[:NAMES_SHOWN]) + more


def evaluator_problems(e: Evaluator) -> Problems:
    """6.6 a–d of one evaluator (e is per project: ``team``)."""
    out = []
    who = str(e)
    if not e.active:
        out.append(f"评价人员 {who} 已不在职（6.6）")
    if e.experience_years < 1 or not e.competence.strip():
        out.append(f"评价人员 {who} 未记录 ESG 相关工作经验和能力（6.6 a）")
    if not e.knowledge.strip():
        out.append(f"评价人员 {who} 未记录 ESG 法规标准和绿色金融等专业知识（6.6 b）")
    if e.integrity_pledged_on is None:
        out.append(f"评价人员 {who} 未签署职业操守承诺（6.6 c）")
    if e.confidentiality_pledged_on is None:
        out.append(f"评价人员 {who} 未签署保密承诺（6.6 d）")
    return out


def body_problems(org: Any, rating_type: str) -> Problems:
    """6.5 a–d of the organisation running a rating of ``rating_type``; a self or stakeholder
    rating follows 6.5 by reference: its committee and evaluators, not its independence."""
    out = []
    if org.kind not in TYPE_KINDS.get(RatingType(rating_type), set()):
        out.append(f"{org.name} 的组织类型不能开展{RatingType(rating_type).label}（第 1 章）")
    body = RatingBody.objects.filter(organisation=org).first()
    if body is None:
        return [*out, f"{org.name} 尚未登记评价组织信息（6.5）"]
    third = rating_type == RatingType.third_party
    if third and not body.independent:
        out.append("第三方评价须由独立于评价对象的专业评价机构开展（6.5）")
    if third and not body.legal_person:
        out.append("评价组织应有独立法人资格（6.5 a）")
    if third and not _quality_documents(body):
        out.append("评价组织应有经批准的评价过程和质量保障文件（6.5 b）")
    evaluators = Evaluator.objects.filter(organisation=org, active=True, full_time=True)
    if not evaluators.exists():
        out.append("评价组织应有熟悉强制性清洁生产企业 ESG 的专职评价人员（6.5 c）")
    today = timezone.localdate()
    seats = CommitteeMember.objects.filter(body=body, appointed_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    if seats.count() < COMMITTEE_MIN:
        out.append(f"评价组织应设立负责监督评价过程和结果认定的委员会（至少 {COMMITTEE_MIN} 名委员，"
                   f"现有 {seats.count()} 名）（6.5 d）")  # fmt: skip
    return out


def _quality_documents(body: RatingBody) -> bool:
    from parkesg.web.documents.services import of

    live = (DocStatus.approved, DocStatus.published)
    return of(body, "ratings.quality").filter(status__in=live).exists()


def _organisation(p: RatingProject) -> Problems:
    out = body_problems(p.organisation, p.rating_type)
    if p.rating_type == RatingType.self_rating:
        others = p.members.exclude(enterprise_id=p.organisation_id)
        if others.exists():
            out.append("企业自评的评价对象只能是企业自身")
    return out


def _purpose(p: RatingProject) -> Problems:
    out = []
    if not p.purpose.strip():
        out.append("未写明评价目的")
    if not p.members.exists():
        out.append("评价范围内还没有企业")
    return out


def _basis(p: RatingProject) -> Problems:
    """Each enterprise's data: a consent in force, or the public information it rests on."""
    today = timezone.localdate()
    in_force = AccessGrant.objects.filter(
        active_grants_q(today), kind=GrantKind.bank_consent, grantee_id=p.organisation_id
    ).values_list("organisation_id", flat=True)
    granted = set(in_force)
    no_consent, no_note = [], []
    for m in p.members.only("name", "basis", "enterprise_id", "basis_note"):
        if m.basis == MemberBasis.consent and m.enterprise_id not in granted:
            no_consent.append(m.name)
        if m.basis == MemberBasis.public and not m.basis_note.strip():
            no_note.append(m.name)
    out = []
    if no_consent:
        out.append(f"{_names(no_consent)} 没有有效的企业授权（6.6 d）")
    if no_note:
        out.append(f"{_names(no_note)} 未说明所依据的公开信息（6.7）")
    return out


def _criteria(p: RatingProject) -> Problems:
    from parkesg.web.ratings.criteria import criteria_problems

    return criteria_problems(p)


def _team(p: RatingProject) -> Problems:
    out = []
    team = list(p.team.select_related("evaluator__user"))
    if not any(t.role == TeamRole.lead for t in team):
        out.append("评价组没有组长（6.2 b）")
    if not team:
        return [*out, "评价组没有成员（6.2 b）"]
    declared = {d.evaluator_id: d for d in ConflictDeclaration.objects.filter(project=p)}
    for t in team:
        d = declared.get(t.evaluator_id)
        if d is None:
            out.append(f"{t.evaluator} 未就本项目作利益冲突声明（6.6 e）")
        elif d.has_conflict:
            out.append(f"{t.evaluator} 声明与评价对象存在利益冲突，不能参加本项目（6.6 e）")
        out += evaluator_problems(t.evaluator)
    return out


def _plan(p: RatingProject) -> Problems:
    dates: list[tuple[str, dt.date | None]] = [
        ("计划开始日期", p.starts_on), ("数据采集截止", p.data_due),
        ("现场验证截止", p.onsite_due), ("报告编制截止", p.report_due),
    ]  # fmt: skip
    out = []
    if p.comprehensive and p.onsite_due is None:
        out.append("综合评价须计划现场验证截止日期（6.10）")
    known = [(n, d) for n, d in dates if d is not None]
    for (n1, d1), (n2, d2) in zip(known, known[1:], strict=False):
        if d2 < d1:
            out.append(f"评价计划的日期顺序不对：{n2}早于{n1}")
    return out


def _latest_run(p: RatingProject) -> Any:
    return p.runs.filter(kind="project").order_by("-no").first()


def _rated(p: RatingProject) -> Problems:
    run = _latest_run(p)
    if run is None:
        return ["尚未对评价对象进行评价计算"]
    rated = set(RatingResult.objects.filter(run=run).values_list("member_id", flat=True))
    missing = [m.name for m in p.members.only("name") if m.pk not in rated]
    out = []
    if missing:
        out.append(f"{_names(missing)} 不在最近一次评价计算中，请重新评价")
    from parkesg.web.ratings.models import Adjustment, Correction

    later = (Correction.objects.filter(member__project=p, created_at__gt=run.created_at).exists()
             or Adjustment.objects.filter(member__project=p, changed_at__gt=run.created_at).exists())  # fmt: skip
    if later:
        out.append("最近一次评价计算之后有新的数据更正或现场调整，请重新评价")
    return out


def _sources(p: RatingProject) -> Problems:
    without = list(p.members.filter(sources__isnull=True).values_list("name", flat=True))
    return [f"{_names(without)} 没有登记评价信息来源"] if without else []


def _onsite(p: RatingProject) -> Problems:
    if not p.comprehensive:
        return []
    no_visit, no_list, unconfirmed = [], [], []
    for m in p.members.prefetch_related("onsite__items"):
        records = list(m.onsite.all())
        if not records:
            no_visit.append(m.name)
        elif not any(r.items.all() for r in records):
            no_list.append(m.name)
        elif m.enterprise_id and not any(r.confirmed_at for r in records):
            unconfirmed.append(m.name)
    out = []
    if no_visit:
        out.append(f"{_names(no_visit)} 没有现场验证记录（6.10 a）")
    if no_list:
        out.append(f"{_names(no_list)} 没有现场收集资料清单（6.10 b）")
    if unconfirmed:
        out.append(f"{_names(unconfirmed)} 的资料清单尚未经企业确认（6.10 c）")
    return out


def _deadline(p: RatingProject) -> Problems:
    if p.reconfirm_deadline is None:
        return ["未设定信息再确认截止日期"]
    if p.reconfirm_deadline < timezone.localdate():
        return ["信息再确认截止日期已过，请改为今天或以后的日期"]
    return []


def _reconfirmed(p: RatingProject) -> Problems:
    """Re-confirmation, where it was started: every enterprise answered, or the deadline passed."""
    from parkesg.web.ratings.models import Reconfirmation

    if p.state != "reconfirming":
        return []
    pending = Reconfirmation.objects.filter(member__project=p, response=Response.pending)
    if pending.exists() and p.reconfirm_deadline and p.reconfirm_deadline >= timezone.localdate():
        names = list(pending.values_list("member__name", flat=True))
        return [f"{_names(names)} 尚未答复，截止日期 {p.reconfirm_deadline} 前不能结束再确认"]
    return []


def _graded(p: RatingProject) -> Problems:
    run = _latest_run(p)
    if run is None:
        return []
    ungraded = RatingResult.objects.filter(run=run, grade="", withheld=False)
    names = list(ungraded.values_list("member__name", flat=True))
    return [f"{_names(names)} 没有得出等级"] if names else []


def _criteria_confirmed(p: RatingProject) -> Problems:
    from parkesg.web.ratings.criteria import confirmation_problems

    return confirmation_problems(p)


def _signed(p: RatingProject) -> Problems:
    return [] if p.signed_by_id else ["评价结论尚未经委员会审定"]


def _window_over(p: RatingProject) -> Problems:
    if p.window_ends_on and p.window_ends_on >= timezone.localdate():
        return [f"异议期到 {p.window_ends_on} 才结束"]
    return []


def _objections_closed(p: RatingProject) -> Problems:
    open_ = Objection.objects.filter(project=p, state__in=(ObjectionState.filed,
                                                           ObjectionState.reviewing))  # fmt: skip
    return ["还有未处理完的异议"] if open_.exists() else []


def _reference(p: RatingProject) -> Problems:
    if p.peer_basis == PeerBasis.reference and p.reference_id is None:
        return ["选择了同业参照表作为比较基础，但未指定参照表"]
    return []


ORGANISATION = Check("评价组织", "", _organisation)  # each problem cites its clause
PURPOSE = Check("目的与范围", "6.2 a", _purpose)
BASIS = Check("数据依据", "", _basis)  # each problem cites its clause
CRITERIA = Check("评价准则", "6.2 a", _criteria)
REFERENCE = Check("同业比较基础", "6.8 b", _reference)
TEAM = Check("评价组", "", _team)  # each problem cites its clause
PLAN = Check("评价计划", "6.2 c", _plan)
RATED = Check("评价计算", "6.3 b、6.8", _rated)
SOURCES = Check("信息来源", "6.3 a、6.7", _sources)
ONSITE = Check("现场验证", "", _onsite)  # each problem cites its clause
DEADLINE = Check("再确认期限", "6.4 a", _deadline)
RECONFIRMED = Check("信息再确认", "6.4 a", _reconfirmed)
GRADED = Check("等级划分", "6.4 b、附录B", _graded)
CONFIRMED = Check("准则确认", "6.2 a", _criteria_confirmed)
SIGNED = Check("委员会审定", "6.5 d", _signed)
WINDOW = Check("公示期", "6.12", _window_over)
OBJECTIONS = Check("异议处理", "6.12 b", _objections_closed)


def _reviewers_independent(o: Objection) -> Problems:
    reviewers = list(o.reviewers.select_related("user"))
    if not reviewers:
        return ["未指派复核人员"]
    original = {u.pk for u in o.original_people}
    conflicted = set(
        ConflictDeclaration.objects.filter(project=o.project, has_conflict=True).values_list(
            "evaluator_id", flat=True
        )
    )
    out = []
    for r in reviewers:
        if r.user_id in original:
            out.append(f"{r} 参与了原评价（评价组、资料复核或委员会审定），不能复核对它的异议")
        if r.pk in conflicted:
            out.append(f"{r} 声明与评价对象存在利益冲突")
        if not r.active:
            out.append(f"{r} 已不在职")
    return out


def _rerated(o: Objection) -> Problems:
    return [] if o.rerun_id else ["异议成立须先对该企业复评，并给出前后对比"]


REVIEWERS = Check("复核人员独立", "6.12 b、6.6 e", _reviewers_independent)
RERATED = Check("复评", "6.12 b", _rerated)
