"""The demo park's key enterprises: the CSV `parkesg demo` writes reads back through the
validated import and gives the hand-computed inventory."""

from __future__ import annotations

from pathlib import Path

import pytest

from parkesg.cli.data import load_data
from parkesg.demo.energy import demo_energy
from parkesg.energy.tables import energy_tables
from parkesg.io.tables import write_table


def test_demo_energy_round_trip_and_inventory(tmp_path: Path) -> None:
    path = write_table(demo_energy(), tmp_path / "park-energy.csv")
    wide, _ = load_data(path)
    t = energy_tables(wide, years=[2021])
    ent = t.carbon_by_entity.set_index("主体编号")
    # E-DEMO-04 2021: 24,500 万kWh × 5.568 = 136,416 + diesel 95 t × 3.0959 = 294.1105
    # (its 6,000 万kWh green power is not deducted; its rooftop PV emits nothing)
    assert ent.loc["E-DEMO-04", "排放总量（tCO2）"] == pytest.approx(136_710.1105)
    assert ent.loc["E-DEMO-04", "名称"] == "示范电子科技有限公司"
    bal = t.balance.set_index("能源品种")
    # coke: 52,000 t × 0.9714 = 50,512.8 tce, one enterprise
    assert bal.loc["焦炭", "当量值（tce）"] == pytest.approx(50_512.8)
    assert bal.loc["外购电力", "主体数"] == 6
