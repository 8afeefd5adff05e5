"""Stage 4: scoring rules of T/JDFA01 6.9, applied after the methods, recorded per indicator.

d) a recorded violation → 0; b) missing evidence → conservative: ``zero`` (不给分),
``general`` (取一般) or ``exclude`` (left out, its node's weights re-normalised).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine.peer import PEER_METHODS
from parkesg.engine.plan import col, part
from parkesg.frameworks.schema import Indicator, Method, MissingRule, Rules

UNSCORED = (Method.levels, Method.progress)  # judged or tracked, never given points


def apply_rules(
    t: ir.Table, indicators: list[Indicator], rules: Rules, missing: MissingRule | None = None
) -> ir.Table:
    """Add each indicator's final ``score`` and the ``rule`` that decided it, if any."""
    rule = missing or rules.missing
    fallback = {
        MissingRule.zero: ibis.literal(0.0),
        MissingRule.general: ibis.literal(float(rules.general_score)),
        MissingRule.exclude: ibis.literal(None, type="float64"),
    }[rule]
    out: dict[str, ir.Value] = {}
    for ind in indicators:
        own = part(t, ind.id, "own_score")
        base = (
            ibis.coalesce(t[col(ind.id, "peer_score")], own)
            if ind.method.value in PEER_METHODS
            else own
        )
        if ind.method in UNSCORED:
            out[col(ind.id, "score")] = base.cast("float64")
            out[col(ind.id, "rule")] = ibis.literal(None, type="string")
            continue
        violation = part(t, ind.id, "violation").fill_null(False)
        absent = base.isnull() & part(t, ind.id, "value").isnull()
        absent = absent & part(t, ind.id, "category").isnull()
        out[col(ind.id, "score")] = ibis.cases(
            (violation, ibis.literal(0.0)), (absent, fallback), else_=base
        ).cast("float64")
        out[col(ind.id, "rule")] = ibis.cases(
            (violation, ibis.literal("violation")),
            (absent, ibis.literal(f"missing:{rule.value}")),
            else_=ibis.literal(None, type="string"),
        )
    return t.mutate(**out)
