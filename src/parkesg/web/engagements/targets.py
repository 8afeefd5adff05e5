"""A cleaner-production target against its indicator (T/CPPC 5.2.4, 附件2 2.4.4): the unit is
the indicator's, the values are on its scale, and near → mid → long move the way the
indicator improves (its direction), starting from the current value."""

from __future__ import annotations

from functools import cache
from typing import Any

from parkesg.errors import DataError
from parkesg.frameworks import iter_indicators, load_framework
from parkesg.frameworks.schema import Indicator, Kind
from parkesg.units import factor

CPPC = "t-cppc-park-cpa"


@cache
def indicators(framework: str = CPPC) -> dict[str, Indicator]:
    return {i.id: i for i in iter_indicators(load_framework(framework).tree)}


def choices(framework: str = CPPC) -> list[tuple[str, str]]:
    """(id, "序号 名称（单位）") for a dropdown, the quantitative indicators only."""
    return [(i.id, f"{i.no} {i.name.zh}（{i.unit}）") for i in indicators(framework).values()
            if i.kind == Kind.quantitative]  # fmt: skip


def bounded_share(ind: Indicator) -> bool:
    """A percentage of a part in its whole (0–100); growth and reduction rates are not."""
    formula = ind.formula or ""
    return ind.unit == "%" and formula.rstrip().endswith("* 100") and " - " not in formula


def _scale(ind: Indicator, value: float) -> str | None:
    if bounded_share(ind) and not 0 <= value <= 100:
        return "应在 0–100 % 之间"
    if ind.unit == "次" and (value < 0 or not float(value).is_integer()):
        return "应为非负整数"
    if ind.unit != "%" and value < 0 and " - " not in (ind.formula or ""):
        return "不能为负数"
    return None


def problems(t: Any) -> list[str]:
    """Every way ``t`` (a ``records.Target``) does not fit its indicator."""
    out: list[str] = []
    values = [("现状值", t.current), ("近期", t.near), ("中期", t.mid), ("远期", t.long)]
    if t.near is None:
        out.append("至少应设置近期目标值")
    years = [y for y in (t.near_year, t.mid_year, t.long_year) if y is not None]
    if years != sorted(years) or len(set(years)) != len(years):
        out.append("近期、中期、远期目标年应依次推后")
    ind = indicators().get(t.indicator) if t.indicator else None
    if t.indicator and ind is None:
        return [*out, f"评价指标 “{t.indicator}” 不在附件1中"]
    lower = t.lower_is_better
    if ind is not None:
        if ind.kind != Kind.quantitative:
            return [*out, f"{ind.no} {ind.name.zh} 是定性指标，不设数值目标"]
        try:
            same = factor(t.unit or ind.unit, ind.unit) == 1
        except DataError:
            same = False
        if not same:
            out.append(f"单位 “{t.unit}” 与指标单位 “{ind.unit}” 不一致")
        for label, v in values:
            if v is not None and (why := _scale(ind, v)):
                out.append(f"{label} {v:g} {why}")
        lower = ind.direction.value == "lower"
        if t.lower_is_better != lower:
            out.append("改进方向与指标不一致（" + ("越低越好" if lower else "越高越好") + "）")
    elif not t.unit:
        out.append("未注明单位")
    chain = [(label, v) for label, v in values if v is not None]
    for (a, x), (b, y) in zip(chain, chain[1:]):
        if (y > x) if lower else (y < x):
            word = "不应高于" if lower else "不应低于"
            out.append(
                f"{b}目标 {y:g} {word}{a} {x:g}（" + ("越低越好" if lower else "越高越好") + "）"
            )
    return out
