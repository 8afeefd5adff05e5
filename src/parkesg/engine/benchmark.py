"""Stage 4's benchmark input (T/JDFA01 6.9 c): where a national, industry or local standard
sets levels for an indicator (a consumption limit, a cleaner-production grade), the indicator
is scored against that standard instead of against peers.

The caller gives one row per entity, year and indicator — the score of the level the value
reached, the standard's number and the level's name (``parkesg.benchmark_scores`` checks the
rows; the ratings platform derives them from the organisation's benchmark tables). The rows are
pivoted onto the wide scored stage here; ``rules.apply_rules`` then lets a benchmark decide
the indicator's score after a violation (6.9 d) and before the missing rule and the peer
basis, so that node scores, totals and grades follow it.
"""

from __future__ import annotations

import ibis.expr.types as ir

from parkesg.engine.pivot import max_where
from parkesg.engine.plan import col
from parkesg.frameworks.schema import Indicator, Kind

PARTS = {"benchmark_score": "score", "benchmark_standard": "standard",
         "benchmark_level": "level"}  # fmt: skip


def join_benchmarks(t: ir.Table, indicators: list[Indicator], bench: ir.Table) -> ir.Table:
    """Add ``<indicator>__benchmark_score`` / ``_standard`` / ``_level`` of every quantitative
    indicator (NULL where no row names the entity-year)."""
    b = bench.select(
        _e=bench.entity_id.cast("string"),
        _y=bench.year.cast("int64"),
        _i=bench.indicator_id.cast("string"),
        score=bench.score.cast("float64"),
        standard=bench.standard.cast("string"),
        level=bench.level.cast("string"),
    )  # one row per entity, year and indicator (``benchmark_scores.check``)
    quantitative = [i for i in indicators if i.kind == Kind.quantitative]
    if not quantitative:
        return t
    parts = {
        col(ind.id, name): max_where(b[source], b._i == ind.id)
        for ind in quantitative
        for name, source in PARTS.items()
    }
    wide = b.group_by(["_e", "_y"]).aggregate(**parts)
    return t.left_join(wide, [t.entity_id == wide._e, t.year == wide._y]).drop("_e", "_y")
