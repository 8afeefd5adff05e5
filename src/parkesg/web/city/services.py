"""Saving a register entry and attaching its evidence — the two services every page of the
city registers goes through (audited through ``core.objects.save_for_user``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from parkesg.codes import check_region
from parkesg.errors import DataError
from parkesg.web.audit import services as audit
from parkesg.web.core.objects import deny, get_for_user, save_for_user
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import OrgKind, region_prefix
from parkesg.web.ratings import uploads

FIRST_YEAR, LAST_YEAR = 2000, 2100


def require_government(actor: Any, model: type, request: Any = None) -> None:
    """The registers are kept by a government's staff (方案: 各辖市、区人民政府落实)."""
    org = getattr(actor, "organisation", None)
    if org is None or org.kind != OrgKind.government:
        deny(actor, model, "", Action.add, request)
        raise PermissionDenied


def check_entry(actor: Any, obj: Any) -> None:
    """The district lies in the government's region; the year is a plausible one."""
    problems: dict[str, str] = {}
    try:
        obj.district = check_region(str(obj.district or ""))
    except DataError as exc:
        problems["district"] = exc.detail
    else:
        prefix = region_prefix(actor.organisation.region)
        if not obj.district.startswith(prefix):
            problems["district"] = f"辖区 {obj.district} 不在本政府的行政区划 {prefix} 内"
    if not FIRST_YEAR <= int(obj.year or 0) <= LAST_YEAR:
        problems["year"] = f"年份应在 {FIRST_YEAR}–{LAST_YEAR} 之间"
    if problems:
        raise ValidationError(problems)


def save_entry(*, actor: Any, obj: Any, request: Any = None) -> Any:
    """Add or change a register entry of the actor's government; audited."""
    model = type(obj)
    require_government(actor, model, request)
    adding = obj._state.adding
    before = None
    if adding:
        obj.organisation = actor.organisation
        obj.created_by = actor
    else:
        before = audit.snapshot(model.objects.get(pk=obj.pk))
    check_entry(actor, obj)
    if obj.evidence_file_id and obj.evidence_file.organisation_id != actor.organisation_id:
        raise ValidationError({"evidence_file": "只能附加本组织的证明材料"})
    return save_for_user(obj, actor, Action.add if adding else Action.change, before=before,
                         request=request)  # fmt: skip


def attach_evidence(*, actor: Any, model: type, pk: Any, uploaded: Any, request: Any = None) -> Any:
    """Check ``uploaded`` with the evidence store's checks (a refused file: ``DataError``,
    audited, nothing kept), then keep it and link it to the entry in one transaction."""
    entry = get_for_user(model, actor, Action.change, pk, request=request)
    got = uploads.screen(request, [uploaded]) if request is not None else [
        uploads.check(actor=actor, uploaded=uploaded)]  # fmt: skip
    with transaction.atomic(), uploads.kept(actor, got, request) as files:
        before = audit.snapshot(entry)
        entry.evidence_file = files[0]
        return save_for_user(entry, actor, Action.change, before=before, request=request)
