"""Stage 0 (before ``wide.conform``): energy activity data → tce and tCO2, as columns.

Pure and columnar: one expression over the wide entity-year table, no I/O, no loop over rows.
The caller (``parkesg.energy.stage``) plans it: which carriers, their coefficients already
expressed per unit of the activity field (tce or tCO2 per t, per 万kWh …), the convention, and
which catalogue fields the totals fill. Coefficients valid for every year are literals;
year-dependent ones (grid factors, the 等价值 of electricity) arrive as a small table
``(year, key, factor)`` joined on the data's year, so a year without a value yields NULL —
“not computable” with a reason, never a default.

Counting rules (GB/T 2589 综合能耗; T/CPPC 附件1 (8)(19)); a NULL activity means “none
reported” and adds nothing, but a reported activity whose factor is missing makes the whole
total NULL; an entity-year without any activity data derives nothing. A reported value of a
target field wins over the derived one; ``origin__<field>`` records which (reported /
derived) for the trace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field

import ibis
import ibis.expr.types as ir

QUANTITIES = ("calorific", "equivalent", "co2")
QUANTITY_ZH = {
    "calorific": "折标系数（当量值）",
    "equivalent": "折标系数（等价值）",
    "co2": "排放因子",
}
PREFIX = "energy__"
REPORTED, DERIVED = "reported", "derived"
NO_ACTIVITY = "无能源活动数据"
ZERO = ibis.literal(0.0)  # a literal, so that NULL-typed operands compare too


@dataclass(frozen=True)
class Term:
    """One energy carrier as the stage needs it; factors are per unit of ``field``."""

    id: str
    field: str
    name_zh: str
    unit: str = ""  # the activity field's unit, for tables
    sign: int = 1  # −1: supplied out, deducted
    in_total: bool = True
    renewable: bool = False
    clean: bool = False
    scope: str = "direct"  # direct / indirect / none (no CO2)
    constant: dict[str, float] = dc_field(default_factory=dict)  # quantity → factor, all years
    yearly: frozenset[str] = frozenset()  # quantities whose factor is joined on year


@dataclass(frozen=True)
class Plan:
    terms: tuple[Term, ...]
    convention: str  # "calorific" (当量值) or "equivalent" (等价值)
    targets: dict[str, str]  # role (energy, co2, renewable, clean) → catalogue field
    intensity_base: str  # CO2 intensity = co2 ÷ this field


def factor_key(quantity: str, carrier: str) -> str:
    return f"{quantity}__{carrier}"


def factor_column(quantity: str, carrier: str) -> str:
    return f"factor__{factor_key(quantity, carrier)}"


def origin_column(target: str) -> str:
    return f"origin__{target}"


def derive(table: ir.Table, plan: Plan, yearly: ir.Table | None = None) -> ir.Table:
    """``table`` with the factors applied, the per-carrier amounts, the totals and the target
    fields filled (reported value first). Added columns: ``factor__<quantity>__<carrier>``
    (per unit of the activity field), ``<quantity>__<carrier>`` (signed amount),
    ``energy__<total>`` (``TOTALS``) and ``origin__<target field>``."""
    table = _with_factors(table, plan, yearly)
    table = table.mutate(**_amounts(table, plan))
    table = table.mutate(**_totals(table, plan))
    return table.mutate(**_targets(table, plan))


TOTALS = (
    "tce_calorific", "tce_equivalent", "tce", "tce_reason", "renewable_tce", "clean_tce",
    "renewable_share", "clean_share", "co2_direct", "co2_indirect", "co2", "co2_reason",
    "co2_intensity",
)  # fmt: skip


def _has(term: Term, quantity: str) -> bool:
    if quantity == "co2" and term.scope == "none":
        return False
    return quantity in term.constant or quantity in term.yearly


def _activity(table: ir.Table, term: Term) -> ir.FloatingValue:
    return table[term.field].cast("float64")


def _present(table: ir.Table, terms: Sequence[Term]) -> list[Term]:
    """The terms whose activity column the data has (an absent column adds nothing)."""
    return [t for t in terms if t.field in table.columns]


def _with_factors(table: ir.Table, plan: Plan, yearly: ir.Table | None) -> ir.Table:
    keys = sorted({factor_key(q, t.id) for t in plan.terms for q in t.yearly})
    cols: dict[str, ir.Value] = {}
    if keys:
        if yearly is None:
            raise ValueError("year-dependent factors planned but no factor table given")
        wide = yearly.pivot_wider(
            id_cols=["year"], names_from="key", values_from="factor", names=keys
        )
        wide = wide.select(_factor_year=wide.year.cast("int64"), **{k: wide[k] for k in keys})
        table = table.left_join(wide, table.year.cast("int64") == wide._factor_year)
        table = table.drop("_factor_year")
        cols |= {f"factor__{k}": table[k].cast("float64") for k in keys}
    for t in plan.terms:
        for q, value in t.constant.items():
            if _has(t, q):
                cols[factor_column(q, t.id)] = ibis.literal(value, type="float64")
    table = table.mutate(**cols)
    return table.drop(*keys) if keys else table


def _amounts(table: ir.Table, plan: Plan) -> dict[str, ir.Value]:
    """Per carrier and quantity: activity × factor × sign (NULL where nothing was reported)."""
    return {
        f"{q}__{t.id}": (
            _activity(table, t) * table[factor_column(q, t.id)] * t.sign
            if t.field in table.columns
            else ibis.null("float64")
        )
        for t in plan.terms
        for q in QUANTITIES
        if _has(t, q)
    }


def _sum(table: ir.Table, terms: Sequence[Term], quantity: str) -> ir.FloatingValue:
    """Σ over ``terms``: an unreported activity adds 0; a reported one without factor → NULL;
    NULL as well when none of the terms has any activity data."""
    terms = _present(table, terms)
    parts = []
    for t in terms:
        act = _activity(table, t)
        parts.append(ibis.ifelse(act.isnull() | (act == ZERO), 0.0, table[f"{quantity}__{t.id}"]))
    if not parts:
        return ibis.null("float64")
    total = parts[0]
    for p in parts[1:]:
        total = total + p
    return ibis.ifelse(_any_activity(table, terms), total, ibis.null("float64"))


def _any_activity(table: ir.Table, terms: Sequence[Term]) -> ir.BooleanValue:
    flags = [_activity(table, t).notnull() for t in _present(table, terms)]
    out = flags[0] if flags else ibis.literal(False)
    for f in flags[1:]:
        out = out | f
    return out


def _reason(table: ir.Table, terms: Sequence[Term], quantity: str) -> ir.StringValue:
    """Why a total is NULL: the first reported carrier whose factor is missing for the year."""
    year = table.year.cast("int64").cast("string")
    gaps = []
    for t in _present(table, terms):
        act = _activity(table, t)
        missing = act.notnull() & (act != ZERO) & table[factor_column(quantity, t.id)].isnull()
        text = ibis.literal(f"缺少{t.name_zh}的{QUANTITY_ZH[quantity]}（") + year + "年）"
        gaps.append(ibis.ifelse(missing, text, ibis.null("string")))
    nothing = ibis.ifelse(
        _any_activity(table, terms), ibis.null("string"), ibis.literal(NO_ACTIVITY)
    )
    return ibis.coalesce(*gaps, nothing)


def _ratio(num: ir.FloatingValue, den: ir.FloatingValue, scale: float = 1.0) -> ir.FloatingValue:
    return ibis.ifelse(den.isnull() | (den == ZERO), ibis.null("float64"), num / den * scale)


def _totals(table: ir.Table, plan: Plan) -> dict[str, ir.Value]:
    conv = plan.convention
    counted = [t for t in plan.terms if t.in_total]
    emitting = [t for t in plan.terms if t.scope != "none"]
    out: dict[str, ir.Value] = {
        PREFIX + "tce_calorific": _sum(table, counted, "calorific"),
        PREFIX + "tce_equivalent": _sum(table, counted, "equivalent"),
        PREFIX + "tce": _sum(table, counted, conv),
        PREFIX + "tce_reason": _reason(table, counted, conv),
        PREFIX + "renewable_tce": _sum(table, [t for t in plan.terms if t.renewable], conv),
        PREFIX + "clean_tce": _sum(table, [t for t in plan.terms if t.clean], conv),
        PREFIX + "co2_direct": _sum(table, [t for t in emitting if t.scope == "direct"], "co2"),
        PREFIX + "co2_indirect": _sum(table, [t for t in emitting if t.scope == "indirect"], "co2"),
        PREFIX + "co2": _sum(table, emitting, "co2"),
        PREFIX + "co2_reason": _reason(table, emitting, "co2"),
    }
    total = out[PREFIX + "tce"]
    out[PREFIX + "renewable_share"] = _ratio(out[PREFIX + "renewable_tce"], total, 100.0)
    out[PREFIX + "clean_share"] = _ratio(out[PREFIX + "clean_tce"], total, 100.0)
    return out


def _targets(table: ir.Table, plan: Plan) -> dict[str, ir.Value]:
    """Fill each target field: the reported value if any, else the derived one."""
    derived = {
        "energy": table[PREFIX + "tce"],
        "co2": table[PREFIX + "co2"],
        "renewable": table[PREFIX + "renewable_tce"],
        "clean": table[PREFIX + "clean_tce"],
    }
    out: dict[str, ir.Value] = {}
    for role, fid in plan.targets.items():
        reported = table[fid].cast("float64") if fid in table.columns else ibis.null("float64")
        out[fid] = ibis.coalesce(reported, derived[role])
        out[origin_column(fid)] = ibis.cases(
            (reported.notnull(), REPORTED),
            (derived[role].notnull(), DERIVED),
            else_=ibis.null("string"),
        )
    co2 = out.get(plan.targets.get("co2", ""), derived["co2"])
    base = (
        table[plan.intensity_base].cast("float64")
        if plan.intensity_base in table.columns
        else ibis.null("float64")
    )
    out[PREFIX + "co2_intensity"] = _ratio(co2, base)
    return out
