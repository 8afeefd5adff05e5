"""The KPIs of Table A.1 as the T/ESC framework file holds them (number, name, unit, kind,
direction, core issue and dimension), and how a KPI of the register reads."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import get_language

from parkesg.frameworks import iter_indicators, load_framework
from parkesg.web.esg import enums

FRAMEWORK = "t-esc-001-2024"


@dataclass(frozen=True)
class A1:
    id: str
    no: str
    name: str
    unit: str
    boolean: bool
    direction: str
    issue: str  # core issue of Table A.1 (节能减排 …)
    dimension: str  # 环境管理 / 经济社会发展 / 产业园区治理
    name_en: str = ""


@cache
def table_a1() -> dict[str, A1]:
    """id → the KPI of Table A.1, in the standard's order."""
    fw = load_framework(FRAMEWORK)
    out: dict[str, A1] = {}
    for dim in fw.tree:
        for issue in dim.children or [dim]:
            for i in iter_indicators([issue]):
                out[i.id] = A1(i.id, i.no, i.name.zh, i.unit, i.kind.value == "boolean",
                               i.direction.value, issue.name.zh, dim.name.zh, i.name.en)  # fmt: skip
    return out


def choices() -> list[tuple[str, str]]:
    """(id, "序号 名称（单位）") of the 35 KPIs, for a form."""
    return [(a.id, f"{a.no} {a.name}（{a.unit}）") for a in table_a1().values()]


def label(kpi: Any) -> str:
    """“序号 名称” of a Table A.1 KPI (its English name on English pages), else the park's own."""
    a = table_a1().get(kpi.indicator_id) if kpi.indicator_id else None
    if a is not None:
        english = (get_language() or "zh").startswith("en") and a.name_en
        return f"{a.no} {a.name_en if english else a.name}"
    return f"{kpi.code} {kpi.name}".strip()


def unit(kpi: Any) -> str:
    a = table_a1().get(kpi.indicator_id) if kpi.indicator_id else None
    return a.unit if a is not None else kpi.unit


def is_boolean(kpi: Any) -> bool:
    a = table_a1().get(kpi.indicator_id) if kpi.indicator_id else None
    return a.boolean if a is not None else kpi.nature == "yesno"


def direction(kpi: Any) -> str:
    a = table_a1().get(kpi.indicator_id) if kpi.indicator_id else None
    return a.direction if a is not None else (kpi.direction or "higher")


def domain_of(a: A1) -> str:
    """The 4.6 domain of a Table A.1 dimension."""
    return {"环境管理": "environment", "产业园区治理": "governance"}.get(
        a.dimension, "economic_social"
    )


DOMAINS = dict(enums.DOMAIN)
