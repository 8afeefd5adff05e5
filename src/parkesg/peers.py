"""Reference peer tables as users keep them in files (T/JDFA01 6.8 b, README “Scoring
conventions”): written by ``parkesg rate --peers-out``, read by ``parkesg assess --peers``.

A file holds one row per (year, peer key, level, group, indicator): n, the tiered-ranking
cut-offs, μ and σ (``engine.peer_reference``), and on every row what it was made from — the
framework, a digest of the peer settings the statistics depend on, the date, the source and
the number of entities — so that a reference made under other settings is refused, and a
trace can name the reference it scored against.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import pandas as pd

from parkesg.engine.peer import peer_indicators
from parkesg.engine.peer_reference import KEY_COLUMNS, stat_columns
from parkesg.engine.plan import placed_indicators
from parkesg.errors import DataError
from parkesg.frameworks.schema import Framework

ABOUT = ("framework", "settings", "made", "source", "entities")  # per row, the same on every one


def settings_digest(fw: Framework) -> str:
    """What the statistics depend on: the peer block, the segment model's peer keys and each
    peer indicator's value (formula, direction, method). Weights and rules do not matter."""
    if fw.peer is None:
        raise DataError(f"评价体系 {fw.id} 没有同业比较设置，不能生成或使用同业参照表")
    inds = peer_indicators([p.indicator for p in placed_indicators(fw)])
    what = {
        "peer": fw.peer.model_dump(mode="json", include={"levels", "min_size", "tiers"}),
        "segments": fw.segments.model_dump(mode="json") if fw.segments else None,
        "indicators": [
            i.model_dump(mode="json", include={"id", "formula", "evidence", "direction", "method"})
            for i in inds
        ],
    }
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()[:16]


def about(fw: Framework, *, source: str, entities: int, made: date | None = None) -> dict[str, Any]:
    """The metadata columns of a reference made from ``source``."""
    return {
        "framework": fw.id,
        "settings": settings_digest(fw),
        "made": (made or date.today()).isoformat(),
        "source": source,
        "entities": int(entities),
    }


def check_reference(df: pd.DataFrame, fw: Framework, *, file: str = "") -> pd.DataFrame:
    """The statistics columns of a reference, checked: its columns, that it was made under
    ``fw``'s peer settings, one row per group and indicator."""
    if fw.peer is None:
        raise DataError(f"评价体系 {fw.id} 没有同业比较设置，不能使用同业参照表", file=file)
    wanted = [*KEY_COLUMNS, *stat_columns(fw.peer), *ABOUT]
    absent = [c for c in wanted if c not in df.columns]
    if absent:
        raise DataError(f"同业参照表缺少列：{'、'.join(absent)}", file=file)
    if df.empty:
        raise DataError("同业参照表没有任何行", file=file)
    made_for = set(df.framework.astype(str)), set(df.settings.astype(str))
    if made_for != ({fw.id}, {settings_digest(fw)}):
        raise DataError(
            f"同业参照表是在其他评价体系或同业设置下生成的（{'、'.join(sorted(made_for[0]))}），"
            f"与 {fw.id} 当前的同业设置不符，请用 parkesg rate --peers-out 重新生成",
            file=file,
        )
    dup = df.duplicated(["year", "peer_group", "indicator_id"])
    if dup.any():
        row = int(dup.idxmax()) + 2
        raise DataError("同一年度、同业组、指标有多行", file=file, row=row, cell="peer_group")
    out = df[list(wanted[: len(KEY_COLUMNS) + len(stat_columns(fw.peer))])].copy()
    out["year"] = pd.to_numeric(out.year).astype("int64")
    out["n"] = pd.to_numeric(out.n).astype("int64")
    out["peer_key"] = out.peer_key.fillna("").astype(str)
    return out


def describe(df: pd.DataFrame, *, file: str = "") -> dict[str, Any]:
    """What a trace says of the reference it scored against (its file or run, date, size)."""
    first = df.iloc[0]
    return {
        "file": file or None,
        "source": str(first["source"]),
        "made": str(first["made"]),
        "entities": int(first["entities"]),
        "groups": int(len(df.drop_duplicates(["year", "peer_group"]))),
    }
