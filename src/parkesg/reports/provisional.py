"""Provisional values in a report: marked, explained once per table, listed in an annex.

A value the standard does not print (Beijing leading values, T/JDFA01 weights and score maps,
some definitions) ships as a documented default marked provisional. A report marks a figure
resting on one with ``display.MARK`` (never “（暂定）” in each cell), says once under the
table what the mark means, and lists every provisional value with its source in an annex
(``annex_rows``). What a user confirmed (``stored.Confirmation``: weights, indicator values)
is no longer provisional: its marks and annex rows go, and the annex says who confirmed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from parkesg import formatting
from parkesg.reports import display
from parkesg.stored import CONFIRMABLE, StoredRun

ANNEX = "报告末尾的“暂定值一览”"
_WORDS = {
    "MIIT": "工信部", "(provisional)": "", "（provisional）": "", "provisional": "暂定",
    "leading_ratio": "引领值比值法", "higher": "越高越好", "lower": "越低越好", "（GDP）": "",
    "本实现": "本评价体系", "本文件": "本评价体系", "的 sources": "的来源条款", "sources": "来源条款",
}  # fmt: skip


def reader_text(note: str) -> str:
    """A framework note as a reader reads it: field ids named in Chinese, no code words."""
    text = note
    for word, repl in _WORDS.items():
        text = text.replace(word, repl)
    names = display._field_names()
    return re.sub(
        r"(?<![A-Za-z_])([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]{3,})(?:\[-(\d+)\])?(?![A-Za-z_])",
        lambda m: formatting.formula(m[0], names) if m[1] in names else m[0],
        text,
    )


@dataclass(frozen=True)
class Marks:
    """Which values of a stored run are still provisional for a report."""

    weights: bool  # the framework's weights, unconfirmed
    indicators: bool  # indicator parameters (score maps, methods, leading values), unconfirmed
    confirmation: dict[str, Any] | None

    @classmethod
    def of(cls, run: StoredRun) -> Marks:
        c = run.confirmation
        done = set(c.items) if c else set()
        return cls(
            weights=bool(run.edition.get("weights_provisional")) and "weights" not in done,
            indicators="indicators" not in done,
            confirmation=c.to_dict() if c else None,
        )

    def indicator(self, ind: dict[str, Any]) -> bool:
        return bool(ind.get("provisional")) and self.indicators

    def score(self, inds: list[dict[str, Any]]) -> bool:
        """A group score or total over ``inds``: provisional weights or any indicator."""
        return self.weights or any(self.indicator(i) for i in inds)

    def any(self, docs: list[dict[str, Any]]) -> bool:
        return self.weights or any(self.indicator(i) for d in docs for i in d["indicators"])

    def note(self, what: str = "数值") -> str:
        """The one line under a table with marks."""
        return (
            f"注：标“{display.MARK}”的{what}所依据的参数为暂定值（标准未给出、尚未确认），"
            f"详见{ANNEX}。"
        )


def _what(ind: dict[str, Any], framework: str) -> str:
    t = (ind.get("trace") or {}).get("thresholds") or {}
    method = (ind.get("trace") or {}).get("method")
    unit = display.unit(ind, framework)
    unit = "" if unit == display.DASH else unit
    if t.get("leading") is not None:
        return f"引领值 {formatting.number(t['leading'], digits=6, trim=True)}{unit}"
    if t.get("general") is not None or t.get("advanced") is not None:
        return f"一般水平 {display.threshold(ind, 'general')}，先进水平 {display.threshold(ind, 'advanced')}"
    if method == "ordinal":
        return "分类赋分表"
    if method and method.startswith("peer_"):
        return "评分方法与同业分档"
    if method == "boolean":
        return "计分方式"
    return "指标口径"


def annex_rows(run: StoredRun, marks: Marks) -> list[dict[str, str]]:
    """Every provisional value the report rests on: the weights, then each indicator."""
    rows = []
    ed = run.edition
    if marks.weights:
        rows.append({"no": "—", "name": "权重（全部指标）", "what": "指标权重",
                     "source": reader_text(ed.get("weights_note") or "标准未给出权重。")})  # fmt: skip
    for ind in run.last["indicators"]:
        if marks.indicator(ind):
            note = (ind.get("trace") or {}).get("note") or "标准未给出，取文档化的默认值。"
            rows.append({"no": str(ind["no"]), "name": ind["name_zh"],
                         "what": _what(ind, run.framework_id), "source": reader_text(note)})  # fmt: skip
    return rows


def confirmation_text(marks: Marks) -> str:
    c = marks.confirmation
    if not c:
        return ""
    items = "、".join(CONFIRMABLE.get(i, i) for i in c["items"])
    who = c["by"] + (f"（{c['organisation']}）" if c.get("organisation") else "")
    return f"本次评价所用{items}已由{who}于 {c['date']} 确认。"
