"""Report charts (matplotlib, Agg): indicator vs benchmark bars, 3-year trends, group radar,
the peer histogram with the grade bands and the entity marked, KPI progress. PNG at print
resolution (300 dpi), drawn at the width they are printed at, so that every label is at
least 8 pt on paper.

Charts draw numbers they are given — values, thresholds, scores from the stored result; they
compute nothing. Chinese labels need a CJK font: Noto Sans CJK (Debian fonts-noto-cjk,
installed by ``make office``) is looked up through matplotlib's font manager; without one the
chart fails with a clear message instead of drawing empty boxes.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from parkesg.errors import ParkesgError

DPI = 300
FONT_PT = 9.0  # labels; never below MIN_PT at the printed width
MIN_PT = 8.0
MM = 1 / 25.4
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Sans SC")
_COLOURS = {"value": "#1F4E79", "general": "#A6A6A6", "advanced": "#548235", "mark": "#C00000"}
_BANDS = ("#E2EFDA", "#FFF2CC", "#FCE4D6")  # 领先 / 平均 / 落后 (T/JDFA01 附录B)


class FontMissing(ParkesgError):
    """No CJK font: charts would show boxes instead of Chinese."""


@cache
def cjk_font() -> str:
    """The family name of an installed CJK font, registering system fonts matplotlib's cache
    does not know yet (a font installed after matplotlib first ran)."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    for path in font_manager.findSystemFonts():
        if "CJK" in Path(path).name or "SourceHan" in Path(path).name:
            font_manager.fontManager.addfont(path)
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    raise FontMissing(
        "未找到中文字体（Noto Sans CJK），无法绘制图表：请安装 fonts-noto-cjk（make office）"
    )


def _style() -> None:
    plt.rcParams["font.family"] = [cjk_font()]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["font.size"] = FONT_PT
    for key in ("axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                "legend.fontsize"):  # fmt: skip
        plt.rcParams[key] = FONT_PT


def _figure(width_mm: float, height_mm: float) -> tuple[Figure, Axes]:
    """A figure as large as it is printed: a 9 pt label is 9 pt on paper."""
    _style()
    return plt.subplots(figsize=(width_mm * MM, height_mm * MM))


def _save(fig: Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, format="png")
    plt.close(fig)
    return path


def wrap(text: str, width: int) -> str:
    """Chinese text wrapped at ``width`` characters (no word spaces to break at)."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=True)) if text else text


@dataclass(frozen=True)
class Benchmark:
    """One indicator against its levels: value and thresholds in the indicator's unit."""

    no: str
    name: str
    unit: str
    value: float
    general: float | None
    advanced: float | None


def benchmark_bars(
    items: Sequence[Benchmark], path: Path, *, width_mm: float = 156, max_height_mm: float = 185
) -> Path:
    """Small multiples, one per indicator (titled with its number and full name): 园区值
    beside 一般水平 and 先进水平 — units differ between indicators, so each has its axis.
    As many columns as keep the chart within ``max_height_mm`` (a page with its caption)."""
    n = max(len(items), 1)
    columns = next(c for c in (3, 4, 5, 6) if math.ceil(n / c) * 58 <= max_height_mm or c == 6)
    columns = min(columns, n)
    rows = math.ceil(n / columns)
    _style()
    fig, axes = plt.subplots(rows, columns, figsize=(width_mm * MM, rows * 58 * MM), squeeze=False)
    chars = int(width_mm / columns / 3.6)  # characters of 9 pt per line of a panel title
    for ax, item in zip(axes.flat, items, strict=False):
        labels, values, colours = ["园区"], [item.value], [_COLOURS["value"]]
        for label, v, key in (("一般", item.general, "general"),
                              ("先进", item.advanced, "advanced")):  # fmt: skip
            if v is not None:
                labels.append(label)
                values.append(v)
                colours.append(_COLOURS[key])
        ax.bar(labels, values, color=colours, width=0.6)
        ax.set_title(wrap(f"{item.no} {item.name}", chars), fontsize=FONT_PT)
        ax.set_ylabel(item.unit)
        ax.margins(y=0.15)
    for ax in list(axes.flat)[len(items) :]:
        ax.axis("off")
    return _save(fig, path)


def trend_lines(
    years: Sequence[int],
    series: dict[str, Sequence[float | None]],
    path: Path,
    *,
    ylabel: str,
    width_mm: float = 156,
) -> Path:
    """One line per series over the years (missing points left out), legend below."""
    fig, ax = _figure(width_mm, 95)
    for name, values in series.items():
        pts = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=name)
    ax.set_xticks(list(years), [f"{y} 年" for y in years])
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    return _save(fig, path)


def radar(
    labels: Sequence[str],
    values: Sequence[float | None],
    path: Path,
    *,
    top: float,
    width_mm: float = 120,
) -> Path:
    """A closed polygon of group scores (axes named in Chinese) from 0 to ``top``; a missing
    score is drawn at 0 and labelled “缺数据”."""
    _style()
    fig = plt.figure(figsize=(width_mm * MM, width_mm * 0.85 * MM))
    ax = fig.add_subplot(polar=True)
    n = len(labels)
    angles = [2 * math.pi * i / n for i in range(n)] + [0.0]
    drawn = [v if v is not None else 0.0 for v in values]
    ax.plot(angles, [*drawn, drawn[0]], color=_COLOURS["value"])
    ax.fill(angles, [*drawn, drawn[0]], color=_COLOURS["value"], alpha=0.25)
    ax.set_xticks(angles[:-1])
    ax.set_xticklabels(
        [
            f"{wrap(lab, 6)}\n{'缺数据' if v is None else f'{v:.1f}'}"
            for lab, v in zip(labels, values, strict=True)
        ]
    )
    ax.tick_params(axis="x", pad=10)
    ax.set_ylim(0, top)
    return _save(fig, path)


@dataclass(frozen=True)
class Band:
    grade: str
    low: float
    high: float
    label: str  # 领先 / 平均 / 落后


def peer_histogram(
    edges: Sequence[float],
    counts: Sequence[int],
    value: float,
    path: Path,
    *,
    bands: Sequence[Band],
    label: str,
    width_mm: float = 156,
) -> Path:
    """The peer group's totals as a histogram, the grade bands (附录B) shaded behind with
    their grades, and the entity's total as a red line."""
    fig, ax = _figure(width_mm, 80)
    shade = {
        lab: _BANDS[k % len(_BANDS)] for k, lab in enumerate(dict.fromkeys(b.label for b in bands))
    }
    top = max(counts, default=0) or 1
    for b in bands:
        ax.axvspan(b.low, b.high, color=shade[b.label], alpha=0.6, lw=0)
        ax.text((b.low + b.high) / 2, top * 1.12, b.grade, ha="center", va="bottom")
    widths = [hi - lo for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
    ax.bar(edges[:-1], counts, width=widths, align="edge", color=_COLOURS["general"],
           edgecolor="white")  # fmt: skip
    ax.axvline(value, color=_COLOURS["mark"], linewidth=2, label=label)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(0, top * 1.3)
    ax.set_xlabel("ESG 总分")
    ax.set_ylabel("企业数")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), frameon=False)
    return _save(fig, path)


def progress_bars(items: Sequence[tuple[str, float]], path: Path, *, width_mm: float = 156) -> Path:
    """Horizontal bars of target progress (%) per KPI, with the target (100 %) marked."""
    n = max(len(items), 1)
    fig, ax = _figure(width_mm, 20 + 5.2 * n)
    names = [name if len(name) <= 24 else name[:23] + "…" for name, _ in items][::-1]
    values = [v for _, v in items][::-1]
    colours = [_COLOURS["advanced"] if v >= 100 else _COLOURS["value"] for v in values]
    ax.barh(names, values, color=colours, height=0.6)
    for y, v in enumerate(values):
        ax.text(v, y, f" {v:.1f}", va="center", ha="left" if v >= 0 else "right")
    ax.axvline(100, color=_COLOURS["mark"], linestyle="--", linewidth=1, label="目标（100%）")
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel("目标完成进度（%）")
    ax.margins(x=0.12)
    ax.legend(loc="lower right", frameon=False)
    return _save(fig, path)
