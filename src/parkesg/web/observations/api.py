"""JSON API for observations (read; entry and review go through the pages for now)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from parkesg.web.core.objects import get_for_user
from parkesg.web.core.roles import Action
from parkesg.web.observations.models import Observation

router = Router(tags=["observations 数据"])


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
    state: str
    updated_at: dt.datetime


@router.get("/observations", response=list[ObservationOut], summary="可见的观测数据")
def list_observations(
    request: HttpRequest, organisation_id: int | None = None, year: int | None = None
) -> list[Observation]:
    qs = Observation.objects.for_user(request.user, Action.view)
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs[:5000])


@router.get("/observations/{obs_id}", response=ObservationOut)
def get_observation(request: HttpRequest, obs_id: int) -> Observation:
    return get_for_user(Observation, request.user, Action.view, obs_id, request=request)
