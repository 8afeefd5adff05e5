"""Demo energy activity data: six key energy-using enterprises of the demo park, 2021–2023,
in catalogue units (t, 万立方米, 万kWh, GJ) — input for `parkesg energy balance | carbon | flow`.

Made up, plausible for a southern-Jiangsu manufacturing zone: a special-steel works on coke,
coal and power; a chemical plant on coal, gas, steam and fuel oil; a new-materials plant with
rooftop PV and green power; an electronics plant buying mostly green power; an auto-parts
plant on gas and power; a dyeing plant on steam, heat and gas. The reported park totals in
``park.py`` stay what the frameworks read; these six are a sample of the park, not all of it.
"""

from __future__ import annotations

import pandas as pd

YEARS = (2021, 2022, 2023)

ENTERPRISES = {
    "E-DEMO-01": ("示范特钢有限公司", "C3130"),
    "E-DEMO-02": ("示范化工有限公司", "C2614"),
    "E-DEMO-03": ("示范新材料有限公司", "C2651"),
    "E-DEMO-04": ("示范电子科技有限公司", "C3974"),
    "E-DEMO-05": ("示范汽车零部件有限公司", "C3670"),
    "E-DEMO-06": ("示范纺织印染有限公司", "C1713"),
}

# (enterprise, field): values for 2021, 2022, 2023
# fmt: off
ACTIVITY: dict[tuple[str, str], tuple[float, float, float]] = {
    ("E-DEMO-01", "coke"):                  (52_000, 50_500, 48_800),
    ("E-DEMO-01", "raw_coal"):              (31_000, 29_000, 26_500),
    ("E-DEMO-01", "natural_gas"):           (820, 900, 1_010),
    ("E-DEMO-01", "electricity_purchased"): (38_500, 39_200, 40_100),
    ("E-DEMO-02", "raw_coal"):              (64_000, 61_000, 57_500),
    ("E-DEMO-02", "natural_gas"):           (2_150, 2_300, 2_480),
    ("E-DEMO-02", "fuel_oil"):              (1_800, 1_500, 1_200),
    ("E-DEMO-02", "steam_purchased"):       (120_000, 126_000, 131_000),
    ("E-DEMO-02", "electricity_purchased"): (21_300, 21_900, 22_600),
    ("E-DEMO-03", "natural_gas"):           (1_420, 1_510, 1_560),
    ("E-DEMO-03", "electricity_purchased"): (16_800, 17_900, 18_700),
    ("E-DEMO-03", "green_electricity"):     (2_000, 3_500, 5_200),
    ("E-DEMO-03", "renewable_generation"):  (650, 980, 1_400),
    ("E-DEMO-04", "electricity_purchased"): (24_500, 26_800, 28_900),
    ("E-DEMO-04", "green_electricity"):     (6_000, 9_500, 13_000),
    ("E-DEMO-04", "renewable_generation"):  (1_100, 1_650, 2_300),
    ("E-DEMO-04", "diesel"):                (95, 90, 82),
    ("E-DEMO-05", "natural_gas"):           (980, 1_040, 1_090),
    ("E-DEMO-05", "electricity_purchased"): (9_800, 10_300, 10_900),
    ("E-DEMO-05", "gasoline"):              (160, 150, 138),
    ("E-DEMO-05", "lpg"):                   (210, 190, 170),
    ("E-DEMO-06", "steam_purchased"):       (88_000, 84_000, 80_500),
    ("E-DEMO-06", "heat_purchased"):        (46_000, 44_500, 42_000),
    ("E-DEMO-06", "natural_gas"):           (310, 330, 350),
    ("E-DEMO-06", "electricity_purchased"): (7_400, 7_300, 7_150),
}
# fmt: on


def demo_energy() -> pd.DataFrame:
    """Wide: one row per enterprise-year with name, industry and the activity fields."""
    rows = []
    for eid, (name, industry) in ENTERPRISES.items():
        for i, year in enumerate(YEARS):
            row: dict[str, object] = {
                "entity_id": eid, "year": year, "name": name, "industry": industry,
            }  # fmt: skip
            row |= {f: float(v[i]) for (e, f), v in ACTIVITY.items() if e == eid}
            rows.append(row)
    return pd.DataFrame(rows)
