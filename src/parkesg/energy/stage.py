"""Plan the engine's energy stage (``parkesg.engine.energy``) and apply it before an
assessment: pick the coefficients in force, express each per unit of its activity field
through the unit registry, and hand the engine plain numbers and a small year table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir
import pandas as pd

from parkesg.engine.energy import Plan, Term, derive, factor_key
from parkesg.errors import ParkesgError
from parkesg.frameworks import load_catalogue
from parkesg.frameworks.schema import FieldDef
from parkesg.units import parse_unit

from .coefficients import (
    TARGET_UNIT,
    CoefficientSet,
    carriers_by_id,
    coefficient_owner,
    field_units,
    load_carriers,
    load_coefficients,
)
from .schema import Coefficient, Convention, Quantity

DEFAULT_SERIES = "national"


@dataclass(frozen=True)
class EnergySettings:
    """How activity data become tce and tCO2: coefficients, convention and grid series."""

    coefficients: CoefficientSet = field(default_factory=load_coefficients)
    convention: Convention = Convention.calorific
    grid: str = DEFAULT_SERIES  # series of year-dependent factors: national, carbon_market …

    def __post_init__(self) -> None:
        series = sorted({c.series for c in self.coefficients.entries})
        if self.grid not in series:  # a typo must not fall back to the national series
            raise ParkesgError(f"系数系列 “{self.grid}” 不存在；可用：{'、'.join(series)}")


def activity_fields() -> list[str]:
    return [c.field for c in load_carriers().carriers]


def has_activity(columns: Iterable[str]) -> bool:
    return bool(set(activity_fields()) & set(columns))


def chosen(settings: EnergySettings, carrier: str, quantity: Quantity) -> list[Coefficient]:
    """The entries that apply to ``carrier`` (via its owner) for ``quantity``: the chosen
    grid series where the carrier has one, else the national series; the equivalent value
    falls back to the calorific one where no equivalent value is given (GB/T 2589)."""
    owner = coefficient_owner(carriers_by_id()[carrier])
    found = settings.coefficients.lookup(owner, quantity, settings.grid)
    if not found and settings.grid != DEFAULT_SERIES:
        found = settings.coefficients.lookup(owner, quantity, DEFAULT_SERIES)
    if not found and quantity == Quantity.equivalent:
        return chosen(settings, carrier, Quantity.calorific)
    return found


def used(
    settings: EnergySettings, carrier: str, quantity: Quantity, year: int
) -> Coefficient | None:
    """The coefficient applied to ``carrier`` in ``year`` (None: missing for that year)."""
    for c in chosen(settings, carrier, quantity):
        if c.year is None or c.year == year:
            return c
    return None


def per_field_unit(c: Coefficient, field_unit: str) -> float:
    """The coefficient as tce (or tCO2) per unit of the activity field: 0.1229 kgce/kWh on a
    field in 万kWh is 1.229 tce per 万kWh."""
    one = 1.0 * parse_unit(field_unit) * parse_unit(c.unit)
    return float(c.value * one.to(parse_unit(TARGET_UNIT[c.quantity])).magnitude)


def plan(kind: str, settings: EnergySettings) -> tuple[Plan, pd.DataFrame]:
    """The engine's plan for entities of ``kind`` and the year-dependent factor rows."""
    doc = load_carriers()
    units = field_units()
    terms, rows = [], []
    for c in doc.carriers:
        constant: dict[str, float] = {}
        yearly: set[str] = set()
        for q in Quantity:
            if q == Quantity.co2 and c.scope == "none":
                continue
            entries = chosen(settings, c.id, q)
            if entries and all(e.year is None for e in entries):
                constant[q.value] = per_field_unit(entries[0], units[c.id])
                continue
            yearly.add(q.value)  # by year, or none at all: every year “not computable”
            key = factor_key(q.value, c.id)
            rows += [(e.year, key, per_field_unit(e, units[c.id])) for e in entries]
        terms.append(
            Term(
                id=c.id,
                field=c.field,
                name_zh=c.name.zh,
                unit=units[c.id],
                sign=c.sign,
                in_total=c.in_total,
                renewable=c.renewable,
                clean=c.clean,
                scope=c.scope,
                constant=constant,
                yearly=frozenset(yearly),
            )  # fmt: skip
        )
    t = doc.targets[kind]  # type: ignore[index]
    targets = {r: f for r, f in (("energy", t.energy), ("co2", t.co2),
                                 ("renewable", t.renewable), ("clean", t.clean)) if f}  # fmt: skip
    yearly_rows = pd.DataFrame(rows, columns=["year", "key", "factor"]).astype(
        {"year": "int64", "key": "string", "factor": "float64"}
    )
    return Plan(tuple(terms), settings.convention.value, targets, t.intensity_base), yearly_rows


def apply(table: ir.Table, kind: str, settings: EnergySettings | None = None) -> ir.Table:
    """``table`` with derived energy and carbon fields, or unchanged when it holds no activity
    data (so an assessment of reported totals costs nothing more)."""
    if not has_activity(table.columns):
        return table
    p, rows = plan(kind, settings or EnergySettings())
    yearly = ibis.memtable(rows) if len(rows) or any(t.yearly for t in p.terms) else None
    return derive(table, p, yearly)


def detail(table: ir.Table) -> ir.Table | None:
    """Activity, factor, per-carrier and total columns of an applied stage, for the trace and
    the tables (None when the stage did not run)."""
    if "energy__tce" not in table.columns:
        return None
    acts = [f for f in activity_fields() if f in table.columns]
    derived = [
        c
        for c in table.columns
        if c.startswith(
            ("factor__", "calorific__", "equivalent__", "co2__", "energy__", "origin__")
        )
    ]
    return table.select("entity_id", "year", *acts, *derived)


def activity_fields_for(fields: Iterable[FieldDef]) -> list[FieldDef]:
    """The activity fields to offer beside ``fields`` (e.g. in a template) when one of them
    can be derived from activity data; none otherwise."""
    doc = load_carriers()
    targets = {f for t in doc.targets.values() for f in t.model_dump(exclude_none=True).values()}
    if not targets & {f.id for f in fields}:
        return []
    catalogue = load_catalogue()
    return [catalogue[c.field] for c in doc.carriers]
