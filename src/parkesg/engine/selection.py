"""Which indicators an assessment includes, and whether that satisfies the framework
(T/CPPC Annex 1: every mandatory indicator, at least one of each optional group, ≥ 19 in all).

Runs on the executed indicator table (one row per park, year and indicator), grouped and
counted with pandas — no loop over entities.
"""

from __future__ import annotations

import pandas as pd

from parkesg.frameworks.schema import Framework

AVAILABLE = ("computed", "reported")


def check_selection(
    indicators: pd.DataFrame, fw: Framework, selected: list[str] | None
) -> pd.DataFrame:
    """One row per entity-year: ok, the selected indicators, and problems in Chinese."""
    keys = ["entity_id", "year"]
    if indicators.empty:
        return pd.DataFrame(columns=[*keys, "ok", "selected", "problems"])
    df = indicators[[*keys, "indicator_id", "no", "status", "selection"]].copy()
    chosen = (
        df.indicator_id.isin(selected) if selected is not None else pd.Series(True, index=df.index)
    )
    df["in"] = chosen & df.status.isin(AVAILABLE)
    out = []
    groups = fw.selection.groups if fw.selection else []
    min_total = fw.selection.min_total if fw.selection else 0
    for (entity, year), g in df.groupby(keys, sort=True):  # one group per park-year, not per row
        problems: list[str] = []
        mand = g[(g.selection == "mandatory") & ~g["in"]]
        for _, r in mand.iterrows():
            why = "未选" if selected is not None and r.indicator_id not in selected else "缺少数据"
            problems.append(f"必选指标 {r.no} 未纳入评价（{why}）")
        for grp in groups:
            members = g[g.selection == grp.id]
            if int(members["in"].sum()) < grp.min:
                nos = "、".join(members.no)
                problems.append(
                    f"可选指标组 {{{nos}}} 至少选 {grp.min} 项，实选 {int(members['in'].sum())} 项"
                )
        total = int(g["in"].sum())
        if total < min_total:
            problems.append(f"共选 {total} 项指标，少于要求的 {min_total} 项")
        out.append({"entity_id": entity, "year": year, "ok": not problems,
                    "selected": list(g.no[g["in"]]), "problems": problems})  # fmt: skip
    return pd.DataFrame(out)
