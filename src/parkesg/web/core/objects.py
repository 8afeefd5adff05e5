"""Fetch and save tenant objects through the access policy, auditing what happens.

Every view and API call uses these two functions; they are the service layer's generic half
(each app's ``services`` adds its own rules on top).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.http import Http404

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction

M = TypeVar("M", bound=models.Model)


def deny(user: Any, model: type[models.Model], pk: Any, action: str, request: Any) -> None:
    """Audit a refused access (on the actor's chain; the platform chain when anonymous)."""
    audit.record(
        action=AuditAction.denied,
        actor=user,
        after={"model": model._meta.label_lower, "id": str(pk), "wanted": action},
        request=request,
    )


MAX_ID = 2**63 - 1  # the largest id a 64-bit column holds (SQLite INTEGER, PostgreSQL bigint)


def object_id(pk: Any) -> int | None:
    """``pk`` as an id a database can be asked for, or None (then no object has it): a
    number beyond 64 bits would make SQLite raise instead of finding nothing."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    return key if 0 < key <= MAX_ID else None


def get_for_user(
    model: type[models.Model], user: Any, action: str, pk: Any, *, request: Any = None
) -> Any:
    """The object ``pk`` if ``user`` may ``action`` it. Not even visible → 404 (its existence
    is not revealed); visible but the action not allowed → 403. Both are audited."""
    qs = model.objects.for_user(user, action)  # type: ignore[attr-defined]
    key = object_id(pk)
    try:
        if key is not None:
            return qs.get(pk=key)
    except ObjectDoesNotExist:
        pass
    deny(user, model, pk, action, request)
    visible = (
        key is not None
        and action != "view"
        and model.objects.for_user(user, "view").filter(pk=key).exists()  # type: ignore[attr-defined]
    )
    if visible:
        raise PermissionDenied
    raise Http404


def save_for_user(
    obj: M,
    user: Any,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    request: Any = None,
    organisation: Any = None,
    audit_action: str = "",
) -> M:
    """Save ``obj`` and audit it, re-checking after ``save()`` inside the transaction that the
    user may ``action`` the saved row (NetBox's habit: a form cannot move a row out of reach)."""
    adding = obj._state.adding

    class _OutOfReach(Exception):
        pass

    try:
        with transaction.atomic():
            obj.save()
            if not type(obj).objects.for_user(user, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
                raise _OutOfReach  # rolls the save back
            audit.record(
                action=audit_action or (AuditAction.create if adding else AuditAction.change),
                actor=user,
                organisation=organisation or owner_of(obj),
                obj=obj,
                before=before,
                after=audit.snapshot(obj),
                request=request,
            )
    except _OutOfReach:
        deny(user, type(obj), obj.pk, action, request)
        raise PermissionDenied from None
    return obj


def owner_of(obj: models.Model) -> Any:
    """The organisation whose audit chain records changes to ``obj``."""
    from parkesg.web.orgs.models import Organisation

    if isinstance(obj, Organisation):
        return obj
    return getattr(obj, "organisation", None)
