"""What a batch run found, read back from the ratings it wrote (so the numbers are those of
the file): entity-years and entities, the grade distribution in the framework's band order,
the peer groups that fell back to a wider group (which indicator, from which industry to
which), and the entities without data by indicator."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import pandas as pd

from parkesg.engine.run import LIST_SEP
from parkesg.frameworks import iter_indicators
from parkesg.frameworks.schema import Framework

NO_GRADE = "（无总分）"
WITHHELD = "不予评级（同业样本不足）"  # T/JDFA01 6.8 b: no peer basis


@dataclass(frozen=True)
class Summary:
    rows: int  # entity-years rated
    entities: int
    grades: pd.DataFrame  # 等级, 主体-年数, 占比（%）
    fallbacks: pd.DataFrame  # 年份, 行业, 回退到, 指标, 主体数
    missing: pd.DataFrame  # 指标序号, 指标, 缺失或不可计算的主体-年数, 占比（%）

    def sheets(self) -> dict[str, pd.DataFrame]:
        return {"等级分布": self.grades, "同业组回退": self.fallbacks, "缺失数据": self.missing}


def summarise(con: ibis.BaseBackend, ratings: ibis.Table, fw: Framework) -> Summary:
    """The summary of ``ratings`` (the output of ``service.rate``, as written)."""
    counts = con.execute(ratings.aggregate(rows=ratings.count(), ents=ratings.entity_id.nunique()))
    rows, ents = int(counts.rows.iloc[0]), int(counts.ents.iloc[0])
    return Summary(
        rows, ents, _grades(con, ratings, fw, rows), _fallbacks(con, ratings, fw),
        _missing(con, ratings, fw, rows),
    )  # fmt: skip


def _share(n: pd.Series, total: int) -> pd.Series:
    return (100.0 * n / total).round(2) if total else n * 0.0


def _grades(con: ibis.BaseBackend, t: ibis.Table, fw: Framework, rows: int) -> pd.DataFrame:
    grade = t.grade
    if "withheld" in t.columns:
        grade = ibis.ifelse(t.withheld.fill_null(False), ibis.literal(WITHHELD), t.grade)
    g = con.execute(t.group_by(grade=grade).aggregate(n=t.count()))
    order = {b.grade: k for k, b in enumerate(fw.grades)}
    g["grade"] = g.grade.fillna(NO_GRADE)
    g = g.assign(_o=g.grade.map(order).fillna(len(order))).sort_values("_o")
    n = g.n.astype("int64")
    return pd.DataFrame(
        {"等级": g.grade, "主体-年数": n, "占比（%）": _share(n, rows)}
    ).reset_index(drop=True)


def _items(t: ibis.Table, column: str, *keys: str) -> ibis.Table:
    """One row per item of a LIST_SEP-joined column (rows with an empty list dropped)."""
    has = t.filter(t[column] != "")
    return has.select(*keys, item=has[column].split(LIST_SEP).unnest())


def _fallbacks(con: ibis.BaseBackend, t: ibis.Table, fw: Framework) -> pd.DataFrame:
    keys = ["year", *(["industry"] if "industry" in t.columns else [])]
    items = _items(t, "fallback_list", *keys)
    parts = items.item.split("@")
    items = items.select(*keys, indicator=parts[0], used=parts[1])
    g = con.execute(items.group_by([*keys, "indicator", "used"]).aggregate(n=items.count()))
    names = _names(fw)
    return pd.DataFrame(
        {
            "年份": g.year.astype("int64"),
            "行业": g.industry if "industry" in g else "",
            "回退到": g.used.replace("", "全部"),
            "指标": g.indicator.map(names).fillna(g.indicator),
            "主体数": g.n.astype("int64"),
        }
    ).sort_values(["年份", "行业", "指标"], ignore_index=True)


def _missing(con: ibis.BaseBackend, t: ibis.Table, fw: Framework, rows: int) -> pd.DataFrame:
    items = _items(t, "missing_list")
    g = con.execute(items.group_by("item").aggregate(n=items.count()))
    by_id = dict(zip(g.item, g.n.astype("int64")))
    inds = list(iter_indicators(fw.tree))
    n = pd.Series([by_id.get(i.id, 0) for i in inds], dtype="int64")
    out = pd.DataFrame(
        {
            "指标序号": [i.no for i in inds],
            "指标": [i.name.zh for i in inds],
            "缺失或不可计算的主体-年数": n,
            "占比（%）": _share(n, rows),
        }
    )
    return out[out["缺失或不可计算的主体-年数"] > 0].reset_index(drop=True)


def _names(fw: Framework) -> dict[str, str]:
    return {i.id: f"{i.no} {i.name.zh}" for i in iter_indicators(fw.tree)}
