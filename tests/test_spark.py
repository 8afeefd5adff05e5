"""The engine's one plan on PySpark in local mode gives what it gives on DuckDB.

DuckDB's results are pinned to hand-computed literals by the worked-example tests; here the
same inputs — the demo park under the three park frameworks and generated enterprises under
T/JDFA01's peer methods — run on Spark and must match DuckDB (same levels, statuses and
grades; scores and values within 1e-9).
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from parkesg import service
from parkesg.demo.enterprises import generate_enterprises
from parkesg.demo.park import demo_park, demo_targets
from parkesg.io.tables import long_to_wide

pytestmark = pytest.mark.spark

if shutil.which("java") is None:
    pytest.fail("Spark tests need a Java runtime: `make test` installs openjdk-17-jre-headless")


@pytest.fixture(scope="module")
def spark():
    con = service.connect("spark")
    yield con
    con._session.stop()


def _same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
    a = a.sort_values(keys).reset_index(drop=True)
    b = b.sort_values(keys).reset_index(drop=True)
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b) > 0
    for col in a.columns:
        if pd.api.types.is_float_dtype(a[col]) or pd.api.types.is_float_dtype(b[col]):
            x, y = a[col].astype(float), b[col].astype(float)
            assert (x.isna() == y.isna()).all(), col
            assert ((x - y).abs().fillna(0) <= 1e-9).all(), (col, (x - y).abs().max())
        else:
            assert a[col].astype(str).tolist() == b[col].astype(str).tolist(), col


@pytest.mark.parametrize(
    ("framework", "years"),
    [
        ("t-cppc-park-cpa", [2023]),
        ("bj-green-diagnosis", [2021, 2022, 2023]),
        ("t-esc-001-2024", [2023]),
    ],
)
def test_park_frameworks_match_duckdb(spark, framework, years):
    wide = long_to_wide(demo_park())
    targets = demo_targets() if framework == "t-esc-001-2024" else None
    on_spark = service.assess(framework, wide, years=years, targets=targets, con=spark)
    on_duck = service.assess(framework, wide, years=years, targets=targets)
    keys = ["entity_id", "year", "indicator_id"]
    _same(on_spark.indicators, on_duck.indicators, keys)
    if not on_duck.nodes.empty:
        _same(on_spark.nodes, on_duck.nodes, ["entity_id", "year", "node_id"])
        _same(on_spark.totals, on_duck.totals, ["entity_id", "year"])


def test_jdfa_peer_methods_match_duckdb(spark):
    df = generate_enterprises(600, seed=7).to_pandas()
    on_spark = service.assess("t-jdfa-01-2025", df, con=spark)
    on_duck = service.assess("t-jdfa-01-2025", df)
    _same(on_spark.indicators, on_duck.indicators, ["entity_id", "year", "indicator_id"])
    _same(on_spark.totals, on_duck.totals, ["entity_id", "year"])
    assert on_duck.indicators.peer_fallback.fillna(False).astype(bool).any()


def test_energy_stage_matches_duckdb(spark):
    """Activity data → tce and tCO2 (the year-joined factors included) on Spark."""
    from parkesg.demo.energy import demo_energy

    df = demo_energy().drop(columns=["name"]).assign(ent_output_value=100_000.0)
    on_spark = service.assess("t-jdfa-01-2025", df, con=spark)
    on_duck = service.assess("t-jdfa-01-2025", df)
    _same(on_spark.indicators, on_duck.indicators, ["entity_id", "year", "indicator_id"])
    _same(on_spark.energy, on_duck.energy, ["entity_id", "year"])
    assert (on_duck.energy["origin__ent_co2e_emissions"] == "derived").all()
