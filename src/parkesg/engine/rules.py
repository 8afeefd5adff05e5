"""Stage 4: scoring rules of T/JDFA01 6.9, applied after the methods, recorded on each row.

d) a recorded violation → 0; b) missing evidence → conservative: ``zero`` (不给分),
``general`` (取一般) or ``exclude`` (left out, its node's weights re-normalised).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.frameworks.schema import MissingRule, Rules


def apply_rules(rows: ir.Table, rules: Rules, missing: MissingRule | None = None) -> ir.Table:
    rule = missing or rules.missing
    base = ibis.coalesce(rows.peer_score, rows.own_score)
    scored = ~rows.method.isin(["levels", "progress"])
    absent = base.isnull() & scored & rows.value.isnull() & rows.category.isnull()
    fallback = {
        MissingRule.zero: ibis.literal(0.0),
        MissingRule.general: ibis.literal(float(rules.general_score)),
        MissingRule.exclude: ibis.literal(None, type="float64"),
    }[rule]
    score = ibis.cases(
        (rows.violation & scored, ibis.literal(0.0)),
        (absent, fallback),
        else_=base,
    )
    applied = ibis.cases(
        (rows.violation & scored, ibis.literal("violation")),
        (absent, ibis.literal(f"missing:{rule.value}")),
        else_=ibis.literal(None, type="string"),
    )
    return rows.mutate(score=score.cast("float64"), rule=applied)
