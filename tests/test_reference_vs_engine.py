"""The engine (``service.assess``, ``service.rate``) against the independent reference
(benchmarks/reference_jdfa.py) on 2,000 generated enterprises: totals within 1e-9, identical
grades, the same totals withheld — under the default missing-data rule, under ``exclude``, and
under the example segment model (size classes given and derived). A failure lists, per
indicator, how many scores differ and one example, so a disagreement can be traced to a class."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import reference_jdfa as ref

from parkesg import service
from parkesg.demo.enterprises import generate_enterprises
from parkesg.frameworks import load_framework, with_segments
from test_reference_jdfa import (
    ANY_OF,
    LONE,
    POPULATION_28,
    SHORT_BOARD,
    energy,
    frame,
)

FW = load_framework("t-jdfa-01-2025")
SEGMENTS = (
    Path(__file__).resolve().parents[1]
    / "src/parkesg/frameworks/segments/t-jdfa-01-2025-example.yaml"
)
N = 2000
TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def enterprises() -> pd.DataFrame:
    return generate_enterprises(N, seed=0).to_pandas()


def _where(engine: pd.DataFrame, reference: pd.DataFrame) -> str:
    """Per indicator: scores that differ (or are scored on one side only), with one example."""
    m = reference.merge(
        engine, on=["entity_id", "year", "indicator_id"], suffixes=("_ref", "_eng"), how="outer"
    )
    a, b = m.score_ref.astype(float), m.score_eng.astype(float)
    bad = m[((a - b).abs() > TOLERANCE) | (a.isna() != b.isna())]
    lines = []
    for ind, g in bad.groupby("indicator_id", sort=False):
        r = g.iloc[0]
        lines.append(
            f"  {ind}: {len(g)} differ, e.g. {r.entity_id} reference {r.score_ref} "
            f"({r.rule_ref}, group {r.peer_group_ref} n={r.peer_n}) engine {r.score_eng} "
            f"(group {r.get('peer_group_eng')})"
        )
    return "\n".join(lines)


def _check(engine: service.AssessmentResult, fw, data, **options) -> None:  # type: ignore[no-untyped-def]
    indicators = ref.reference_indicators(fw, data, **options)
    reference = ref.totals_of(fw, indicators)
    max_diff, mismatches, rows = ref.compare(engine.totals, reference)
    assert rows == len(data)
    both = engine.totals.merge(reference, on=["entity_id", "year"], suffixes=("_eng", "_ref"))
    totals_differ = int(
        ((both.score_eng.astype(float) - both.score_ref.astype(float)).abs() > TOLERANCE).sum()
    )
    withheld_eng = (
        both.withheld_eng.astype(bool) if "withheld_eng" in both else both.score_eng.isna()
    )
    withheld_ref = both["withheld_ref" if "withheld_ref" in both else "withheld"].astype(bool)
    withheld_differ = int((withheld_eng != withheld_ref).sum())
    detail = _where(engine.indicators, indicators)
    assert max_diff <= TOLERANCE and mismatches == 0, (
        f"{totals_differ} of {rows} totals differ (max |Δ| {max_diff:.6g}), "
        f"{mismatches} grades differ, of which {withheld_differ} withheld on one side only"
        f"\n{detail}"
    )


def test_engine_agrees_with_the_reference(enterprises: pd.DataFrame) -> None:
    _check(service.assess(FW, enterprises), FW, enterprises)


def test_engine_agrees_when_missing_data_is_excluded(enterprises: pd.DataFrame) -> None:
    engine = service.assess(FW, enterprises, missing_rule="exclude")
    _check(engine, FW, enterprises, missing_rule="exclude")


@pytest.mark.parametrize("given_size", [True, False])
def test_engine_agrees_on_the_segment_example(enterprises: pd.DataFrame, given_size: bool) -> None:
    fw = with_segments(FW, SEGMENTS)
    data = enterprises if given_size else enterprises.drop(columns=["size_class"])
    engine = service.assess(fw, data)
    reference = ref.reference_assess(fw, data)
    both = engine.totals.merge(reference, on=["entity_id", "year"], suffixes=("_eng", "_ref"))
    assert (both.segment_eng == both.segment_ref).all()  # the same placement first
    _check(engine, fw, data)


def test_batch_rating_agrees_with_the_reference(enterprises: pd.DataFrame) -> None:
    import ibis

    con = ibis.duckdb.connect()
    totals, _ = service.rate(FW, ibis.memtable(enterprises), con=con)
    rated = con.execute(totals)
    reference = ref.reference_assess(FW, enterprises)
    max_diff, mismatches, rows = ref.compare(rated, reference)
    assert rows == N
    assert max_diff <= TOLERANCE and mismatches == 0, (
        f"service.rate: max |Δ| {max_diff:.6g}, {mismatches} grades differ"
    )


def _poisson_102() -> pd.DataFrame:
    counts = [102.0] + [109.0] * 6 + [108.0] * 23  # λ = 108
    return frame(
        [
            {"entity_id": f"N{k:02d}", "industry": "C2614", "ent_negative_news": c}
            for k, c in enumerate(counts)
        ]
    )


def _c3391() -> pd.DataFrame:
    rows = [energy("C3360", 1.0, f"A{k:02d}") for k in range(30)]
    rows += [energy("C3311", 4.0, f"B{k:02d}") for k in range(10)]
    rows += [energy("C3391", 5.0, "T")]
    rows += [energy("C3391", 10.0, f"D{k:02d}") for k in range(9)]
    return frame(rows)


WORKED = {
    "C3391 falls back to the whole C33": (_c3391, {}),
    "D4411 and no code fall to 全部": (lambda: frame(POPULATION_28), {}),
    "a lone enterprise is withheld": (lambda: frame([LONE]), {}),
    "Poisson 102 against λ 108": (_poisson_102, {}),
    "short-board, general": (lambda: frame([SHORT_BOARD]), {}),
    "short-board, zero": (lambda: frame([SHORT_BOARD]), {"missing_rule": "zero"}),
    "short-board, exclude": (lambda: frame([SHORT_BOARD]), {"missing_rule": "exclude"}),
    "any-of [no, yes, missing, no]": (
        lambda: frame([{"entity_id": "A"} | dict(zip(ANY_OF, (0.0, 1.0, None, 0.0)))]),
        {},
    ),
    "any-of [no, missing, no, no]": (
        lambda: frame([{"entity_id": "A"} | dict(zip(ANY_OF, (0.0, None, 0.0, 0.0)))]),
        {},
    ),
}


@pytest.mark.parametrize("case", list(WORKED))
def test_engine_agrees_on_the_worked_examples(case: str) -> None:
    """The hand-built populations of tests/test_reference_jdfa.py, through the engine."""
    build, options = WORKED[case]
    data = build()
    _check(service.assess(FW, data, **options), FW, data, **options)
