"""JSON API for observations: read, enter, correct and review — the same services as the
pages (``services.save_observation``, ``services.review``), so the same rules and audit."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from parkesg.web.core import policy
from parkesg.web.core.objects import MAX_ID, get_for_user
from parkesg.web.core.pagination import paged
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action
from parkesg.web.observations import services
from parkesg.web.observations.filters import OBSERVATION_FILTERS
from parkesg.web.observations.models import Observation, SourceCategory

router = Router(tags=["observations 数据"])

# a data year parkesg can mean; anything else is refused (422) before it reaches a query
FIRST_YEAR, LAST_YEAR = 1900, 2100


class ObservationOut(Schema):
    id: int
    organisation_id: int
    year: int
    field_id: str
    value: float | None
    category: str
    unit: str
    value_std: float | None
    source: str
    evidence: str
    evidence_file_id: int | None
    state: str
    updated_at: dt.datetime


@router.get("/observations", response=list[ObservationOut], summary="可见的观测数据")
@policy.member()
@paged
def list_observations(
    request: HttpRequest,
    organisation: Annotated[int | None, Field(ge=1, le=MAX_ID)] = None,
    year: Annotated[int | None, Field(ge=FIRST_YEAR, le=LAST_YEAR)] = None,
    state: Literal[tuple(ReviewState.values)] | None = None,  # type: ignore[valid-type]
    field: str | None = None,
) -> QuerySet[Observation]:
    qs = Observation.objects.for_user(request.user, Action.view)
    params = {"organisation": organisation, "year": year, "state": state, "field": field}
    return OBSERVATION_FILTERS.apply(qs, params).order_by("pk")


@router.get("/observations/{obs_id}", response=ObservationOut)
@policy.obj(Observation, kwarg="obs_id")
def get_observation(request: HttpRequest, obs_id: int) -> Observation:
    return get_for_user(Observation, request.user, Action.view, obs_id, request=request)


class ObservationIn(Schema):
    year: int = Field(..., ge=FIRST_YEAR, le=LAST_YEAR)
    field_id: str
    value: float | None = None
    category: str = ""
    unit: str = ""
    source: Literal[tuple(SourceCategory.values)]  # type: ignore[valid-type]
    evidence: str = ""


class CorrectionIn(Schema):
    value: float | None = None
    category: str = ""
    unit: str = ""
    source: Literal[tuple(SourceCategory.values)]  # type: ignore[valid-type]
    evidence: str = ""


class ReviewIn(Schema):
    event: Literal["submit", "approve", "reject"]
    note: str = ""


@router.post("/observations", response={201: ObservationOut}, summary="填报 / enter a value")
@policy.member(Action.add)
def create_observation(request: HttpRequest, payload: ObservationIn) -> Status[Observation]:
    obs = Observation(**payload.dict())
    return Status(201, services.save_observation(actor=request.user, obs=obs, request=request))


@router.put("/observations/{obs_id}", response=ObservationOut, summary="更正 / correct a value")
@policy.obj(Observation, Action.change, kwarg="obs_id")
def correct_observation(request: HttpRequest, obs_id: int, payload: CorrectionIn) -> Observation:
    obs = get_for_user(Observation, request.user, Action.change, obs_id, request=request)
    for name, value in payload.dict().items():
        setattr(obs, name, value)
    return services.save_observation(actor=request.user, obs=obs, request=request)


@router.post("/observations/{obs_id}/review", response=ObservationOut, summary="提交 / 审核")
@policy.obj(Observation, kwarg="obs_id")  # submit: change, approve/return: approve
def review_observation(request: HttpRequest, obs_id: int, payload: ReviewIn) -> Observation:
    return services.review(
        actor=request.user, observation_id=obs_id, event=payload.event, note=payload.note,
        request=request,
    )  # fmt: skip
