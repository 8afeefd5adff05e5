"""What a government sees of its region: counts and figures that mean something, never one
entity's values (issue 19 item 4).

How a field is combined over the region's entities is read from the field catalogue's
metadata (``kind`` and ``unit``), one rule per field (``rule_of``):

- ``count_yes`` — a yes/no field (kind boolean): how many reporting entities answered 是;
- ``categories`` — an ordinal field: how many reported each category;
- ``ratio`` — a share in % (unit %): the ratio of sums, Σ(value × weight) ÷ Σ weight, over
  the entities that reported both the share and its weight field (``RATIO_WEIGHTS``, stated
  on the page); a share without a meaningful weight in the catalogue is not combined
  (``not_combined``) — adding or averaging such shares says nothing about the region;
- ``mean`` — a per-entity duration (unit 天, e.g. days of good air quality): the mean over
  the reporting entities, since days of different parks do not add up;
- ``sum`` — every other quantity (masses, energy, water, money, people, counts, areas):
  additive, summed.

A figure is shown only when at least ``MIN_ENTITIES`` entities contributed, so no single
enterprise's figure can be read off (or subtracted out of) an aggregate; suppressed cells
are left out and only counted. Beside each figure: its coverage — how many of the region's
entities of that kind reported it. Only approved values count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from parkesg.frameworks import load_catalogue
from parkesg.frameworks.schema import FieldDef, Kind
from parkesg.web.core.review import ReviewState
from parkesg.web.observations.models import Observation, field_label
from parkesg.web.orgs.models import Organisation, OrgKind, region_prefix

MIN_ENTITIES = 3

# A share (unit %) → the catalogue field it is weighted by (the share's denominator, or the
# nearest one the catalogue has — said on the page). Shares missing here are not combined.
RATIO_WEIGHTS: dict[str, str] = {
    "bus_stop_coverage": "land_area",  # of the built-up area; 用地总面积 is the nearest
    "parking_shade_ratio": "parking_spaces",  # of the open-air parking area; spaces nearest
}
RULE_LABELS = {"sum": _("合计"), "ratio": _("加权比率"), "count_yes": _("“是”的个数"),
               "categories": _("各类别个数"), "mean": _("平均值"), "not_combined": _("不合并")}  # fmt: skip


def rule_of(field: FieldDef | None) -> str:
    """How ``field``'s values combine over entities (see the module docstring)."""
    if field is None:
        return "not_combined"
    if field.kind == Kind.boolean:
        return "count_yes"
    if field.kind == Kind.ordinal:
        return "categories"
    if field.unit == "%":
        return "ratio" if field.id in RATIO_WEIGHTS else "not_combined"
    if field.unit == "天":
        return "mean"
    return "sum"


@dataclass(frozen=True)
class FieldFigure:
    field_id: str
    label: str
    year: int
    rule: str
    value: Any  # a number (sum, ratio, mean, count of 是) or {category: count}
    unit: str
    entities: int  # contributed to the figure
    population: int  # entities of the field's kind in the region (coverage: entities / this)
    weight: str = ""  # ratio: the weight field, labelled

    @property
    def rule_label(self) -> str:
        return str(RULE_LABELS[self.rule])


@dataclass(frozen=True)
class RegionFigures:
    figures: list[FieldFigure]
    suppressed: int  # field-years left out: fewer than MIN_ENTITIES contributed
    not_combined: list[str]  # fields whose values are not combined (labels)


def may_see_region(user: Any) -> bool:
    org = getattr(user, "organisation", None)
    return bool(user.is_authenticated and org is not None and org.kind == OrgKind.government)


def organisations_by_kind(user: Any) -> dict[str, int]:
    """How many organisations of each kind the government's region holds."""
    prefix = region_prefix(user.organisation.region)
    rows = (
        Organisation.objects.filter(region__startswith=prefix)
        .values("kind")
        .annotate(n=Count("id"))
    )
    counts = {r["kind"]: r["n"] for r in rows}
    return {str(label): counts.get(kind, 0) for kind, label in OrgKind.choices}


def _population(prefix: str) -> dict[str, int]:
    """Entities of the region by the catalogue's entity kind (park, enterprise)."""
    rows = (
        Organisation.objects.filter(region__startswith=prefix)
        .values("kind")
        .annotate(n=Count("id"))
    )
    counts = {r["kind"]: r["n"] for r in rows}
    park, ent = counts.get(OrgKind.park, 0), counts.get(OrgKind.enterprise, 0)
    return {"park": park, "enterprise": ent, "any": park + ent}


def field_figures(user: Any, *, year: int | None = None) -> RegionFigures:
    """The region's approved values combined per field and year by ``rule_of``."""
    prefix = region_prefix(user.organisation.region)
    qs = Observation.objects.filter(organisation__region__startswith=prefix,
                                    state=ReviewState.approved)  # fmt: skip
    if year is not None:
        qs = qs.filter(year=year)
    values: dict[tuple[str, int], dict[int, Any]] = defaultdict(dict)
    for org, fid, y, v, std, cat in qs.values_list("organisation_id", "field_id", "year", "value",
                                                   "value_std", "category"):  # fmt: skip
        values[(fid, y)][org] = cat if cat else (std if std is not None else v)
    catalogue = load_catalogue()
    population = _population(prefix)
    out, suppressed, not_combined = [], 0, set()
    for (fid, y), by_org in sorted(values.items()):
        field = catalogue.get(fid)
        rule = rule_of(field)
        if rule == "not_combined":
            not_combined.add(field_label(fid))
            continue
        weight = RATIO_WEIGHTS.get(fid, "")
        value, used = _combine(rule, by_org, values.get((weight, y), {}))
        if used < MIN_ENTITIES:
            suppressed += 1
            continue
        assert field is not None
        out.append(FieldFigure(fid, field_label(fid), y, rule, value,
                               "" if rule in ("count_yes", "categories") else field.unit, used,
                               population[field.entity_kind],
                               field_label(weight) if weight else ""))  # fmt: skip
    return RegionFigures(out, suppressed, sorted(not_combined))


def _combine(rule: str, by_org: dict[int, Any], weights: dict[int, Any]) -> tuple[Any, int]:
    """(the figure, how many entities contributed to it)."""
    numbers = {o: float(v) for o, v in by_org.items() if isinstance(v, int | float)}
    if rule == "categories":
        cats = {o: v for o, v in by_org.items() if isinstance(v, str)}
        return dict(Counter(cats.values())), len(cats)
    if rule == "count_yes":
        return sum(1 for v in numbers.values() if v > 0), len(numbers)
    if rule == "mean":
        return (sum(numbers.values()) / len(numbers) if numbers else None), len(numbers)
    if rule == "ratio":
        pairs = [(v, float(weights[o])) for o, v in numbers.items()
                 if isinstance(weights.get(o), int | float)]  # fmt: skip
        total = sum(w for _v, w in pairs)
        if not total:
            return None, 0
        return sum(v * w for v, w in pairs) / total, len(pairs)
    return sum(numbers.values()), len(numbers)
