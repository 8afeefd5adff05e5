"""Where does this number come from? The trace of one indicator result, and the JSON of an
assessment as the CLI and the web show it.

Runs on an executed result of a few entities (never in the batch path): it reads the wide
row the engine computed from and, when the data came as observations, their source and
evidence.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from parkesg.energy.stage import EnergySettings
from parkesg.energy.trace import derivation
from parkesg.engine.indicators import LIST_SEP
from parkesg.engine.segments import dimension_column, indicator_weights, segment_weights
from parkesg.engine.wide import lag_column
from parkesg.explain_peer import peer_trace, rule_text
from parkesg.formula.parse import fields as formula_fields
from parkesg.formula.parse import parse
from parkesg.frameworks import iter_indicators, load_catalogue
from parkesg.frameworks.schema import Framework, Indicator
from parkesg.service import AssessmentResult

METHOD_ZH = {
    "levels": "对标一般/先进水平",
    "leading_ratio": "对标引领值（比值×100，封顶）",
    "boolean": "是否判定",
    "ordinal": "分类赋分",
    "peer_percentile": "同业分档排序法",
    "peer_normal": "同业正态分布拟合",
    "peer_poisson": "同业泊松分布拟合",
    "progress": "相对基准值的目标完成进度",
}


def _clean(v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def _inputs(
    ind: Indicator,
    wide_row: dict[str, Any],
    year: int,
    obs: pd.DataFrame | None,
    entity: str,
    energy: tuple[pd.DataFrame, str, EnergySettings | None] | None = None,
) -> list[dict[str, Any]]:
    catalogue = load_catalogue()
    refs: set[tuple[str, int]] = set()
    if ind.formula:
        refs |= formula_fields(parse(ind.formula))
    refs |= {(f, 0) for f in ind.evidence + ind.violations}
    out = []
    for name, lag in sorted(refs):
        f = catalogue.get(name)
        item: dict[str, Any] = {
            "field": name,
            "name_zh": f.name.zh if f else name,
            "year": year - lag,
            "value": _clean(wide_row.get(lag_column(name, lag))),
            "unit": f.unit if f else "",
        }
        if obs is not None and not obs.empty:
            hit = obs[(obs.entity_id == entity) & (obs.year == year - lag) & (obs.field == name)]
            if not hit.empty:
                item["source"] = _clean(hit.iloc[0].get("source"))
                item["evidence"] = _clean(hit.iloc[0].get("evidence"))
        if energy is not None:  # 报送 or 折算 from activity data, with the coefficients
            rows, kind, settings = energy
            how = derivation(
                rows, kind=kind, entity=entity, year=year - lag, field=name, settings=settings
            )
            if how is not None:
                item["derivation"] = how
        out.append(item)
    return out


def _wide_rows(result: AssessmentResult) -> dict[tuple[str, int], dict[str, Any]]:
    """The rows the engine read, by entity and year (looked up once, not per indicator)."""
    return {(str(r["entity_id"]), int(r["year"])): r for r in result.wide.to_dict("records")}


def trace(
    result: AssessmentResult,
    row: dict[str, Any],
    obs: pd.DataFrame | None = None,
    energy: EnergySettings | None = None,
    *,
    wide_rows: dict[tuple[str, int], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Formula, inputs with values and sources (and, for an input derived from energy activity
    data, the activities and coefficients), method, thresholds, rule and clause."""
    ind = {i.id: i for i in iter_indicators(result.framework.tree)}[row["indicator_id"]]
    rows = wide_rows if wide_rows is not None else _wide_rows(result)
    wide_row = rows.get((str(row["entity_id"]), int(row["year"])), {})
    t = ind.thresholds.model_dump(exclude_none=True)
    return {
        "clause": f"{result.framework.source.code} {ind.clause}",
        "formula": ind.formula,
        "reported": row["status"] == "reported",
        "inputs": []
        if row["status"] == "reported"
        else _inputs(
            ind,
            wide_row,
            int(row["year"]),
            obs,
            row["entity_id"],
            (result.energy, result.framework.entity_kind, energy),
        ),
        "method": ind.method.value,
        "method_zh": METHOD_ZH[ind.method.value],
        "thresholds": t or None,
        "rule": _clean(row.get("rule")),
        "rule_zh": rule_text(_clean(row.get("rule"))),
        "reason": _clean(row.get("reason")),
        "peer_group": _clean(row.get("peer_group")),
        "peer_fallback": _clean(row.get("peer_fallback")),
        "peer": peer_trace(result, ind, row, wide_row),
        "missing_evidence": _missing_pieces(row),
        "caution": _clean(row.get("caution")),
        "note": ind.note or None,
        **_segment_weight(row),
    }


def _missing_pieces(row: dict[str, Any]) -> list[dict[str, str]] | None:
    """The evidence pieces that were missing (6.9 e, any-of), with their Chinese names."""
    ids = _clean(row.get("missing_evidence"))
    if not ids:
        return None
    catalogue = load_catalogue()
    return [
        {"field": f, "name_zh": catalogue[f].name.zh if f in catalogue else f}
        for f in str(ids).split(LIST_SEP)
    ]


def _segment_weight(row: dict[str, Any]) -> dict[str, Any]:
    """Under a segment model: the segment and this indicator's weight in it (6.8 formula (1))."""
    if _clean(row.get("segment")) is None:
        return {}
    return {"segment": row["segment"], "weight": _clean(row.get("weight"))}


def to_json(
    result: AssessmentResult,
    obs: pd.DataFrame | None = None,
    energy: EnergySettings | None = None,
) -> list[dict[str, Any]]:
    """One document per entity-year: indicators with traces, groups, total, grade, selection."""
    docs = []
    wide_rows = _wide_rows(result)
    weights = segment_weights(result.framework)  # per segment: shares among siblings, a_ij
    a_ij = {sid: indicator_weights(w, result.framework) for sid, w in weights.items()}
    directions = {i.id: i.direction.value for i in iter_indicators(result.framework.tree)}
    for (entity, year), rows in result.indicators.groupby(["entity_id", "year"], sort=True):
        indicators = [
            {
                "no": r["no"],
                "id": r["indicator_id"],
                "name_zh": r["name_zh"],
                "value": _clean(r["value"]) if _clean(r["category"]) is None else r["category"],
                "unit": r["unit"],
                "level": _clean(r["level"]),
                "score": _clean(r["score"]),
                "status": r["status"],
                "provisional": bool(r["provisional"]),
                "trace": trace(result, r, obs, energy, wide_rows=wide_rows),
                **_adjustment(r),
                **_placing(r, directions),
            }
            for r in rows.to_dict("records")
        ]
        doc: dict[str, Any] = {
            "framework": result.framework.id,
            "entity_id": entity,
            "year": int(year),
            "indicators": indicators,
            "groups": _groups(result, entity, year),
            "total": None,
            "grade": None,
        }
        if weights:
            doc["segment"] = _segment(result.framework, rows, wide_rows, weights, a_ij)
        tot = result.totals
        if not tot.empty:
            t = tot[(tot.entity_id == entity) & (tot.year == year)]
            if not t.empty:
                doc["total"], doc["grade"] = _clean(t.iloc[0].score), _clean(t.iloc[0].grade)
                doc["withheld"] = _withheld(t.iloc[0], indicators)
                if "comprehensive_score" in tot.columns:  # T/JDFA01 6.11: both ratings
                    doc["comprehensive"] = {
                        "total": _clean(t.iloc[0].comprehensive_score),
                        "grade": _clean(t.iloc[0].comprehensive_grade),
                    }
        doc["selection"] = _selection(result, entity, year)
        doc["requirements"] = _requirements(result, entity, year)
        doc["shortfalls"] = [
            {"no": i["no"], "id": i["id"], "name_zh": i["name_zh"], "level": i["level"]}
            for i in indicators
            if i["level"] in ("未达一般", "一般")
        ]
        docs.append(doc)
    return docs


def _segment(
    fw: Framework,
    rows: pd.DataFrame,
    wide_rows: dict[tuple[str, int], dict[str, Any]],
    weights: dict[str, dict[str, float]],
    a_ij: dict[str, dict[str, float]],
) -> dict[str, Any] | None:
    """The segment of one entity-year: its id and name, the dimension values that placed it
    there, and the weight of every node and indicator among its siblings in it."""
    if fw.segments is None or "segment" not in rows.columns:
        return None
    first = rows.iloc[0]
    sid = str(first["segment"])
    model = next((m for m in fw.segments.models if m.id == sid), None)
    wide_row = wide_rows.get((str(first["entity_id"]), int(first["year"])), {})
    return {
        "id": sid,
        "name_zh": model.name.zh if model else "默认（框架权重）",
        "dimensions": {
            d.id: _clean(wide_row.get(dimension_column(d.id))) for d in fw.segments.dimensions
        },
        "weights": weights.get(sid, {}),
        "a_ij": a_ij.get(sid, {}),
        "provisional": fw.segments.provisional,
    }


def _withheld(total: Any, indicators: list[dict[str, Any]]) -> dict[str, Any] | None:
    """不予评级 (T/JDFA01 6.8 b, no peer basis), or a total issued on too few peers: the
    indicators concerned and what it means."""
    short = [
        i["no"] for i in indicators if i["trace"]["rule"] in ("peer_insufficient", "peer_small")
    ]
    if not short:
        return None
    issued = not bool(_clean(total.get("withheld")))
    what = "评级照发，标注同业样本不足" if issued else "不予评级：同业样本不足，无比较基础"
    return {"issued": issued, "text": what, "indicators": short}


def _placing(row: dict[str, Any], directions: dict[str, str]) -> dict[str, Any]:
    """Where the indicator sits and how it reads: kind, direction, selection (T/CPPC), its
    parent node and its weight share among its siblings (what a report arranges by)."""
    return {
        "kind": row["kind"],
        "direction": directions.get(row["indicator_id"], "higher"),
        "selection": row["selection"],
        "node": row["node_id"],
        "weight": _clean(row["weight"]),
    }


def _adjustment(row: dict[str, Any]) -> dict[str, Any]:
    """An on-site adjustment of this indicator, when there is one (6.11 c)."""
    if _clean(row.get("adjusted_score")) is None:
        return {}
    return {
        "adjustment": {
            "score": _clean(row["adjusted_score"]),
            "reason": row["adjust_reason"],
            "evaluator": row["adjust_evaluator"],
            "date": row["adjust_date"],
        }
    }


def _groups(result: AssessmentResult, entity: str, year: int) -> list[dict[str, Any]]:
    nodes = result.nodes
    if nodes.empty:
        return []
    names = {n.id: n.name.zh for n in _all_nodes(result.framework)}
    order = {n.id: k for k, n in enumerate(_all_nodes(result.framework))}
    sub = nodes[(nodes.entity_id == entity) & (nodes.year == year)]
    return [
        {
            "id": r.node_id,
            "name_zh": names.get(r.node_id, r.node_id),
            "depth": int(r.depth),
            "score": _clean(r.score),
            "parent": _clean(getattr(r, "parent_id", None)),
            "weight": _clean(getattr(r, "weight", None)),
            "order": order.get(r.node_id, len(order)),
        }
        for r in sub.itertuples()
    ]


def _all_nodes(fw: Framework) -> list[Any]:
    from parkesg.frameworks.checks import iter_nodes

    return list(iter_nodes(fw.tree))


def _selection(result: AssessmentResult, entity: str, year: int) -> dict[str, Any] | None:
    sel = result.selection
    if sel.empty:
        return None
    r = sel[(sel.entity_id == entity) & (sel.year == year)]
    if r.empty:
        return None
    row = r.iloc[0]
    return {"ok": bool(row.ok), "selected": list(row.selected), "problems": list(row.problems)}


def _requirements(result: AssessmentResult, entity: str, year: int) -> list[dict[str, Any]]:
    req = result.requirements
    if req.empty:
        return []
    sub = req[(req.entity_id == entity) & (req.year == year)]
    return [
        {
            "no": r.no,
            "id": r.requirement_id,
            "text": r.text,
            "met": _clean(r.met),
            "encouraged": bool(r.encouraged),
        }
        for r in sub.itertuples()
    ]
