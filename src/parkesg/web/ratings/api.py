"""JSON API for ratings — the same services as the pages, so the same rules, steps and audit:
projects, their results, workflow steps and rating runs; certificates and objections; the
banks' portfolio; and published grades (public, no login: what was published, no more)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from parkesg.web.core import policy
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.pagination import paged
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import Organisation
from parkesg.web.ratings import banks, flows, objections, services
from parkesg.web.ratings.kinds import ProjectState
from parkesg.web.ratings.models import Certificate, Objection, RatingProject, RatingResult
from parkesg.web.ratings.published import FIELDS as PUBLISHED_FIELDS
from parkesg.web.ratings.published import published_grades

router = Router(tags=["ratings 评级"])
Event = Literal[tuple(s.event for s in flows.PROJECT.steps)]  # type: ignore[valid-type]
State = Literal[tuple(ProjectState.values)]  # type: ignore[valid-type]
Text = Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")]  # no NUL: 422


class ProjectOut(Schema):
    id: int
    organisation_id: int
    number: str
    title: str
    rating_type: str
    state: str
    year: int
    framework_id: str
    commissioned_by_id: int | None
    published_on: dt.date | None
    window_ends_on: dt.date | None
    created_at: dt.datetime


class ResultOut(Schema):
    id: int
    run_id: int
    member_id: int
    enterprise: str
    year: int
    score: float | None
    grade: str
    comprehensive_score: float | None
    comprehensive_grade: str
    final_kind: str
    withheld: bool
    previous_grade: str
    current: bool

    @staticmethod
    def resolve_enterprise(obj: RatingResult) -> str:
        return obj.member.name


class MoveIn(Schema):
    event: Event  # type: ignore[valid-type]
    note: Annotated[str, Field(max_length=500)] = ""


class RunOut(Schema):
    id: int
    no: int
    kind: str
    entities: int
    grades: dict[str, int]
    seconds: float


class CertificateOut(Schema):
    id: int
    number: str
    enterprise_name: str
    credit_code: str
    grade: str
    rating_kind: str
    rating_type: str
    issued_on: dt.date
    valid_until: dt.date
    status: str


class ObjectionIn(Schema):
    reasons: Annotated[str, Field(min_length=1, max_length=5000)]


class ObjectionOut(Schema):
    id: int
    certificate_id: int
    member_id: int
    state: str
    reasons: str
    decision: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    diff: dict[str, Any] | None


class PublishedOut(Schema):
    id: int
    enterprise_name: str
    credit_code: str
    industry: str
    region: str
    grade: str
    rated_on: dt.date
    rating_org: str
    rating_type: str
    certificate_number: str
    published_on: dt.date
    window_ends_on: dt.date
    status: str


class PortfolioOut(Schema):
    enterprise_id: int
    enterprise: str
    credit_code: str
    consent_starts_on: dt.date
    consent_ends_on: dt.date | None
    in_force: bool
    expiring: bool
    grade: str
    rated_on: dt.date | None
    rating_org: str
    certificate: str
    previous: str
    change: str


@router.get("/ratings/projects", response=list[ProjectOut], summary="可见的评价项目")
@policy.member()
@paged
def list_projects(request: HttpRequest, state: State | None = None) -> QuerySet[RatingProject]:  # type: ignore[valid-type]
    qs = RatingProject.objects.for_user(request.user, Action.view).order_by("-pk")
    return qs.filter(state=state) if state is not None else qs


@router.get("/ratings/projects/{project_id}", response=ProjectOut, summary="评价项目")
@policy.obj(RatingProject, kwarg="project_id")
def get_project(request: HttpRequest, project_id: int) -> RatingProject:
    return services.project_for(request.user, project_id, request=request)  # type: ignore[no-any-return]


@router.get("/ratings/projects/{project_id}/results", response=list[ResultOut],
            summary="评价结果（可见的）")  # fmt: skip
@policy.obj(RatingProject, kwarg="project_id")
@paged
def project_results(
    request: HttpRequest, project_id: int, current: bool = True
) -> QuerySet[RatingResult]:
    p = services.project_for(request.user, project_id, request=request)
    qs = RatingResult.objects.for_user(request.user, Action.view).filter(project=p)
    if current:
        qs = qs.filter(current=True)
    return qs.select_related("member").order_by("pk")


@router.post("/ratings/projects/{project_id}/move", response=ProjectOut, summary="流程步骤")
@policy.obj(RatingProject, kwarg="project_id")  # the flow decides
def move_project(request: HttpRequest, project_id: int, payload: MoveIn) -> Any:
    return services.move(actor=request.user, project_id=project_id, event=payload.event,
                         note=payload.note, request=request)  # fmt: skip


@router.post("/ratings/projects/{project_id}/run", response={201: RunOut}, summary="评价计算")
@policy.obj(RatingProject, Action.change, kwarg="project_id")
def run_project(request: HttpRequest, project_id: int) -> Status[Any]:
    return Status(201, services.run_rating(actor=request.user, project_id=project_id,
                                           request=request))  # fmt: skip


@router.get("/ratings/certificates", response=list[CertificateOut], summary="可见的证书")
@policy.member()
@paged
def list_certificates(request: HttpRequest) -> QuerySet[Certificate]:
    return Certificate.objects.for_user(request.user, Action.view).order_by("-pk")


@router.post("/ratings/certificates/{certificate_id}/objections", response={201: ObjectionOut},
             summary="提出异议（受评企业）")  # fmt: skip
@policy.obj(Certificate, kwarg="certificate_id")  # the rated enterprise
def object_to(request: HttpRequest, certificate_id: int, payload: ObjectionIn) -> Status[Any]:
    return Status(201, objections.file_objection(actor=request.user, certificate_id=certificate_id,
                                                 reasons=payload.reasons, request=request))  # fmt: skip


@router.get("/ratings/objections/{objection_id}", response=ObjectionOut, summary="异议")
@policy.obj(Objection, kwarg="objection_id")
def get_objection(request: HttpRequest, objection_id: int) -> Objection:
    return get_for_user(Objection, request.user, Action.view, objection_id, request=request)  # type: ignore[no-any-return]


@router.get("/ratings/portfolio", response=list[PortfolioOut], summary="授信企业评级（银行）")
@policy.member()  # banks
@paged
def portfolio(request: HttpRequest, industry: Text = "", region: Text = "", grade: Text = "",
              expiring: bool = False) -> list[dict[str, Any]]:  # fmt: skip
    if not banks.is_bank(request.user):
        deny(request.user, Organisation, "", "ratings.portfolio", request)
        raise PermissionDenied
    rows = banks.portfolio(request.user, industry=industry, region=region, grade=grade,
                           expiring_only=expiring)  # fmt: skip
    return [{"enterprise_id": r.enterprise.pk, "enterprise": r.enterprise.name,
             "credit_code": r.enterprise.credit_code, "consent_starts_on": r.consent.starts_on,
             "consent_ends_on": r.consent.ends_on, "in_force": r.in_force,
             "expiring": r.expiring, "grade": r.grade, "rated_on": r.rated_on,
             "rating_org": r.rating_org, "certificate": r.certificate, "previous": r.previous,
             "change": r.change} for r in rows]  # fmt: skip


@router.get("/ratings/published", response=list[PublishedOut], auth=None,
            summary="公示的评价结果（公开）")  # fmt: skip
@policy.public  # 6.12 a
@paged
def published(request: HttpRequest, q: Text = "", region: Text = "", industry: Text = "",
              grade: Text = "", history: bool = False) -> QuerySet[Any]:  # fmt: skip
    qs = published_grades(query=q, region=region, industry=industry, grade=grade,
                          history=history)  # fmt: skip
    return qs.values("id", *PUBLISHED_FIELDS)  # the published fields only
