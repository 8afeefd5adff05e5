"""The city dashboard's figures: every target of the plan (``targets.plan``) with its current
value — from the measure an app registered, else the latest registered figure — its progress
toward 2027 (% of the target), by year and by district, and the chart data the browser draws
(``static/parkesg/city.js`` holds no words: titles and names come from here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from parkesg import formatting
from parkesg.codes import region_name
from parkesg.web.city import measures, parks, zones
from parkesg.web.city.targets import Figure, Target, measure_of, plan
from parkesg.web.orgs.models import region_prefix


@dataclass(frozen=True)
class Row:
    target: Target
    figure: Figure
    progress: float | None  # value ÷ target × 100, None when either is missing

    @property
    def name(self) -> str:
        en = (get_language() or "zh").startswith("en")
        return self.target.name.en if en else self.target.name.zh

    @property
    def value_text(self) -> str:
        return formatting.number(self.figure.value, digits=1 if self.target.unit == "%" else 0)

    @property
    def target_text(self) -> str:
        return formatting.number(self.target.target, digits=0) if self.target.target else "—"


def figure(target: Target, prefix: str) -> Figure:
    """The target's figure: an app's measure, else the register's latest entry."""
    fn = measure_of(target.id)
    return fn(prefix) if fn is not None else measures.registered(target.id, prefix)


def rows(prefix: str) -> list[Row]:
    out = []
    for t in plan().targets:
        f = figure(t, prefix)
        progress = (f.value / t.target * 100) if f.value is not None and t.target else None
        out.append(Row(t, f, progress))
    return out


def district_label(code: str) -> str:
    return f"{region_name(code) or code}"


def charts(items: list[Row]) -> list[dict[str, Any]]:
    """One chart per target with figures: progress by year (with the 2027 target as a line)
    and the current value by district."""
    out = []
    for i, r in enumerate(items):
        f = r.figure
        if not f.by_year and not f.by_district:
            continue
        out.append({
            "id": f"chart-{i}", "title": r.name, "unit": r.target.unit,
            "target": r.target.target,
            "years": [str(y) for y in f.by_year], "values": list(f.by_year.values()),
            "districts": [district_label(d) for d in f.by_district],
            "district_values": list(f.by_district.values()),
        })  # fmt: skip
    return out


def context(user: Any) -> dict[str, Any]:
    prefix = region_prefix(user.organisation.region)
    items = rows(prefix)
    return {"rows": items, "charts": charts(items), "plan": plan(), "parks": parks.compare(user),
            "zones": zones.compare(user), "zone_dims": zones.dimension_names(),
            "region": region_name(user.organisation.region) or user.organisation.region}  # fmt: skip
