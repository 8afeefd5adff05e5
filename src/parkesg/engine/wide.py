"""Stage 1: observations → one row per entity-year with every field the framework reads.

Missing columns are added as NULL (so a missing input is a reason, not a crash); each lagged
input ``field[-k]`` becomes its own column through a self-join on ``year + k`` — a join, not
a row offset, so a gap year is never mistaken for the year before.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine.plan import reported_column
from parkesg.formula.parse import fields as formula_fields
from parkesg.formula.parse import parse
from parkesg.frameworks.checks import iter_nodes
from parkesg.frameworks.schema import FieldDef, Framework, Kind

KEYS = ("entity_id", "year")


def lag_column(field: str, lag: int) -> str:
    return field if lag == 0 else f"{field}__lag{lag}"


def lags_needed(fw: Framework) -> dict[int, set[str]]:
    """For each lag k, the fields read as ``field[-k]``."""
    out: dict[int, set[str]] = {}
    for node in iter_nodes(fw.tree):
        for ind in node.indicators:
            if ind.formula:
                for name, lag in formula_fields(parse(ind.formula)):
                    if lag:
                        out.setdefault(lag, set()).add(name)
    return out


def widen(observations: ir.Table) -> ir.Table:
    """Long observations (entity_id, year, field, value, text) → wide, one column per field."""
    num = observations.pivot_wider(
        id_cols=list(KEYS), names_from="field", values_from="value", values_agg="max"
    )
    return num


def conform(
    data: ir.Table,
    fields: dict[str, FieldDef],
    reported: list[str],
    attributes: list[str] | tuple[str, ...] = (),
) -> ir.Table:
    """Cast every field to its engine type and add absent ones as NULL; ``attributes`` are
    entity columns kept as text (e.g. ``size_class`` given directly to a segment model)."""
    cols: dict[str, ir.Value] = {
        "entity_id": data.entity_id.cast("string"),
        "year": data.year.cast("int64"),
        "industry": (
            data.industry.cast("string").fill_null("")
            if "industry" in data.columns
            else ibis.literal("")
        ),
    }
    for name in attributes:
        if name not in cols:
            cols[name] = data[name].cast("string") if name in data.columns else ibis.null("string")
    for fid, f in fields.items():
        typ = "string" if f.kind == Kind.ordinal else "float64"
        cols[fid] = data[fid].cast(typ) if fid in data.columns else ibis.null(typ)
    for ind_id in reported:
        col = reported_column(ind_id)
        if col in data.columns:
            cols[col] = data[col].cast("float64")
    return data.select(**cols)


def add_lags(table: ir.Table, lags: dict[int, set[str]]) -> ir.Table:
    """Join each year to the row k years earlier for the lagged fields."""
    for lag, names in sorted(lags.items()):
        shifted = table.select(
            _e=table.entity_id,
            _y=table.year + lag,
            **{lag_column(n, lag): table[n] for n in sorted(names)},
        )
        table = table.left_join(
            shifted, [table.entity_id == shifted._e, table.year == shifted._y]
        ).drop("_e", "_y")
    return table


def with_every_year(table: ir.Table, years: list[int]) -> ir.Table:
    """``table`` with a row for every entity and every one of ``years`` — all fields NULL where
    the input had none — so that a requested year without data is reported with every
    indicator 缺数据 instead of vanishing (Beijing 附件2-1-2 wants a table for each year)."""
    entities = table.group_by("entity_id").aggregate(industry=table.industry.max())
    grid = entities.mutate(year=ibis.literal(sorted(years), type="array<int64>").unnest())
    absent = grid.anti_join(table, [grid.entity_id == table.entity_id, grid.year == table.year])
    schema = table.schema()
    filled = absent.select(
        **{
            c: absent[c].cast(typ) if c in absent.columns else ibis.null(typ)
            for c, typ in schema.items()
        }
    )
    return table.union(filled, distinct=False)
