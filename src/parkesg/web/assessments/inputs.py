"""The engine's input from the platform: an entity's APPROVED observations as the tidy frame
the core reads (``io.workbook.obs_frame``), widened with ``io.tables.long_to_wide`` and the
entity's attributes (industry, region, name) from its organisation.

Drafts, submitted and rejected values are never used: only what a checker approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import Max

from parkesg.frameworks import fields_for
from parkesg.frameworks.schema import Framework
from parkesg.io.tables import long_to_wide
from parkesg.io.workbook import obs_frame
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action
from parkesg.web.observations.models import Observation, SourceCategory
from parkesg.web.orgs.models import Organisation

SOURCE_LABELS = dict(SourceCategory.choices)


@dataclass
class Inputs:
    wide: pd.DataFrame  # one row per year: entity_id, year, attributes, a column per field
    obs: pd.DataFrame  # LONG observations (source, evidence) for the traces
    snapshot: list[dict[str, Any]]  # observation id + revision number of each value used

    @property
    def years(self) -> list[int]:
        return sorted({int(r["year"]) for r in self.snapshot})


def entity_key(org: Organisation) -> str:
    """The entity id the engine sees: the organisation's id (stable, never reused)."""
    return str(org.pk)


def approved_inputs(user: Any, entity: Organisation, fw: Framework) -> Inputs:
    """Approved values of the fields ``fw`` reads, as far as ``user`` may view them."""
    wanted = {f.id for f in fields_for(fw)}
    qs = (
        Observation.objects.for_user(user, Action.view)
        .filter(organisation=entity, state=ReviewState.approved, field_id__in=wanted)
        .annotate(revision=Max("revisions__no"))
        .order_by("year", "field_id")
    )
    key = entity_key(entity)
    rows, snapshot = [], []
    for o in qs:
        rows.append({
            "entity_id": key, "year": o.year, "field": o.field_id,
            "value": o.value_std, "text": o.category or None, "unit_given": o.unit,
            "source": SOURCE_LABELS.get(o.source, o.source), "evidence": o.evidence,
            "sheet": "", "cell": "", "file": f"observation:{o.pk}",
        })  # fmt: skip
        snapshot.append({"observation": o.pk, "revision": o.revision, "field": o.field_id,
                         "year": o.year})  # fmt: skip
    obs = obs_frame(rows)
    attrs = {"entity_id": key, "name": entity.name, "region": entity.region,
             "industry": entity.industry or None}  # fmt: skip
    wide = (
        long_to_wide(obs, fields=fields_for(fw), entities=pd.DataFrame([attrs]))
        if rows
        else (pd.DataFrame(columns=["entity_id", "year"]))
    )
    return Inputs(wide, obs, snapshot)


def missing_fields(fw: Framework, inputs: Inputs, years: list[int]) -> dict[int, list[str]]:
    """Per assessed year, the fields ``fw`` reads that have no approved value ("字段名（id）")."""
    have = {(r["year"], r["field"]) for r in inputs.snapshot}
    out = {}
    for year in years:
        lacking = [f"{f.name.zh}（{f.id}）" for f in fields_for(fw) if (year, f.id) not in have]
        if lacking:
            out[year] = lacking
    return out
