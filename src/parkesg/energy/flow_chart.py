"""Energy-flow (Sankey) chart for T/CPPC 5.3.2 (2) ② 能源利用分析: energy carriers on the
left, the entities (enterprises) using them on the right, band widths in tce.

Drawn with matplotlib's object API (no pyplot global state) and written as PNG. Chinese text
needs a CJK font: Noto Sans CJK (Debian ``fonts-noto-cjk``, ``make fonts``) found through
matplotlib's font manager; without it the chart is refused rather than drawn with boxes.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from parkesg.errors import DataError, ParkesgError

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans SC")
GAP = 0.02  # vertical gap between nodes, as a share of the total height
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")  # fmt: skip


@lru_cache(maxsize=1)
def cjk_font() -> font_manager.FontProperties:
    """A font that draws Chinese; ParkesgError when none is installed."""
    for attempt in range(2):
        names = {f.name for f in font_manager.fontManager.ttflist}
        for family in CJK_FAMILIES:
            if family in names:
                return font_manager.FontProperties(family=family)
        if attempt == 0:  # installed after matplotlib cached its font list: add the files
            for path in font_manager.findSystemFonts():
                if "NotoSansCJK" in Path(path).name or "NotoSansSC" in Path(path).name:
                    font_manager.fontManager.addfont(path)
    raise ParkesgError(
        "未找到中文字体 Noto Sans CJK：请运行 make fonts（apt-get install fonts-noto-cjk）"
    )


def _stack(values: pd.Series, total: float) -> dict[str, tuple[float, float]]:
    """(bottom, height) of each node in a column of height 1 with gaps between nodes."""
    n = len(values)
    room = 1.0 - GAP * max(n - 1, 0)
    out, y = {}, 1.0
    for key, v in values.items():
        h = room * v / total
        out[str(key)] = (y - h, h)
        y -= h + GAP
    return out


def _label_positions(centres: list[float], spacing: float = 0.035) -> list[float]:
    """Label heights near the node centres (top to bottom) but never closer than ``spacing``,
    so that small carriers keep readable labels; nodes keep their true size."""
    ys: list[float] = []
    for c in centres:
        ys.append(min(c, ys[-1] - spacing) if ys else c)
    overflow = -min(ys + [0.0])  # pushed below the axis: shift the whole column up
    return [y + overflow for y in ys]


def _band(x0: float, y0: tuple[float, float], x1: float, y1: tuple[float, float]) -> MplPath:
    """A band from the segment y0 (bottom, top) at x0 to y1 at x1, with S-shaped edges."""
    xm = (x0 + x1) / 2
    verts = [
        (x0, y0[1]), (xm, y0[1]), (xm, y1[1]), (x1, y1[1]),
        (x1, y1[0]), (xm, y1[0]), (xm, y0[0]), (x0, y0[0]), (x0, y0[1]),
    ]  # fmt: skip
    C = MplPath.CURVE4
    codes = [MplPath.MOVETO, C, C, C, MplPath.LINETO, C, C, C, MplPath.CLOSEPOLY]
    return MplPath(verts, codes)


def flow_chart(
    flows: pd.DataFrame,
    path: str | Path,
    *,
    title: str,
    unit: str = "tce",
    width_mm: float | None = None,
) -> Path:
    """Write the chart of ``flows`` (columns source, target, value > 0) to a PNG file;
    ``width_mm``: drawn at that printed width, 300 dpi, labels 8 pt on paper (reports)."""
    p = Path(path)
    if p.suffix.lower() != ".png":
        raise DataError("能流图只能写为 .png 文件", file=p.name)
    if flows.value.isna().any():
        missing = "、".join(sorted(set(flows.source[flows.value.isna()])))
        raise DataError(f"{missing}缺少该年份的折标系数，不能绘制能流图")
    flows = flows[flows.value > 0]
    if flows.empty:
        raise DataError("没有可绘制的能流（所选年份无可折算的能源消费量）")
    font = cjk_font()
    total = float(flows.value.sum())
    left = flows.groupby("source", sort=False).value.sum()
    right = flows.groupby("target", sort=False).value.sum().sort_values(ascending=False)
    lpos, rpos = _stack(left, total), _stack(right, total)
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(left.index)}
    # bands leave each carrier in the order of the targets and reach each target in the
    # order of the carriers: fewer crossings
    rank_l = {k: i for i, k in enumerate(left.index)}
    rank_r = {k: i for i, k in enumerate(right.index)}
    flows = flows.assign(_l=flows.source.map(rank_l), _r=flows.target.map(rank_r))
    flows = flows.sort_values(["_l", "_r"], kind="stable")
    rows = max(len(left), len(right))
    if width_mm is None:
        fig = Figure(figsize=(10, 1.2 + 0.45 * rows), dpi=150)
        label_pt, title_pt = 8.0, 13.0
    else:  # printed at width_mm: the labels take about 0.6 of the width
        fig = Figure(figsize=(width_mm / 25.4 * 0.62, 0.5 + 0.3 * rows), dpi=300)
        label_pt, title_pt = 8.0, 9.0
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(-0.45, 1.45)
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(title, fontproperties=font, fontsize=title_pt)
    lused = {k: 0.0 for k in lpos}
    rused = {k: 0.0 for k in rpos}
    width = 0.04
    for r in flows.itertuples():
        s, t, v = str(r.source), str(r.target), float(r.value)
        (lb, lh), (rb, rh) = lpos[s], rpos[t]
        h_l, h_r = lh * v / left[s], rh * v / right[t]
        top_l, top_r = lb + lh - lused[s], rb + rh - rused[t]
        lused[s] += h_l
        rused[t] += h_r
        band = _band(width, (top_l - h_l, top_l), 1 - width, (top_r - h_r, top_r))
        ax.add_patch(PathPatch(band, facecolor=colour[s], alpha=0.45, lw=0))
    ys = _label_positions([b + h / 2 for b, h in lpos.values()])
    for (name, (b, h)), y in zip(lpos.items(), ys):
        ax.add_patch(Rectangle((0, b), width, h, color=colour[name]))
        share = left[name] / total * 100
        label = f"{name}  {left[name]:,.0f} {unit}（{share:.1f}%）"
        ax.text(-0.03, y, label, ha="right", va="center", fontproperties=font, fontsize=label_pt)
        ax.plot([-0.028, 0], [y, b + h / 2], color="#999999", lw=0.5)
    ys = _label_positions([b + h / 2 for b, h in rpos.values()])
    for (name, (b, h)), y in zip(rpos.items(), ys):
        ax.add_patch(Rectangle((1 - width, b), width, h, color="#666666"))
        label = f"{name}  {right[name]:,.0f} {unit}"
        ax.text(1.03, y, label, ha="left", va="center", fontproperties=font, fontsize=label_pt)
        ax.plot([1, 1.028], [b + h / 2, y], color="#999999", lw=0.5)
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp.png")
    try:
        fig.savefig(tmp, format="png", bbox_inches="tight", dpi=fig.dpi)
        os.replace(tmp, p)
    finally:
        tmp.unlink(missing_ok=True)
    return p


def carrier_flows(
    rows: pd.DataFrame, year: int, convention: str, names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Flows carrier → entity for one year from the energy tables' carrier rows: energy that
    counts in the comprehensive consumption and is positive (supplied-out energy and the
    green part of purchased power are not flows of their own)."""
    sub = rows[(rows.year == year) & rows.in_total & (rows.quantity > 0)]
    return pd.DataFrame(
        {
            "source": sub.name_zh,
            "target": sub.entity_id.map(lambda e: (names or {}).get(e, e)),
            "value": sub[convention],
        }
    ).reset_index(drop=True)
