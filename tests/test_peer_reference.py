"""Reference peer tables (T/JDFA01 6.8 b, issue 14 item 5): one enterprise scored against the
population it belongs to, without rating that population again — never against itself."""

from __future__ import annotations

import json
from pathlib import Path

import ibis
import pandas as pd
import pytest
from typer.testing import CliRunner

from parkesg import explain, peers, service
from parkesg.cli.main import app
from parkesg.demo.enterprises import generate_enterprises
from parkesg.errors import DataError
from parkesg.frameworks import load_framework

FW = "t-jdfa-01-2025"
PARTS = ["score", "rule", "peer_group", "peer_n", "peer_level", "peer_fallback"]


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    return generate_enterprises(600, seed=11).to_pandas()


@pytest.fixture(scope="module")
def reference(population: pd.DataFrame) -> pd.DataFrame:
    con = ibis.duckdb.connect()
    stats = con.execute(service.peer_statistics(FW, ibis.memtable(population)))
    fw = load_framework(FW)
    return stats.assign(**peers.about(fw, source="population.parquet", entities=600))


def test_a_lone_enterprise_against_the_reference_scores_as_in_the_full_run(
    population: pd.DataFrame, reference: pd.DataFrame
) -> None:
    # The enterprise is one of the population: its groups and their statistics are the same
    # whether the population is rated with it or stands behind it as a reference table.
    full = service.assess(FW, population)
    for entity in population.entity_id.iloc[:5]:
        lone = service.assess(FW, population[population.entity_id == entity], peers=reference)
        want = full.only(entity)
        got_rows = lone.indicators.set_index("indicator_id")[PARTS]
        want_rows = want.indicators.set_index("indicator_id")[PARTS]
        pd.testing.assert_frame_equal(got_rows, want_rows, check_dtype=False, rtol=1e-12)
        assert lone.totals.score.iloc[0] == pytest.approx(want.totals.score.iloc[0], rel=1e-12)
        assert lone.totals.grade.iloc[0] == want.totals.grade.iloc[0]


def test_a_lone_enterprise_without_a_reference_is_not_rated(population: pd.DataFrame) -> None:
    lone = service.assess(FW, population.iloc[[0]])
    tot = lone.totals.iloc[0]
    assert pd.isna(tot.score) and pd.isna(tot.grade) and bool(tot.withheld)
    doc = explain.to_json(lone)[0]
    assert doc["withheld"]["text"] == "不予评级：同业样本不足，无比较基础"
    energy = next(i for i in doc["indicators"] if i["id"] == "energy_intensity")
    assert energy["trace"]["peer"]["group"] == "全部"
    assert energy["trace"]["peer"]["n"] == 1
    assert energy["trace"]["peer"]["basis"] is False
    assert energy["trace"]["rule_zh"].startswith("同业样本不足")


def test_the_trace_names_the_reference(population: pd.DataFrame, reference: pd.DataFrame) -> None:
    lone = service.assess(FW, population.iloc[[3]], peers=reference)
    doc = explain.to_json(lone)[0]
    peer = next(i for i in doc["indicators"] if i["id"] == "energy_intensity")["trace"]["peer"]
    assert peer["reference"]["source"] == "population.parquet"
    assert peer["reference"]["entities"] == 600
    assert peer["n"] >= 30 and peer["basis"] is True
    assert len(peer["statistics"]["cut_offs"]) == 4


def test_a_reference_made_under_other_peer_settings_is_refused(reference: pd.DataFrame) -> None:
    fw = load_framework(FW)
    assert fw.peer is not None
    other = fw.model_copy(update={"peer": fw.peer.model_copy(update={"min_size": 10})})
    with pytest.raises(DataError, match="同业设置不符"):
        service.assess(other, generate_enterprises(1, seed=2).to_pandas(), peers=reference)


def test_a_reference_of_another_year_gives_no_basis(reference: pd.DataFrame) -> None:
    later = generate_enterprises(1, seed=2).to_pandas().assign(year=2031)
    lone = service.assess(FW, later, peers=reference)
    assert bool(lone.totals.withheld.iloc[0]) is True
    assert (lone.indicators.peer_n.dropna() == 0).all()


def test_cli_writes_a_reference_and_scores_one_enterprise_against_it(tmp_path: Path) -> None:
    data, lone = tmp_path / "enterprises.parquet", tmp_path / "one.parquet"
    population = generate_enterprises(400, seed=3).to_pandas()
    population.to_parquet(data)
    first = str(population.entity_id.iloc[0])
    population.iloc[[0]].to_parquet(lone)
    runner = CliRunner()
    rated = runner.invoke(
        app,
        ["rate", FW, str(data), "-o", str(tmp_path / "r.parquet"),
         "--peers-out", str(tmp_path / "peers.csv")],
    )  # fmt: skip
    assert rated.exit_code == 0, rated.output
    table = pd.read_csv(tmp_path / "peers.csv", encoding="utf-8-sig")
    assert set(table.level) == {5, 3, 1, 0}
    assert (table[table.level == 0].peer_group == "全部").all()
    assessed = runner.invoke(
        app,
        ["assess", FW, str(lone), "--peers", str(tmp_path / "peers.csv"), "--format", "json"],
    )  # fmt: skip
    assert assessed.exit_code == 0, assessed.output
    doc = json.loads(assessed.output)[0]
    ratings = pd.read_parquet(tmp_path / "r.parquet").set_index("entity_id")
    assert doc["total"] == pytest.approx(ratings.loc[first, "score"], rel=1e-12)
    assert doc["grade"] == ratings.loc[first, "grade"]
    peer = next(i for i in doc["indicators"] if i["id"] == "energy_intensity")["trace"]["peer"]
    assert peer["reference"]["file"] == "peers.csv"


def test_a_wide_csv_carries_directly_reported_indicator_values(tmp_path: Path) -> None:
    # README “Data formats”: a column indicator:<id> stands in for the formula (status reported)
    csv = tmp_path / "wide.csv"
    csv.write_text(
        "entity_id,year,industry,ent_output_value,ent_energy_consumption,indicator:energy_intensity\n"
        "E1,2024,C2614,100,50,0.125\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["assess", FW, str(csv), "--format", "json"])
    assert result.exit_code == 0, result.output
    energy = next(
        i for i in json.loads(result.stdout)[0]["indicators"] if i["id"] == "energy_intensity"
    )
    assert energy["value"] == 0.125 and energy["status"] == "reported"  # not 50/100 = 0.5
    bad = tmp_path / "bad.csv"
    bad.write_text("entity_id,year,indicator:no_such\nE1,2024,1\n", encoding="utf-8")
    refused = CliRunner().invoke(app, ["assess", FW, str(bad)])
    assert refused.exit_code == 2 and "no_such" in refused.output
