"""Synthetic enterprises (parkesg.demo.enterprises) and the T/JDFA01 engine against the
row-by-row reference of benchmarks/rate.py."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from parkesg.demo.enterprises import (
    INDUSTRIES,
    MISSING_SHARE,
    enterprise_fields,
    generate_enterprises,
    write_enterprises,
)
from parkesg.frameworks import load_framework
from parkesg.frameworks.loader import iter_indicators
from parkesg.frameworks.schema import Kind
from parkesg.service import assess

FW = "t-jdfa-01-2025"
FIELDS = enterprise_fields()


@pytest.fixture(scope="module")
def big() -> pd.DataFrame:
    return generate_enterprises(20_000, seed=11).to_pandas()


def test_same_seed_same_data_other_seed_other_data() -> None:
    a, b = generate_enterprises(300, seed=7), generate_enterprises(300, seed=7)
    assert a.equals(b)
    c = generate_enterprises(300, seed=8)
    assert not a.column("ent_output_value").equals(c.column("ent_output_value"))
    assert a.column("entity_id").equals(c.column("entity_id"))  # ids depend on position only


def test_every_catalogue_field_is_a_column(big: pd.DataFrame) -> None:
    head = ["entity_id", "year", "name", "industry", "region", "size_class"]
    assert list(big.columns) == head + [f.id for f in FIELDS]
    assert big.entity_id.iloc[0] == "E0000001" and big.entity_id.iloc[-1] == "E0020000"
    assert big.entity_id.is_unique and (big.year == 2024).all()
    assert big.industry.str.fullmatch(r"[A-Z]\d{4}").all()
    assert big.industry.nunique() >= 25
    assert set(big.size_class) == {"大", "中", "小", "微"}
    assert big.region.str.endswith("市").all() and big.name.str.endswith("有限公司").all()


def test_values_have_the_kind_of_their_field(big: pd.DataFrame) -> None:
    for f in FIELDS:
        col = big[f.id].dropna()
        if f.kind == Kind.ordinal:
            assert set(col) <= set(f.categories), f.id
        elif f.kind == Kind.boolean:
            assert set(col) <= {0.0, 1.0}, f.id
        else:
            assert (col >= 0).all(), f.id
            if f.unit in ("次", "人"):
                assert (col == np.floor(col)).all(), f.id


def test_missing_share_of_every_field_within_bounds(big: pd.DataFrame) -> None:
    lo, hi = MISSING_SHARE  # 3–8 % drawn per field; ±1 % sampling slack at 20,000 rows
    shares = big[[f.id for f in FIELDS]].isna().mean()
    assert shares.between(lo - 0.01, hi + 0.01).all(), shares[~shares.between(lo - 0.01, hi + 0.01)]
    assert big[["entity_id", "year", "industry", "size_class"]].notna().all().all()


def test_realistic_shapes(big: pd.DataFrame) -> None:
    medians = big.groupby("size_class").ent_output_value.median()
    assert medians["大"] > medians["中"] > medians["小"] > medians["微"]
    colours = big.ent_env_credit_colour.value_counts(normalize=True)
    assert colours["绿"] > colours["蓝"] > colours["黄"] > colours["红"] > colours["黑"] > 0
    assert big.ent_audit_opinion.value_counts(normalize=True)["标准无保留意见"] > 0.8
    fw = load_framework(FW)
    violations = sorted({v for i in iter_indicators(fw.tree) for v in i.violations})
    assert len(violations) >= 10
    flagged = (big[violations] > 0).mean()
    assert ((flagged > 0.002) & (flagged < 0.1)).all(), flagged
    counts = big.industry.value_counts()
    assert counts.iloc[0] > 10 * counts.iloc[20]  # skewed
    weights = np.array([w for _, _, w in INDUSTRIES])
    assert (weights / weights.sum() * 1_000_000 < 30).sum() >= 2  # tiny even at 10^6 rows


def test_write_parquet_and_csv(tmp_path: Path) -> None:
    expected = generate_enterprises(50, seed=3)
    write_enterprises(tmp_path / "e.parquet", 50, seed=3)
    assert pq.read_table(tmp_path / "e.parquet").equals(expected)
    write_enterprises(tmp_path / "e.csv", 50, seed=3)
    opts = pacsv.ConvertOptions(column_types=expected.schema)
    back = pacsv.read_csv(tmp_path / "e.csv", convert_options=opts)
    assert back.column("entity_id").equals(expected.column("entity_id"))
    num = [f.id for f in FIELDS if f.kind != Kind.ordinal]
    assert np.allclose(
        back.select(num).to_pandas(), expected.select(num).to_pandas(), rtol=1e-12, equal_nan=True
    )


def test_500_enterprises_rated_end_to_end() -> None:
    df = generate_enterprises(500, seed=21).to_pandas()
    res = assess(FW, df)
    assert len(res.totals) == 500
    assert res.totals.grade.notna().all() and res.totals.score.between(0, 100).all()
    assert set(res.totals.grade) <= {"AAA", "AA", "A", "BBB", "BB", "B", "CCC"}
    ind = res.indicators
    assert ind.peer_fallback.fillna(False).astype(bool).any()  # small industries fall back
    assert (ind.rule == "violation").any() and (ind.rule == "missing:general").any()


def test_reference_agrees_with_engine_on_300(bench) -> None:
    df = generate_enterprises(300, seed=5).to_pandas()
    engine = assess(FW, df).totals
    reference = bench.reference_assess(FW, df)
    max_diff, mismatches, compared = bench.compare(engine, reference)
    assert compared == 300
    assert max_diff <= 1e-9
    assert mismatches == 0


def test_reference_agrees_when_missing_data_is_excluded(bench) -> None:
    df = generate_enterprises(200, seed=9).to_pandas()
    engine = assess(FW, df, missing_rule="exclude").totals
    reference = bench.reference_assess(FW, df, missing_rule="exclude")
    max_diff, mismatches, _ = bench.compare(engine, reference)
    assert max_diff <= 1e-9 and mismatches == 0


@pytest.mark.parametrize("given_size", [True, False])
def test_reference_agrees_on_a_segmented_model(given_size: bool, bench) -> None:
    """The example segment model (weights by manufacturing × size, peers split by size): the
    same segments, totals within 1e-9 and grades — with the size class given in the data, and
    derived from employees, revenue and assets (国统字〔2017〕213号) when it is not."""
    from parkesg.frameworks import with_segments

    example = Path(__file__).resolve().parents[1] / "src/parkesg/frameworks/segments"
    fw = with_segments(load_framework(FW), example / "t-jdfa-01-2025-example.yaml")
    df = generate_enterprises(300, seed=13).to_pandas()
    df.loc[:19, "industry"] = "D4411"  # 电力 (section D): not manufacturing → default
    if not given_size:
        df = df.drop(columns="size_class")
    engine = assess(fw, df).totals
    reference = bench.reference_assess(fw, df)
    max_diff, mismatches, compared = bench.compare(engine, reference)
    assert compared == 300 and max_diff <= 1e-9 and mismatches == 0
    both = engine.merge(reference, on=["entity_id", "year"], suffixes=("", "_ref"))
    assert (both.segment == both.segment_ref).all()
    assert both.segment.nunique() == 3  # large and small manufacturers, and the rest


def test_reference_formula_walker(bench) -> None:
    from parkesg.formula.parse import parse

    row = {"a": 6.0, "b": 0.0, "c": None, "d": 1.0}

    def look(name: str, lag: int) -> float | None:
        return row.get(name)

    assert bench.evaluate(parse("a * 100 / (a + 2)"), look) == pytest.approx(75.0, rel=1e-12)
    assert bench.evaluate(parse("a / b"), look) is None  # zero divisor: not computable
    assert bench.evaluate(parse("max(a, c)"), look) is None  # a missing input
    assert bench.evaluate(parse("coalesce(c, a)"), look) == 6.0
    assert bench.evaluate(parse("if(a > 5, d, c)"), look) == 1.0  # untaken branch not needed
    assert bench.evaluate(parse("not (a > 5) or d == 1"), look) is True
    assert bench.evaluate(parse("(-a) ** 0.5"), look) is None
    assert bench.evaluate(parse("-a ** 2"), look) == -36.0
    assert bench.evaluate_formula("b ** -1", look) is None  # inf: not computable, as the engine
    assert bench.evaluate_formula("a * 1e308 * 10", look) is None


def test_arrow_types() -> None:
    t = generate_enterprises(10, seed=1)
    assert t.schema.field("entity_id").type == pa.string()
    assert t.schema.field("ent_env_credit_colour").type == pa.string()
    assert t.schema.field("ent_output_value").type == pa.float64()
    assert t.schema.field("year").type == pa.int64()


def test_blocks_continue_ids_and_stay_deterministic(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import parkesg.demo.enterprises as gen

    monkeypatch.setattr(gen, "BLOCK_ROWS", 100)
    t = generate_enterprises(250, seed=2)
    ids = t.column("entity_id").to_pylist()
    assert ids[0] == "E0000001" and ids[99:101] == ["E0000100", "E0000101"] and len(set(ids)) == 250
    write_enterprises(tmp_path / "b.parquet", 250, seed=2)  # streamed a block at a time
    assert pq.read_table(tmp_path / "b.parquet").equals(t)
    assert (
        not t.slice(0, 100)
        .column("ent_output_value")
        .equals(t.slice(100, 100).column("ent_output_value"))
    )


def test_ids_keep_one_width_across_blocks() -> None:
    """A file of 10,000,001 has 8-digit ids in every block, not 7 in the first ones."""
    from parkesg.demo.enterprises import _entity_ids, id_width

    width = id_width(10_000_001)
    assert width == 8 and id_width(9_999_999) == 7
    assert _entity_ids(0, 2, width).to_pylist() == ["E00000001", "E00000002"]
    assert _entity_ids(9_999_999, 2, width).to_pylist() == ["E10000000", "E10000001"]
