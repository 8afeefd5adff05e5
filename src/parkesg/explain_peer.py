"""The peer part of a trace (T/JDFA01 6.8 b): which group a value was compared with — its
label, level, size — the statistics used, and the reference table when one stood in for the
entity's own peers; and what each rule of 6.9 means, in words."""

from __future__ import annotations

import math
from typing import Any

from parkesg.engine.peer import PEER_METHODS, stat_names
from parkesg.frameworks.schema import Framework, Indicator, Method

LEVELS_ZH = {5: "小类", 4: "中类", 3: "大类", 1: "门类", 0: "全部"}
RULES_ZH = {
    "violation": "有违规记录，该项不计分（6.9 d）",
    "missing:general": "依据不完备，按保守性原则取一般（6.9 b）",
    "missing:zero": "依据不完备，按保守性原则不给分（6.9 b）",
    "missing:exclude": "依据不完备，剔除该项并在本节点内重新归一权重（6.9 b）",
    "peer_insufficient": "同业样本不足，无比较基础，不予评分（6.8 b）",
    "peer_small": "同业样本不足，仍按小样本组评分并标注（6.8 b）",
}


def rule_text(rule: str | None) -> str | None:
    return RULES_ZH.get(rule) if rule else None


def _number(v: Any) -> float | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return float(v)


def _whole(v: Any) -> int | None:
    n = _number(v)
    return None if n is None else int(n)


def peer_trace(
    result: Any, ind: Indicator, row: dict[str, Any], wide_row: dict[str, Any]
) -> dict[str, Any] | None:
    """Group, level, n and statistics of a peer-scored indicator row; None for other methods."""
    fw: Framework = result.framework
    if ind.method.value not in PEER_METHODS or fw.peer is None:
        return None
    level = _whole(row.get("peer_level"))
    n = _whole(row.get("peer_n"))
    return {
        "group": row.get("peer_group"),
        "level": level,
        "level_zh": LEVELS_ZH.get(level, f"前 {level} 位") if level is not None else None,
        "n": n,
        "min_size": fw.peer.min_size,
        "basis": n is not None and n >= fw.peer.min_size,
        "fallback": bool(row.get("peer_fallback"))
        if row.get("peer_fallback") is not None
        else None,
        "statistics": _statistics(result, ind, row, wide_row),
        "reference": result.peer_reference,
    }


def _statistics(
    result: Any, ind: Indicator, row: dict[str, Any], wide_row: dict[str, Any]
) -> dict[str, Any] | None:
    """The group's statistics as the score read them, from the run's peer table."""
    peers = result.peers
    if peers is None or peers.empty or not wide_row:
        return None
    hit = peers[(peers["_sy"] == int(row["year"])) & (peers["_si"] == wide_row.get("industry"))]
    if "_sk" in peers.columns:
        hit = hit[hit["_sk"] == wide_row.get("peer_key")]
    if hit.empty:
        return None
    stats = [_number(hit.iloc[0].get(name)) for name in stat_names(ind, result.framework.peer)]
    if ind.method == Method.peer_percentile:
        tiers = result.framework.peer.tiers
        # a value scores a tier when it is at least as good as the tier's cut-off
        better = "≥" if ind.direction.value == "higher" else "≤"
        return {
            "cut_offs": [
                {"p_max": bound, "score": score, "cut": cut, "test": f"值 {better} {cut}"}
                for (bound, score), cut in zip(tiers[:-1], stats, strict=True)
            ],
            "last_score": tiers[-1][1],
        }
    mean, sd = stats
    if ind.method == Method.peer_poisson:
        return {"lambda": mean}
    return {"mean": mean, "sd": sd}
