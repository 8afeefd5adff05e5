"""Coefficient files: the strict loader names file and key; a user's file replaces entries
and thereby changes both the result and the trace."""

from __future__ import annotations

from pathlib import Path

import ibis
import pandas as pd
import pytest

from parkesg import service
from parkesg.energy.coefficients import load_coefficients
from parkesg.energy.stage import EnergySettings, apply
from parkesg.errors import FrameworkError, ParkesgError
from parkesg.explain import to_json

SOURCE = """
  source:
    document: 某园区委托核算报告
    clause: 表3
    date: '2024-03-01'
  provisional: false
"""
HEAD = """coefficients: my-park
title:
  zh: 某园区实测系数
compiled: '2024-03-01'
entries:
"""


def write(tmp_path: Path, body: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def entry(carrier: str, quantity: str, value: float, unit: str, extra: str = "") -> str:
    return f"- carrier: {carrier}\n  quantity: {quantity}\n  value: {value}\n  unit: {unit}\n{extra}{SOURCE}"


def test_builtin_table_has_sources_and_issue_values() -> None:
    s = load_coefficients()
    assert all(c.source.document and c.unit for c in s.entries)
    grid = {c.year: c.value for c in s.lookup("electricity_purchased", "co2", "national")}
    assert grid == {2021: 0.5568, 2022: 0.5366, 2023: 0.5306}
    (market,) = s.lookup("electricity_purchased", "co2", "carbon_market")
    assert (market.year, market.value) == (2022, 0.5703)
    (coal,) = s.lookup("raw_coal", "co2", "national")
    assert (coal.value, coal.carbon_content, coal.oxidation_rate) == (1.9003, 26.37, 0.94)


def test_user_file_changes_result_and_trace(tmp_path: Path) -> None:
    # measured coal: 2.05 tCO2/t instead of 1.9003; only that entry is replaced
    path = write(tmp_path, entry("raw_coal", "co2", 2.05, "tCO2/t"))
    mine = EnergySettings(load_coefficients(path))
    df = pd.DataFrame(
        {
            "entity_id": ["E1"],
            "year": [2022],
            "raw_coal": [1000.0],
            "electricity_purchased": [200.0],
        }
    )
    # built-in: 1000 × 1.9003 + 200 × 5.366 = 1900.3 + 1073.2 = 2973.5
    # user file: 1000 × 2.05 + 1073.2 = 3123.2 (the grid factor is still the built-in one)
    con = ibis.duckdb.connect()
    before = con.execute(apply(ibis.memtable(df), "enterprise"))
    after = con.execute(apply(ibis.memtable(df), "enterprise", mine))
    assert before.ent_co2e_emissions[0] == pytest.approx(2973.5)
    assert after.ent_co2e_emissions[0] == pytest.approx(3123.2)

    result = service.assess("t-jdfa-01-2025", df, energy=mine)
    assert result.row("E1", 2022, "co2e_total")["value"] == pytest.approx(3123.2)
    ind = next(i for i in to_json(result, energy=mine)[0]["indicators"] if i["id"] == "co2e_total")
    inp = next(i for i in ind["trace"]["inputs"] if i["field"] == "ent_co2e_emissions")
    coal = inp["derivation"]["activities"][0]
    assert coal["coefficient"]["value"] == 2.05
    assert coal["coefficient"]["source"]["document"] == "某园区委托核算报告"
    assert coal["coefficient"]["provisional"] is False
    assert inp["derivation"]["coefficient_files"] == ["coefficients.yaml", "mine.yaml"]


def test_user_file_adds_a_missing_year(tmp_path: Path) -> None:
    body = entry("electricity_purchased", "co2", 0.52, "kgCO2/kWh", "  year: 2024\n")
    mine = EnergySettings(load_coefficients(write(tmp_path, body)))
    df = pd.DataFrame({"entity_id": ["E1"], "year": [2024], "electricity_purchased": [100.0]})
    got = ibis.duckdb.connect().execute(apply(ibis.memtable(df), "enterprise", mine))
    assert got.ent_co2e_emissions[0] == pytest.approx(520.0)  # 100 万kWh × 5.2 tCO2/万kWh


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        (entry("raw_coal", "co2", 2.0, "tCO2/t") + "  colour: red\n", "entries[0].colour", "未知的键"),
        (entry("raw_coal", "co2", 2.0, "tCO2/t").replace("  provisional: false\n", ""),
         "entries[0].provisional", "缺少"),
        (entry("peat", "co2", 2.0, "tCO2/t"), "entries[0].carrier", "未知的能源载体"),
        (entry("raw_coal", "co2", 2.0, "kgce/kg"), "entries[0].unit", "不能把 原煤消费量（t）换算为 tCO2"),
        (entry("natural_gas", "calorific", 1.2, "kgce/kg"), "entries[0].unit", "换算为 tce"),
        (entry("raw_coal", "co2", 2.0, "tCO2/t") * 2, "entries[1]", "重复"),
        (entry("green_electricity", "co2", 0.1, "kgCO2/kWh"), "entries[0].carrier", "electricity_purchased"),
        # 20.908 GJ/t × 26.37 tC/TJ × 0.94 × 44/12 = 1.9003, not 2.5
        (entry("raw_coal", "co2", 2.5, "kgCO2/kg",
               "  ncv: 20908\n  ncv_unit: kJ/kg\n  carbon_content: 26.37\n  oxidation_rate: 0.94\n"),
         "entries[0].value", "不符"),
        (entry("electricity_purchased", "co2", 0.5, "kgCO2/kWh")
         + entry("electricity_purchased", "co2", 0.6, "kgCO2/kWh", "  year: 2022\n"),
         "electricity_purchased.co2.national", "既有不分年份"),
    ],
)  # fmt: skip
def test_broken_files_name_file_and_key(tmp_path: Path, body: str, key: str, words: str) -> None:
    with pytest.raises(FrameworkError) as exc:
        load_coefficients(write(tmp_path, body, "坏系数.yaml"))
    assert exc.value.file == "坏系数.yaml"
    assert exc.value.key == key
    assert words in str(exc.value)


def test_duplicate_yaml_key_is_refused(tmp_path: Path) -> None:
    body = entry("raw_coal", "co2", 2.0, "tCO2/t").replace(
        "  value: 2.0\n", "  value: 2.0\n  value: 2.1\n"
    )
    with pytest.raises(FrameworkError, match="重复的键 “value”"):
        load_coefficients(write(tmp_path, body))


def test_a_file_that_mixes_with_builtin_years_is_refused(tmp_path: Path) -> None:
    # one value for every year would silently shadow the built-in values by year
    body = entry("electricity_purchased", "co2", 0.5, "kgCO2/kWh")
    with pytest.raises(FrameworkError, match="既有不分年份"):
        load_coefficients(write(tmp_path, body))


def test_carbon_market_series_and_unknown_series() -> None:
    s = EnergySettings(load_coefficients(), grid="carbon_market")
    df = pd.DataFrame(
        {"entity_id": ["E1", "E1"], "year": [2021, 2022], "electricity_purchased": [100.0, 100.0]}
    )
    got = ibis.duckdb.connect().execute(apply(ibis.memtable(df), "enterprise", s))
    got = got.set_index("year")
    assert got.loc[2022, "ent_co2e_emissions"] == pytest.approx(570.3)  # 100 × 5.703
    assert pd.isna(got.loc[2021, "ent_co2e_emissions"])  # that series has only 2022
    with pytest.raises(ParkesgError, match="系数系列 “east_chna” 不存在"):
        EnergySettings(load_coefficients(), grid="east_chna")
