"""Enter, correct and review observations. Values are checked against the shared field
catalogue (``parkesg.frameworks.load_catalogue``) and converted to the field's unit with
``parkesg.units`` — the same rules as the Excel import of the core."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from parkesg.errors import DataError
from parkesg.frameworks import FieldDef, load_catalogue
from parkesg.io.workbook import check_bounds
from parkesg.units import convert
from parkesg.web.audit import services as audit
from parkesg.web.core.objects import get_for_user, save_for_user
from parkesg.web.core.review import TRANSITIONS, mark_changed, transition
from parkesg.web.core.roles import Action
from parkesg.web.observations.models import Observation, ObservationRevision
from parkesg.web.orgs.models import Organisation, OrgKind
from parkesg.years import check_year


def fields_for_entity(org: Organisation) -> list[FieldDef]:
    """Catalogue fields an organisation of this kind reports (park or enterprise)."""
    kind = {OrgKind.park: "park", OrgKind.enterprise: "enterprise"}.get(OrgKind(org.kind))
    if kind is None:
        return []
    return [f for f in load_catalogue().values() if f.entity_kind in (kind, "any")]


def check_value(obs: Observation) -> None:
    """Validate against the catalogue and fill ``value_std``; ``ValidationError`` by field."""
    field = {f.id: f for f in fields_for_entity(obs.organisation)}.get(obs.field_id)
    if field is None:
        raise ValidationError({"field_id": f"字段 “{obs.field_id}” 不在本类主体的字段目录中"})
    try:
        check_year(obs.year)
    except DataError as exc:
        raise ValidationError({"year": exc.detail}) from exc
    ef = obs.evidence_file
    if ef is not None and ef.organisation_id != obs.organisation_id:
        raise ValidationError({"evidence_file": "只能附加本组织的证明材料"})
    if field.kind == "ordinal":
        if obs.category not in field.categories:
            raise ValidationError({"category": "应为：" + "、".join(field.categories)})
        obs.value = obs.value_std = None
        return
    if obs.value is None or not math.isfinite(obs.value):
        raise ValidationError({"value": "请填写数值"})
    if field.kind == "boolean":
        if obs.value not in (0, 1):
            raise ValidationError({"value": "是 / 否 字段填 1 或 0"})
        obs.value_std = obs.value
        return
    obs.unit = obs.unit.strip() or field.unit
    try:
        obs.value_std = convert(obs.value, obs.unit, field.unit)
    except DataError as exc:
        raise ValidationError({"unit": str(exc)}) from exc
    try:
        check_bounds(field, obs.value_std, typed=f"{obs.value:g} {obs.unit}".strip())
    except DataError as exc:
        raise ValidationError({"value": exc.detail}) from exc


def lock_entity(organisation_id: int) -> None:
    """Serialise writers of one entity's values for the rest of the transaction (a row lock on
    the organisation, PostgreSQL; SQLite's writers are serialised by BEGIN IMMEDIATE): two
    uploads or forms at once then see each other's values instead of racing to insert the
    same one or to number the same revision."""
    Organisation.objects.select_for_update().filter(pk=organisation_id).exists()


def latest_revision(obs: Observation) -> int:
    """The number of the observation's last revision (any event); 0 for none."""
    last = obs.revisions.order_by("-no").values_list("no", flat=True).first()
    return last or 0


def content_revision(obs: Observation) -> int:
    """The number of the revision that last changed its content (an edit); 0 for none."""
    last = obs.revisions.filter(event="edit").order_by("-no").values_list("no", flat=True)
    return last.first() or 0


def _revise(obs: Observation, event: str, user: Any, note: str = "") -> None:
    last = obs.revisions.order_by("-no").first()
    ObservationRevision.objects.create(
        observation=obs, no=(last.no + 1) if last else 1, event=event, value=obs.value,
        category=obs.category, unit=obs.unit, value_std=obs.value_std, source=obs.source,
        evidence=obs.evidence, evidence_file=obs.evidence_file, state=obs.state, by=user,
        note=note,
    )  # fmt: skip


def save_observation(
    *, actor: Any, obs: Observation, request: Any = None, note: str = ""
) -> Observation:
    """Create or correct a value: the actor becomes its maker and it goes back to draft.
    ``note`` goes into the value history (e.g. the workbook cell a value came from)."""
    adding = obs._state.adding
    if adding:
        obs.organisation, obs.created_by = actor.organisation, actor
    with transaction.atomic():
        lock_entity(obs.organisation_id)
        before = None if adding else audit.snapshot(Observation.objects.get(pk=obs.pk))
        mark_changed(obs, user=actor)
        check_value(obs)
        obs.full_clean()  # lengths, source category, one value per entity, year and field
        save_for_user(obs, actor, Action.add if adding else Action.change, before=before,
                      request=request)  # fmt: skip
        _revise(obs, "edit", actor, note)
    return obs


def review(
    *, actor: Any, observation_id: int, event: str, note: str = "", request: Any = None
) -> Observation:
    """Submit, approve or reject (``core.review.TRANSITIONS``); checker ≠ maker."""
    t = TRANSITIONS.get(event)
    if t is None:
        raise ValidationError(f"未知操作 “{event}”")
    obs = get_for_user(Observation, actor, t.action, observation_id, request=request)
    with transaction.atomic():
        lock_entity(obs.organisation_id)
        obs.refresh_from_db()  # as it is now that no one else is writing it
        before = audit.snapshot(obs)
        transition(obs, event, user=actor, note=note)
        save_for_user(obs, actor, t.action, before=before, request=request, audit_action=event)
        _revise(obs, event, actor, note)
    return obs
