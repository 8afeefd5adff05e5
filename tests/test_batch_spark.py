"""One plan, three implementations agree on 10,000 enterprises: `parkesg rate` on DuckDB, the
same command on Spark (local mode), and the row-by-row pandas reference of benchmarks/rate.py
— the same grades, totals within 1e-9. And Spark reads its input from a Hive table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from parkesg import service
from parkesg.cli.main import app
from parkesg.demo.enterprises import write_enterprises

pytestmark = pytest.mark.spark

if shutil.which("java") is None:
    pytest.fail("Spark tests need a Java runtime: `make test` installs openjdk-17-jre-headless")

FW = "t-jdfa-01-2025"
N = 10_000
TOLERANCE = 1e-9
runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("three-way")


@pytest.fixture(scope="module")
def hive_conf(folder) -> list[str]:
    """A Hive metastore (embedded Derby) and warehouse of the test's own."""
    conf = {
        "spark.sql.catalogImplementation": "hive",
        "spark.sql.warehouse.dir": str(folder / "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={folder / 'metastore_db'};create=true"
        ),
    }
    return [a for k, v in conf.items() for a in ("--spark-conf", f"{k}={v}")]


@pytest.fixture(scope="module")
def data(folder) -> tuple[Path, pd.DataFrame]:
    path = folder / "enterprises.parquet"
    write_enterprises(path, N, seed=2026)
    return path, pd.read_parquet(path)


def _rate(source: str, out: Path, *extra: str) -> pd.DataFrame:
    res = runner.invoke(app, ["rate", FW, source, "-o", str(out), *extra])
    assert res.exit_code == 0, res.output
    df = pd.read_parquet(out)  # a file (DuckDB) or a folder of parts (Spark)
    return df.sort_values(["entity_id", "year"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def on_duckdb(data, folder) -> pd.DataFrame:
    return _rate(str(data[0]), folder / "duckdb.parquet")


@pytest.fixture(scope="module")
def on_spark(data, folder, hive_conf) -> pd.DataFrame:
    return _rate(str(data[0]), folder / "spark.parquet", "--backend", "spark", *hive_conf)


@pytest.fixture(scope="module", autouse=True)
def _stop_spark():
    """The CLI leaves its session running (as a notebook would): stop it after the module."""
    yield
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


def _agree(a: pd.DataFrame, b: pd.DataFrame, columns: list[str]) -> None:
    assert len(a) == len(b) == N and (a.entity_id.values == b.entity_id.values).all()
    assert (a.grade.fillna("—").values == b.grade.fillna("—").values).all()
    for c in columns:
        x, y = a[c].astype(float), b[c].astype(float)
        assert (x.isna() == y.isna()).all(), c
        assert ((x - y).abs().fillna(0.0) <= TOLERANCE).all(), (c, (x - y).abs().max())


def test_duckdb_and_spark_give_the_same_ratings(on_duckdb, on_spark):
    _agree(on_duckdb, on_spark, ["score", "E", "S", "G"])
    for c in ("peer_fallbacks", "missing_indicators", "missing_list", "region", "industry"):
        assert on_duckdb[c].tolist() == on_spark[c].tolist(), c
    fell = lambda s: sorted(s.split(";")) if s else []  # noqa: E731 — order inside is free
    assert on_duckdb.fallback_list.map(fell).tolist() == on_spark.fallback_list.map(fell).tolist()


def test_both_agree_with_the_pandas_reference(data, on_duckdb, on_spark, bench):
    ref = bench.reference_assess(FW, data[1])
    ref = ref.sort_values(["entity_id", "year"]).reset_index(drop=True)
    _agree(on_duckdb, ref, ["score"])
    _agree(on_spark, ref, ["score"])
    assert on_duckdb.grade.nunique() >= 4  # a spread of grades, not one class agreeing


def test_spark_reads_a_hive_table(data, folder, hive_conf, on_spark):
    """The input lives in a Hive table of the metastore; a new session finds it there."""
    settings = dict(kv.split("=", 1) for kv in hive_conf[1::2])
    con = service.connect("spark", **settings)
    session = con._session
    session.sql("CREATE DATABASE IF NOT EXISTS parkesg_test")
    session.read.parquet(str(data[0])).write.mode("overwrite").saveAsTable("parkesg_test.ents")
    session.stop()  # the table outlives the session: it is in the metastore
    got = _rate("table:parkesg_test.ents", folder / "hive.parquet", "--backend", "spark",
                *hive_conf)  # fmt: skip
    _agree(got, on_spark, ["score", "E", "S", "G"])
    res = runner.invoke(app, ["rate", FW, "table:parkesg_test.nothing", "-o",
                              str(folder / "x.parquet"), "--backend", "spark", *hive_conf])  # fmt: skip
    assert res.exit_code == 2 and "找不到数据表 “parkesg_test.nothing”" in res.output
