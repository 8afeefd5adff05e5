"""The park energy balance and the carbon inventory as tables a person reads (Chinese
headers), plus the coefficients they used with their sources. The numbers come from the
engine (``engine/energy.py``, ``engine/energy_tables.py``); this module runs the plan on a
backend and names the columns."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import pandas as pd

from parkesg.engine import energy_tables as engine_tables
from parkesg.errors import DataError

from .schema import CONVENTION_ZH, Quantity
from .stage import EnergySettings, apply, has_activity, plan, used

SCOPE_ZH = {"direct": "范围一 直接", "indirect": "范围二 间接"}  # fuel combustion / bought energy
QUANTITY_ZH = {
    Quantity.calorific: "折标准煤系数（当量值）",
    Quantity.equivalent: "折标准煤系数（等价值）",
    Quantity.co2: "二氧化碳排放因子",
}
TOTAL_ZH = "合计"
DECIMALS = 6


@dataclass(frozen=True)
class EnergyTables:
    balance: pd.DataFrame  # 能源平衡表：年份 × 能源品种
    carbon_by_carrier: pd.DataFrame  # 碳排放清单（按能源品种）
    carbon_by_entity: pd.DataFrame  # 碳排放清单（按主体）
    coefficients: pd.DataFrame  # 所用系数及其来源
    rows: pd.DataFrame  # entity × year × carrier, for the energy-flow chart
    convention: str
    names: dict[str, str]  # entity id → name, where the data gave one


def energy_tables(
    data: pd.DataFrame,
    *,
    kind: str = "park",
    settings: EnergySettings | None = None,
    years: list[int] | None = None,
    con: ibis.BaseBackend | None = None,
) -> EnergyTables:
    """Balance and inventory of every entity in ``data`` (wide, one row per entity-year),
    summed over entities by year; ``years`` narrows the output."""
    settings = settings or EnergySettings()
    if not has_activity(data.columns):
        raise DataError(
            "数据中没有能源活动数据（原煤、天然气、外购电力等字段，见 catalogue/energy.yaml）"
        )
    con = con or ibis.duckdb.connect()
    table = ibis.memtable(data)
    if years:
        table = table.filter(table.year.cast("int64").isin(years))
    stage = apply(table, kind, settings)
    p, _ = plan(kind, settings)
    rows = engine_tables.carrier_rows(stage, p)
    conv = settings.convention.value
    balance = con.execute(engine_tables.balance(rows, conv))
    totals = con.execute(engine_tables.year_totals(stage))
    by_carrier = con.execute(engine_tables.inventory_by_carrier(rows))
    by_entity = con.execute(engine_tables.inventory_by_entity(stage))
    ids = data.entity_id.astype(str)
    given = (
        data["name"].where(data["name"].notna() & (data["name"] != ""), ids)
        if "name" in data
        else ids
    )
    names = dict(zip(ids, given.astype(str)))
    return EnergyTables(
        balance=_rounded(_balance(balance, totals, CONVENTION_ZH[settings.convention])),
        carbon_by_carrier=_rounded(_by_carrier(by_carrier, totals)),
        carbon_by_entity=_rounded(_by_entity(by_entity, names, CONVENTION_ZH[settings.convention])),
        coefficients=coefficients_used(
            settings, sorted({int(y) for y in balance.year}), set(balance.carrier)
        ),
        rows=con.execute(rows),
        convention=conv,
        names=names,
    )


def _rounded(df: pd.DataFrame) -> pd.DataFrame:
    """Six decimals: what a person reads, without binary noise (1900.3000000000002)."""
    return df.round(DECIMALS)


def _balance(df: pd.DataFrame, totals: pd.DataFrame, conv_zh: str) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "年份": df.year,
            "能源品种": df.name_zh,
            "实物量": df.quantity,
            "单位": df.unit,
            "当量值（tce）": df.calorific,
            "等价值（tce）": df.equivalent,
            f"占比（%，{conv_zh}）": df.share,
            "主体数": df.entities,
        }
    )
    total = pd.DataFrame(
        {
            "年份": totals.year,
            "能源品种": f"{TOTAL_ZH}（综合能耗）",
            "当量值（tce）": totals.calorific,
            "等价值（tce）": totals.equivalent,
            f"占比（%，{conv_zh}）": 100.0,
            "主体数": totals.entities,
        }
    )
    return _with_totals(out, total)


def _by_carrier(df: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "年份": df.year,
            "能源品种": df.name_zh,
            "范围": df.scope.map(SCOPE_ZH),
            "实物量": df.quantity,
            "单位": df.unit,
            "排放因子（tCO2/单位）": df.co2_factor,
            "排放量（tCO2）": df.co2,
            "占比（%）": df.share,
        }
    )
    total = pd.DataFrame(
        {
            "年份": totals.year,
            "能源品种": TOTAL_ZH,
            "排放量（tCO2）": totals.co2,
            "占比（%）": 100.0,
        }
    )
    return _with_totals(out, total)


def _by_entity(df: pd.DataFrame, names: dict[str, str], conv_zh: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "年份": df.year,
            "主体编号": df.entity_id,
            "名称": df.entity_id.map(names),
            "直接排放（tCO2）": df.co2_direct,
            "间接排放（tCO2）": df.co2_indirect,
            "排放总量（tCO2）": df.co2,
            "占比（%）": df.share,
            f"综合能耗（tce，{conv_zh}）": df.tce,
            "排放强度（tCO2/万元）": df.co2_intensity,
            "说明": df.reason,
        }
    )


def _with_totals(rows: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Each year's rows followed by its total row."""
    parts = []
    for year, part in rows.groupby("年份", sort=True):
        parts += [part, totals[totals["年份"] == year]]
    out = pd.concat(parts, ignore_index=True) if parts else rows
    return out.astype({"年份": "int64"})


def coefficients_used(
    settings: EnergySettings, years: list[int], carriers: set[str] | None = None
) -> pd.DataFrame:
    """Every coefficient applied in ``years`` (to ``carriers``, default all): value, unit,
    source, provisional mark."""
    from .coefficients import load_carriers

    rows = []
    for c in load_carriers().carriers:
        if carriers is not None and c.id not in carriers:
            continue
        for q in Quantity:
            if q == Quantity.co2 and c.scope == "none":
                continue
            for y in years:
                e = used(settings, c.id, q, y)
                rows.append(
                    {
                        "年份": y,
                        "能源品种": c.name.zh,
                        "系数": QUANTITY_ZH[q],
                        "数值": e.value if e else None,
                        "单位": e.unit if e else "",
                        "来源": f"{e.source.document} {e.source.clause}（{e.source.date}）"
                        if e
                        else "缺失：该年份不可计算",
                        "暂定": ("是" if e.provisional else "否") if e else "",
                        "说明": e.note if e else "",
                    }
                )
    return pd.DataFrame(rows)
