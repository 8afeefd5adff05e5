"""The shape of the energy data files: carriers (what each activity field is and how it
counts) and coefficient tables (dated, cited values). Strict like ``frameworks/schema.py``:
an unknown key is an error, and every coefficient must say its unit, source and whether it
is provisional."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from parkesg.frameworks.schema import Strict, Text

Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class Quantity(StrEnum):
    calorific = "calorific"  # 当量值 折标准煤系数 → tce
    equivalent = "equivalent"  # 等价值 折标准煤系数 → tce
    co2 = "co2"  # CO2 排放因子 → tCO2


class Convention(StrEnum):
    """Which standard-coal value of electricity the comprehensive consumption uses."""

    calorific = "calorific"  # 当量值
    equivalent = "equivalent"  # 等价值


CONVENTION_ZH = {Convention.calorific: "当量值", Convention.equivalent: "等价值"}


class Carrier(Strict):
    id: Ident
    field: Ident  # the activity field in the catalogue, in that field's unit
    name: Text
    group: Literal["fossil", "electricity", "heat", "renewable"]
    scope: Literal["direct", "indirect", "none"]  # 范围一 / 范围二 / no CO2
    sign: Literal[1, -1] = 1  # −1: supplied out, deducted
    in_total: bool = True  # counts in comprehensive energy consumption
    renewable: bool = False
    clean: bool = False
    coefficients_of: Ident | None = None  # use another carrier's coefficients


class Targets(Strict):
    """Catalogue fields the derived totals fill for one entity kind."""

    energy: Ident
    co2: Ident
    renewable: Ident | None = None
    clean: Ident | None = None
    intensity_base: Ident  # CO2 intensity = co2 ÷ this field


class CarriersFile(Strict):
    carriers: list[Carrier]
    targets: dict[Literal["park", "enterprise"], Targets]


class Source(Strict):
    document: str = Field(min_length=1)
    clause: str = Field(min_length=1)
    date: Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


class Coefficient(Strict):
    carrier: Ident
    quantity: Quantity
    series: Ident = "national"
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    value: Annotated[float, Field(ge=0)]
    unit: str = Field(min_length=1)
    source: Source
    provisional: bool
    note: str = ""
    # fuel CO2 factors: where the value comes from (checked: ncv × cc × or × 44/12)
    ncv: Annotated[float, Field(gt=0)] | None = None
    ncv_unit: str | None = None
    carbon_content: Annotated[float, Field(gt=0)] | None = None  # tC/TJ
    oxidation_rate: Annotated[float, Field(gt=0, le=1)] | None = None

    @property
    def key(self) -> tuple[str, str, str, int | None]:
        return (self.carrier, self.quantity.value, self.series, self.year)


class CoefficientFile(Strict):
    coefficients: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Text
    compiled: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    entries: list[Coefficient]
