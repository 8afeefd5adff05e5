"""Assessments run as kept scripts (``plan_cache.Script``): one kept equals a fresh one in every
table people read; a hit plans nothing; what the SQL depends on changes the key; nothing is left
in the connection; a damaged script is recorded again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from parkesg import plan_cache, service
from parkesg.demo.enterprises import generate_enterprises
from parkesg.demo.park import demo_park, demo_targets
from parkesg.frameworks import load_catalogue
from parkesg.frameworks.schema import Kind

TABLES = ("indicators", "nodes", "totals", "selection", "requirements", "wide")


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the times an assessment plans (``run.build``)."""
    calls: list[int] = []
    real = service.run.build

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(service.run, "build", counted)
    return calls


@pytest.fixture(scope="module")
def park() -> pd.DataFrame:
    """The demo park, wide: numbers and booleans from value, ordinals from text."""
    obs, keys = demo_park(), ["entity_id", "year"]
    ordinal = [f for f, d in dict(load_catalogue()).items() if d.kind == Kind.ordinal]
    num = obs[~obs.field.isin(ordinal)].pivot(index=keys, columns="field", values="value")
    txt = obs[obs.field.isin(ordinal)].pivot(index=keys, columns="field", values="text")
    return num.join(txt).reset_index()


@pytest.fixture(scope="module")
def enterprises() -> pd.DataFrame:
    return generate_enterprises(120, seed=3).to_pandas()


def _adjustments(enterprises: pd.DataFrame) -> pd.DataFrame:
    first = enterprises.sort_values(["entity_id", "year"]).iloc[-1]
    return pd.DataFrame(
        [
            [
                first.entity_id,
                int(first.year),
                "env_credit_rating",
                0,
                "现场核查",
                "张三",
                "2025-01-10",
            ]
        ],
        columns=["entity_id", "year", "indicator_id", "score", "reason", "evaluator", "date"],
    )


def _same(got: service.AssessmentResult, want: service.AssessmentResult) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name), obj=name)
    assert got.years == want.years


def _cases(park: pd.DataFrame, enterprises: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        dict(framework="t-esc-001-2024", data=park, years=[2021, 2023], targets=demo_targets()),
        dict(framework="bj-green-diagnosis", data=park, years=[2021, 2022, 2023]),
        dict(framework="t-jdfa-01-2025", data=enterprises, adjustments=_adjustments(enterprises)),
    ]


def test_a_kept_assessment_equals_a_fresh_one(
    cache: Path,
    builds: list[int],
    park: pd.DataFrame,
    enterprises: pd.DataFrame,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for n, case in enumerate(_cases(park, enterprises)):
        monkeypatch.setenv("PARKESG_PLAN_CACHE", "off")
        fresh = service.assess(**case)
        assert len(builds) == 2 * n + 1
        monkeypatch.setenv("PARKESG_PLAN_CACHE", "on")
        first = service.assess(**case)  # recorded and kept
        assert len(builds) == 2 * n + 2
        again = service.assess(**case)  # from this process's memory
        plan_cache._memory.clear()
        from_disk = service.assess(**case)  # from the file, as a new process would
        assert len(builds) == 2 * n + 2
        for got in (first, again, from_disk):
            _same(got, fresh)
    assert len(list(cache.glob("*.json"))) == 3
    jdfa = fresh.totals.set_index(["entity_id", "year"])
    assert jdfa.comprehensive_grade.notna().all() and len(jdfa) == len(enterprises)


def test_a_kept_assessment_equals_the_stored_stages(
    cache: Path, enterprises: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The script is the same plan as the one Spark runs, stage by stage stored as it goes."""
    case = _cases(pd.DataFrame(), enterprises)[2]
    kept = service.assess(**case)
    monkeypatch.setattr(service, "has_activity", lambda columns: True)  # takes the other road
    stored = service.assess(**case)
    _same(kept, stored)


def test_what_the_sql_depends_on_changes_the_key(
    cache: Path, builds: list[int], park: pd.DataFrame
) -> None:
    service.assess("t-esc-001-2024", park, years=[2021, 2023], targets=demo_targets())
    service.assess("t-esc-001-2024", park, years=[2021, 2023])  # no targets
    service.assess("t-esc-001-2024", park, years=[2023], targets=demo_targets())  # years
    fewer = park.drop(columns=[park.columns[-1]])
    service.assess("t-esc-001-2024", fewer, years=[2023])  # other columns
    service.assess("t-esc-001-2024", park, years=[2023], missing_rule="zero")  # an option
    assert len(builds) == 5
    other = demo_targets().assign(target=lambda t: t.target * 2)  # other rows, same columns
    res = service.assess("t-esc-001-2024", park, years=[2021, 2023], targets=other)
    assert len(builds) == 5 and len(list(cache.glob("*.json"))) == 5
    fresh = service.assess("t-esc-001-2024", park, years=[2021, 2023], targets=demo_targets())
    assert not res.indicators.equals(fresh.indicators)  # the targets read are the new ones


def _tables(con: Any) -> set[str]:
    """Tables and views, temporary ones included (Ibis's ``list_tables`` fails on DuckDB 2)."""
    return {
        name
        for (name,) in con.raw_sql("SELECT table_name FROM information_schema.tables").fetchall()
    }


def test_nothing_is_left_in_the_connection(cache: Path, park: pd.DataFrame) -> None:
    con = service.connect()
    before = _tables(con)
    for _ in range(2):
        service.assess("t-esc-001-2024", park, years=[2023], targets=demo_targets(), con=con)
    assert _tables(con) == before


def test_a_failing_stage_drops_the_stages_before_it() -> None:
    con = service.connect()
    script = plan_cache.Script(
        [("s0", 'SELECT 1 AS "x"'), ("s1", 'SELECT "y" FROM "s0"')],
        {"out": plan_cache.Kept('SELECT * FROM "s1"', [("y", "int32")])},
    )
    with pytest.raises(Exception, match="y"):
        plan_cache.run_script(con, script, {})
    assert not _tables(con)
    outputs, tables, views = plan_cache.run_script(
        con, plan_cache.Script([("s0", 'SELECT 1 AS "x"')], {}), {}
    )
    assert len(tables) == 1 and not outputs and not views
    plan_cache.drop(con, tables, views)
    assert not _tables(con)


def test_a_damaged_script_is_recorded_again(
    cache: Path, builds: list[int], park: pd.DataFrame
) -> None:
    good = service.assess("bj-green-diagnosis", park, years=[2023])
    for path in cache.glob("*.json"):
        path.write_text('{"stages": [["x"]], "outputs": {}}', encoding="utf-8")
    plan_cache._memory.clear()
    _same(service.assess("bj-green-diagnosis", park, years=[2023]), good)
    assert len(builds) == 2
    plan_cache._memory.clear()
    service.assess("bj-green-diagnosis", park, years=[2023])
    assert len(builds) == 2  # the rewritten file serves
