"""JSON API for engagements: list and read them, read their records of each kind, add a
record, take a step — the same services, checks and audit as the pages (``services``,
``flows``); a record is validated by the same form as the page (422 by field)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest
from ninja import Body, Field, Router, Schema, Status

from parkesg.web.core import policy
from parkesg.web.core.objects import MAX_ID, deny, get_for_user
from parkesg.web.core.pagination import paged
from parkesg.web.core.roles import Action
from parkesg.web.engagements import pages, registry, services
from parkesg.web.engagements.choices import Kind
from parkesg.web.engagements.forms import record_form
from parkesg.web.engagements.models import Engagement

router = Router(tags=["engagements 服务项目"])
Slug = Literal[tuple(s.slug for s in registry.SPECS)]  # type: ignore[valid-type]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class EngagementOut(Schema):
    id: int
    kind: str
    title: str
    organisation_id: int
    park_id: int
    round: int
    starts_on: dt.date
    ends_on: dt.date
    base_year: int
    scope: str
    state: str
    lead_id: int
    run_id: int | None
    district_id: int | None
    submitted_at: dt.datetime | None
    followup_due: dt.date | None


class StepOut(Schema):
    event: str
    label: str
    blockers: list[str]


class EngagementDetail(EngagementOut):
    enterprises: list[int]
    steps: list[StepOut]  # what the caller may do now, with every problem that blocks it


class MoveIn(Schema):
    event: Annotated[str, Field(max_length=40)]
    note: Annotated[str, Field(max_length=500)] = ""


@router.get("/engagements", response=list[EngagementOut], summary="可见的服务项目")
@policy.member()
@paged
def list_engagements(request: HttpRequest, kind: Literal[tuple(Kind.values)] | None = None  # type: ignore[valid-type]
                     ) -> QuerySet[Engagement]:  # fmt: skip
    qs = Engagement.objects.for_user(request.user, Action.view).order_by("-pk")
    return qs.filter(kind=kind) if kind else qs


def _detail(e: Engagement, user: Any) -> dict[str, Any]:
    out = {f: getattr(e, f) for f in EngagementOut.model_fields}
    out["enterprises"] = list(e.enterprises.values_list("pk", flat=True))
    out["steps"] = [{"event": x["step"].event, "label": str(x["step"].label),
                     "blockers": x["blockers"]} for x in pages.steps(e, user)]  # fmt: skip
    return out


@router.get("/engagements/{engagement_id}", response=EngagementDetail, summary="服务项目")
@policy.obj(Engagement, kwarg="engagement_id")
def get_engagement(request: HttpRequest, engagement_id: Id) -> dict[str, Any]:
    e = get_for_user(Engagement, request.user, Action.view, engagement_id, request=request)
    return _detail(e, request.user)


@router.post("/engagements/{engagement_id}/move", response=EngagementDetail,
             summary="办理一步（提交签核、签核、确认、报送…）")  # fmt: skip
@policy.obj(Engagement, kwarg="engagement_id")  # the stage flow decides
def move(request: HttpRequest, engagement_id: Id, payload: MoveIn) -> dict[str, Any]:
    e = services.move(actor=request.user, engagement_id=engagement_id, event=payload.event,
                      note=payload.note, request=request)  # fmt: skip
    return _detail(e, request.user)


def _plain(obj: Any) -> dict[str, Any]:
    data = model_to_dict(obj)
    data["id"] = obj.pk
    return {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v)
            for k, v in data.items()}  # fmt: skip


@router.get("/engagements/{engagement_id}/records/{slug}", response=list[dict[str, Any]],
            summary="服务项目的一类记录")  # fmt: skip
@policy.obj(Engagement, kwarg="engagement_id")
@paged
def list_records(request: HttpRequest, engagement_id: Id, slug: Slug) -> list[dict[str, Any]]:  # type: ignore[valid-type]
    e = get_for_user(Engagement, request.user, Action.view, engagement_id, request=request)
    spec = registry.BY_SLUG[slug]
    model: Any = spec.model
    qs = model.objects.for_user(request.user, Action.view).filter(engagement=e).order_by("pk")
    return [_plain(o) for o in qs]  # one engagement's records: tens, not thousands


@router.post("/engagements/{engagement_id}/records/{slug}", response={201: dict[str, Any]},
             summary="新增一条记录（与页面同一表单校验）")  # fmt: skip
@policy.obj(Engagement, kwarg="engagement_id")  # then services.may_add (the side)
def add_record(request: HttpRequest, engagement_id: Id, slug: Slug,  # type: ignore[valid-type]
               payload: Body[dict[str, Any]]) -> Status[dict[str, Any]]:  # fmt: skip
    e = get_for_user(Engagement, request.user, Action.view, engagement_id, request=request)
    spec = registry.BY_SLUG[slug]
    if e.kind not in spec.kinds:
        raise Http404
    if not services.may_add(request.user, e, spec.model):
        deny(request.user, spec.model, "", Action.add, request)
        raise PermissionDenied
    form = record_form(spec)(payload, engagement=e, user=request.user)
    if not form.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
    rec = services.save_record(actor=request.user, engagement=e, record=form.instance,
                               request=request)  # fmt: skip
    return Status(201, _plain(rec))
