"""How a stored result is written in a report: the project's one formatter
(``parkesg.formatting``) applied to the documents of a run, never a number invented.

Missing data reads “缺数据”, an indicator that could not be computed “不可计算（why）” with
the fields in its reason named in Chinese; units as the standard prints them; thresholds with
≥ / ≤; a narrative the engagement lacks shows as “（待填写：…）”.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

from parkesg import formatting

PENDING = "（待填写）"
DASH = formatting.DASH
MARK = "*"  # beside a value resting on a provisional parameter; explained once per table


def text(v: str | None, what: str) -> str:
    """A narrative the engagement did not give is shown as a visible blank to fill."""
    return v if v else f"（待填写：{what}）"


@cache
def _field_names() -> dict[str, str]:
    from parkesg.frameworks import load_catalogue

    return {fid: f.name.zh for fid, f in load_catalogue().items()}


def field_name(field: str) -> str:
    return _field_names().get(field, field)


_ID = re.compile(r"[a-z][a-z0-9_]*(?:\[-\d+\])?")


def reason(why: str | None) -> str:
    """The engine's reason with the field ids in it written as their Chinese names."""
    if not why:
        return ""
    head, sep, tail = why.partition("：")
    if not sep:
        return why
    names = _field_names()
    if _ID.search(tail) and any(w in names for w in re.findall(r"[a-z][a-z0-9_]*", tail)):
        tail = formatting.formula(tail, names)
    return f"{head}：{tail}"


def unit(ind: dict[str, Any], framework: str) -> str:
    return formatting.unit(ind.get("unit"), framework=framework, kind=ind.get("kind"))


def value(ind: dict[str, Any], framework: str = "") -> str:
    """An indicator's value: its status when it has none, 是 / 否, the category, or the
    number with the decimals of its unit or indicator."""
    del framework  # decimals follow the unit and the indicator id
    status = ind.get("status")
    why = reason((ind.get("trace") or {}).get("reason")) if status == "not_computable" else None
    return formatting.value(
        ind.get("value"), kind=ind.get("kind") or "quantitative", unit=ind.get("unit"),
        indicator=ind.get("id"), status=status if status in ("missing", "not_computable") else None,
        reason=why,
    )  # fmt: skip


def number(v: Any, ind: dict[str, Any] | None = None, *, unit: str | None = None) -> str:
    """A figure in an indicator's unit (or ``unit``) with its decimals."""
    if ind is not None:
        return formatting.number(v, unit=ind.get("unit"), indicator=ind.get("id"))
    return formatting.number(v, unit=unit)


def plain(v: Any, digits: int = 2) -> str:
    """A number with at most ``digits`` decimals, trailing zeros dropped (money as entered)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return DASH
    return formatting.number(v, digits=digits, trim=True)


def score(v: Any, mark: bool = False) -> str:
    """A score with one decimal; ``mark``: it rests on a provisional value (see ``MARK``)."""
    text_ = formatting.score(v)
    return text_ + MARK if mark and text_ != DASH else text_


def threshold(ind: dict[str, Any], key: str) -> str:
    """A level as the standard prints it: ≥30, ≤0.5, 具备 / 达标 for a yes-or-no requirement,
    a single required value (100, 0) for both levels."""
    t = (ind.get("trace") or {}).get("thresholds") or {}
    kind, direction = ind.get("kind") or "quantitative", ind.get("direction") or "higher"
    if t.get(key) is not None:
        return formatting.threshold(t[key], direction=direction, kind=kind)
    if t.get("required") is not None:
        if kind == "boolean":
            return "达标" if "达标" in ind.get("name_zh", "") else "具备"
        return formatting.threshold(t["required"], direction=direction, kind=kind, bound=False)
    return DASH


def blank_rows(rows: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    """A table's rows, or one row reading “（待填写）” when there are none."""
    if rows:
        return rows
    return [{k: (PENDING if n == 0 else "") for n, k in enumerate(keys)}]
