"""The one unit registry (DESIGN.md “Units”): pint with CNY, 万元, tce, tCO2 and the Chinese
spellings users type. Data in a compatible unit is converted to the field's unit; anything
else is an error naming the cell.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import pint

from parkesg.errors import DataError

_ALIASES = {
    "%": "percent",
    "％": "percent",
    "‰": "permille",
    "—": "dimensionless",
    "-": "dimensionless",
    "": "dimensionless",
    "无量纲": "dimensionless",
    "是/否": "dimensionless",
    "1": "dimensionless",
    "m3": "meter**3",
    "m³": "meter**3",
    "km2": "kilometer**2",
    "km²": "kilometer**2",
    "m2": "meter**2",
    "m²": "meter**2",
    "t": "tonne",
}


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[Any]:
    """The registry, built once; definitions are immutable after loading."""
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(
        autoconvert_offset_to_baseunit=True, non_int_type=float
    )
    ureg.load_definitions(str(resources.files("parkesg").joinpath("units.txt")))
    return ureg


def _normalise(text: str) -> str:
    s = text.strip()
    if s in _ALIASES:
        return _ALIASES[s]
    s = s.replace("％", "%").replace("³", "**3").replace("²", "**2")
    s = s.replace("%", " percent ").replace("·", "*")
    # 2-char shorthands inside compound units: t/万元, m3/万元, 元/m3
    s = re.sub(r"(?<![A-Za-z_])m3(?![A-Za-z_0-9])", "meter**3", s)
    s = re.sub(r"(?<![A-Za-z_])km2(?![A-Za-z_0-9])", "kilometer**2", s)
    s = re.sub(r"(?<![A-Za-z_])m2(?![A-Za-z_0-9])", "meter**2", s)
    s = re.sub(r"(?<![A-Za-z_])t(?![A-Za-z_0-9])", "tonne", s)
    return s.strip() or "dimensionless"


@lru_cache(maxsize=512)
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit as written in a framework, a catalogue or a data cell."""
    try:
        unit = registry().parse_units(_normalise(text))
    except Exception as exc:  # pint raises several unrelated types
        raise DataError(f"无法识别的单位 “{text}”") from exc
    return unit


@lru_cache(maxsize=4096)
def factor(source: str, target: str) -> float:
    """Multiplier that turns a value in ``source`` into ``target``; DataError if incompatible."""
    src, dst = parse_unit(source), parse_unit(target)
    try:
        return float(registry().Quantity(1.0, src).to(dst).magnitude)
    except pint.DimensionalityError as exc:
        raise DataError(f"单位 “{source}” 不能换算为 “{target}”（量纲不同）") from exc


def convert(value: float, source: str, target: str) -> float:
    """Convert one value; the CLI and importers use the vectorised ``factor`` instead."""
    return value * factor(source, target)
