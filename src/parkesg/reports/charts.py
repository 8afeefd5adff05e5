"""Report charts (matplotlib, Agg): indicator vs benchmark bars, 3-year trends, group radar,
peer distribution with the entity marked. PNG at print resolution (300 dpi).

Charts draw numbers they are given — values, thresholds, scores from the assessment result;
they compute nothing. Chinese labels need a CJK font: Noto Sans CJK (Debian fonts-noto-cjk,
installed by ``make office``) is looked up through matplotlib's font manager; without one the
chart fails with a clear message instead of drawing empty boxes.
"""

from __future__ import annotations

import math
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
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Sans SC")
_COLOURS = {"value": "#1F4E79", "general": "#A6A6A6", "advanced": "#548235", "mark": "#C00000"}


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


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    plt.rcParams["font.family"] = [cjk_font()]
    plt.rcParams["axes.unicode_minus"] = False
    return plt.subplots(figsize=(width, height))


def _save(fig: Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, format="png")
    plt.close(fig)
    return path


@dataclass(frozen=True)
class Benchmark:
    """One indicator against its levels: value and thresholds in the indicator's unit."""

    name: str
    unit: str
    value: float
    general: float | None
    advanced: float | None


def benchmark_bars(items: Sequence[Benchmark], path: Path, *, columns: int = 3) -> Path:
    """Small multiples, one per indicator: 园区值 beside 一般水平 and 先进水平 (units differ
    between indicators, so each has its own axis)."""
    n = max(len(items), 1)
    columns = min(columns, n)
    rows = math.ceil(n / columns)
    plt.rcParams["font.family"] = [cjk_font()]
    plt.rcParams["axes.unicode_minus"] = False
    fig, axes = plt.subplots(rows, columns, figsize=(2.1 * columns, 2.1 * rows), squeeze=False)
    for ax, item in zip(axes.flat, items, strict=False):
        labels, values, colours = ["园区值"], [item.value], [_COLOURS["value"]]
        for label, v, key in (
            ("一般", item.general, "general"),
            ("先进", item.advanced, "advanced"),
        ):
            if v is not None:
                labels.append(label)
                values.append(v)
                colours.append(_COLOURS[key])
        ax.bar(labels, values, color=colours, width=0.6)
        title = item.name if len(item.name) <= 14 else item.name[:13] + "…"
        ax.set_title(title, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_ylabel(item.unit if item.unit not in ("1", "-") else "", fontsize=7)
    for ax in list(axes.flat)[len(items) :]:
        ax.axis("off")
    return _save(fig, path)


def trend_lines(
    years: Sequence[int], series: dict[str, Sequence[float | None]], path: Path, *, ylabel: str
) -> Path:
    """One line per series over the years (missing points left out)."""
    fig, ax = _figure(6.3, 3.2)
    for name, values in series.items():
        pts = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=name)
    ax.set_xticks(list(years))
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncol=3, loc="lower center", bbox_to_anchor=(0.5, -0.45))
    return _save(fig, path)


def radar(labels: Sequence[str], values: Sequence[float | None], path: Path, *, top: float) -> Path:
    """A closed polygon of group scores on axes from 0 to ``top``; a missing score is 0 on
    the drawing and labelled “缺”."""
    plt.rcParams["font.family"] = [cjk_font()]
    fig = plt.figure(figsize=(4.5, 4.5))
    ax = fig.add_subplot(polar=True)
    n = len(labels)
    angles = [2 * math.pi * i / n for i in range(n)] + [0.0]
    drawn = [v if v is not None else 0.0 for v in values]
    ax.plot(angles, [*drawn, drawn[0]], color=_COLOURS["value"])
    ax.fill(angles, [*drawn, drawn[0]], color=_COLOURS["value"], alpha=0.25)
    ax.set_xticks(angles[:-1])
    ax.set_xticklabels(
        [
            f"{lab}\n{'缺' if v is None else f'{v:.1f}'}"
            for lab, v in zip(labels, values, strict=True)
        ],
        fontsize=8,
    )
    ax.set_ylim(0, top)
    ax.tick_params(labelsize=7)
    return _save(fig, path)


def peer_distribution(
    values: Sequence[float], entity_value: float, path: Path, *, label: str, xlabel: str
) -> Path:
    """Histogram of the peer group's values with the entity marked by a red line."""
    fig, ax = _figure(6.3, 3.0)
    ax.hist(list(values), bins=30, color=_COLOURS["general"], edgecolor="white")
    ax.axvline(entity_value, color=_COLOURS["mark"], linewidth=2, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("主体数")
    ax.legend(fontsize=8)
    return _save(fig, path)
