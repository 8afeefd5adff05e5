"""Incremental re-rating (issue 5 item 4): after new rows for some enterprises, the state is
updated by recomputing only what they change — and the ratings equal a full run on the new
data, row for row (same grades, every number within 1e-9)."""

from __future__ import annotations

from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from parkesg import service
from parkesg.batch import state
from parkesg.cli.main import app
from parkesg.demo.enterprises import generate_enterprises
from parkesg.errors import DataError
from parkesg.frameworks import load_framework, with_segments

FW = "t-jdfa-01-2025"
KEEP = ("region", "industry", "size_class")
KEYS = ["entity_id", "year"]
SEGMENTS = Path(__file__).parents[1] / "src/parkesg/frameworks/segments/t-jdfa-01-2025-example.yaml"


@pytest.fixture(scope="module")
def base() -> pd.DataFrame:
    return generate_enterprises(3000, seed=5).to_pandas()


def _numeric(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if df[c].dtype.kind == "f"]


def _merged(base: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """The data after the change, as a full run would read it."""
    old = base.set_index(KEYS)
    new = changes.set_index(KEYS)
    return pd.concat([old.drop(new.index, errors="ignore"), new]).reset_index()[base.columns]


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(KEYS).reset_index(drop=True)


def _full(fw, data: pd.DataFrame) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    con = service.connect()
    out, _ = service.rate(fw, con.create_table("data", data), con=con, keep=KEEP)
    return _sorted(con.execute(out))


def _incremental(
    fw,  # type: ignore[no-untyped-def]
    path: Path,
    base: pd.DataFrame,
    changes: pd.DataFrame,
) -> tuple[pd.DataFrame, state.Update]:
    settings = _settings(fw)
    con = state.open_state(path)
    state.build(con, fw, con.create_table("_base", base, temp=True), settings)
    done = state.update(con, fw, ibis.memtable(changes), settings)
    return _sorted(con.table("ratings").execute()), done


def _settings(fw) -> state.Settings:  # type: ignore[no-untyped-def]
    return state.Settings.of(fw, None, None, KEEP)


def _same(inc: pd.DataFrame, full: pd.DataFrame) -> None:
    assert list(inc.columns) == list(full.columns)
    assert len(inc) == len(full)
    for c in full.columns:
        a, b = inc[c], full[c]
        if a.dtype.kind == "f":
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-9, err_msg=c)
        else:
            assert (a.fillna("∅") == b.fillna("∅")).all(), c


def _scaled(rows: pd.DataFrame, factor: float, columns: list[str]) -> pd.DataFrame:
    out = rows.copy()
    out[columns] = out[columns] * factor
    return out


def test_one_percent_at_random_equals_a_full_run(base, tmp_path) -> None:
    fw = load_framework(FW)
    rng = np.random.default_rng(1)
    picked = base.iloc[rng.choice(len(base), 30, replace=False)]
    changes = _scaled(picked, 1.3, _numeric(base)[:12])
    inc, done = _incremental(fw, tmp_path / "s.duckdb", base, changes)
    _same(inc, _full(fw, _merged(base, changes)))
    assert (done.given, done.entities, done.total) == (30, 30, 3000)
    assert not inc.equals(_full(fw, base))  # the change moved something


def test_changes_in_one_industry_rescore_only_its_peer_groups(base, tmp_path) -> None:
    fw = load_framework(FW)
    counts = base.industry.value_counts()
    industry = counts[counts >= 60].index[0]  # its own peer group at the narrowest level
    picked = base[base.industry == industry].head(30)
    changes = _scaled(picked, 0.7, _numeric(base)[:12])
    inc, done = _incremental(fw, tmp_path / "s.duckdb", base, changes)
    _same(inc, _full(fw, _merged(base, changes)))
    # every row of the industry is re-scored (its statistics moved); rows of industries whose
    # groups do not contain it are not
    assert (base.industry == industry).sum() <= done.rescored < len(base)


def test_state_tables_are_stored_in_industry_order(base, tmp_path) -> None:
    """An update of some industries reads only their stretch of the stored tables; the
    connection's own setting (free row order, as ``parkesg rate`` connects) is left as it was."""
    fw = load_framework(FW)
    con = state.open_state(tmp_path / "s.duckdb", preserve_insertion_order=False)
    state.build(con, fw, ibis.memtable(base.sample(frac=1, random_state=3)), _settings(fw))
    for table in ("input", "indicator_values"):
        rows = con.raw_sql(f'SELECT industry, entity_id FROM "{table}"').fetchall()
        assert rows == sorted(rows), table
    setting = "SELECT current_setting('preserve_insertion_order')"
    assert con.raw_sql(setting).fetchone()[0] is False


def test_an_industry_falling_below_the_minimum_group_size_moves_its_peers(base, tmp_path) -> None:
    fw = load_framework(FW)
    assert fw.peer is not None
    counts = base.industry.value_counts()
    small = counts[counts > fw.peer.min_size].index[-1]  # the smallest group of its own
    leave = counts[small] - fw.peer.min_size + 1  # so few stay that it must fall back
    movers = base[base.industry == small].head(leave).copy()
    movers["industry"] = counts.index[0]
    inc, _ = _incremental(fw, tmp_path / "s.duckdb", base, movers)
    full = _full(fw, _merged(base, movers))
    _same(inc, full)
    stayed = full[full.entity_id.isin(base[base.industry == small].entity_id)]
    stayed = stayed[~stayed.entity_id.isin(movers.entity_id)]
    assert stayed.peer_fallbacks.gt(0).all()  # now scored against a wider group


def test_new_enterprises_and_a_new_year_are_added(base, tmp_path) -> None:
    fw = load_framework(FW)
    newcomers = generate_enterprises(20, seed=99).to_pandas()
    newcomers["entity_id"] = "N" + newcomers.entity_id
    next_year = base.head(40).assign(year=base.year.iloc[0] + 1)
    changes = pd.concat([newcomers[base.columns], next_year])
    inc, done = _incremental(fw, tmp_path / "s.duckdb", base, changes)
    _same(inc, _full(fw, _merged(base, changes)))
    assert done.total == 3000 + 20 + 40


def test_segment_model_peer_keys(base, tmp_path) -> None:
    fw = with_segments(load_framework(FW), SEGMENTS)
    rng = np.random.default_rng(3)
    changes = _scaled(base.iloc[rng.choice(len(base), 30, replace=False)], 1.2, _numeric(base))
    inc, _ = _incremental(fw, tmp_path / "s.duckdb", base, changes)
    _same(inc, _full(fw, _merged(base, changes)))
    assert "segment" in inc.columns


def test_a_failed_update_leaves_the_state_as_it_was(base, tmp_path) -> None:
    fw = load_framework(FW)
    settings = state.Settings.of(fw, None, None, KEEP)
    con = state.open_state(tmp_path / "s.duckdb")
    state.build(con, fw, con.create_table("_base", base, temp=True), settings)
    before = _sorted(con.table("ratings").execute())
    bad = base.head(5).astype({"year": "object"})
    bad.loc[bad.index[0], "year"] = "二〇二四"  # fails the cast to the stored year type
    with pytest.raises(Exception):  # noqa: B017 — the backend's conversion error
        state.update(con, fw, ibis.memtable(bad), settings)
    assert _sorted(con.table("ratings").execute()).equals(before)
    assert con.table("input").count().execute() == len(base)
    with pytest.raises(DataError, match="没有的列"):
        state.update(con, fw, ibis.memtable(base.head(2).assign(extra=1)), settings)
    other = state.Settings.of(fw, [2023], None, KEEP)
    with pytest.raises(DataError, match="不同的设置下生成.*years"):
        state.update(con, fw, ibis.memtable(base.head(2)), other)


runner = CliRunner()


def test_cli_state_then_changes_rewrites_the_output(base, tmp_path) -> None:
    fw = load_framework(FW)
    data, changes_file = tmp_path / "all.parquet", tmp_path / "changes.parquet"
    out, kept = tmp_path / "ratings.parquet", tmp_path / "ratings.state.duckdb"
    base.to_parquet(data, index=False)
    changes = _scaled(base.sample(30, random_state=4), 1.5, _numeric(base)[:6])
    changes.to_parquet(changes_file, index=False)

    res = runner.invoke(app, ["rate", FW, str(changes_file), "-o", str(out), "--changes"])
    assert res.exit_code == 2 and "--changes 需要 --state" in res.output
    res = runner.invoke(app, ["rate", FW, str(data), "-o", str(out), "--state", str(kept)])
    assert res.exit_code == 0, res.output
    assert kept.is_file() and not list(tmp_path.glob(".*partial*"))
    args = ["rate", FW, str(changes_file), "-o", str(out), "--state", str(kept), "--changes"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "增量重评：新数据 30 条（30 个主体）" in res.output
    _same(_sorted(pd.read_parquet(out)), _full(fw, _merged(base, changes)))
    res = runner.invoke(app, [*args[:-3], "--state", str(tmp_path / "none.duckdb"), "--changes"])
    assert res.exit_code == 2 and "状态文件不存在" in res.output


def test_entities_without_an_industry_keep_all_their_years(base, tmp_path) -> None:
    """The changed entities' rows are read by industry (``state._clustered``); rows without
    one are read too — else their earlier years, which ``field[-k]`` needs, would be lost."""
    fw = load_framework(FW)
    data = base.copy()
    lost = data.entity_id.isin(data.entity_id.head(10))
    data.loc[lost, "industry"] = None
    earlier = data[lost].copy()
    later = earlier.assign(year=earlier.year + 1, industry=base.industry.iloc[0])
    changes = pd.concat([_scaled(earlier, 1.2, _numeric(base)[:12]), later])
    inc, done = _incremental(fw, tmp_path / "s.duckdb", data, changes)
    _same(inc, _full(fw, _merged(data, changes)))
    assert done.entities == 10
