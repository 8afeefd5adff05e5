"""JSON API for organisations, people and grants (read-only in this version)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema

from parkesg.web.core import policy
from parkesg.web.core.objects import get_for_user
from parkesg.web.core.pagination import paged
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import AccessGrant, Organisation, User

router = Router(tags=["organisations 组织"])


class OrganisationOut(Schema):
    id: int
    name: str
    name_en: str
    kind: str
    region: str
    park_id: int | None


class GrantOut(Schema):
    id: int
    kind: str
    organisation_id: int
    grantee_id: int
    starts_on: dt.date
    ends_on: dt.date | None
    pledge_recorded_at: dt.datetime | None
    revoked_at: dt.datetime | None


class MeOut(Schema):
    username: str
    role: str
    organisation_id: int | None
    is_superuser: bool


@router.get("/me", response=MeOut, summary="当前用户 / the user making the request")
@policy.signed_in
def me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/organisations", response=list[OrganisationOut], summary="可见的组织 / visible")
@policy.member()  # and the system administrator (the directory)
@paged
def list_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    return Organisation.objects.for_user(request.user, Action.view).order_by("name")


@router.get("/organisations/{org_id}", response=OrganisationOut)
@policy.obj(Organisation, kwarg="org_id")
def get_organisation(request: HttpRequest, org_id: int) -> Organisation:
    return get_for_user(Organisation, request.user, Action.view, org_id, request=request)


@router.get("/grants", response=list[GrantOut], summary="数据授权 / access grants")
@policy.member()
@paged
def list_grants(request: HttpRequest) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.for_user(request.user, Action.view).order_by("-pk")


@router.get("/grants/{grant_id}", response=GrantOut)
@policy.obj(AccessGrant, kwarg="grant_id")
def get_grant(request: HttpRequest, grant_id: int) -> AccessGrant:
    return get_for_user(AccessGrant, request.user, Action.view, grant_id, request=request)
