"""The energy stage by hand: per enterprise, both conventions, two grid years; the balance and
the carbon inventory of the park; reported values win; a missing grid factor is a reason.

Factors per unit of the activity field (built-in table, GB/T 2589—2008 附录A etc.):
  raw coal 0.7143 kgce/kg = 0.7143 tce/t, CO2 1.9003 tCO2/t
  natural gas 1.2143 kgce/m³ = 12.143 tce/万m³, CO2 2.1622 kgCO2/m³ = 21.622 tCO2/万m³
  diesel 1.4571 tce/t, CO2 3.0959 tCO2/t
  electricity 当量值 0.1229 kgce/kWh = 1.229 tce/万kWh; 等价值 2021 0.3025 → 3.025,
      2022 0.3007 → 3.007 tce/万kWh; grid CO2 2021 0.5568 → 5.568, 2022 0.5366 → 5.366 tCO2/万kWh
  heat 0.0341 tce/GJ, CO2 0.11 tCO2/GJ
"""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from parkesg import service
from parkesg.energy.coefficients import load_coefficients
from parkesg.energy.schema import Convention
from parkesg.energy.stage import EnergySettings, apply
from parkesg.energy.tables import energy_tables

EQUIVALENT = EnergySettings(load_coefficients(), Convention.equivalent)


def run(df: pd.DataFrame, kind: str = "enterprise", settings: EnergySettings | None = None):
    out = ibis.duckdb.connect().execute(apply(ibis.memtable(df), kind, settings))
    return out.set_index(["entity_id", "year"]).sort_index()


# entity, year: (tce 当量值, tce 等价值, tCO2)
EXPECTED = {
    # 1000×0.7143 + 200×1.229 = 714.3 + 245.8 = 960.1;  714.3 + 200×3.025 = 714.3 + 605.0
    # CO2 1000×1.9003 + 200×5.568 = 1900.3 + 1113.6
    ("E1", 2021): (960.1, 1319.3, 3013.9),
    # 900×0.7143 = 642.87; + 245.8 = 888.67; + 200×3.007 = 601.4 → 1244.27
    # CO2 900×1.9003 = 1710.27 + 200×5.366 = 1073.2 → 2783.47
    ("E1", 2022): (888.67, 1244.27, 2783.47),
    # 50×12.143 = 607.15, 300×1.229 = 368.7, 20×1.4571 = 29.142 → 1004.992
    # 等价值 607.15 + 300×3.025 = 907.5 + 29.142 → 1543.792
    # CO2 50×21.622 = 1081.1 + 300×5.568 = 1670.4 + 20×3.0959 = 61.918 → 2813.418
    ("E2", 2021): (1004.992, 1543.792, 2813.418),
    # 等价值 607.15 + 300×3.007 = 902.1 + 29.142 → 1538.392; CO2 1081.1 + 1609.8 + 61.918
    ("E2", 2022): (1004.992, 1538.392, 2752.818),
    # 100×1.229 = 122.9 + PV 10×1.229 = 12.29 + heat 5000×0.0341 = 170.5 → 305.69
    # (green 40 万kWh is part of the 100: not counted twice)
    # 等价值 100×3.025 = 302.5 + 10×3.025 = 30.25 + 170.5 → 503.25
    # CO2 100×5.568 = 556.8 + 5000×0.11 = 550 → 1106.8 (PV none; green power not deducted)
    ("E3", 2021): (305.69, 503.25, 1106.8),
    # 等价值 300.7 + 30.07 + 170.5 = 501.27; CO2 536.6 + 550 = 1086.6
    ("E3", 2022): (305.69, 501.27, 1086.6),
}


def test_each_enterprise_both_conventions_two_grid_years(park: pd.DataFrame) -> None:
    got = run(park)
    for key, (cal, eq, co2) in EXPECTED.items():
        row = got.loc[key]
        assert row["energy__tce_calorific"] == pytest.approx(cal, rel=1e-12)
        assert row["energy__tce_equivalent"] == pytest.approx(eq, rel=1e-12)
        assert row["energy__co2"] == pytest.approx(co2, rel=1e-12)
        # the default convention (当量值) fills the field T/JDFA01 reads
        assert row["ent_energy_consumption"] == pytest.approx(cal, rel=1e-12)
        assert row["ent_co2e_emissions"] == pytest.approx(co2, rel=1e-12)
        assert row["origin__ent_energy_consumption"] == "derived"


def test_equivalent_convention_fills_the_field(park: pd.DataFrame) -> None:
    got = run(park, settings=EQUIVALENT)
    assert got.loc[("E2", 2022), "ent_energy_consumption"] == pytest.approx(1538.392)


def test_renewable_and_clean_energy_of_a_park_entity(park: pd.DataFrame) -> None:
    row = run(park, kind="park").loc[("E3", 2021)]
    # renewable = green 40×1.229 = 49.16 + PV 12.29 = 61.45 tce; share 61.45 / 305.69 × 100
    assert row["renewable_energy"] == pytest.approx(61.45)
    assert row["energy__renewable_share"] == pytest.approx(20.10206418266872)
    # clean = electricity 122.9 + PV 12.29 = 135.19 (heat is not clean): 135.19 / 305.69 × 100
    assert row["clean_energy"] == pytest.approx(135.19)
    assert row["energy__clean_share"] == pytest.approx(44.224541201871176)
    assert row["energy_consumption"] == pytest.approx(305.69)
    assert row["co2_emissions"] == pytest.approx(1106.8)


def test_reported_value_wins_and_is_marked(park: pd.DataFrame) -> None:
    park.loc[(park.entity_id == "E2") & (park.year == 2021), "ent_co2e_emissions"] = 2500.0
    got = run(park)
    assert got.loc[("E2", 2021), "ent_co2e_emissions"] == 2500.0
    assert got.loc[("E2", 2021), "origin__ent_co2e_emissions"] == "reported"
    assert got.loc[("E2", 2021), "energy__co2"] == pytest.approx(2813.418)  # still shown
    assert got.loc[("E2", 2022), "origin__ent_co2e_emissions"] == "derived"


def test_year_without_grid_factor_is_not_computable_with_reason() -> None:
    df = pd.DataFrame(
        {"entity_id": ["E1", "E1"], "year": [2023, 2024], "raw_coal": [1000.0, 1000.0],
         "electricity_purchased": [200.0, 200.0]}
    )  # fmt: skip
    got = run(df)
    # 2023: grid 0.5306 → 1900.3 + 200×5.306 = 1900.3 + 1061.2
    assert got.loc[("E1", 2023), "energy__co2"] == pytest.approx(2961.5)
    assert pd.isna(got.loc[("E1", 2024), "energy__co2"])
    assert pd.isna(got.loc[("E1", 2024), "ent_co2e_emissions"])
    assert got.loc[("E1", 2024), "energy__co2_reason"] == "缺少外购电力的排放因子（2024年）"
    # fuels alone are still converted; the 当量值 needs no year
    assert got.loc[("E1", 2024), "energy__tce_calorific"] == pytest.approx(960.1)
    # 等价值 of electricity is not in the table for 2023 either: NULL, never a default
    assert pd.isna(got.loc[("E1", 2023), "energy__tce_equivalent"])


def test_supplied_out_electricity_is_deducted() -> None:
    df = pd.DataFrame(
        {"entity_id": ["P"], "year": [2022], "raw_coal": [1000.0],
         "electricity_purchased": [100.0], "electricity_exported": [30.0]}
    )  # fmt: skip
    row = run(df, kind="park").loc[("P", 2022)]
    # 714.3 + 100×1.229 − 30×1.229 = 714.3 + 122.9 − 36.87 = 800.33
    assert row["energy_consumption"] == pytest.approx(800.33)
    # 1900.3 + 100×5.366 − 30×5.366 = 1900.3 + 536.6 − 160.98 = 2275.92
    assert row["co2_emissions"] == pytest.approx(2275.92)


def test_park_balance_and_inventory(park: pd.DataFrame) -> None:
    t = energy_tables(park)
    bal = t.balance.set_index(["年份", "能源品种"])
    total = bal.loc[(2021, "合计（综合能耗）")]
    # 960.1 + 1004.992 + 305.69 = 2270.782; 1319.3 + 1543.792 + 503.25 = 3366.342
    assert total["当量值（tce）"] == pytest.approx(2270.782)
    assert total["等价值（tce）"] == pytest.approx(3366.342)
    elec = bal.loc[(2021, "外购电力")]
    assert elec["实物量"] == 600.0  # 200 + 300 + 100 万kWh
    assert elec["当量值（tce）"] == pytest.approx(737.4)  # 600 × 1.229
    assert elec["等价值（tce）"] == pytest.approx(1815.0)  # 600 × 3.025
    assert elec["占比（%，当量值）"] == pytest.approx(32.473394627929935)  # 737.4 / 2270.782
    assert elec["主体数"] == 3
    assert bal.loc[(2021, "原煤"), "占比（%，当量值）"] == pytest.approx(31.456123925590383)
    # 2022: 888.67 + 1004.992 + 305.69; 1244.27 + 1538.392 + 501.27
    assert bal.loc[(2022, "合计（综合能耗）"), "当量值（tce）"] == pytest.approx(2199.352)
    assert bal.loc[(2022, "合计（综合能耗）"), "等价值（tce）"] == pytest.approx(3283.932)

    inv = t.carbon_by_carrier.set_index(["年份", "能源品种"])
    assert inv.loc[(2022, "外购电力"), "排放因子（tCO2/单位）"] == pytest.approx(5.366)
    assert inv.loc[(2022, "外购电力"), "排放量（tCO2）"] == pytest.approx(3219.6)  # 600 × 5.366
    # 2783.47 + 2752.818 + 1086.6 = 6622.888; electricity 3219.6 / 6622.888 × 100
    assert inv.loc[(2022, "合计"), "排放量（tCO2）"] == pytest.approx(6622.888)
    assert inv.loc[(2022, "外购电力"), "占比（%）"] == pytest.approx(48.61323338096612)
    assert inv.loc[(2021, "合计"), "排放量（tCO2）"] == pytest.approx(6934.118)

    ent = t.carbon_by_entity.set_index(["年份", "主体编号"])
    assert ent.loc[(2022, "E1"), "直接排放（tCO2）"] == pytest.approx(1710.27)
    assert ent.loc[(2022, "E1"), "间接排放（tCO2）"] == pytest.approx(1073.2)
    assert ent.loc[(2022, "E1"), "占比（%）"] == pytest.approx(
        42.02803973130755
    )  # 2783.47/6622.888


def test_balance_total_is_not_computable_when_a_factor_is_missing(park: pd.DataFrame) -> None:
    later = park.assign(year=park.year + 2)  # 2023, 2024: no 等价值, no 2024 grid factor
    t = energy_tables(later)
    bal = t.balance.set_index(["年份", "能源品种"])
    assert pd.isna(bal.loc[(2023, "合计（综合能耗）"), "等价值（tce）"])
    assert pd.isna(bal.loc[(2023, "外购电力"), "等价值（tce）"])
    inv = t.carbon_by_carrier.set_index(["年份", "能源品种"])
    assert pd.isna(inv.loc[(2024, "合计"), "排放量（tCO2）"])  # never the sum of the others
    coef = t.coefficients
    gap = coef[
        (coef["年份"] == 2024)
        & (coef["能源品种"] == "外购电力")
        & (coef["系数"] == "二氧化碳排放因子")
    ]
    assert gap["来源"].tolist() == ["缺失：该年份不可计算"]


def test_no_activity_leaves_the_table_alone() -> None:
    df = pd.DataFrame({"entity_id": ["P"], "year": [2022], "energy_consumption": [5.0]})
    table = ibis.memtable(df)
    assert apply(table, "park") is table


def test_assess_reads_derived_fields_and_traces_them(park: pd.DataFrame) -> None:
    from parkesg.explain import to_json

    result = service.assess("t-jdfa-01-2025", park, years=[2022])
    row = result.row("E1", 2022, "co2e_total")
    assert row["value"] == pytest.approx(2783.47)
    doc = next(d for d in to_json(result) if d["entity_id"] == "E1")
    ind = next(i for i in doc["indicators"] if i["id"] == "co2e_total")
    inp = next(i for i in ind["trace"]["inputs"] if i["field"] == "ent_co2e_emissions")
    how = inp["derivation"]
    assert how["origin_zh"] == "折算"
    coal, elec = how["activities"]
    assert (coal["carrier"], coal["activity"], coal["amount"]) == ("raw_coal", 900.0, 1710.27)
    assert coal["coefficient"]["value"] == 1.9003
    assert coal["coefficient"]["unit"] == "kgCO2/kg"
    assert elec["coefficient"]["value"] == 0.5366  # the 2022 grid factor, joined on year
    assert elec["factor_per_field_unit"] == pytest.approx(5.366)
    assert "2022" in elec["coefficient"]["source"]["document"]
    assert elec["coefficient"]["provisional"] is True


def test_park_frameworks_read_the_derived_fields(park: pd.DataFrame) -> None:
    e3 = park[park.entity_id == "E3"].assign(industrial_value_added=[1000.0, 1100.0])
    cppc = service.assess("t-cppc-park-cpa", e3, years=[2022])
    # T/CPPC 8: renewable 61.45 / comprehensive 305.69 × 100 (当量值, both years alike)
    assert cppc.row("E3", 2022, "renewable_energy_share")["value"] == pytest.approx(
        20.10206418266872
    )
    # T/CPPC 20: CO2 (1086.6 − 1106.8) / 1106.8 × 100 = −20.2 / 1106.8 × 100
    assert cppc.row("E3", 2022, "co2_growth_rate")["value"] == pytest.approx(-1.8250813155041603)
    bj = service.assess("bj-green-diagnosis", e3, years=[2022])
    # Beijing EG 1: 1100 万元 / 305.69 tce
    assert bj.row("E3", 2022, "energy_productivity")["value"] == pytest.approx(3.5984166966534725)
