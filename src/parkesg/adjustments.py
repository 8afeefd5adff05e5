"""On-site adjustments (T/JDFA01 6.10–6.11) as a user supplies them, checked row by row.

A row: entity_id, year, indicator_id, score (the adjusted indicator score, 0–100), reason,
evaluator, date (YYYY-MM-DD). Every problem is reported at once, by row and column.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from parkesg.errors import DataError, DataErrors
from parkesg.frameworks import iter_indicators
from parkesg.frameworks.schema import Framework

COLUMNS = ("entity_id", "year", "indicator_id", "score", "reason", "evaluator", "date")


def check_adjustments(df: pd.DataFrame, fw: Framework, *, file: str = "") -> pd.DataFrame:
    """The adjustments, typed; DataErrors naming each bad row and column."""
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"现场调整表缺少列：{'、'.join(missing)}", file=file)
    if fw.aggregation.method != "weighted_sum":
        raise DataError(f"评价体系 {fw.id} 不计总分，没有综合评价可调整", file=file)
    known = {i.id for i in iter_indicators(fw.tree)}
    errors: list[DataError] = []
    out = df[list(COLUMNS)].copy()

    def bad(n: int, col: str, msg: str) -> None:
        errors.append(DataError(msg, file=file, row=n + 2, cell=col))  # header is row 1

    for n, r in enumerate(df.to_dict("records")):
        if str(r["indicator_id"]) not in known:
            bad(n, "indicator_id", f"没有编号为 “{r['indicator_id']}” 的指标")
        score = pd.to_numeric(pd.Series([r["score"]]), errors="coerce").iloc[0]
        if pd.isna(score) or not 0 <= score <= 100:
            bad(n, "score", f"调整后得分 “{r['score']}” 应为 0–100 的数值")
        for col in ("reason", "evaluator"):
            if not str(r[col] or "").strip() or pd.isna(r[col]):
                bad(n, col, "调整原因和评价人员不能为空（6.11 c 调整须有据可查）")
        try:
            date.fromisoformat(str(r["date"]))
        except ValueError:
            bad(n, "date", f"日期 “{r['date']}” 应为 YYYY-MM-DD")
        if pd.isna(pd.to_numeric(pd.Series([r["year"]]), errors="coerce").iloc[0]):
            bad(n, "year", f"年份 “{r['year']}” 无效")
    dup = df.duplicated(["entity_id", "year", "indicator_id"], keep=False)
    for n in dup[dup].index:
        bad(int(n), "indicator_id", "同一主体、年份、指标有多条调整")
    if errors:
        raise DataErrors(errors)
    out["score"] = pd.to_numeric(out.score)
    out["year"] = pd.to_numeric(out.year).astype("int64")
    out["entity_id"] = out.entity_id.astype(str)
    out["date"] = out.date.astype(str)
    return out
