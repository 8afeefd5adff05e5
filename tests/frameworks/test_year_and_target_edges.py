"""Beijing and T/ESC edge cases of issue 14, each worked by hand: a requested year without data,
the leading ratio's floor, an elasticity whose sign means nothing, and T/ESC progress compared
as quantities (not rounding noise), with no progress without a value and never −0."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from typer.testing import CliRunner

from parkesg import explain
from parkesg.cli.main import app
from parkesg.service import assess

BJ = "bj-green-diagnosis"
ESC = "t-esc-001-2024"


def _park(years: dict[int, dict[str, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"entity_id": "P", "year": y, **v} for y, v in years.items()])


# ── Beijing: every requested year is reported ──────────────────────────────────────────


def test_a_requested_year_without_data_reads_missing_for_every_indicator() -> None:
    data = _park({2022: {"industrial_value_added": 500.0}, 2023: {"industrial_value_added": 600.0}})
    res = assess(BJ, data, years=[2021, 2022, 2023])
    assert sorted(res.indicators.year.unique()) == [2021, 2022, 2023]
    y2021 = res.indicators[res.indicators.year == 2021]
    assert len(y2021) == 31
    assert set(y2021.status) == {"missing"}
    assert sorted(res.requirements[res.requirements.year == 2021].no) == [
        str(n) for n in range(1, 9)
    ]


def test_the_default_years_are_the_three_ending_in_the_latest() -> None:
    data = _park({2022: {"industrial_value_added": 500.0}, 2023: {"industrial_value_added": 600.0}})
    assert assess(BJ, data).years == [2021, 2022, 2023]


def test_one_year_on_the_command_line_means_the_three_ending_in_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "park.csv"
    _park({2023: {"industrial_value_added": 600.0}}).to_csv(csv, index=False)
    result = CliRunner().invoke(app, ["assess", BJ, str(csv), "--year", "2023", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(pd.io.common.StringIO(result.stdout))
    assert sorted(rows.year.unique()) == [2021, 2022, 2023]


def test_a_negative_leading_ratio_is_floored_at_zero() -> None:
    # 22 碳排放量消减率: intensity 2.0 → 2.2 tCO2/万元: (2.0 − 2.2)/2.0 × 100 = −10 %;
    # −10/3 × 100 = −333 → kept within [0, 120]: 0 (the floor is parkesg's; the guide caps at 120)
    data = _park(
        {
            2022: {"industrial_value_added": 500.0, "co2_emissions": 1000.0},
            2023: {"industrial_value_added": 500.0, "co2_emissions": 1100.0},
        }
    )
    row = assess(BJ, data, years=[2023]).row("P", 2023, "carbon_intensity_reduction")
    assert row["value"] == pytest.approx(-10.0, rel=1e-9)
    assert row["score"] == 0.0


def test_an_elasticity_of_no_meaning_keeps_its_score_and_carries_a_caution() -> None:
    # IVA 500 → 400 (−20 %), pollutants 1000 → 1100 (+10 %): e = 0.1 / −0.2 = −0.5 ≤ 0 → 120,
    # though pollution rose while output fell: the caution says so beside the score.
    data = _park(
        {
            2022: {"industrial_value_added": 500.0, "main_pollutant_emissions": 1000.0},
            2023: {"industrial_value_added": 400.0, "main_pollutant_emissions": 1100.0},
        }
    )
    res = assess(BJ, data, years=[2023])
    row = res.row("P", 2023, "pollutant_elasticity")
    assert row["value"] == pytest.approx(-0.5, rel=1e-9)
    assert row["score"] == 120.0
    assert row["caution"] == "工业增加值下降，弹性系数的符号含义反转，得分需人工判读"
    trace = next(i for i in explain.to_json(res)[0]["indicators"] if i["no"] == "24")["trace"]
    assert trace["caution"] == row["caution"]
    # output growing: no caution (IVA 400 → 500, +25 %; pollutants −10 %: e = −0.4 → 120)
    grown = _park(
        {
            2022: {"industrial_value_added": 400.0, "main_pollutant_emissions": 1000.0},
            2023: {"industrial_value_added": 500.0, "main_pollutant_emissions": 900.0},
        }
    )
    assert pd.isna(
        assess(BJ, grown, years=[2023]).row("P", 2023, "pollutant_elasticity")["caution"]
    )


# ── T/ESC: progress of quantities ──────────────────────────────────────────────────────


def _esc(fields: dict[str, float], targets: list[tuple[str, float, float]]):  # type: ignore[no-untyped-def]
    t = pd.DataFrame(
        [{"entity_id": "P", "indicator_id": i, "baseline": b, "target": g} for i, b, g in targets]
    )
    return assess(ESC, _park({2024: fields}), years=[2024], targets=t)


def test_a_target_equal_to_its_baseline_is_met_up_to_rounding_noise() -> None:
    # 1 清洁能源占比 = 57 / 100 × 100 = 56.99999999999999 (in doubles) against 57 → 57: met → 100
    # 3 能耗强度 (lower) = 2.1 / 0.3 = 7.000000000000001 against 7 → 7: met → 100
    res = _esc(
        {
            "clean_energy": 57.0, "final_energy_consumption": 100.0,
            "energy_consumption_above_scale": 2.1, "industrial_value_added_above_scale": 0.3,
        },
        [("clean_energy_share", 57.0, 57.0), ("energy_intensity_above_scale", 7.0, 7.0)],
    )  # fmt: skip
    share = res.row("P", 2024, "clean_energy_share")
    assert share["value"] == 57 / 100 * 100 != 57.0
    assert share["score"] == 100.0
    assert res.row("P", 2024, "energy_intensity_above_scale")["score"] == 100.0


def test_no_value_no_progress_and_never_minus_zero() -> None:
    # 1 has a target but no data: 缺数据 and no progress (not 0 %)
    # 3 (lower) at its baseline 0.05 with target 0.04: (0.05 − 0.05)/(0.04 − 0.05) × 100 = −0.0 → 0
    res = _esc(
        {"energy_consumption_above_scale": 5.0, "industrial_value_added_above_scale": 100.0},
        [("clean_energy_share", 20.0, 40.0), ("energy_intensity_above_scale", 0.05, 0.04)],
    )
    missing = res.row("P", 2024, "clean_energy_share")
    assert missing["status"] == "missing" and pd.isna(missing["score"])
    score = res.row("P", 2024, "energy_intensity_above_scale")["score"]
    assert score == 0.0 and math.copysign(1.0, score) == 1.0
