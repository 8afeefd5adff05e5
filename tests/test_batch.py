"""`parkesg rate` at scale on DuckDB: partitioned Parquet in and out, memory limit and spill
folder, nothing half-written, the summary (grades, peer-group fallbacks, missing data) and the
progress reports. The Spark side and the three-way agreement are in test_batch_spark.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from parkesg.batch import progress, sink
from parkesg.batch.summary import summarise
from parkesg.cli.batch import summary_path
from parkesg.cli.main import app
from parkesg.demo.enterprises import generate_enterprises
from parkesg.frameworks import load_framework
from parkesg.service import connect

FW = "t-jdfa-01-2025"
runner = CliRunner()


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    """3,000 enterprises as one file, with the region as a numeric-looking code."""
    df = generate_enterprises(3000, seed=21).to_pandas()
    codes = {r: f"32{k:02d}00" for k, r in enumerate(sorted(df.region.unique()), start=1)}
    df["region"] = df.region.map(codes)
    path = tmp_path_factory.mktemp("batch") / "ents.parquet"
    df.to_parquet(path, index=False)
    return path, df


def _rate(*args: str) -> str:
    res = runner.invoke(app, ["rate", FW, *args])
    assert res.exit_code == 0, res.output
    return res.output


def _read(path: Path) -> pd.DataFrame:
    if path.is_dir():
        con = connect()
        t = con.read_parquet(
            str(path / "**" / "*.parquet"), hive_partitioning=True, hive_types_autocast=False
        )
        df = con.execute(t)
    else:
        df = pd.read_parquet(path)
    return df.sort_values(["entity_id", "year"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def whole(data, tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("whole") / "ratings.parquet"
    _rate(str(data[0]), "-o", str(out))
    return _read(out)


def test_partitioned_input_and_output_give_the_same_ratings(data, whole, tmp_path):
    path, df = data
    folder = tmp_path / "in"
    pq.write_to_dataset(
        __import__("pyarrow").Table.from_pandas(df), folder, partition_cols=["region", "industry"]
    )
    out = tmp_path / "out"
    _rate(str(folder), "-o", str(out), "--partition-by", "region,industry",
          "--memory-limit", "1GB", "--spill-dir", str(tmp_path / "spill"), "--threads", "2")  # fmt: skip
    got = _read(out)
    # one folder per region, one below it per industry of that region
    regions = sorted(p.name for p in out.iterdir())
    assert regions == sorted(f"region={r}" for r in df.region.unique())
    assert got.region.map(type).eq(str).all() and got.region.iloc[0].startswith("32")
    cols = ["entity_id", "year", "score", "grade", "E", "S", "G", "region", "industry"]
    pd.testing.assert_frame_equal(got[cols], whole[cols], check_dtype=False)
    assert len(got) == len(df) and got.entity_id.is_unique


def test_partition_folders_name_chinese_values_as_spark_does(data, tmp_path):
    """size_class is 大/中/小/微: folders size_class=大, not DuckDB's size_class=%E5%A4%A7."""
    out = tmp_path / "by-size"
    _rate(str(data[0]), "-o", str(out), "--partition-by", "size_class")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"size_class={c}" for c in ("大", "中", "小", "微")
    )
    got = _read(out)
    assert sorted(got.size_class.unique()) == sorted(["大", "中", "小", "微"])
    assert len(got) == len(data[1])


def test_ratings_carry_the_lists_the_counts_are_made_of(whole):
    n_missing = whole.missing_list.map(lambda s: len(s.split(";")) if s else 0)
    assert (n_missing == whole.missing_indicators).all()
    n_fell = whole.fallback_list.map(lambda s: len(s.split(";")) if s else 0)
    assert (n_fell == whole.peer_fallbacks).all()
    assert {"region", "industry", "size_class"} <= set(whole.columns)  # carried through


def test_summary_counts_agree_with_the_ratings(data, whole, tmp_path):
    out = tmp_path / "r.parquet"
    text = _rate(str(data[0]), "-o", str(out))
    summary = pd.read_excel(summary_path(out), sheet_name=None)
    grades = summary["等级分布"].set_index("等级")["主体-年数"]
    assert grades.to_dict() == whole.grade.value_counts().to_dict()
    fw = load_framework(FW)
    order = [b.grade for b in fw.grades]
    assert list(grades.index) == [g for g in order if g in grades.index]  # band order, AAA first
    fell = summary["同业组回退"]
    assert fell["主体数"].sum() == whole.peer_fallbacks.sum() > 0
    missing = summary["缺失数据"].set_index("指标序号")["缺失或不可计算的主体-年数"]
    assert missing.sum() == whole.missing_indicators.sum() > 0
    assert "3,000 个主体" in text and "同业组回退到更宽的组" in text


def test_summary_by_hand_on_a_tiny_table():
    """Four rated rows: grades A, A, B, none; fallbacks and missing items written by hand."""
    con = connect()
    t = con.create_table(
        "tiny",
        pd.DataFrame(
            {
                "entity_id": ["a", "b", "c", "d"],
                "year": [2024] * 4,
                "industry": ["C3130", "C3130", "C2614", "C2614"],
                "grade": ["A", "A", "B", None],
                "fallback_list": ["rd_ratio@C31", "rd_ratio@C31;co2e_total@", "", ""],
                "missing_list": ["rd_ratio", "", "rd_ratio;trade_union", ""],
            }
        ),
    )
    s = summarise(con, t, load_framework(FW))
    assert (s.rows, s.entities) == (4, 4)
    assert s.grades.values.tolist() == [["A", 2, 50.0], ["B", 1, 25.0], ["（无总分）", 1, 25.0]]
    # sorted by year, industry, indicator (its serial number first: “18 …” before “52 …”)
    assert s.fallbacks.values.tolist() == [
        [2024, "C3130", "全部", "18 二氧化碳当量排放总量", 1],  # b's co2e_total: no group
        [2024, "C3130", "C31", "52 研发投入占比", 2],  # a's and b's rd_ratio: division C31
    ]
    assert s.missing.values.tolist() == [
        ["39", "工会设立", 1, 25.0],  # c
        ["52", "研发投入占比", 2, 50.0],  # a and c
    ]
    assert len(s.missing) == 2


def test_an_interrupted_write_leaves_the_old_output(data, tmp_path, monkeypatch):
    out = tmp_path / "ratings.parquet"
    _rate(str(data[0]), "-o", str(out))
    before = out.read_bytes()

    def broken(con, expr, path, partition_by, *, csv):  # the disk fills half-way
        Path(path).write_bytes(b"PAR1 half")
        raise OSError("No space left on device")

    monkeypatch.setattr(sink, "_write", broken)
    res = runner.invoke(app, ["rate", FW, str(data[0]), "-o", str(out)])
    assert res.exit_code == 2 and "写出失败" in res.output and "No space left" in res.output
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ratings-summary.xlsx", "ratings.parquet"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.parquet", "-o", "x.parquet"], "文件不存在"),
        (["{data}", "-o", "x.csv", "--partition-by", "region"], "分区输出只支持 Parquet"),
        (["{data}", "-o", "x.json"], "输出文件应为 .parquet 或 .csv"),
        (["{data}", "-o", "x.parquet", "--backend", "oracle"], "不支持的计算后端"),
        (["{data}", "-o", "x", "--partition-by", "province"], "数据缺少要保留或分区的列：province"),
    ],
)
def test_bad_requests_get_one_line(data, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["rate", FW, *[a.replace("{data}", str(data[0])) for a in args]])
    assert res.exit_code == 2 and message in res.output, res.output
    assert "Traceback" not in res.output


class _FakeDuck:
    """A backend whose running query is 40 % done."""

    name = "duckdb"

    class con:  # mirrors the attribute of Ibis's DuckDB backend
        @staticmethod
        def query_progress() -> float:
            return 40.0


def test_progress_reports_the_backends_share_done():
    seen: list[float] = []
    with progress.watching(_FakeDuck(), seen.append):  # type: ignore[arg-type]
        import time

        time.sleep(progress.POLL_SECONDS * 3)
    assert seen and set(seen) == {0.4}
    idle = connect()
    assert progress.share_done(idle) is None  # nothing running: no figure, not 0 %


def test_a_second_run_reads_the_kept_plan(data, whole, tmp_path, monkeypatch):
    """`parkesg rate` keeps its compiled plan (``plan_cache``): the next run under the same
    framework and input columns plans nothing and writes the same ratings."""
    from parkesg import plan_cache, service

    monkeypatch.setenv("PARKESG_PLAN_CACHE", "on")
    monkeypatch.setenv("PARKESG_CACHE_DIR", str(tmp_path / "cache"))
    plans: list[int] = []
    real = service._rate_plan
    monkeypatch.setattr(service, "_rate_plan", lambda *a, **k: plans.append(1) or real(*a, **k))
    for n in range(2):
        plan_cache._memory.clear()  # as a new process would start
        out = tmp_path / f"r{n}.parquet"
        _rate(str(data[0]), "-o", str(out))
        pd.testing.assert_frame_equal(_read(out), whole)
    assert plans == [1] and len(list((tmp_path / "cache" / "plans").glob("*.json"))) == 1
