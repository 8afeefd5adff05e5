"""One formatter for what a person reads: numbers, units, yes / no, statuses, thresholds,
scores and dates — used alike by pages, exports and reports (DESIGN.md "Pages and numbers").

It only formats: nothing is computed, rounded values are never fed back into a calculation,
and it imports nothing from ``web``, ``reports`` or ``cli`` (nor from the engine), so every
face can use it.

- **Decimals** by unit (``DECIMALS_BY_UNIT``), or by indicator where one needs other than its
  unit (``DECIMALS_BY_INDICATOR``); rounding half up (四舍五入), thousands separators.
- **Units** as the standards print them: ``unit("tce/万元", framework="t-cppc-park-cpa")`` is
  “吨标煤/万元” (T/CPPC 附表1); m3 → m³, km2 → km², CO2 → CO₂ everywhere else.
- **Booleans** 是 / 否; statuses 缺数据 / 不可计算（why）; thresholds ≥ / ≤ by direction.
- **Dates**: pages show Asia/Shanghai (``datetime_local``), records keep UTC (``datetime_utc``).

Functions take ``lang="zh"`` (default) or ``"en"`` for the few words they write themselves.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")  # pages; records and the audit log stay in UTC
DASH = "—"

# Decimals shown for a value in each unit (the unit as the framework files and the field
# catalogue write it). Rule: one decimal finer than the finest threshold the standards print
# for that unit (T/CPPC 附表1: % as integers → 1; 吨标煤/万元 ≤0.5 / ≤0.3 and 吨/万元 ≤0.2 /
# ≤0.1 → 3; 北京指南 附件2-1-2 引领值: 万元/tce 3, 元/m3 1500, 亿元/km2 15, 万元/人 15 → 2, 1,
# 2, 2), counts (人 个 次 辆 天) as integers, money (万元, 亿元) to two decimals.
DECIMALS_BY_UNIT: dict[str, int] = {
    "%": 1,
    "万元": 2, "亿元": 2, "元": 2,
    "t": 2, "tce": 2, "tCO2": 2, "kg": 2, "GJ": 1, "万kWh": 2, "万立方米": 2,
    "m3": 0, "m2": 0, "km2": 2,
    "人": 0, "个": 0, "次": 0, "辆": 0, "天": 0,
    "tce/万元": 3, "吨标准煤/万元": 3, "t/万元": 3, "tCO2/万元": 3, "吨二氧化碳/万元": 3,
    "kg/万元": 2, "m3/万元": 2, "立方米/万元": 2,
    "万元/tce": 2, "万元/人": 2, "元/m3": 1, "亿元/km2": 2, "亿元/平方公里": 2,
    "1": 2, "-": 2, "无量纲": 2,
}  # fmt: skip
DEFAULT_DECIMALS = 2
# Indicators whose figures need other than their unit's decimals.
DECIMALS_BY_INDICATOR: dict[str, int] = {
    "pollutant_elasticity": 2,  # 北京指南 附件2-1-2 24 弹性系数, 引领值 0.3 (unit “-”)
    "co2e_total": 0,  # T/JDFA01 附录A 排放总量 in whole tonnes of CO₂e
    "employee_count": 0,  # T/JDFA01 附录A 员工人数
}

# Units as each standard prints them, where the framework file writes a symbol instead.
PRINTED_UNITS: dict[str, dict[str, str]] = {
    "t-cppc-park-cpa": {"tce/万元": "吨标煤/万元", "t/万元": "吨/万元", "1": DASH},  # 附表1
    "t-esc-001-2024": {"1": "是/否"},  # 表A.1 prints 是/否 for the yes-or-no indicators
}
NO_UNIT = frozenset({"", "1", "-", "—"})
_SUPERSCRIPTS = ((re.compile(r"(?<=m)3(?![0-9])"), "³"), (re.compile(r"(?<=m)2(?![0-9])"), "²"))
_SUBSCRIPTS = ((re.compile(r"CO2(?![0-9])"), "CO₂"),)

WORDS = {
    "zh": {"yes": "是", "no": "否", "missing": "缺数据", "not_computable": "不可计算",
           "computed": "计算", "reported": "填报", "provisional": "（暂定）",
           "先进": "先进", "一般": "一般", "未达一般": "未达一般", "years_ago": "{n} 年前"},
    "en": {"yes": "Yes", "no": "No", "missing": "missing data",
           "not_computable": "not computable", "computed": "computed", "reported": "reported",
           "provisional": " (provisional)", "先进": "advanced", "一般": "general",
           "未达一般": "below general", "years_ago": "{n} yr earlier"},
}  # fmt: skip


def _words(lang: str) -> dict[str, str]:
    return WORDS["en"] if lang.lower().startswith("en") else WORDS["zh"]


def _is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and not math.isfinite(v))


def decimals(unit: str | None = None, indicator: str | None = None) -> int:
    """Decimals for a figure of ``indicator`` (by id) or, failing that, in ``unit``."""
    if indicator is not None and indicator in DECIMALS_BY_INDICATOR:
        return DECIMALS_BY_INDICATOR[indicator]
    return DECIMALS_BY_UNIT.get((unit or "").strip(), DEFAULT_DECIMALS)


def number(
    v: Any,
    *,
    unit: str | None = None,
    indicator: str | None = None,
    digits: int | None = None,
    trim: bool = False,
    grouping: bool = True,
    lang: str = "zh",
) -> str:
    """``1631000.0`` in 万元 → “1,631,000.00”; ``0.36004415`` in tce/万元 → “0.360”.
    ``digits`` overrides the table; ``trim`` drops trailing zeros (thresholds as printed).
    None / NaN / inf → “—”; a bool → 是 / 否; text passes unchanged."""
    if _is_blank(v):
        return DASH
    if isinstance(v, bool):
        return boolean(v, lang=lang)
    if isinstance(v, str):
        return v
    n = decimals(unit, indicator) if digits is None else digits
    try:
        q = Decimal(str(v)).quantize(Decimal(1).scaleb(-n), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):  # beyond Decimal's 28 digits, or not a number
        return f"{v:,.{n}f}" if isinstance(v, int | float) else str(v)
    if q.is_zero():
        q = abs(q)  # no “-0.0”
    text = f"{q:,.{n}f}" if grouping else f"{q:.{n}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def exact(v: Any) -> str:
    """The stored value in full (beside the rounded one in a trace): shortest repr."""
    if _is_blank(v):
        return DASH
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def boolean(v: Any, *, lang: str = "zh") -> str:
    """True / 1 → 是, False / 0 → 否, None → “—”."""
    if _is_blank(v):
        return DASH
    w = _words(lang)
    if isinstance(v, str):
        return v
    return w["yes"] if float(v) > 0 else w["no"]


def unit(u: str | None, *, framework: str | None = None, kind: str | None = None) -> str:
    """The unit as the standard prints it (``PRINTED_UNITS``), else with m³, km², CO₂; a
    dimensionless or yes-or-no indicator has “—”."""
    u = (u or "").strip()
    printed = PRINTED_UNITS.get(framework or "", {})
    if u in printed and (u != "1" or kind in (None, "boolean")):
        return printed[u]
    if kind == "boolean" or u in NO_UNIT:
        return DASH
    for pattern, repl in (*_SUPERSCRIPTS, *_SUBSCRIPTS):
        u = pattern.sub(repl, u)
    return u


def with_unit(v: Any, u: str | None, *, indicator: str | None = None, lang: str = "zh") -> str:
    """“36.0%”, “0.360 tce/万元”, “1,200 人” (no unit for dimensionless figures)."""
    text = number(v, unit=u, indicator=indicator, lang=lang)
    shown = unit(u)
    if text == DASH or shown == DASH:
        return text
    return f"{text}{shown}" if shown == "%" else f"{text} {shown}"


def status(code: str | None, reason: str | None = None, *, lang: str = "zh") -> str:
    """The engine's status: 计算 / 填报 / 缺数据 / 不可计算（reason）."""
    return _status(code, reason, lang)


def _status(code: str | None, reason: str | None, lang: str) -> str:
    if not code:
        return DASH
    w = _words(lang)
    text = w.get(code, code)
    if code == "not_computable" and reason:
        text += f"（{reason}）" if w is WORDS["zh"] else f" ({reason})"
    return text


def level(name: str | None, *, lang: str = "zh") -> str:
    """先进 / 一般 / 未达一般 (or their English) — the level the engine gave."""
    return DASH if not name else _words(lang).get(name, name)


def score(v: Any, *, provisional: bool = False, lang: str = "zh") -> str:
    """A score with one decimal, “（暂定）” when it rests on a provisional value."""
    if _is_blank(v):
        return DASH
    return number(v, digits=1) + (_words(lang)["provisional"] if provisional else "")


def value(
    v: Any,
    *,
    kind: str = "quantitative",
    unit: str | None = None,
    indicator: str | None = None,
    status: str | None = None,
    reason: str | None = None,
    lang: str = "zh",
) -> str:
    """An indicator's value: its status when it has none, 是 / 否 for a yes-or-no, the
    category for an ordinal, else the number with its decimals."""
    if status in ("missing", "not_computable") or (_is_blank(v) and status):
        return _status(status, reason, lang)
    if kind == "boolean" and isinstance(v, int | float) and not _is_blank(v):
        return boolean(v, lang=lang)
    return number(v, unit=unit, indicator=indicator, lang=lang)


def threshold(
    v: Any,
    *,
    direction: str = "higher",
    kind: str = "quantitative",
    bound: bool = True,
    lang: str = "zh",
) -> str:
    """A benchmark as the standards print it: “≥30”, “≤0.5”; a yes-or-no requirement 是;
    ``bound=False`` for a value to reach exactly (a leading value, a single requirement)."""
    if _is_blank(v):
        return DASH
    if kind == "boolean":
        return boolean(v, lang=lang)
    text = number(v, digits=6, trim=True)
    if not bound:
        return text
    return ("≤" if direction == "lower" else "≥") + text


def date(d: dt.date | dt.datetime | None) -> str:
    """2026-03-01 (a datetime: its date in Asia/Shanghai)."""
    if d is None:
        return DASH
    if isinstance(d, dt.datetime):
        d = _local(d).date()
    return d.isoformat()


def _local(t: dt.datetime) -> dt.datetime:
    return (t if t.tzinfo else t.replace(tzinfo=dt.UTC)).astimezone(TZ)


def datetime_local(t: dt.datetime | None, *, seconds: bool = False) -> str:
    """On pages: “2026-03-01 14:05” in Asia/Shanghai (a naive time is taken as UTC)."""
    if t is None:
        return DASH
    return _local(t).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def datetime_utc(t: dt.datetime | None) -> str:
    """In records and the audit log: “2026-03-01T06:05:00Z”."""
    if t is None:
        return DASH
    t = t if t.tzinfo else t.replace(tzinfo=dt.UTC)
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def datetime_iso(t: dt.datetime | None) -> str:
    """In exports: ISO 8601 in Asia/Shanghai with its offset, “2026-03-01T14:05:00+08:00”."""
    return DASH if t is None else _local(t).isoformat(timespec="seconds")


_NAME = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\b(?:\[-(\d+)\])?")
_FUNCTIONS = frozenset({"min", "max", "abs", "if", "coalesce", "and", "or", "not"})


def formula(expr: str | None, names: Mapping[str, str], *, lang: str = "zh") -> str:
    """A formula with each field's name instead of its id (``names``: id → name) and
    ``field[-k]`` as “名称（k 年前）”: “园区工业增加值 ÷ 园区生产总值 × 100”. Text only."""
    if not expr:
        return ""
    ago = _words(lang)["years_ago"]

    def name(m: re.Match[str]) -> str:
        ident, lag = m[1], m[2]
        if ident in _FUNCTIONS or ident not in names:
            return m[0]
        shown = names[ident]
        if lag:
            when = ago.format(n=lag)
            shown += f"（{when}）" if lang == "zh" else f" ({when})"
        return shown

    text = re.sub(r"\s*\*\*\s*", "^", _NAME.sub(name, expr))
    return re.sub(r"\s*\*\s*", " × ", re.sub(r"\s*/\s*", " ÷ ", text))


def export_cell(v: Any, *, lang: str = "zh") -> Any:
    """A value for an export cell: numbers stay numbers (exact, so a spreadsheet can compute),
    booleans 是 / 否, datetimes ISO 8601 in Asia/Shanghai, dates ISO, None empty."""
    if _is_blank(v):
        return ""
    if isinstance(v, bool):
        return boolean(v, lang=lang)
    if isinstance(v, dt.datetime):
        return datetime_iso(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, int | float | str):
        return v
    return str(v)
