"""JSON API: an organisation's admins read its audit chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from parkesg.web.audit.models import AuditRecord
from parkesg.web.core import policy
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
@policy.member(Action.manage)
def list_audit(request: HttpRequest, limit: int = 200) -> list[AuditRecord]:
    qs = AuditRecord.objects.for_user(request.user, Action.view).order_by("-seq")
    return list(qs[: max(1, min(limit, 1000))])
