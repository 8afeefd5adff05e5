"""JSON API: an organisation's admins read its audit chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema

from parkesg.web.audit.models import AuditRecord
from parkesg.web.core import policy
from parkesg.web.core.pagination import paged
from parkesg.web.core.roles import Action

router = Router(tags=["audit 审计"])


class AuditOut(Schema):
    seq: int
    at: dt.datetime
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any = None
    after: Any = None
    request_id: str
    hash: str


@router.get("/audit", response=list[AuditOut], summary="本组织审计日志 / own audit chain")
@policy.member(Action.manage)  # and the platform's audit administrator
@paged
def list_audit(request: HttpRequest) -> QuerySet[AuditRecord]:
    return AuditRecord.objects.for_user(request.user, Action.view).order_by("-at", "-id")
