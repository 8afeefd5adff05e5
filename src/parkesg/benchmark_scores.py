"""6.9 c benchmark scores as a caller supplies them to ``service.assess``, checked row by row.

A row: entity_id, year, indicator_id, score (the score of the level the value reached, 0–100),
standard (the standard's number, e.g. GB 21256-2013), level (the level's name, e.g. 一级).
Only quantitative indicators can be scored against a standard's levels. Every problem is
reported at once, by row and column; the engine applies the rows (``engine.benchmark``).
"""

from __future__ import annotations

import pandas as pd

from parkesg.errors import DataError, DataErrors
from parkesg.frameworks import iter_indicators
from parkesg.frameworks.schema import Framework, Kind

COLUMNS = ("entity_id", "year", "indicator_id", "score", "standard", "level")


def check(df: pd.DataFrame, fw: Framework, *, file: str = "") -> pd.DataFrame:
    """The rows, typed; DataErrors naming each bad row and column."""
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"对标评分表缺少列：{'、'.join(missing)}", file=file)
    quantitative = {i.id for i in iter_indicators(fw.tree) if i.kind == Kind.quantitative}
    out = df[list(COLUMNS)].reset_index(drop=True).copy()
    errors: list[DataError] = []

    def bad(rows: pd.Series, col: str, msg: str) -> None:
        errors.extend(
            DataError(msg.format(v=out.at[n, col]), file=file, row=int(n) + 2, cell=col)
            for n in rows[rows].index
        )  # the header is row 1

    bad(~out.indicator_id.astype(str).isin(quantitative), "indicator_id",
        "“{v}” 不是评价体系中的定量指标（6.9 c 只对定量指标对标）")  # fmt: skip
    score = pd.to_numeric(out.score, errors="coerce")
    bad(score.isna() | (score < 0) | (score > 100), "score", "对标得分 “{v}” 应为 0–100 的数值")
    bad(pd.to_numeric(out.year, errors="coerce").isna(), "year", "年份 “{v}” 无效")
    for c in ("standard", "level"):
        bad(out[c].isna() | (out[c].astype(str).str.strip() == ""), c,
            "标准编号和水平名称不能为空（6.9 c 对标须注明依据）")  # fmt: skip
    bad(out.duplicated(["entity_id", "year", "indicator_id"], keep=False), "indicator_id",
        "同一主体、年份、指标有多条对标评分")  # fmt: skip
    if errors:
        raise DataErrors(errors)
    return out.assign(
        entity_id=out.entity_id.astype(str), year=pd.to_numeric(out.year).astype("int64"),
        indicator_id=out.indicator_id.astype(str), score=score.astype("float64"),
        standard=out.standard.astype(str), level=out.level.astype(str),
    )  # fmt: skip
