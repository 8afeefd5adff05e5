"""Load the energy carriers and the coefficient tables, strictly, and merge a user's file.

Same habits as ``frameworks/loader.py`` (whose YAML reader and validator this reuses):
duplicate or unknown keys are refused, and every error names the file and the key. Beyond the
schema, a coefficient must convert its carrier's activity unit to tce (or tCO2), must not be
given twice, must not mix one value for every year with values by year, and a fuel's CO2
factor must agree with its calorific value, carbon content and oxidation rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from parkesg.errors import FrameworkError
from parkesg.frameworks import load_catalogue
from parkesg.frameworks.loader import _validate, read_yaml
from parkesg.frameworks.schema import FieldDef
from parkesg.units import parse_unit, registry

from .schema import Carrier, CarriersFile, Coefficient, CoefficientFile, Quantity

TARGET_UNIT = {Quantity.calorific: "tce", Quantity.equivalent: "tce", Quantity.co2: "tCO2"}
CO2_PER_C = 44.0 / 12.0
NCV_TOLERANCE = 1e-3  # printed factors are rounded to 4 decimals


@dataclass(frozen=True)
class CoefficientSet:
    """The coefficients in force: built-in entries, replaced or extended by a user's file."""

    entries: tuple[Coefficient, ...]
    files: tuple[str, ...]  # the files they came from, built-in first

    def lookup(self, carrier: str, quantity: Quantity, series: str) -> list[Coefficient]:
        return [
            c
            for c in self.entries
            if c.carrier == carrier and c.quantity == quantity and c.series == series
        ]


def _data(name: str) -> Path:
    return Path(str(resources.files("parkesg.energy").joinpath("data", name)))


@lru_cache(maxsize=1)
def load_carriers() -> CarriersFile:
    """The carriers file, checked against the field catalogue."""
    path = _data("carriers.yaml")
    doc: CarriersFile = _validate(CarriersFile, read_yaml(path), path.name)
    catalogue = load_catalogue()
    ids = [c.id for c in doc.carriers]
    for c in doc.carriers:
        if ids.count(c.id) > 1:
            raise FrameworkError("载体编号重复", file=path.name, key=f"carriers[{c.id}]")
        if c.field not in catalogue:
            raise FrameworkError(
                "字段目录中没有此字段", file=path.name, key=f"carriers[{c.id}].field"
            )
        if c.coefficients_of is not None and c.coefficients_of not in ids:
            raise FrameworkError(
                "引用的载体不存在", file=path.name, key=f"carriers[{c.id}].coefficients_of"
            )
    for kind, t in doc.targets.items():
        for role, fid in t.model_dump(exclude_none=True).items():
            if fid not in catalogue:
                raise FrameworkError(
                    "字段目录中没有此字段", file=path.name, key=f"targets.{kind}.{role}"
                )
    return doc


def carriers_by_id() -> dict[str, Carrier]:
    return {c.id: c for c in load_carriers().carriers}


def coefficient_owner(carrier: Carrier) -> str:
    """The carrier whose coefficients apply (green power uses those of purchased power)."""
    return carrier.coefficients_of or carrier.id


def _check_entry(c: Coefficient, field: FieldDef, file: str, key: str) -> None:
    try:
        per_unit = 1.0 * parse_unit(field.unit) * parse_unit(c.unit)
        per_unit.to(parse_unit(TARGET_UNIT[c.quantity]))
    except Exception as exc:  # DataError from parse_unit, pint.DimensionalityError
        want = f"{TARGET_UNIT[c.quantity]}/{field.unit}"
        raise FrameworkError(
            f"单位 “{c.unit}” 不能把 {field.name.zh}（{field.unit}）换算为 {TARGET_UNIT[c.quantity]}"
            f"（应如 {want}）",
            file=file,
            key=f"{key}.unit",
        ) from exc
    parts = (c.ncv, c.ncv_unit, c.carbon_content, c.oxidation_rate)
    if any(p is not None for p in parts):
        if c.quantity != Quantity.co2 or any(p is None for p in parts):
            raise FrameworkError(
                "ncv、ncv_unit、carbon_content、oxidation_rate 须同时给出，且只用于 co2 因子",
                file=file,
                key=key,
            )
        assert c.ncv is not None and c.ncv_unit is not None  # for mypy; checked above
        assert c.carbon_content is not None and c.oxidation_rate is not None
        ureg = registry()
        try:
            ncv = (c.ncv * parse_unit(c.ncv_unit)).to(parse_unit(c.unit) * ureg.TJ / ureg.tCO2)
        except Exception as exc:
            raise FrameworkError(
                f"低位发热量单位 “{c.ncv_unit}” 与因子单位 “{c.unit}” 不匹配",
                file=file,
                key=f"{key}.ncv_unit",
            ) from exc
        expected = ncv.magnitude * c.carbon_content * c.oxidation_rate * CO2_PER_C
        if abs(expected - c.value) > NCV_TOLERANCE * max(c.value, 1e-12):
            raise FrameworkError(
                f"排放因子 {c.value} 与 低位发热量×含碳量×氧化率×44/12 = {expected:.4f} 不符",
                file=file,
                key=f"{key}.value",
            )


def _check_file(doc: CoefficientFile, file: str) -> None:
    carriers = carriers_by_id()
    catalogue = load_catalogue()
    seen: dict[tuple[str, str, str, int | None], int] = {}
    for i, c in enumerate(doc.entries):
        key = f"entries[{i}]"
        if c.carrier not in carriers:
            raise FrameworkError(
                f"未知的能源载体 “{c.carrier}”；可用：{'、'.join(carriers)}",
                file=file,
                key=f"{key}.carrier",
            )
        if carriers[c.carrier].coefficients_of is not None:
            owner = carriers[c.carrier].coefficients_of
            raise FrameworkError(
                f"此载体使用 {owner} 的系数，请为 {owner} 给值", file=file, key=f"{key}.carrier"
            )
        if c.key in seen:
            raise FrameworkError(
                f"与 entries[{seen[c.key]}] 重复（载体、量、系列、年份相同）", file=file, key=key
            )
        seen[c.key] = i
        _check_entry(c, catalogue[carriers[c.carrier].field], file, key)


def _check_years(entries: list[Coefficient], file: str) -> None:
    """One series is either one value for every year or values by year, never both."""
    kinds: dict[tuple[str, str, str], set[bool]] = {}
    for c in entries:
        kinds.setdefault(c.key[:3], set()).add(c.year is None)
    for (carrier, quantity, series), mix in kinds.items():
        if len(mix) > 1:
            raise FrameworkError(
                "同一系数既有不分年份的值又有分年份的值",
                file=file,
                key=f"{carrier}.{quantity}.{series}",
            )


def load_coefficient_file(path: Path) -> CoefficientFile:
    doc: CoefficientFile = _validate(CoefficientFile, read_yaml(path), path.name)
    _check_file(doc, path.name)
    _check_years(list(doc.entries), path.name)
    return doc


@lru_cache(maxsize=1)
def _builtin() -> CoefficientFile:
    return load_coefficient_file(_data("coefficients.yaml"))


def load_coefficients(user_file: Path | None = None) -> CoefficientSet:
    """Built-in coefficients, with the entries of ``user_file`` replacing those of the same
    carrier, quantity, series and year and adding the others."""
    base = _builtin()
    if user_file is None:
        return CoefficientSet(tuple(base.entries), ("coefficients.yaml",))
    if not user_file.exists():
        raise FrameworkError("系数文件不存在", file=str(user_file))
    user = load_coefficient_file(user_file)
    merged: dict[tuple[str, str, str, int | None], Coefficient] = {c.key: c for c in base.entries}
    merged.update({c.key: c for c in user.entries})
    entries = list(merged.values())
    _check_years(entries, user_file.name)
    return CoefficientSet(tuple(entries), ("coefficients.yaml", user_file.name))


def field_units() -> Mapping[str, str]:
    """Each carrier's activity unit, as the catalogue defines it."""
    catalogue = load_catalogue()
    return {c.id: catalogue[c.field].unit for c in load_carriers().carriers}
