"""The energy part of the T/CPPC audit report: 能源利用分析 of 5.3.2 (2) ② (actual consumption
by carrier, the comprehensive consumption, the consumption structure and the main users, by an
energy-flow analysis) and the carbon inventory of 5.3.2 (3) ①, placed in 4.1 现状调查 (附件2 2.4.1 lists 能源消耗与碳排放、
温室气体排放 in the current-state survey).

Every number comes from ``parkesg.energy.tables`` (the engine's energy stage); this module picks
the audit year, formats the rows and draws the flow chart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from parkesg import formatting
from parkesg.energy.flow_chart import carrier_flows, flow_chart
from parkesg.energy.schema import CONVENTION_ZH
from parkesg.energy.stage import EnergySettings, has_activity
from parkesg.energy.tables import TOTAL_ZH, EnergyTables, energy_tables


def energy_data(
    wide: pd.DataFrame, entity: str, given: pd.DataFrame | None
) -> tuple[pd.DataFrame | None, str]:
    """The activity rows the report uses: the file given (the park's key energy users, one row
    per enterprise-year) or else the park's own activity fields in its workbook; and the
    entity kind the energy stage reads them as."""
    if given is not None:
        return given, "park"
    if has_activity(wide.columns):
        own = wide[wide.entity_id.astype(str) == entity]
        if own.drop(columns=["entity_id", "year"], errors="ignore").notna().any().any():
            return own, "park"
    return None, "park"


def _num(v: Any, digits: int = 2) -> str:
    return "—" if v is None or pd.isna(v) else f"{float(v):,.{digits}f}"


def _balance_rows(t: EnergyTables, year: int, share_col: str) -> list[dict[str, str]]:
    b = t.balance[t.balance["年份"] == year]
    return [
        {
            "carrier": str(r["能源品种"]),
            "quantity": _num(r["实物量"]),
            "unit": formatting.unit(str(r["单位"])) if isinstance(r["单位"], str) else "",
            "calorific": _num(r["当量值（tce）"]),
            "equivalent": _num(r["等价值（tce）"]),
            "share": _num(r[share_col], 1),
            "entities": "" if pd.isna(r["主体数"]) else str(int(r["主体数"])),
        }
        for _, r in b.iterrows()
    ]


def _carbon_rows(t: EnergyTables, year: int) -> list[dict[str, str]]:
    c = t.carbon_by_carrier[t.carbon_by_carrier["年份"] == year]
    return [
        {
            "carrier": str(r["能源品种"]),
            "scope": "" if pd.isna(r["范围"]) else str(r["范围"]).split()[0],  # 范围一 / 范围二
            "quantity": _num(r["实物量"]),
            "unit": formatting.unit(str(r["单位"])) if isinstance(r["单位"], str) else "",
            "factor": _num(r["排放因子（tCO2/单位）"], 4),
            "co2": _num(r["排放量（tCO2）"]),
            "share": _num(r["占比（%）"], 1),
        }
        for _, r in c.iterrows()
    ]


def _summary(
    t: EnergyTables, year: int, conv_zh: str, share_col: str, labels: dict[str, str]
) -> str:
    b = t.balance[t.balance["年份"] == year]
    total = b[b["能源品种"].str.startswith(TOTAL_ZH)].iloc[0]
    carriers = b[~b["能源品种"].str.startswith(TOTAL_ZH)].dropna(subset=[share_col])
    top = carriers.sort_values(share_col, ascending=False).head(3)
    structure = "、".join(f"{r['能源品种']} {r[share_col]:.1f}%" for _, r in top.iterrows())
    co2 = t.carbon_by_carrier
    co2_total = co2[(co2["年份"] == year) & (co2["能源品种"] == TOTAL_ZH)]["排放量（tCO2）"]
    ent = t.carbon_by_entity[t.carbon_by_entity["年份"] == year]
    tce_col = next(c for c in ent.columns if c.startswith("综合能耗"))
    users = ent.dropna(subset=[tce_col]).sort_values(tce_col, ascending=False).head(3)
    main = "、".join(str(n) for n in users["名称"])
    equivalent = (
        f"{_num(total['等价值（tce）'])} tce（等价值）"
        if pd.notna(total["等价值（tce）"])
        else "等价值因缺少系数不可计算（见表注）"
    )
    return (
        f"{year} 年纳入核算的 {int(total['主体数'])} 个用能主体综合能耗 "
        f"{_num(total['当量值（tce）'])} tce（当量值），{equivalent}；"
        f"能源消费结构（按{conv_zh}）以{structure}为主；主要用能主体为{main}。"
        f"二氧化碳排放 {_num(co2_total.iloc[0] if len(co2_total) else None)} tCO2"
        f"（能源活动，范围一与范围二）。能源平衡见表 {labels['balance']}，按能源品种的碳排放清单"
        f"见表 {labels['carbon']}，能源流向见图 {labels['flow']}。"
    )


def _note(t: EnergyTables, year: int) -> str:
    c = t.coefficients[t.coefficients["年份"] == year].dropna(subset=["数值"])
    sources = sorted(set(c["来源"]))
    provisional = (c["暂定"] == "是").any()
    missing = t.coefficients[(t.coefficients["年份"] == year) & t.coefficients["数值"].isna()]
    text = "注：折标准煤系数与排放因子来源：" + "；".join(sources) + "。"
    if provisional:
        text += "其中部分系数为暂定值（未核对原文），结论使用前应确认。"
    if not missing.empty:
        gaps = sorted({f"{r['能源品种']}{r['系数']}" for _, r in missing.iterrows()})
        text += "缺少系数、相应数值不可计算：" + "、".join(gaps) + "。"
    return text


def energy_section(
    data: pd.DataFrame,
    year: int,
    work: Path,
    *,
    kind: str = "park",
    settings: EnergySettings | None = None,
    labels: dict[str, str] | None = None,
    width_mm: float = 156,
) -> tuple[dict[str, Any], Path | None]:
    """The report context of the energy part for the audit ``year`` and the energy-flow
    chart (PNG in ``work``); an empty context when the data has no rows for that year."""
    settings = settings or EnergySettings()
    labels = labels or {"balance": "5-1", "carbon": "5-2", "flow": "5-1"}
    t = energy_tables(data, kind=kind, settings=settings, years=[year])
    if t.balance.empty:
        return {"energy": False, "energy_warning": f"能源活动数据中没有 {year} 年的数据"}, None
    conv_zh = CONVENTION_ZH[settings.convention]
    share_col = f"占比（%，{conv_zh}）"
    ctx = {
        "energy": True,
        "energy_summary": _summary(t, year, conv_zh, share_col, labels),
        "energy_balance": _balance_rows(t, year, share_col),
        "energy_share_label": f"占比（%，{conv_zh}）",
        "carbon_rows": _carbon_rows(t, year),
        "energy_note": _note(t, year),
    }
    flows = carrier_flows(t.rows, year, t.convention, t.names)
    title = f"能源流向图 {year} 年（{conv_zh}，tce）"
    png = (
        flow_chart(flows, work / "energy-flow.png", title=title, width_mm=width_mm)
        if not flows.empty
        else None
    )
    return ctx, png
