"""The kept compiled plans of ``service.rate`` (``plan_cache``): a rating from a kept plan equals
a freshly planned one; a hit plans nothing; anything the SQL depends on changes the key; a
damaged file or an in-memory input falls back to planning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pytest

from parkesg import plan_cache, service
from parkesg.demo.enterprises import generate_enterprises, write_enterprises
from parkesg.frameworks import load_framework

FW = "t-jdfa-01-2025"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "e.parquet"
    write_enterprises(path, 300, seed=5)
    return path


@pytest.fixture
def plans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the times ``service.rate`` plans (builds the Ibis expressions)."""
    calls: list[int] = []
    real = service._rate_plan

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "_rate_plan", counted)
    return calls


def _rated(path: Path, fw: Any = FW, **options: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    con = service.connect()
    totals, detail = service.rate(fw, con.read_parquet(str(path)), con=con, **options)
    keys = ["entity_id", "year"]
    return (
        con.execute(totals).sort_values(keys).reset_index(drop=True),
        con.execute(detail).sort_values([*keys, "indicator_id"]).reset_index(drop=True),
    )


def test_kept_plan_rates_exactly_as_a_fresh_one(
    cache: Path, data: Path, plans: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARKESG_PLAN_CACHE", "off")
    fresh = _rated(data, keep=("region",))
    assert len(plans) == 1 and not cache.exists()
    monkeypatch.setenv("PARKESG_PLAN_CACHE", "on")
    first = _rated(data, keep=("region",))  # compiled and kept
    assert len(plans) == 2 and len(list(cache.glob("*.json"))) == 2  # totals, indicator rows
    again = _rated(data, keep=("region",))  # from this process's memory
    plan_cache._memory.clear()
    from_disk = _rated(data, keep=("region",))  # from the file, as a new process would
    assert len(plans) == 2
    for got in (first, again, from_disk):
        pd.testing.assert_frame_equal(got[0], fresh[0])
        pd.testing.assert_frame_equal(got[1], fresh[1])
    assert len(fresh[0]) == 300 and fresh[0].grade.notna().all()


def test_what_the_sql_depends_on_changes_the_key(
    cache: Path, data: Path, tmp_path: Path, plans: list[int]
) -> None:
    _rated(data)
    _rated(data, missing_rule="zero")  # another option
    assert len(plans) == 2
    fw = load_framework(FW)
    top = fw.tree[0]
    heavier = fw.model_copy(
        update={
            "tree": [top.model_copy(update={"weight": (top.weight or 0.3) + 0.1}), *fw.tree[1:]]
        }
    )
    _rated(data, heavier)  # an edited framework
    assert len(plans) == 3
    wider = generate_enterprises(300, seed=5).to_pandas().assign(extra_note="x")
    wider.to_parquet(tmp_path / "wider.parquet")
    _rated(tmp_path / "wider.parquet")  # another input schema
    assert len(plans) == 4
    _rated(data, missing_rule="zero")
    assert len(plans) == 4 and len(list(cache.glob("*.json"))) == 8


def test_a_damaged_plan_file_is_compiled_again(cache: Path, data: Path, plans: list[int]) -> None:
    good = _rated(data)
    damaged = cache / "damaged.json"
    for path in cache.glob("*.json"):
        path.write_text('{"sql": "SELECT', encoding="utf-8")
        damaged = path
    plan_cache._memory.clear()
    again = _rated(data)
    assert len(plans) == 2
    pd.testing.assert_frame_equal(again[0], good[0])
    pd.testing.assert_frame_equal(again[1], good[1])
    assert '"schema"' in damaged.read_text(encoding="utf-8")
    plan_cache._memory.clear()
    _rated(data)
    assert len(plans) == 2  # the rewritten files serve


def test_totals_alone_come_from_their_own_kept_plan(
    cache: Path, data: Path, plans: list[int]
) -> None:
    con = service.connect()
    totals = service.rate_totals(FW, con.read_parquet(str(data)), con=con)
    got = con.execute(totals).sort_values(["entity_id", "year"]).reset_index(drop=True)
    assert len(list(cache.glob("*.json"))) == 1
    pd.testing.assert_frame_equal(got, _rated(data)[0])
    assert len(plans) == 2 and len(list(cache.glob("*.json"))) == 2


def test_in_memory_input_is_planned_every_time(cache: Path, plans: list[int]) -> None:
    frame = generate_enterprises(50, seed=8).to_pandas()
    for _ in range(2):
        con = service.connect()
        totals, _ = service.rate(FW, ibis.memtable(frame), con=con)
        assert len(con.execute(totals)) == 50
    assert len(plans) == 2 and not cache.exists()


def test_an_unknown_missing_rule_is_refused_before_the_cache(cache: Path, data: Path) -> None:
    with pytest.raises(ValueError):
        _rated(data, missing_rule="optimistic")


def test_a_plan_file_others_may_write_is_not_trusted(
    cache: Path, data: Path, plans: list[int]
) -> None:
    """A kept plan is SQL DuckDB runs: a file (or folder) writable by others is not read."""
    good = _rated(data)
    assert cache.stat().st_mode & 0o777 == 0o700
    for path in cache.glob("*.json"):
        path.write_text(path.read_text(encoding="utf-8").replace("0.4", "0.9"), encoding="utf-8")
        path.chmod(0o666)
    plan_cache._memory.clear()
    again = _rated(data)
    assert len(plans) == 2  # planned again, not read
    pd.testing.assert_frame_equal(again[0], good[0])
    cache.chmod(0o777)
    plan_cache._memory.clear()
    _rated(data)
    assert len(plans) == 3


def test_the_fingerprint_follows_the_code_and_data_but_not_the_web_app(tmp_path: Path) -> None:
    package = tmp_path / "web" / "parkesg"  # a "web" folder above the package counts for nothing
    (package / "engine").mkdir(parents=True)
    (package / "web").mkdir()
    (package / "frameworks").mkdir()
    (package / "engine" / "peer.py").write_text("A = 1\n")
    (package / "frameworks" / "fw.yaml").write_text("id: x\n")
    (package / "web" / "views.py").write_text("B = 1\n")
    first = plan_cache.fingerprint(package)
    (package / "web" / "views.py").write_text("B = 2\n")
    assert plan_cache.fingerprint(package) == first
    (package / "engine" / "peer.py").write_text("A = 2\n")
    second = plan_cache.fingerprint(package)
    assert second != first
    (package / "frameworks" / "fw.yaml").write_text("id: y\n")
    assert plan_cache.fingerprint(package) not in (first, second)
