"""Targets (6.3.2) in versions, and the T/ESC run that computes every KPI's progress from
the targets in force (the engine is the one place a number is computed)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from parkesg.web.assessments.inputs import entity_key
from parkesg.web.esg.kpis import FRAMEWORK
from parkesg.web.esg.models import Kpi, KpiTarget
from parkesg.web.esg.services import records

OPEN = ("draft", "submitted")


def save_target(*, actor: Any, obj: KpiTarget, request: Any = None) -> KpiTarget:
    """A new target is the next version of its KPI's (superseding the one in force when it
    is approved); only one version may be open (draft or awaiting approval) at a time."""
    if obj._state.adding:
        obj.author = actor
        with transaction.atomic():
            kpi = Kpi.objects.select_for_update().get(pk=obj.kpi_id)
            mine = KpiTarget.objects.filter(kpi=kpi)
            if mine.filter(state__in=OPEN).exists():
                raise ValidationError({"kpi": "该指标已有一个待完成的新版本，请在其上修改"})
            obj.version = (mine.aggregate(n=Max("version"))["n"] or 0) + 1
            obj.supersedes = mine.filter(state="approved").first()
            return records.save(actor=actor, obj=obj, request=request)  # type: ignore[no-any-return]
    return records.save(actor=actor, obj=obj, request=request)  # type: ignore[no-any-return]


def in_force(org: Any) -> list[KpiTarget]:
    """The approved version of each KPI's target."""
    return list(KpiTarget.objects.filter(organisation=org, state="approved")
                .select_related("kpi").order_by("kpi_id"))  # fmt: skip


def targets_frame(org: Any) -> pd.DataFrame | None:
    """The targets table ``service.assess`` reads for T/ESC (entity_id, indicator_id, baseline,
    target): the approved versions of the park's Table A.1 KPIs; None when there are none."""
    rows = [{"entity_id": entity_key(org), "indicator_id": t.kpi.indicator_id,
             "baseline": float(t.baseline), "target": float(t.target)}
            for t in in_force(org) if t.kpi.indicator_id]  # fmt: skip
    if not rows:
        return None
    return pd.DataFrame(rows, columns=["entity_id", "indicator_id", "baseline", "target"])


def recompute(*, actor: Any, year: int | None = None, request: Any = None) -> Any:
    """Run the T/ESC assessment of the actor's park now (approved data, targets in force) over
    every year with approved data up to ``year`` (all: the dashboard's trend per KPI), and
    store it (``assessments.services.run_assessment``): the dashboard and report read it."""
    from parkesg.frameworks import load_framework
    from parkesg.web.assessments.inputs import approved_inputs
    from parkesg.web.assessments.services import run_assessment

    records.require_park(actor, KpiTarget, request)
    have = approved_inputs(actor, actor.organisation, load_framework(FRAMEWORK)).years
    years = [y for y in have if year is None or y <= year] or ([year] if year else None)
    if year is not None and years and year not in years:
        years = [*years, year]  # the report's year: its lack of data is reported by the run
    return run_assessment(actor=actor, entity_id=actor.organisation_id, framework_id=FRAMEWORK,
                          years=years, request=request)  # fmt: skip
