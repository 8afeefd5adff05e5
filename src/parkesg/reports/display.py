"""How a number from the assessment is written in a report: never invented, never hidden.

Missing data reads “缺数据”, an indicator that could not be computed “不可计算（why）”, a
provisional value carries “（暂定）”. Nothing is computed here: values are only formatted.
"""

from __future__ import annotations

import math
from typing import Any

STATUS_ZH = {"missing": "缺数据", "not_computable": "不可计算"}
PLAIN_UNITS = ("1", "-", "", "—")


def number(v: Any, *, digits: int | None = None) -> str:
    """Readable figures: thousands separators, fewer decimals for bigger numbers."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if isinstance(v, bool | str):
        return str(v)
    x = float(v)
    if digits is not None:
        return f"{x:,.{digits}f}"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:,.2f}"
    return f"{x:.4g}"


def unit(u: str) -> str:
    return "—" if u in PLAIN_UNITS else u


def value(ind: dict[str, Any], kind: str) -> str:
    """An indicator's value from ``to_json``: status first, then yes/no, category, number."""
    if ind["status"] in STATUS_ZH:
        reason = ind.get("trace", {}).get("reason")
        return STATUS_ZH[ind["status"]] + (
            f"（{reason}）" if reason and ind["status"] != "missing" else ""
        )
    v = ind["value"]
    if kind == "boolean" and isinstance(v, int | float):
        return "是" if v > 0 else "否"
    return number(v)


def score(v: Any, provisional: bool = False) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{float(v):.1f}" + ("（暂定）" if provisional else "")


def text(v: str | None, what: str) -> str:
    """A narrative the engagement did not give is shown as a visible blank to fill."""
    return v if v else f"（待填写：{what}）"
