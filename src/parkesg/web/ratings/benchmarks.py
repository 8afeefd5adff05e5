"""T/JDFA01 6.9 c: where a national, industry or local standard sets levels for an indicator,
the indicator is scored against that standard instead of against peers.

A benchmark table (loaded by the rating organisation, ``BenchmarkTable.rows``) has rows
(industry, indicator_id, level, bound, score): for an enterprise whose GB/T 4754 code starts
with ``industry`` (the longest prefix wins; the first table wins between tables), a value at
least as good as a level's bound — ≥ for higher-is-better, ≤ for lower-is-better, compared at
9 decimals — scores that level's score, the best level first; a row with no bound is the score
below every level (0 when the table has none). A value that is missing, or an indicator
already decided by a violation (6.9 d), is left to the rules as they are.

The engine has no benchmark stage yet: ``rating`` feeds these scores to it as per-indicator
score overrides (its on-site adjustment input), so that formula (1) and Annex B stay the
engine's. See README “Ratings” for what the engine should accept instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from parkesg.errors import DataError, DataErrors
from parkesg.frameworks import iter_indicators
from parkesg.frameworks.schema import Direction, Framework, Kind

COLUMNS = ("industry", "indicator_id", "level", "bound", "score")
ALIASES = {"行业代码": "industry", "指标": "indicator_id", "指标编号": "indicator_id",
           "水平": "level", "等级": "level", "限值": "bound", "得分": "score"}  # fmt: skip


@dataclass(frozen=True)
class Scored:
    entity_id: str
    year: int
    indicator_id: str
    score: float
    level: str
    standard: str
    bound: float | None


def check_rows(df: pd.DataFrame, fw: Framework, *, file: str = "") -> list[dict[str, Any]]:
    """The rows of an uploaded table, checked (every problem by row and column at once)."""
    df = df.rename(columns={k: v for k, v in ALIASES.items() if k in df.columns})
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"对标标准表缺少列：{'、'.join(missing)}", file=file)
    quantitative = {i.id for i in iter_indicators(fw.tree) if i.kind == Kind.quantitative}
    errors: list[DataError] = []
    rows: list[dict[str, Any]] = []
    for n, r in enumerate(df.to_dict("records")):

        def bad(col: str, msg: str, n: int = n) -> None:
            errors.append(DataError(msg, file=file, row=n + 2, cell=col))

        industry = str(r["industry"] or "").strip().upper()
        if not industry or not industry[0].isalpha() or len(industry) > 5:
            bad("industry", f"行业代码 “{industry}” 应为 GB/T 4754 代码或其前缀，如 C31、C3110")
        ind = str(r["indicator_id"] or "").strip()
        if ind not in quantitative:
            bad("indicator_id", f"“{ind}” 不是评价体系中的定量指标")
        bound = _number(r["bound"])
        if bound is False:
            bad("bound", f"限值 “{r['bound']}” 不是数值")
        score = _number(r["score"])
        if score is None or score is False or not 0 <= score <= 100:
            bad("score", f"得分 “{r['score']}” 应为 0–100 的数值")
        level = str(r["level"] or "").strip()
        if not level:
            bad("level", "未填写水平名称（如 标杆水平、基准水平）")
        rows.append({"industry": industry, "indicator_id": ind, "level": level,
                     "bound": bound if isinstance(bound, float) else None,
                     "score": score if isinstance(score, float) else None})  # fmt: skip
    seen: set[tuple[str, str]] = set()
    for n, r in enumerate(rows):
        if r["bound"] is None:
            key = (r["industry"], r["indicator_id"])
            if key in seen:
                errors.append(DataError("同一行业、指标只能有一行不设限值（最低档）", file=file,
                                        row=n + 2, cell="bound"))  # fmt: skip
            seen.add(key)
    if errors:
        raise DataErrors(errors)
    if not rows:
        raise DataError("对标标准表没有任何行", file=file)
    return rows


def _number(v: Any) -> float | None | bool:
    """A float, None for a blank, False for text that is not a number."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == "":
        return None
    try:
        return float(str(v).strip())
    except ValueError:
        return False


def _meets(value: float, bound: float, higher: bool) -> bool:
    diff = round(value - bound, 9)
    return diff >= 0 if higher else diff <= 0


def score_of(
    value: float, rows: list[dict[str, Any]], higher: bool
) -> tuple[float, str, float | None]:
    """(score, level, bound) of ``value`` against the levels of one industry and indicator."""
    bounded = [r for r in rows if r["bound"] is not None]
    bounded.sort(key=lambda r: r["bound"], reverse=higher)  # the best level first
    for r in bounded:
        if _meets(value, r["bound"], higher):
            return float(r["score"]), r["level"], r["bound"]
    floor = next((r for r in rows if r["bound"] is None), None)
    if floor is not None:
        return float(floor["score"]), floor["level"], None
    return 0.0, "未达最低水平", None


def apply(
    tables: list[tuple[str, list[dict[str, Any]]]],
    fw: Framework,
    indicators: pd.DataFrame,
    industry: dict[str, str | None],
) -> list[Scored]:
    """The benchmark scores of an assessment's indicator rows (entity_id, year, indicator_id,
    value, rule); ``industry``: entity → GB/T 4754 code; ``tables``: (standard, rows)."""
    higher = {i.id: i.direction == Direction.higher for i in iter_indicators(fw.tree)}
    covered = {r["indicator_id"] for _s, rows in tables for r in rows}
    if not covered:
        return []
    sub = indicators[indicators.indicator_id.isin(covered) & indicators.value.notna()]
    sub = sub[sub["rule"].fillna("") != "violation"]
    out = []
    for r in sub[["entity_id", "year", "indicator_id", "value"]].itertuples(index=False):
        code = industry.get(str(r.entity_id))
        code = code if isinstance(code, str) else ""
        found = _levels(tables, r.indicator_id, code)
        if found is None:
            continue
        standard, rows = found
        score, level, bound = score_of(float(r.value), rows, higher[r.indicator_id])
        out.append(Scored(str(r.entity_id), int(r.year), r.indicator_id, score, level,
                          standard, bound))  # fmt: skip
    return out


def _levels(
    tables: list[tuple[str, list[dict[str, Any]]]], indicator: str, code: str
) -> tuple[str, list[dict[str, Any]]] | None:
    for standard, rows in tables:
        mine = [
            r for r in rows if r["indicator_id"] == indicator and code.startswith(r["industry"])
        ]
        if mine:
            longest = max(len(r["industry"]) for r in mine)
            return standard, [r for r in mine if len(r["industry"]) == longest]
    return None
