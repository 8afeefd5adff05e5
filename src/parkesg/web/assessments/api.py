"""JSON API for assessments: list, get (with the stored results) and run one — the same
service as the pages (``services.run_assessment``), so the same rules, checks and audit."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from parkesg.frameworks import list_frameworks
from parkesg.web.assessments import services
from parkesg.web.assessments.forms import FIRST_YEAR, LAST_YEAR, MAX_YEARS
from parkesg.web.assessments.models import Assessment
from parkesg.web.core import policy
from parkesg.web.core.objects import MAX_ID, get_for_user
from parkesg.web.core.pagination import paged
from parkesg.web.core.roles import Action

router = Router(tags=["assessments 评价"])
FrameworkId = Literal[tuple(list_frameworks())]  # type: ignore[valid-type]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


class AssessmentOut(Schema):
    id: int
    organisation_id: int
    framework_id: str
    framework_code: str
    framework_sha256: str
    years: list[int]
    selected: list[str] | None
    created_by_id: int
    created_at: dt.datetime


class AssessmentDetail(AssessmentOut):
    inputs: list[dict[str, Any]]
    results: dict[str, Any]


class AssessmentIn(Schema):
    framework: FrameworkId  # type: ignore[valid-type]
    entity: int = Field(..., ge=1, le=MAX_ID)
    years: Annotated[list[Year], Field(max_length=MAX_YEARS)] = []
    indicators: Annotated[list[str], Field(max_length=100)] = []  # optional indicators chosen


@router.get("/assessments", response=list[AssessmentOut], summary="可见的评价")
@policy.member()
@paged
def list_assessments(
    request: HttpRequest,
    organisation: Annotated[int | None, Field(ge=1, le=MAX_ID)] = None,
    framework: FrameworkId | None = None,  # type: ignore[valid-type]
) -> QuerySet[Assessment]:
    qs = Assessment.objects.for_user(request.user, Action.view).defer("results", "inputs")
    if organisation is not None:
        qs = qs.filter(organisation_id=organisation)
    if framework is not None:
        qs = qs.filter(framework_id=framework)
    return qs.order_by("-pk")


@router.get("/assessments/{run_id}", response=AssessmentDetail, summary="评价结果")
@policy.obj(Assessment, kwarg="run_id")
def get_assessment(request: HttpRequest, run_id: int) -> Assessment:
    return get_for_user(Assessment, request.user, Action.view, run_id, request=request)  # type: ignore[no-any-return]


@router.post("/assessments", response={201: AssessmentDetail}, summary="运行评价 / run")
@policy.member(Action.add)
def run_assessment(request: HttpRequest, payload: AssessmentIn) -> Status[Assessment]:
    run = services.run_assessment(
        actor=request.user, entity_id=payload.entity, framework_id=payload.framework,
        years=payload.years or None, chosen=payload.indicators or None, request=request,
    )  # fmt: skip
    return Status(201, run)
