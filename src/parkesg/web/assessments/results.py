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

from parkesg import stored
from parkesg.service import AssessmentResult
from parkesg.web.assessments.inputs import Inputs

LEVEL_ORDER = ("先进", "一般", "未达一般")
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
) -> dict[str, Any]:
    """The stored results: the documents (``stored.documents``: the trace of every number and
    the record of the run — framework edition, options, data — that reports read), the
    engine's tables and the input frames."""
    return {
        "docs": plain(stored.documents(result, inputs.obs, frame=inputs.wide, selected=selected)),
        "indicators": records(result.indicators),
        "nodes": records(result.nodes),
        "totals": records(result.totals),
        "wide": records(inputs.wide),
        "obs": records(inputs.obs),
        "missing": {str(y): fields for y, fields in missing.items()},
    }


def _number(v: Any, digits: int) -> str:
    """As the page shows it: at most ``digits`` decimals, no trailing zeros."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return "" if v is None else str(v)
    text = f"{v:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cell(i: dict[str, Any], year: int) -> dict[str, Any]:
    status = STATUS_ZH[i["status"]]
    if i["level"]:
        grade = i["level"]
    elif i["score"] is not None:
        grade = _number(i["score"], 1)
    else:
        grade = "—" if i["status"] in ("computed", "reported") else status
    value = status if i["value"] is None else _number(i["value"], 2)
    return {"year": year, "value": value, "grade": grade, "level": i["level"] or "",
            "scored": i["level"] is None and i["score"] is not None}  # fmt: skip


def page(results: dict[str, Any], inputs: int) -> dict[str, Any]:
    """What the results page shows, formatted once when the run is stored, so a page view
    reads one small document and renders it without work (≤ 300 ms p95 at 20 users)."""
    docs = results["docs"]
    rows: dict[str, dict[str, Any]] = {}
    for d in docs:
        for i in d["indicators"]:
            row = rows.setdefault(i["id"], {"no": i["no"], "id": i["id"], "name_zh": i["name_zh"],
                                            "unit": i["unit"], "provisional": i["provisional"],
                                            "cells": []})  # fmt: skip
            row["cells"].append(_cell(i, d["year"]))
    totals = [
        {"year": d["year"], "total": _number(d["total"], 2) or "—", "grade": d["grade"] or "—",
         "groups": "；".join(f"{g['name_zh']} {_number(g['score'], 1) or '—'}"
                            for g in d["groups"] if g["depth"] == 1) or "—",
         "selection": d["selection"]}
        for d in docs
    ]  # fmt: skip
    return {"years": [d["year"] for d in docs], "rows": list(rows.values()), "totals": totals,
            "missing": results["missing"], "inputs": inputs,
            "provisional": provisional(docs)}  # fmt: skip


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
