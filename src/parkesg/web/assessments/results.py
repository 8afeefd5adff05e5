"""Results as stored JSON, and the tables the results page reads from them.

``pack`` turns an ``AssessmentResult`` into plain JSON once, when the assessment runs; every
page afterwards reads the stored document (no engine, no pandas on a page view).
"""

from __future__ import annotations

import hashlib
import math
from importlib import resources
from typing import Any

import pandas as pd

from parkesg import formatting, stored
from parkesg.errors import ParkesgError
from parkesg.frameworks import iter_indicators, load_framework
from parkesg.service import AssessmentResult
from parkesg.web.assessments import summary
from parkesg.web.assessments.inputs import Inputs

LEVEL_ORDER = ("先进", "一般", "未达一般")
LEVEL_CODES = summary.LEVEL_CODES
STATUS_ZH = {"computed": "计算", "reported": "填报", "missing": "缺数据",
             "not_computable": "不可计算"}  # fmt: skip


def framework_sha256(framework_id: str) -> str:
    """SHA-256 of the shipped framework file: the exact edition a run used."""
    path = resources.files("parkesg.frameworks").joinpath("data", f"{framework_id}.yaml")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plain(v: Any) -> Any:
    """JSON-safe: numpy scalars → Python, NaN / inf → None (PostgreSQL's jsonb has no NaN)."""
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [plain(x) for x in v]
    if hasattr(v, "tolist"):  # numpy arrays and scalars
        return plain(v.tolist())
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if v is None or isinstance(v, bool | int | float | str):
        return v
    if v is pd.NaT:
        return None
    return str(v)


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [plain(r) for r in df.to_dict("records")] if not df.empty else []


def pack(
    result: AssessmentResult,
    inputs: Inputs,
    missing: dict[int, list[str]],
    *,
    selected: list[str] | None = None,
    targets: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The stored results: the documents (``stored.documents``: the trace of every number and
    the record of the run — framework edition, options, data — that reports read), the
    engine's tables, the input frames and the targets the run read (T/ESC; ``summary.esc``)."""
    return {
        "docs": plain(
            stored.documents(
                result, inputs.obs, frame=inputs.wide, selected=selected, targets=targets
            )
        ),
        "indicators": records(result.indicators),
        "nodes": records(result.nodes),
        "totals": records(result.totals),
        "wide": records(inputs.wide),
        "obs": records(inputs.obs),
        "missing": {str(y): fields for y, fields in missing.items()},
        "targets": records(targets) if targets is not None else [],
    }


PAGE_VERSION = 3  # a stored page of another version is rebuilt from the results on view


def _cell(i: dict[str, Any], year: int) -> dict[str, Any]:
    """One indicator in one year, raw: the template formats it (``fmt`` filters) in the
    reader's language."""
    return {"year": year, "value": i["value"], "status": i["status"],
            "reason": i["trace"].get("reason"), "level": i["level"] or "",
            "code": LEVEL_CODES.get(i["level"] or "", ""), "score": i["score"],
            "scored": i["level"] is None and i["score"] is not None}  # fmt: skip


def _meta(framework_id: str) -> dict[str, Any]:
    try:
        fw = load_framework(framework_id)
    except ParkesgError:  # a run of a framework file no longer shipped
        return {}
    return {i.id: i for i in iter_indicators(fw.tree)}


def page(results: dict[str, Any], inputs: int, framework_id: str = "") -> dict[str, Any]:
    """What the results page shows, gathered once when the run is stored, so a page view
    reads one small document (≤ 300 ms p95 at 20 users): the indicator rows with their
    framework attributes, totals, and the framework's own summary (``summary``)."""
    docs = results["docs"]
    meta = _meta(framework_id)
    rows: dict[str, dict[str, Any]] = {}
    for d in docs:
        for i in d["indicators"]:
            ind = meta.get(i["id"])
            t = i["trace"].get("thresholds") or {}
            row = rows.setdefault(i["id"], {
                "no": i["no"], "id": i["id"], "name_zh": i["name_zh"], "unit": i["unit"],
                "unit_shown": formatting.unit(i["unit"], framework=framework_id,
                                              kind=ind.kind.value if ind else None),
                "kind": ind.kind.value if ind else "quantitative",
                "direction": ind.direction.value if ind else "higher",
                "provisional": i["provisional"], "thresholds": t,
                "method": i["trace"].get("method"), "rule": i["trace"].get("rule"),
                "cells": [],
            })  # fmt: skip
            row["cells"].append(_cell(i, d["year"]))
    totals = [
        {"year": d["year"], "total": d["total"], "grade": d["grade"],
         "groups": [g for g in d["groups"] if g["depth"] == 1], "selection": d["selection"]}
        for d in docs
    ]  # fmt: skip
    return {"version": PAGE_VERSION, "layout": summary.layout(framework_id),
            "years": [d["year"] for d in docs], "rows": list(rows.values()), "totals": totals,
            "summary": summary.summary(framework_id, results), "missing": results["missing"],
            "inputs": inputs, "provisional": provisional(docs)}  # fmt: skip


def provisional(docs: list[dict[str, Any]]) -> list[str]:
    """What a user may confirm in a run: its weights, its indicators' provisional values."""
    ed = (docs[-1].get("edition") if docs else None) or {}
    out = ["weights"] if ed.get("weights_provisional") else []
    if any(i.get("provisional") for d in docs for i in d["indicators"]):
        out.append("indicators")
    return out


def find(results: dict[str, Any], year: int, indicator_id: str) -> dict[str, Any] | None:
    """One indicator of one year from the stored documents (its trace included)."""
    for d in results["docs"]:
        if d["year"] == year:
            for i in d["indicators"]:
                if i["id"] == indicator_id:
                    return dict(i)
    return None
