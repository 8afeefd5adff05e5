"""Stage 2: indicator values and the scores that need only the value itself.

For each indicator: a reported value stands in for its formula (status ``reported``);
otherwise the compiled formula gives the value or the reason it is not computable. Methods
that look at one value — ``levels``, ``leading_ratio``, ``boolean``, ``ordinal`` and the
short-board minimum over evidence (T/JDFA01 6.9 e) — are scored here; peer methods need
the whole peer group and come in ``peer.py``. The result is wide: one row per entity-year,
a column per indicator and part. Building the plan loops over indicators once; the data is
never looped over.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine.balanced import reduce_balanced
from parkesg.engine.plan import col, part, reported_column
from parkesg.engine.wide import lag_column
from parkesg.formula.compile import compile_formula
from parkesg.formula.parse import Field, parse
from parkesg.frameworks.schema import Direction, EvidenceRule, FieldDef, Indicator, Kind, Method

ADVANCED, GENERAL, BELOW = "先进", "一般", "未达一般"
NULL_STR = ibis.literal(None, type="string")
NULL_NUM = ibis.literal(None, type="float64")
THRESHOLD_DECIMALS = 9
LIST_SEP = ";"  # between the ids of missing evidence pieces
CARRIED = ("segment", "peer_key")  # engine/segments.py: read by the peer and weighting stages


def _column_for(table: ir.Table):  # type: ignore[no-untyped-def]
    return lambda name, lag: table[lag_column(name, lag)]


def _category_score(ind: Indicator, category: ir.StringValue) -> ir.FloatingValue:
    cases = [(category == c, ibis.literal(float(s))) for c, s in ind.categories.items()]
    return ibis.cases(*cases, else_=NULL_NUM) if cases else NULL_NUM


def _evidence_score(
    ind: Indicator, table: ir.Table, fields: dict[str, FieldDef], name: str
) -> tuple[ir.FloatingValue, ir.StringValue]:
    col = table[name]
    if fields[name].kind == Kind.ordinal:
        return _category_score(ind, col), col
    # boolean or numeric evidence: 1 → 100, 0 → 0
    score = ibis.ifelse(col.isnull(), NULL_NUM, ibis.ifelse(col > 0, 100.0, 0.0))
    label = ibis.ifelse(col.isnull(), NULL_STR, ibis.ifelse(col > 0, "是", "否"))
    return score, label


def _evidence(
    ind: Indicator, table: ir.Table, fields: dict[str, FieldDef]
) -> tuple[ir.FloatingValue, ir.StringValue, ir.StringValue]:
    """Several pieces judged together (T/JDFA01 6.9 e and “任一具备即为是”): the score of the
    known pieces — their minimum for a short board, their maximum for any-of — the label of
    the piece that gives it, and the ids of the missing pieces (NULL when none is missing).
    LEAST and GREATEST skip a NULL: what a missing piece does is the rules' business
    (``rules.py``), which read ``missing_evidence``."""
    scored = [_evidence_score(ind, table, fields, f) for f in ind.evidence]
    pick = ibis.greatest if ind.evidence_rule == EvidenceRule.any else ibis.least
    known = pick(*[s for s, _ in scored]) if len(scored) > 1 else scored[0][0]
    label = ibis.cases(*[(s == known, c) for s, c in scored], else_=NULL_STR)
    absent = [ibis.ifelse(table[f].isnull(), f, NULL_STR) for f in ind.evidence]
    missing = ibis.literal(LIST_SEP).join(absent).fill_null("")
    return known, label, ibis.ifelse(missing == "", NULL_STR, missing)


def _caution(ind: Indicator, table: ir.Table) -> ir.StringValue:
    """The cautions whose condition holds (an unknown condition raises none), joined."""
    texts = []
    for c in ind.cautions:
        holds = compile_formula(c.when, _column_for(table)).value
        texts.append(ibis.ifelse(holds.fill_null(0.0) != 0, c.text, NULL_STR))
    joined = ibis.literal("；").join(texts).fill_null("")
    return ibis.ifelse(joined == "", NULL_STR, joined).cast("string")


def _levels(ind: Indicator, value: ir.FloatingValue) -> ir.StringValue:
    t, higher = ind.thresholds, ind.direction == Direction.higher
    # compare at 9 decimals: 1.331 ** (1/3) is 1.1 on one backend and 1.0999… on another,
    # and a growth of exactly 10 % must meet “≥ 10” everywhere
    near = value.round(THRESHOLD_DECIMALS)

    def meets(limit: float) -> ir.BooleanValue:
        bound = round(limit, THRESHOLD_DECIMALS)
        return near >= bound if higher else near <= bound

    if t.required is not None:
        level = ibis.ifelse(meets(t.required), ADVANCED, BELOW)
    else:
        cases = []
        if t.advanced is not None:
            cases.append((meets(t.advanced), ibis.literal(ADVANCED)))
        cases.append((meets(t.general or 0.0), ibis.literal(GENERAL)))
        level = ibis.cases(*cases, else_=ibis.literal(BELOW))
    return ibis.ifelse(value.isnull(), NULL_STR, level)


def _leading_ratio(ind: Indicator, value: ir.FloatingValue) -> ir.FloatingValue:
    """value ÷ leading × 100 (lower is better: leading ÷ value × 100; value ≤ 0 → cap),
    kept within [0, cap]; NULL stays NULL (LEAST/GREATEST would skip it)."""
    lead = float(ind.thresholds.leading or 0.0)
    cap = ind.cap
    if ind.direction == Direction.higher:
        ratio = value / lead * 100.0
    else:
        ratio = ibis.ifelse(value <= 0, cap if cap is not None else NULL_NUM, lead / value * 100.0)
    bounded = ibis.ifelse(ratio.isnull(), NULL_NUM, ibis.greatest(ratio, 0.0))
    if cap is not None:
        bounded = ibis.least(bounded, cap)
    return ibis.ifelse(value.isnull(), NULL_NUM, bounded)


def _bare_field(ind: Indicator) -> str | None:
    if ind.formula is None:
        return None
    node = parse(ind.formula)
    return node.name if isinstance(node, Field) and node.lag == 0 else None


def indicator_inputs(
    ind: Indicator, table: ir.Table, fields: dict[str, FieldDef]
) -> dict[str, ir.Value]:
    """Step 1 for every entity-year: value (reported or computed), category, reason, the
    score of evidence or of a category, and whether a violation is recorded — only the parts
    the indicator can have (``plan.part`` reads the others as NULL)."""
    category: ir.StringValue = NULL_STR
    pre_score: ir.FloatingValue = NULL_NUM
    value: ir.FloatingValue = NULL_NUM
    reason: ir.StringValue = NULL_STR

    bare = _bare_field(ind)
    missing_pieces: ir.StringValue = NULL_STR
    if ind.evidence:
        pre_score, category, missing_pieces = _evidence(ind, table, fields)
        names = "、".join(ind.evidence)
        reason = ibis.ifelse(pre_score.isnull(), f"缺少数据：{names}", NULL_STR)
    elif bare is not None and fields[bare].kind == Kind.ordinal:
        category = table[bare]
        pre_score = _category_score(ind, category)
        reason = ibis.cases(
            (category.isnull(), ibis.literal(f"缺少数据：{bare}")),
            (pre_score.isnull(), "类别不在评分表中：" + category),
            else_=NULL_STR,
        )
    elif ind.formula is not None:
        compiled = compile_formula(ind.formula, _column_for(table))
        value, reason = compiled.value, compiled.reason

    reported_col = reported_column(ind.id)
    if reported_col in table.columns:
        reported = table[reported_col]
        value = ibis.ifelse(reported.notnull(), reported, value)
        reason = ibis.ifelse(reported.notnull(), NULL_STR, reason)

    out: dict[str, ir.Value] = {}
    if value is not NULL_NUM:
        out["value"] = value.cast("float64")
    if ind.evidence or category is not NULL_STR:
        out |= {"category": category.cast("string"), "own_score": pre_score.cast("float64")}
    if reason is not NULL_STR:
        out["reason"] = reason.cast("string")
    if missing_pieces is not NULL_STR:
        out["missing_evidence"] = missing_pieces.cast("string")
    if ind.cautions:
        out["caution"] = _caution(ind, table)
    if ind.violations:
        out["violation"] = reduce_balanced(
            [table[name].fill_null(0) > 0 for name in ind.violations], lambda a, b: a | b
        )
    if reported_col in table.columns:
        out["reported"] = table[reported_col].notnull()
    return out


def unavailable(t: ir.Table, indicator_id: str) -> ir.BooleanValue:
    """Whether the indicator has status ``missing`` or ``not_computable``, without the status
    text (which costs a string per row and indicator): neither a value nor an own score.

    Exact because the value is NULL precisely where a reason exists (``formula.compile``) and
    an evidence or category score precisely where none does; an indicator without a formula
    or evidence has no reason part and counts as computed, as its status says."""
    if col(indicator_id, "reason") not in t.columns:
        return ibis.literal(False)
    return part(t, indicator_id, "value").isnull() & part(t, indicator_id, "own_score").isnull()


def indicator_outcomes(ind: Indicator, t: ir.Table) -> dict[str, ir.Value]:
    """Step 2, from the named columns of step 1: status, level, and the own score of the
    methods that read only the value."""
    value, reason = part(t, ind.id, "value"), part(t, ind.id, "reason")
    reported = t[c] if (c := col(ind.id, "reported")) in t.columns else ibis.literal(False)
    status = ibis.cases(
        (reported, ibis.literal("reported")),
        (~unavailable(t, ind.id), ibis.literal("computed")),
        (reason.startswith("缺少数据"), ibis.literal("missing")),
        else_=ibis.literal("not_computable"),
    )
    out: dict[str, ir.Value] = {"status": status}
    if ind.method == Method.levels:
        out["level"] = _levels(ind, value)
    elif ind.method == Method.leading_ratio:
        out["own_score"] = _leading_ratio(ind, value).cast("float64")
    elif ind.method == Method.boolean and not ind.evidence:
        score = ibis.ifelse(value.isnull(), NULL_NUM, ibis.ifelse(value > 0, 100.0, 0.0))
        out["own_score"] = score.cast("float64")
    return out


def indicator_values(
    indicators: list[Indicator], table: ir.Table, fields: dict[str, FieldDef]
) -> ir.Table:
    """Every indicator side by side: one row per entity-year, a column per indicator and part.

    Computing in the row the inputs already share costs one pass; the long layout (a row per
    indicator) is a view for display only (``long.indicator_rows``). Two steps, so that the
    status, level and score read the value by name instead of repeating its formula.
    """
    inputs = {
        col(ind.id, part): expr
        for ind in indicators
        for part, expr in indicator_inputs(ind, table, fields).items()
    }
    carried = [c for c in CARRIED if c in table.columns]  # a segment model's columns
    step1 = table.select("entity_id", "year", "industry", *carried, **inputs)
    outcomes = {
        col(ind.id, part): expr
        for ind in indicators
        for part, expr in indicator_outcomes(ind, step1).items()
    }
    reported = [c for c in step1.columns if c.endswith("__reported")]
    return step1.mutate(**outcomes).drop(*reported)
