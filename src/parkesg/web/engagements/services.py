"""Engagement services — the only code that creates, changes or moves an engagement or its
records (views and the API are thin). Keyword-only arguments; every save through
``core.objects.save_for_user`` (re-checked against ``for_user`` inside the transaction and
audited); every state change through the workflow tables of ``flows``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from parkesg.engagement import Profile
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core.objects import deny, get_for_user, save_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.engagements import flows
from parkesg.web.engagements import records as r
from parkesg.web.engagements.choices import Kind, Scope, State
from parkesg.web.engagements.models import Engagement, Side
from parkesg.web.orgs.models import (
    AccessGrant,
    GrantKind,
    Organisation,
    OrgKind,
    User,
    region_prefix,
)

# Profile fields the platform fills from its own records (never typed into the profile).
DERIVED = ("park_name", "managing_body", "region", "provider_name", "report_stage",
           "report_month", "onsite_start", "onsite_end", "report_submitted", "report_meeting",
           "third_party_evaluation")  # fmt: skip
PROFILE_FIELDS = tuple(f for f in Profile.model_fields if f not in DERIVED)


def _require(ok: bool, actor: Any, model: type, pk: Any, action: str, request: Any) -> None:
    if not ok:
        deny(actor, model, pk, action, request)
        raise PermissionDenied


def grant_for(provider: Organisation, park: Organisation) -> AccessGrant | None:
    """The park's engagement grant to ``provider``: not revoked, not over (the pledge may
    come later — it opens the park's data, 北京指南 三（五））."""
    today = timezone.localdate()
    return (
        AccessGrant.objects.filter(kind=GrantKind.engagement, organisation=park, grantee=provider,
                                   revoked_at__isnull=True, starts_on__lte=today)
        .filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today))
        .order_by("-starts_on").first()
    )  # fmt: skip


def parks_for(actor: Any) -> models.QuerySet[Organisation]:
    """Parks that engaged the actor's organisation (a grant not revoked, not over)."""
    if not getattr(actor, "organisation_id", None):
        return Organisation.objects.none()
    today = timezone.localdate()
    grants = AccessGrant.objects.filter(
        models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today), kind=GrantKind.engagement,
        grantee_id=actor.organisation_id, revoked_at__isnull=True, starts_on__lte=today,
    )  # fmt: skip
    return Organisation.objects.filter(kind=OrgKind.park, pk__in=grants.values("organisation_id"))


def find_district(*, credit_code: str, name: str) -> Organisation:
    """The district bureau named by its 统一社会信用代码 and registered name (never offered from
    a list: a provider does not browse the directory of governments)."""
    code = credit_code.strip().upper()
    found = Organisation.objects.filter(credit_code=code, kind=OrgKind.government).first() \
        if code else None  # fmt: skip
    if found is None:
        raise ValidationError({"district_code": "未找到该统一社会信用代码对应的政府部门"})
    if name.strip() not in {found.name, found.name_en} - {""}:
        raise ValidationError({"district_name": "名称不符：请填写该代码登记的机构全称"})
    return found


def may_create(actor: Any) -> bool:
    org = getattr(actor, "organisation", None)
    return bool(org and org.kind == OrgKind.provider and role_allows(actor.role, Action.add))


def _check(e: Engagement) -> None:
    """What an engagement's own fields must satisfy (the form shows each by field)."""
    problems: dict[str, str] = {}
    if e.park.kind != OrgKind.park:
        problems["park"] = "服务项目的对象必须是园区管委会"
    if e.lead.organisation_id != e.organisation_id or not role_allows(e.lead.role, Action.change):
        problems["lead"] = "项目负责人必须是本服务商可编辑数据的人员"
    if e.ends_on < e.starts_on:
        problems["ends_on"] = "计划完成日期早于开始日期"
    if e.district_id and e.district.kind != OrgKind.government:  # type: ignore[union-attr]
        problems["district"] = "报送对象必须是政府组织"
    elif e.district_id and not e.park.region.startswith(region_prefix(e.district.region)):  # type: ignore[union-attr]
        problems["district"] = "报送对象不是园区所在地的政府部门"
    if e.kind == Kind.beijing and e.scope == Scope.whole and e.approval_ref:
        problems["approval_ref"] = "覆盖全部批复范围的诊断不需要批准文号"
    if problems:
        raise ValidationError(problems)


def create_engagement(
    *, actor: Any, engagement: Engagement, enterprises: list[Organisation] = (),  # type: ignore[assignment]
    request: Any = None,
) -> Engagement:  # fmt: skip
    """A new engagement of the actor's organisation with a park that engaged it."""
    _require(may_create(actor), actor, Engagement, "", Action.add, request)
    e = engagement
    e.organisation, e.created_by = actor.organisation, actor
    e.state = flows.FIRST[Kind(e.kind)]
    grant = grant_for(actor.organisation, e.park) if e.park_id else None
    if grant is None:
        raise ValidationError({"park": "该园区没有向本服务商登记有效的服务项目授权"})
    e.grant = grant
    _check(e)
    _scope_check(e, enterprises)
    with transaction.atomic():
        save_for_user(e, actor, Action.add, request=request)
        e.enterprises.set(enterprises)
    return e


def _scope_check(e: Engagement, enterprises: Any) -> None:
    outside = [o.name for o in enterprises if o.park_id != e.park_id]
    if outside:
        raise ValidationError({"enterprises": f"{'、'.join(outside)} 不是本园区的企业"})


def update_engagement(
    *, actor: Any, engagement: Engagement, enterprises: list[Organisation] | None = None,
    request: Any = None,
) -> Engagement:  # fmt: skip
    """Save the engagement's own fields; scope and boundary only while its first stage is
    open, nothing once it is over."""
    before_obj = get_for_user(Engagement, actor, Action.change, engagement.pk, request=request)
    before = audit.snapshot(before_obj)
    if before_obj.submitted_at is not None or before_obj.state == State.closed:
        raise ValidationError("项目已报送或已结束，不能修改")
    frozen = ("scope", "boundary", "depth", "special_topics", "approval_body", "approval_ref",
              "approval_on", "base_year", "kind", "park_id", "grant_id", "state", "round")  # fmt: skip
    if not flows.editable(before_obj, "Engagement"):
        changed = [f for f in frozen if getattr(before_obj, f) != getattr(engagement, f)]
        if changed or (enterprises is not None
                       and set(enterprises) != set(before_obj.enterprises.all())):  # fmt: skip
            raise ValidationError("范围与边界在第一阶段提交签核后不能修改")
    _check(engagement)
    with transaction.atomic():
        save_for_user(engagement, actor, Action.change, before=before, request=request)
        if enterprises is not None:
            _scope_check(engagement, enterprises)
            engagement.enterprises.set(enterprises)
    return engagement


def save_profile(*, actor: Any, engagement_id: Any, values: dict[str, Any], request: Any = None
                 ) -> Engagement:  # fmt: skip
    """The profile text (contacts, narratives), validated by ``parkesg.engagement.Profile``."""
    e = get_for_user(Engagement, actor, Action.change, engagement_id, request=request)
    if e.state in flows.OVER:
        raise ValidationError("项目已结束，不能修改")
    clean = {k: v for k, v in values.items() if k in PROFILE_FIELDS and v not in (None, "")}
    try:
        Profile(park_name=e.park.name, **clean)
    except Exception as exc:  # pydantic's ValidationError: one message per field
        raise ValidationError(str(exc)) from None
    before = audit.snapshot(e)
    e.profile = clean
    return save_for_user(e, actor, Action.change, before=before, request=request)


# ── records ─────────────────────────────────────────────────────────────────────────────


def side_org(e: Engagement, side: Side) -> int | None:
    return {Side.provider: e.organisation_id, Side.park: e.park_id,
            Side.district: e.district_id if e.submitted_at else None}[side]  # fmt: skip


def may_add(actor: Any, e: Engagement, model: type[models.Model], key: str = "") -> bool:
    """The record's side may add it now (its stage — ``key``, default the model's — open),
    with a role that may add."""
    org = side_org(e, model.side)  # type: ignore[attr-defined]
    return bool(
        getattr(actor, "is_authenticated", False) and org is not None
        and actor.organisation_id == org and role_allows(actor.role, Action.add)
        and flows.editable(e, key or model.__name__)
    )  # fmt: skip


def _clean(e: Engagement, rec: Any) -> None:
    """Links must stay inside the engagement (and the provider); ``full_clean`` for the rest."""
    problems: dict[str, str] = {}
    if isinstance(rec, r.Member):
        if rec.user_id and rec.user.organisation_id != e.organisation_id:  # type: ignore[union-attr]
            problems["user"] = "平台账户必须是本服务商的人员"
        if rec.enterprise_id and rec.enterprise.park_id != e.park_id:  # type: ignore[union-attr]
            problems["enterprise"] = "所在企业必须是本园区的企业"
        if rec.affiliation == "enterprise" and not rec.enterprise_id and not rec.unit_name:
            problems["enterprise"] = (
                "园区企业的成员须选择所在企业（企业尚未在平台登记时填写所在单位）"
            )
    if isinstance(rec, r.Finding) and rec.focus_id and rec.focus.engagement_id != e.pk:  # type: ignore[union-attr]
        problems["focus"] = "审核重点不属于本项目"
    if isinstance(rec, r.AdoptionRecord) and rec.option.engagement_id != e.pk:
        problems["option"] = "建议不属于本项目"
    if isinstance(rec, r.Option):
        total, fixed = rec.investment, rec.fixed_investment
        if total is not None and fixed is not None and fixed > total:
            problems["fixed_investment"] = "固定资产投资不能大于总投资"
    if problems:
        raise ValidationError(problems)
    rec.full_clean(exclude=["organisation", "created_by"])


def save_record(*, actor: Any, engagement: Engagement, record: Any, request: Any = None) -> Any:
    """Add or change one record of ``engagement`` (its side only, while its stage is open;
    after that only its late fields, ``flows.LATE_FIELDS``)."""
    model = type(record)
    key = flows.stage_key(record)
    if record._state.adding:
        _require(may_add(actor, engagement, model, key), actor, model, "", Action.add, request)
        record.engagement = engagement
        record.organisation_id = side_org(engagement, model.side)
        record.created_by = actor
        before = None
    else:
        stored = get_for_user(model, actor, Action.change, record.pk, request=request)
        if stored.engagement_id != engagement.pk:
            raise PermissionDenied
        before = audit.snapshot(stored)
        if not flows.editable(engagement, key):
            late = flows.late_editable(engagement, key)
            changed = [f.attname for f in model._meta.concrete_fields
                       if getattr(stored, f.attname) != getattr(record, f.attname)
                       and f.name not in ("updated_at",)]  # fmt: skip
            if not late or any(f not in late for f in changed):
                raise ValidationError("该阶段已提交签核或已结束，记录不能修改")
    _clean(engagement, record)
    return save_for_user(record, actor, Action.add if before is None else Action.change,
                         before=before, request=request)  # fmt: skip


def delete_record(*, actor: Any, model: type[models.Model], record_id: Any, request: Any = None
                  ) -> None:  # fmt: skip
    """Remove a record of an open stage (audited with what it held)."""
    rec = get_for_user(model, actor, Action.change, record_id, request=request)
    e = rec.engagement
    key = rec.record_type if isinstance(rec, r.Attachment) else flows.stage_key(rec)
    if not flows.editable(e, key):
        raise ValidationError("该阶段已提交签核或已结束，记录不能删除")
    before = audit.snapshot(rec)
    try:
        with transaction.atomic():
            rec.delete()
            audit.record(action=AuditAction.change, actor=actor, organisation=rec.organisation,
                         obj=e, before=before, after={"_deleted": model._meta.label_lower},
                         request=request)  # fmt: skip
    except ProtectedError:
        raise ValidationError("该记录仍被其他记录引用，不能删除") from None


def attach(*, actor: Any, record: Any, data: bytes, name: str, label: str = "",
           request: Any = None) -> r.Attachment:  # fmt: skip
    """A photo or signed scan of ``record`` (an engagement or one of its records), kept in
    the uploader's checked evidence store; only its own side attaches, while it is open."""
    from parkesg.web.collection.evidence import store_evidence

    if isinstance(record, Engagement):
        e, side, key = record, Side.provider, "Engagement"
    else:
        e, side, key = record.engagement, type(record).side, flows.stage_key(record)
    ok = (actor.organisation_id == side_org(e, side) and role_allows(actor.role, Action.add)
          and flows.editable(e, key))  # fmt: skip
    _require(ok, actor, r.Attachment, "", Action.add, request)
    ef = store_evidence(actor=actor, data=data, name=name, request=request)
    att = r.Attachment(engagement=e, organisation=actor.organisation, created_by=actor,
                       record_type=type(record).__name__, record_id=record.pk, file=ef,
                       label=label or ef.name, on_submitted=getattr(record, "submitted", False))  # fmt: skip
    return save_for_user(att, actor, Action.add, request=request)


def attachments(record: Any) -> models.QuerySet[r.Attachment]:
    return r.Attachment.objects.filter(record_type=type(record).__name__, record_id=record.pk)


def decide_option(*, actor: Any, option_id: Any, decision: str, criteria: str, note: str = "",
                  request: Any = None) -> r.Option:  # fmt: skip
    """5.4.2: the screening decision of an option, with its criteria, who and when."""
    o = get_for_user(r.Option, actor, Action.change, option_id, request=request)
    o.decision, o.criteria, o.decision_note = decision, criteria.strip(), note.strip()
    o.decided_by, o.decided_at = actor, timezone.now()
    return save_record(actor=actor, engagement=o.engagement, record=o, request=request)


def record_pledge(*, actor: Any, pledge_id: Any, request: Any = None) -> r.Pledge:
    """The park records the provider's signed pledge (附件2-2): the grant's pledge is set,
    from now on the provider may read the park's data (a grant already in force under an
    earlier pledge keeps its reference)."""
    from parkesg.web.orgs import services as orgs

    p = get_for_user(r.Pledge, actor, Action.view, pledge_id, request=request)
    e = p.engagement
    ok = actor.organisation_id == e.park_id and role_allows(actor.role, Action.manage)
    _require(ok, actor, r.Pledge, pledge_id, Action.manage, request)
    if not attachments(p).exists():
        raise ValidationError("保密承诺书没有签章扫描件，不能登记")
    with transaction.atomic():
        if e.grant.pledge_recorded_at is None:  # the grant takes effect now (data access);
            orgs.record_pledge(actor=actor, grant_id=e.grant_id, reference=p.number,
                               request=request)  # fmt: skip
        before = audit.snapshot(p)
        r.Pledge.objects.filter(pk=p.pk).update(recorded_by=actor, recorded_at=timezone.now())
        p.refresh_from_db()
        audit.record(action=AuditAction.change, actor=actor, organisation=actor.organisation,
                     obj=p, before=before, after=audit.snapshot(p), request=request)  # fmt: skip
    return p


def move(*, actor: Any, engagement_id: Any, event: str, note: str = "", request: Any = None
         ) -> Engagement:  # fmt: skip
    """Take ``event`` (a step of the engagement's table); who may act is the step's rule."""
    e = get_for_user(Engagement, actor, Action.view, engagement_id, request=request)
    return flows.flow(e).move(e, event, user=actor, note=note, request=request)  # type: ignore[return-value]


def save_next_plan(*, actor: Any, engagement_id: Any, text: str, request: Any = None
                   ) -> Engagement:  # fmt: skip
    """北京指南 六: the park's next steps, recorded at the follow-up."""
    e = get_for_user(Engagement, actor, Action.change, engagement_id, request=request)
    if not flows.editable(e, "Engagement.next_plan"):
        raise ValidationError("只能在后续跟踪阶段记录")
    before = audit.snapshot(e)
    e.next_plan = text.strip()
    return save_for_user(e, actor, Action.change, before=before, request=request)


def start_next_round(*, actor: Any, previous_id: Any, starts_on: dt.date, ends_on: dt.date,
                     base_year: int, request: Any = None) -> Engagement:  # fmt: skip
    """T/CPPC 6: a repeat round starts from the last round's targets and options (its foreword
    then states their completion — ``rules.last_round``)."""
    prev = get_for_user(Engagement, actor, Action.change, previous_id, request=request)
    if prev.kind != Kind.cppc or prev.state not in flows.OVER:
        raise ValidationError("只有已完成的清洁生产审核可以开始下一轮")
    if hasattr(prev, "next_round"):
        raise ValidationError("该轮审核已有下一轮")
    e = Engagement(kind=prev.kind, title=f"{prev.park.name}第{prev.round + 1}轮清洁生产审核",
                   park=prev.park, round=prev.round + 1, previous=prev, starts_on=starts_on,
                   ends_on=ends_on, base_year=base_year, scope=prev.scope, boundary=prev.boundary,
                   lead=prev.lead, district=prev.district, profile=dict(prev.profile))  # fmt: skip
    with transaction.atomic():
        create_engagement(actor=actor, engagement=e, enterprises=list(prev.enterprises.all()),
                          request=request)  # fmt: skip
        for t in r.Target.objects.filter(engagement=prev):
            carried = r.Target(**{f.attname: getattr(t, f.attname) for f in r.Target._meta.concrete_fields
                                  if f.attname not in ("id", "engagement_id", "created_by_id",
                                                       "created_at", "updated_at", "origin_id",
                                                       "completion", "actual")}, origin=t)  # fmt: skip
            save_record(actor=actor, engagement=e, record=carried, request=request)
        for o in r.Option.objects.filter(engagement=prev).exclude(status="implemented"):
            keep = ("level", "source", "name", "implementer", "summary", "investment",
                    "fixed_investment", "environmental_benefit", "economic_benefit", "timing",
                    "status")  # fmt: skip
            save_record(actor=actor, engagement=e, request=request,
                        record=r.Option(**{k: getattr(o, k) for k in keep}, origin=o))  # fmt: skip
    return e


def users_of(e: Engagement) -> models.QuerySet[User]:
    """The provider's people on the engagement (lead and team members with accounts)."""
    ids = {e.lead_id, *r.Member.objects.filter(engagement=e, user__isnull=False)
           .values_list("user_id", flat=True)}  # fmt: skip
    return User.objects.filter(pk__in=ids, is_active=True)
