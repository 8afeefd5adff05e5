"""Where does a derived energy or carbon value come from? For the explainer: the activity
data, the coefficient applied to each (value, unit, source, provisional) and the amounts, read
from the rows the engine's energy stage computed (``AssessmentResult.energy``)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from parkesg.engine.energy import DERIVED, PREFIX, REPORTED, factor_column, origin_column

from .coefficients import field_units, load_carriers
from .schema import CONVENTION_ZH, Carrier, Quantity
from .stage import EnergySettings, used

ORIGIN_ZH = {REPORTED: "报送", DERIVED: "折算"}


def _num(v: Any) -> float | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return float(v)


def _role(kind: str, field: str) -> str | None:
    targets = load_carriers().targets.get(kind)  # type: ignore[call-overload]
    if targets is None:
        return None
    for role, fid in targets.model_dump(exclude_none=True).items():
        if fid == field and role != "intensity_base":
            return str(role)
    return None


def _counts(c: Carrier, role: str) -> bool:
    return {
        "energy": c.in_total,
        "renewable": c.renewable,
        "clean": c.clean,
        "co2": c.scope != "none",
    }[role]


def derivation(
    rows: pd.DataFrame,
    *,
    kind: str,
    entity: str,
    year: int,
    field: str,
    settings: EnergySettings | None = None,
) -> dict[str, Any] | None:
    """报送 or 折算 for one input of one entity-year; for 折算, every activity and coefficient.
    None when ``field`` is not a derived field or the stage did not run."""
    col = origin_column(field)
    if rows.empty or col not in rows.columns:
        return None
    hit = rows[(rows.entity_id == entity) & (rows.year == year)]
    role = _role(kind, field)
    if hit.empty or role is None:
        return None
    row = hit.iloc[0]
    if not isinstance(row[col], str):  # neither reported nor derivable: say why
        why = row.get(PREFIX + ("co2_reason" if role == "co2" else "tce_reason"))
        return {
            "origin": None,
            "origin_zh": "不可计算",
            "reason": why if isinstance(why, str) else None,
        }
    origin = str(row[col])
    out: dict[str, Any] = {"origin": origin, "origin_zh": ORIGIN_ZH[origin]}
    if origin == REPORTED:
        return out
    settings = settings or EnergySettings()
    quantity = Quantity.co2 if role == "co2" else Quantity(settings.convention.value)
    unit = "tCO2" if role == "co2" else "tce"
    steps = []
    units = field_units()
    for c in load_carriers().carriers:
        if not _counts(c, role) or _num(row.get(c.field)) is None:
            continue
        coef = used(settings, c.id, quantity, year)
        steps.append(
            {
                "carrier": c.id,
                "name_zh": c.name.zh,
                "field": c.field,
                "activity": _num(row.get(c.field)),
                "activity_unit": units[c.id],
                "sign": c.sign,
                "coefficient": None
                if coef is None
                else {
                    "value": coef.value,
                    "unit": coef.unit,
                    "source": coef.source.model_dump(),
                    "provisional": coef.provisional,
                    "note": coef.note or None,
                },
                "factor_per_field_unit": _num(row.get(factor_column(quantity.value, c.id))),
                "amount": _num(row.get(f"{quantity.value}__{c.id}")),
                "amount_unit": unit,
            }
        )
    if role != "co2":
        out["convention"] = CONVENTION_ZH[settings.convention]
    out["grid_series"] = settings.grid
    out["coefficient_files"] = list(settings.coefficients.files)
    out["activities"] = steps
    return out
