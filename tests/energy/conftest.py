"""A park of three enterprises with mixed fuels and electricity, for 2021 and 2022 — the two
years with both a national grid factor and an equivalent (等价值) factor for electricity in the
built-in coefficient table. Activity data in catalogue units (t, 万立方米, 万kWh, GJ)."""

from __future__ import annotations

import pandas as pd
import pytest

YEARS = (2021, 2022)


@pytest.fixture
def park() -> pd.DataFrame:
    rows = [
        # E1 — coal boiler and grid power
        {"entity_id": "E1", "year": 2021, "raw_coal": 1000.0, "electricity_purchased": 200.0},
        {"entity_id": "E1", "year": 2022, "raw_coal": 900.0, "electricity_purchased": 200.0},
        # E2 — natural gas, grid power, diesel for fork-lifts (same both years)
        *(
            {
                "entity_id": "E2",
                "year": y,
                "natural_gas": 50.0,
                "electricity_purchased": 300.0,
                "diesel": 20.0,
            }
            for y in YEARS
        ),  # fmt: skip
        # E3 — grid power of which 40 万kWh green, rooftop PV, purchased heat
        *(
            {
                "entity_id": "E3",
                "year": y,
                "electricity_purchased": 100.0,
                "green_electricity": 40.0,
                "renewable_generation": 10.0,
                "heat_purchased": 5000.0,
            }
            for y in YEARS
        ),  # fmt: skip
    ]
    return pd.DataFrame(rows)
