"""Saving a register row and moving a record along its workflow — the two generic services
every page and API call of the ESG app goes through."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core.objects import deny, get_for_user, save_for_user
from parkesg.web.core.roles import Action
from parkesg.web.esg import flows
from parkesg.web.orgs.models import OrgKind

PENDING_M2M = "_esg_m2m"  # a form leaves its many-to-many choices here for ``save``
# kept by the workflows and their services, never by an edit: a change keeps the stored value
KEPT = ("state", "version", "supersedes", "author", "approved_by", "approved_at", "audited_by",
        "audited_at", "published_at", "closed_by", "closed_on", "verified_by", "verified_on",
        "completed_on", "conducted_on", "document", "assessment", "raised_by")  # fmt: skip


def require_park(actor: Any, model: type[models.Model], request: Any = None) -> None:
    """The ESG management system is a park committee's (T/ESC 001 applies to parks)."""
    org = getattr(actor, "organisation", None)
    if org is None or org.kind != OrgKind.park:
        deny(actor, model, "", Action.add, request)
        raise PermissionDenied


def save(*, actor: Any, obj: Any, request: Any = None) -> Any:
    """Add or change a register row of the actor's park committee: refused once the row is a
    frozen record (closed, approved); many-to-many choices saved with it; audited."""
    model = type(obj)
    adding = obj._state.adding
    require_park(actor, model, request)
    if adding:
        obj.organisation = actor.organisation
        obj.created_by = actor
        before = None
    else:
        stored = model.objects.get(pk=obj.pk)
        if stored.frozen:
            raise ValidationError("该记录已定稿（已批准、已关闭或已提交），不能再修改")
        before = audit.snapshot(stored)
        names = {f.name for f in model._meta.concrete_fields}
        written = {f for (m, _e), fs in flows.FIELDS.items() if m == model._meta.model_name
                   for f in fs}  # a step's text is written with the step  # fmt: skip
        for name in (*KEPT, *written):
            if name in names:
                setattr(obj, name, getattr(stored, name))
    m2m: dict[str, Any] = getattr(obj, PENDING_M2M, {})
    with transaction.atomic():
        saved = save_for_user(obj, actor, Action.add if adding else Action.change,
                              before=before, request=request)  # fmt: skip
        if m2m:
            old = {n: sorted(getattr(saved, n).values_list("pk", flat=True)) for n in m2m}
            for name, values in m2m.items():
                getattr(saved, name).set(values)
            new = {n: sorted(getattr(saved, n).values_list("pk", flat=True)) for n in m2m}
            if new != old:
                audit.record(action=AuditAction.change, actor=actor, organisation=saved.organisation,
                             obj=saved, before={"m2m": old}, after={"m2m": new}, request=request)  # fmt: skip
    return saved


def move(
    *,
    actor: Any,
    model: type[models.Model],
    pk: Any,
    event: str,
    note: str = "",
    fields: dict[str, str] | None = None,
    request: Any = None,
) -> Any:
    """Take ``event`` on the record ``pk``: what the step asks a person to write (``FIELDS``)
    is saved with it in one transaction — refused, nothing is kept."""
    name = model._meta.model_name or ""
    flow = flows.FLOWS[name]
    obj = get_for_user(model, actor, Action.view, pk, request=request)
    step = flow.step(event)
    if not step.may(actor, obj):
        deny(actor, model, pk, event, request)
        raise PermissionDenied(f"无权“{step.label}”")
    wanted = flows.FIELDS.get((name, event), ())
    with transaction.atomic():
        if wanted and fields:
            before = {f: getattr(obj, f) for f in wanted}
            for f in wanted:
                setattr(obj, f, (fields.get(f) or "").strip())
            after = {f: getattr(obj, f) for f in wanted}
            if after != before:
                obj.save(update_fields=list(wanted))
                audit.record(action=AuditAction.change, actor=actor, organisation=obj.organisation,
                             obj=obj, before=before, after=after, request=request)  # fmt: skip
        return flow.move(obj, event, user=actor, note=note, request=request)
