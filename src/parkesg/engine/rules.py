"""Stage 4: scoring rules of T/JDFA01 6.9, applied after the methods, recorded per indicator.

In this order (README “Scoring conventions”): d) a recorded violation → 0; c) a value scored
against a national, industry or local standard's levels (``benchmark``) → that level's score,
peers or not; b) missing evidence → conservative: ``zero`` (不给分), ``general`` (取一般) or
``exclude`` (left out, its node's weights re-normalised); e) a short board with missing pieces — a missing piece counts at
the missing rule's score in the minimum, a known 0 decides; any-of with missing pieces — a
known 100 decides, otherwise the missing rule; and a peer score without a basis (even the
widest group below ``min_size``, 6.8 b) is withheld (同业样本不足) or, where the rating
organisation issues it anyway, kept and marked.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from parkesg.engine.peer import PEER_METHODS
from parkesg.engine.plan import col, part
from parkesg.frameworks.schema import (
    EvidenceRule,
    Indicator,
    Method,
    MissingRule,
    Peer,
    Rules,
    SmallPeers,
)

UNSCORED = (Method.levels, Method.progress)  # judged or tracked, never given points
VIOLATION = "violation"
BENCHMARK = "benchmark"  # 6.9 c, ``engine.benchmark``
INSUFFICIENT = "peer_insufficient"  # no peer basis: score withheld (同业样本不足)
SMALL = "peer_small"  # no peer basis, scored against the small group all the same
NULL_NUM = ibis.literal(None, type="float64")


def apply_rules(
    t: ir.Table,
    indicators: list[Indicator],
    rules: Rules,
    missing: MissingRule | None = None,
    peer: Peer | None = None,
    small_peers: SmallPeers | None = None,
) -> ir.Table:
    """Add each indicator's final ``score`` and the ``rule`` that decided it, if any."""
    rule = missing or rules.missing
    general = float(rules.general_score)
    fallback = {
        MissingRule.zero: ibis.literal(0.0),
        MissingRule.general: ibis.literal(general),
        MissingRule.exclude: NULL_NUM,
    }[rule]
    missed = ibis.literal(f"missing:{rule.value}")
    small = (small_peers or (peer.small_peers if peer else SmallPeers.withhold)) == SmallPeers.issue
    out: dict[str, ir.Value] = {}
    for ind in indicators:
        own = part(t, ind.id, "own_score")
        peered = ind.method.value in PEER_METHODS
        base = ibis.coalesce(t[col(ind.id, "peer_score")], own) if peered else own
        if ind.method in UNSCORED:
            out[col(ind.id, "score")] = base.cast("float64")
            out[col(ind.id, "rule")] = ibis.literal(None, type="string")
            continue
        value = part(t, ind.id, "value")
        bench = part(t, ind.id, "benchmark_score")
        cases: list[tuple[ir.BooleanValue, ir.Value, ir.Value]] = [
            (part(t, ind.id, "violation").fill_null(False), ibis.literal(0.0), VIOLATION),
            (value.notnull() & bench.notnull(), bench, BENCHMARK),
            (base.isnull() & value.isnull() & part(t, ind.id, "category").isnull(),
             fallback, missed),
        ]  # fmt: skip
        if ind.evidence:  # some pieces known, some missing
            partial = part(t, ind.id, "missing_evidence").notnull() & own.notnull()
            # not decided by the known ones: the minimum (or any-of) is the missing rule's score
            cases.append((partial & ~_decided(ind, own, rule, general), fallback, missed))
        if peered and peer is not None:
            unbased = value.notnull() & (t[col(ind.id, "peer_n")] < peer.min_size)
            cases.append((unbased, base if small else NULL_NUM, SMALL if small else INSUFFICIENT))
        out[col(ind.id, "score")] = ibis.cases(
            *[(when, score) for when, score, _ in cases], else_=base
        ).cast("float64")
        out[col(ind.id, "rule")] = ibis.cases(
            *[(when, ibis.literal(name)) for when, _, name in cases],
            else_=ibis.literal(None, type="string"),
        )
    return t.mutate(**out)


def _decided(
    ind: Indicator, known: ir.FloatingValue, rule: MissingRule, general: float
) -> ir.BooleanValue:
    """Whether the known pieces decide the indicator whatever the missing ones hold: a known 0
    in a short board (nothing scores lower; under ``general`` a known score at or below 一般
    already is the minimum), a known 100 among any-of pieces."""
    if ind.evidence_rule == EvidenceRule.any:
        return known >= 100.0
    return known <= (general if rule == MissingRule.general else 0.0)
