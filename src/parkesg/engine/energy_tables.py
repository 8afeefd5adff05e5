"""The energy balance and the carbon inventory, from the rows of the energy stage
(``energy.derive``): by carrier and year, and by entity and year.

Sums never hide a gap: where an entity reported a carrier whose factor is missing for the
year, the carrier's total (and the year's total) is NULL, not the sum of the others.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine.balanced import reduce_balanced
from parkesg.engine.energy import NO_ACTIVITY, PREFIX, Plan, Term

NUMBERS = ("quantity", "calorific", "equivalent", "co2")


def carrier_rows(stage: ir.Table, plan: Plan) -> ir.Table:
    """Long: one row per entity, year and carrier with its activity, tce under both
    conventions and CO2 (signed: supplied-out energy is negative)."""
    parts = [_one(stage, t, n) for n, t in enumerate(plan.terms) if t.field in stage.columns]
    if not parts:
        raise ValueError("no activity column in the data")
    return reduce_balanced(parts, lambda a, b: a.union(b, distinct=False))


def _col(stage: ir.Table, name: str) -> ir.FloatingValue:
    return stage[name].cast("float64") if name in stage.columns else ibis.null("float64")


def _one(stage: ir.Table, t: Term, order: int) -> ir.Table:
    return stage.select(
        entity_id=stage.entity_id.cast("string"),
        year=stage.year.cast("int64"),
        carrier=ibis.literal(t.id),
        name_zh=ibis.literal(t.name_zh),
        order=ibis.literal(order),
        unit=ibis.literal(t.unit),
        in_total=ibis.literal(t.in_total),
        scope=ibis.literal(t.scope),
        quantity=stage[t.field].cast("float64"),
        calorific=_col(stage, f"calorific__{t.id}"),
        equivalent=_col(stage, f"equivalent__{t.id}"),
        co2=_col(stage, f"co2__{t.id}"),
        co2_factor=_col(stage, f"factor__co2__{t.id}"),
    )


def _complete_sum(value: ir.FloatingValue, quantity: ir.FloatingValue) -> ir.FloatingValue:
    """Σ value, or NULL if some reported quantity has no value (a factor was missing)."""
    reported = (quantity.notnull() & (quantity != 0)).cast("int64").sum()
    converted = (quantity.notnull() & (quantity != 0) & value.notnull()).cast("int64").sum()
    return ibis.ifelse(converted < reported, ibis.null("float64"), value.sum().fill_null(0.0))


def balance(rows: ir.Table, convention: str) -> ir.Table:
    """Energy balance by year and carrier: physical quantity, tce under both conventions and
    each carrier's share (%) of the year's comprehensive consumption in ``convention``."""
    rows = rows.filter(rows.quantity.notnull())
    by = rows.group_by(["year", "carrier", "name_zh", "order", "unit", "in_total"]).aggregate(
        quantity=rows.quantity.sum(),
        calorific=_complete_sum(rows.calorific, rows.quantity),
        equivalent=_complete_sum(rows.equivalent, rows.quantity),
        entities=rows.entity_id.nunique(),
    )
    chosen = by[convention]
    total = ibis.ifelse(by.in_total, chosen, 0.0).sum().over(group_by=by.year)
    gaps = (by.in_total & chosen.isnull()).cast("int64").sum().over(group_by=by.year)
    total = ibis.ifelse(gaps > 0, ibis.null("float64"), total)
    share = ibis.ifelse((total == 0) | total.isnull(), ibis.null("float64"), chosen / total * 100)
    return by.mutate(share=share).order_by(["year", "order"])


def inventory_by_carrier(rows: ir.Table) -> ir.Table:
    """CO2 by year and carrier: activity, the factor applied, tCO2 and share of the year."""
    rows = rows.filter(rows.quantity.notnull() & (rows.scope != "none"))
    by = rows.group_by(["year", "carrier", "name_zh", "order", "unit", "scope"]).aggregate(
        quantity=rows.quantity.sum(),
        co2_factor=rows.co2_factor.max(),
        co2=_complete_sum(rows.co2, rows.quantity),
    )
    return by.mutate(share=_share(by.co2, by.year)).order_by(["year", "order"])


def inventory_by_entity(stage: ir.Table) -> ir.Table:
    """CO2 by entity and year: direct (范围一), indirect (范围二), total, share of the year,
    energy in tce and the reason when not computable."""
    stage = _with_activity(stage)
    out = stage.select(
        entity_id=stage.entity_id.cast("string"),
        year=stage.year.cast("int64"),
        co2_direct=stage[PREFIX + "co2_direct"],
        co2_indirect=stage[PREFIX + "co2_indirect"],
        co2=stage[PREFIX + "co2"],
        tce=stage[PREFIX + "tce"],
        co2_intensity=stage[PREFIX + "co2_intensity"],
        reason=stage[PREFIX + "co2_reason"],
    )
    return out.mutate(share=_share(out.co2, out.year)).order_by(["year", "entity_id"])


def _with_activity(stage: ir.Table) -> ir.Table:
    none = [stage[PREFIX + c].fill_null("") == NO_ACTIVITY for c in ("tce_reason", "co2_reason")]
    return stage.filter(~(none[0] & none[1]))


def _share(value: ir.FloatingValue, year: ir.IntegerValue) -> ir.FloatingValue:
    """value ÷ Σ value of the year × 100; NULL for the whole year if any value is NULL."""
    total = value.sum().over(group_by=year)
    gaps = value.isnull().cast("int64").sum().over(group_by=year)
    ok = (gaps == 0) & (total != 0)
    return ibis.ifelse(ok, value / total * 100, ibis.null("float64"))


def year_totals(stage: ir.Table) -> ir.Table:
    """Per year, over all entities with activity data: comprehensive consumption under both
    conventions and CO2 (NULL when some entity's value could not be computed)."""
    stage = _with_activity(stage)

    def complete(col: str) -> ir.FloatingValue:
        v = stage[PREFIX + col]
        return ibis.ifelse(v.isnull().cast("int64").sum() > 0, ibis.null("float64"), v.sum())

    return (
        stage.group_by(stage.year.cast("int64").name("year"))
        .aggregate(
            calorific=complete("tce_calorific"),
            equivalent=complete("tce_equivalent"),
            co2=complete("co2"),
            entities=stage.entity_id.nunique(),
        )
        .order_by("year")
    )
