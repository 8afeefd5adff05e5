"""The platform's records as ``parkesg.engagement.Engagement`` — the one structure the
engagement workbook fills and the reports read. ``engagement(e)`` is what a report of ``e``
is written from; the workbook export writes the same object.

Where the structure has one text and the platform several records (the six parts of the
5.2.1 survey, the publicity activities, on-site days, a repeat round's account of the last
round), the text is composed from the records; a narrative the team typed wins. The cover
photo (T/CPPC 附件2 1.1 (2)) is a picture attached to the survey's 园区概况 (``cover_photo``).
"""

from __future__ import annotations

from typing import Any

from parkesg import formatting
from parkesg.engagement import (
    AuditFocus,
    Conclusion,
    ContinuingStep,
    Engagement,
    EngagementKind,
    Finding,
    Option,
    PlanStep,
    Profile,
    Target,
    TeamMember,
)
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import models as m
from parkesg.web.engagements import records as r
from parkesg.web.engagements import targets as target_rules
from parkesg.web.orgs.models import Organisation

LEVEL = {c.Level.park: "园区层面", c.Level.industry: "行业层面", c.Level.enterprise: "企业层面"}
CONCLUDE = {c.Conclude.conclusion: "结论", c.Conclude.highlight: "工作亮点",
            c.Conclude.problem: "存在问题", c.Conclude.advice: "建议"}  # fmt: skip
STATUS = {c.Implementation.done: "已实施", c.Implementation.ongoing: "实施中",
          c.Implementation.planned: "拟实施", c.Implementation.deferred: "暂不实施"}  # fmt: skip
PARK_LEVELS = ("国家级", "市级", "其他")


def _day(d: Any) -> str | None:
    return f"{d.year}-{d.month:02d}-{d.day:02d}" if d else None


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value else ""


# T/CPPC 5.1.2: the contract's two groups (表 B.1 the leadership group; the audit groups —
# the work group and any industry's group — one table); the Beijing team has none.
GROUPS = {c.Team.leadership: "领导小组", c.Team.work: "审核小组", c.Team.industry: "审核小组"}


def department_post(mb: r.Member) -> str:
    return " ".join(x for x in (mb.department, mb.post) if x)


def organisation_of(mb: r.Member) -> str:
    return mb.enterprise.name if mb.enterprise_id else mb.unit_name  # type: ignore[union-attr]


def team_role(mb: r.Member) -> str:
    """The role in its group; an industry's audit group named (the group column says only
    审核小组)."""
    role = _label(c.TeamRole, mb.role)
    return f"{_label(c.Team, mb.team)} {role}" if mb.team == c.Team.industry else role


def team(e: m.Engagement) -> list[TeamMember]:
    out = []
    for mb in r.Member.objects.filter(engagement=e).select_related("enterprise"):
        out.append(TeamMember(
            name=mb.name, team_role=team_role(mb),
            group=GROUPS.get(c.Team(mb.team)) if e.is_cppc else None,
            organisation=organisation_of(mb) or None,
            enterprise=mb.affiliation == c.Affiliation.enterprise,
            department_post=department_post(mb) or None, finance=mb.finance,
            title=mb.title or None,
            speciality=mb.speciality or _label(c.Field, mb.field) or None,
            duties=mb.duties or None, time_committed=f"{mb.days} 天" if mb.days else None,
            member_type="园区工作人员" if mb.affiliation == c.Affiliation.park else "专家成员",
            green_projects=mb.green_projects,
        ))  # fmt: skip
    return out


COVER_WORDS = ("封面", "形象")
IMAGES = ("png", "jpeg")


def cover_photo(e: m.Engagement) -> str | None:
    """T/CPPC 附件2 1.1 (2): the cover's 园区形象照片 — a picture attached to the survey's
    5.2.1 (1) 园区概况 (the one whose caption says 封面 or 形象, else the first); none, and the
    report leaves the photo to be filled in."""
    if not e.is_cppc:
        return None
    overview = r.Section.objects.filter(engagement=e, part=c.SurveyPart.overview).first()
    if overview is None:
        return None
    photos = list(
        r.Attachment.objects.filter(record_type="Section", record_id=overview.pk,
                                    file__kind__in=IMAGES).select_related("file").order_by("id")
    )  # fmt: skip
    if not photos:
        return None
    pick = next((a for a in photos if any(w in a.label for w in COVER_WORDS)), photos[0])
    return str(pick.file.blob_path())


def _survey(e: m.Engagement) -> str | None:
    parts = {s.part: s.text for s in r.Section.objects.filter(engagement=e) if s.text.strip()}
    if not parts:
        return None
    return "\n".join(f"{c.SurveyPart(p).label} {parts[p]}" for p in c.SurveyPart if p in parts)


def _training(e: m.Engagement) -> str | None:
    acts = list(r.Publicity.objects.filter(engagement=e))
    if not acts:
        return None
    lines = [f"{formatting.date(a.held_on)}，{c.PublicityForm(a.form).label}：{a.topics}，"
             f"参与 {a.participants} 人" for a in acts]  # fmt: skip
    return f"本轮审核共开展宣传教育活动 {len(acts)} 次：" + "；".join(lines) + "。"


def _last_round(e: m.Engagement) -> str | None:
    """T/CPPC 6: a repeat round's foreword states the last round's focus, targets, options."""
    prev = e.previous
    if prev is None:
        return None
    focus = "、".join(r.Focus.objects.filter(engagement=prev).values_list("focus", flat=True))
    tgt = [f"{t.name}（{_label(c.Completion, t.completion) or '未填完成情况'}"
           + (f"，实际 {t.actual:g}{t.unit}" if t.actual is not None else "") + "）"
           for t in r.Target.objects.filter(engagement=e, origin__isnull=False)]  # fmt: skip
    opts = [f"{o.name}（{STATUS.get(c.Implementation(o.status), o.status)}）"
            for o in r.Option.objects.filter(engagement=e, origin__isnull=False)]  # fmt: skip
    return (
        f"上一轮（第 {prev.round} 轮）清洁生产审核重点：{focus or '—'}。审核目标完成情况："
        f"{'；'.join(tgt) or '—'}。拟实施清洁生产方案完成情况：{'；'.join(opts) or '—'}。"
    )


def _process(e: m.Engagement) -> str | None:
    days = list(r.OnsiteDay.objects.filter(engagement=e))
    if not days:
        return None
    return (f"现场诊断共 {len(days)} 天：" + "；".join(f"{formatting.date(d.day)} {d.place}，{d.work}"
                                               for d in days) + "。")  # fmt: skip


def profile(e: m.Engagement, *, stage: str = "") -> Profile:
    from parkesg.codes import region_name

    own: dict[str, Any] = dict(e.profile or {})
    days = list(r.OnsiteDay.objects.filter(engagement=e).order_by("day"))
    conf = r.Confirmation.objects.filter(engagement=e).order_by("-signed_on").first()
    last = _last_round(e)
    preface = own.pop("preface", None)
    if last:
        preface = f"{preface}\n{last}" if preface else last
    for key, text in (("training", _training(e)), ("process", _process(e))):
        if not own.get(key) and text:
            own[key] = text
    if not own.get("scope"):
        ents = "、".join(o.name for o in e.enterprises.order_by("name"))
        own["scope"] = (e.boundary or _label(c.Scope, e.scope)) + (
            f"；范围内企业：{ents}" if ents else ""
        )
    park: Organisation = e.park
    return Profile(
        park_name=park.name, managing_body=park.name, region=region_name(park.region) or None,
        provider_name=e.organisation.name,
        report_stage=stage or None,
        report_month=f"{_today():%Y-%m}",
        onsite_start=_day(days[0].day) if days else None,
        onsite_end=_day(days[-1].day) if days else None,
        report_submitted=_day(conf.report_received_on) if conf else None,
        report_meeting=_day(conf.meeting_on) if conf else None,
        third_party_evaluation=conf.third_party if conf else None,
        survey=_survey(e) or own.pop("survey", None),
        preface=preface,
        **{k: v for k, v in own.items() if k in Profile.model_fields and k not in (
            "park_name", "managing_body", "region", "provider_name", "report_stage",
            "report_month", "onsite_start", "onsite_end", "report_submitted", "report_meeting",
            "third_party_evaluation", "survey", "preface")},
    )  # fmt: skip


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


def _targets(e: m.Engagement) -> list[Target]:
    inds = target_rules.indicators()
    out = []
    for t in r.Target.objects.filter(engagement=e):
        ind = inds.get(t.indicator)
        out.append(Target(indicator=str(ind.no) if ind else t.name, unit=t.unit or None,
                          current=t.current, near=t.near, mid=t.mid, long=t.long))  # fmt: skip
    return out


def _options(e: m.Engagement) -> list[Option]:
    out = []
    for o in r.Option.objects.filter(engagement=e):
        if e.is_cppc and o.decision == c.Decision.rejected:
            continue  # 表 B.3 lists the options screened as feasible
        values = dict(
            name=o.name, level=LEVEL.get(c.Level(o.level)) if o.level else None,
            implementer=o.implementer or None, summary=o.summary or None,
            investment=o.investment, fixed_investment=o.fixed_investment,
            environmental_benefit=o.environmental_benefit or None,
            economic_benefit=o.economic_benefit or None, timing=o.timing or None,
            status=STATUS.get(c.Implementation(o.status)),
        )  # fmt: skip
        out.append(Option(**{k: v for k, v in values.items() if v is not None}))
    return out


def engagement(e: m.Engagement, *, stage: str = "") -> Engagement:
    """Everything a report of ``e`` reads, from the platform's records."""
    return Engagement(
        kind=EngagementKind(e.kind),
        profile=profile(e, stage=stage),
        cover_photo=cover_photo(e),
        team=team(e),
        plan=[PlanStep(stage=_label(c.Phase, p.phase), action=p.action or None,
                       content=p.content, due=_day(p.due), owner=p.owner or None,
                       departments=p.departments or None, participants=p.participants or None,
                       output=p.output or None)
              for p in r.PlanItem.objects.filter(engagement=e)],
        focus=[AuditFocus(level=LEVEL[c.Level(f.level)], focus=f.focus, basis=f.basis or None,
                          status=f.status or None)
               for f in r.Focus.objects.filter(engagement=e)],
        targets=_targets(e),
        options=_options(e),
        findings=[Finding(level=LEVEL[c.Level(f.level)],
                          aspect=str(c.Analysis(f.analysis).label)[3:] if f.analysis else None,
                          finding=f.problem, cause=f.cause or None)
                  for f in r.Finding.objects.filter(engagement=e)],
        conclusions=[Conclusion(kind=CONCLUDE[c.Conclude(x.kind)], content=x.content)
                     for x in r.Conclusion.objects.filter(engagement=e)],
        continuing=[ContinuingStep(item=s.item, content=s.content or None, time=s.time or None,
                                   department=s.department or None)
                    for s in r.ContinuingStep.objects.filter(engagement=e)],
    )  # fmt: skip
