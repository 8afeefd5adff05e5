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

from parkesg.explain import to_json
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


def pack(result: AssessmentResult, inputs: Inputs, missing: dict[int, list[str]]) -> dict[str, Any]:
    """The stored results: the trace documents, the engine's tables and the input frames."""
    return {
        "docs": plain(to_json(result, inputs.obs)),
        "indicators": records(result.indicators),
        "nodes": records(result.nodes),
        "totals": records(result.totals),
        "wide": records(inputs.wide),
        "obs": records(inputs.obs),
        "missing": {str(y): fields for y, fields in missing.items()},
    }


def indicator_table(results: dict[str, Any]) -> tuple[list[int], list[dict[str, Any]]]:
    """Rows of the results table: one per indicator, a cell per year (value, level, score)."""
    docs = results["docs"]
    years = [d["year"] for d in docs]
    rows: dict[str, dict[str, Any]] = {}
    for d in docs:
        for i in d["indicators"]:
            row = rows.setdefault(i["id"], {"no": i["no"], "id": i["id"], "name_zh": i["name_zh"],
                                            "unit": i["unit"], "provisional": i["provisional"],
                                            "cells": []})  # fmt: skip
            row["cells"].append({**i, "year": d["year"], "status_zh": STATUS_ZH[i["status"]]})
    return years, list(rows.values())


def find(results: dict[str, Any], year: int, indicator_id: str) -> dict[str, Any] | None:
    """One indicator of one year from the stored documents (its trace included)."""
    for d in results["docs"]:
        if d["year"] == year:
            for i in d["indicators"]:
                if i["id"] == indicator_id:
                    return dict(i)
    return None
