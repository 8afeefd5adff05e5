"""T/JDFA01 6.9 c: where a national, industry or local standard sets levels for an indicator,
the indicator is scored against that standard instead of against peers.

A benchmark table (loaded by the rating organisation, ``BenchmarkTable.rows``) has rows
(industry, indicator_id, level, bound, score): for an enterprise whose GB/T 4754 code starts
with ``industry`` (the longest prefix wins; the first table wins between tables), a value at
least as good as a level's bound — ≥ for higher-is-better, ≤ for lower-is-better, compared at
9 decimals — scores that level's score, the best level first; a row with no bound is the score
below every level (0 when the table has none). A value that is missing, or an indicator
already decided by a violation (6.9 d), is left to the rules as they are.

The level reached is decided here, from the values of a first engine run; ``rating`` gives
the scores to the engine's benchmark input (``parkesg.engine.benchmark``), which puts them in
place of the peer scores, so that group and dimension scores, formula (1) and Annex B follow.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from parkesg.errors import DataError, DataErrors
from parkesg.frameworks import iter_indicators
from parkesg.frameworks.schema import Direction, Framework, Kind

COLUMNS = ("industry", "indicator_id", "level", "bound", "score")
ALIASES = {"行业代码": "industry", "指标": "indicator_id", "指标编号": "indicator_id",
           "水平": "level", "等级": "level", "限值": "bound", "得分": "score"}  # fmt: skip


SCORED = ["entity_id", "year", "indicator_id", "score", "level", "standard", "bound"]


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


def apply(
    tables: list[tuple[str, list[dict[str, Any]]]],
    fw: Framework,
    indicators: pd.DataFrame,
    industry: dict[str, str | None],
) -> pd.DataFrame:
    """The benchmark scores of an assessment's indicator rows (entity_id, year, indicator_id,
    value, rule) — ``SCORED`` rows; ``industry``: entity → GB/T 4754 code; ``tables``:
    (standard, rows).

    Columnar: the rows meet the levels of every industry prefix of their code in one merge
    per prefix length, then the first table, the longest prefix and the best level met win."""
    levels = pd.DataFrame(
        [{**r, "standard": standard, "table": t, "pos": n}
         for t, (standard, rows) in enumerate(tables) for n, r in enumerate(rows)],
        columns=[*COLUMNS, "standard", "table", "pos"],
    )  # fmt: skip
    if levels.empty:
        return pd.DataFrame(columns=SCORED)
    levels = levels.assign(plen=levels.industry.str.len(), bound=pd.to_numeric(levels.bound),
                           score=pd.to_numeric(levels.score))  # fmt: skip
    sub = indicators[
        indicators.indicator_id.isin(set(levels.indicator_id))
        & indicators.value.notna()
        & (indicators["rule"].fillna("") != "violation")  # 6.9 d decides first
    ][["entity_id", "year", "indicator_id", "value"]]
    sub = sub.assign(entity_id=sub.entity_id.astype(str))
    sub["code"] = sub.entity_id.map(pd.Series(industry, dtype=object)).fillna("").astype(str)
    cand = pd.concat(
        [
            sub.assign(industry=sub.code.str[:n]).merge(
                levels[levels.plen == n], on=["indicator_id", "industry"]
            )
            for n in sorted(set(levels.plen))
        ]
    )
    if cand.empty:
        return pd.DataFrame(columns=SCORED)
    key = ["entity_id", "year", "indicator_id"]
    cand = cand[cand.table == cand.groupby(key).table.transform("min")]
    cand = cand[cand.plen == cand.groupby(key).plen.transform("max")]
    higher = {i.id: i.direction == Direction.higher for i in iter_indicators(fw.tree)}
    up = cand.indicator_id.map(higher).astype(bool)
    diff = (cand.value - cand.bound).round(9)  # at 9 decimals, as the README says
    met = cand.bound.notna() & ((up & (diff >= 0)) | (~up & (diff <= 0)))
    # best level met: the highest bound for higher-is-better, the lowest for lower-is-better
    cand = cand.assign(met=met, good=cand.bound.where(up, -cand.bound))
    best = cand[cand.met].sort_values([*key, "good", "pos"], ascending=[True] * 3 + [False, True])
    best = best.drop_duplicates(key)
    standard = cand.drop_duplicates(key)[[*key, "standard"]]
    floor = cand[cand.bound.isna()].drop_duplicates(key)[[*key, "score", "level"]]
    below = standard.merge(best[key], how="left", indicator=True)
    below = below[below._merge == "left_only"].drop(columns="_merge").merge(floor, how="left")
    below = below.assign(score=below.score.fillna(0.0), level=below.level.fillna("未达最低水平"))
    out = pd.concat([best, below], ignore_index=True)[SCORED]
    return out.assign(score=out.score.astype("float64"), bound=out.bound.astype("float64"))
