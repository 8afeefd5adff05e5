"""The national enterprise size classification (国统字〔2017〕213号) as data: what the file
``classifications/enterprise-size-2017.yaml`` may say, and its strict loader.

Each industry row gives, for 大 / 中 / 小, the lower bounds an enterprise must all meet
(附注 1); below any bound of 小 it is 微. The engine turns the rows into CASE expressions
(``engine/segments.py``); nothing here computes a class.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from parkesg.errors import FrameworkError
from parkesg.frameworks.schema import Source, Strict, Text

Measure = Literal["employees", "revenue", "assets"]  # 从业人员 人, 营业收入 万元, 资产总额 万元
Bounded = Literal["大", "中", "小"]  # 微 has no lower bound
ORDER: tuple[Bounded, ...] = ("大", "中", "小")
DEFAULT = "enterprise-size-2017"


class SizeRow(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    codes: list[Annotated[str, Field(pattern=r"^[A-T][0-9]{0,4}$")]]  # [] = 其他未列明行业
    lower: dict[Bounded, dict[Measure, Annotated[float, Field(ge=0)]]]
    note: str = ""


class SizeClassification(Strict):
    classification: str
    title: Text
    source: Source
    provisional: bool = False
    note: str = ""
    measures: dict[Measure, str]  # measure → catalogue field id
    industries: list[SizeRow]

    def prefixes(self) -> list[tuple[str, str]]:
        """(code prefix, row id), the longest prefix first: the first match is the row."""
        pairs = [(c, r.id) for r in self.industries for c in r.codes]
        return sorted(pairs, key=lambda p: -len(p[0]))

    def fallback(self) -> str:
        return next(r.id for r in self.industries if not r.codes)

    def fields(self) -> set[str]:
        """The catalogue fields some row reads."""
        used = {m for r in self.industries for bounds in r.lower.values() for m in bounds}
        return {self.measures[m] for m in used}


def _check(cls: SizeClassification, file: str) -> None:
    seen: set[str] = set()
    fallbacks = [r.id for r in cls.industries if not r.codes]
    if len(fallbacks) != 1:
        raise FrameworkError(
            "应恰有一行不列行业代码（其他未列明行业）", file=file, key="industries"
        )
    for row in cls.industries:
        key = f"industries[{row.id}]"
        for code in row.codes:
            if code in seen:
                raise FrameworkError(f"行业代码 {code} 重复", file=file, key=f"{key}.codes")
            seen.add(code)
        if set(row.lower) != set(ORDER):
            raise FrameworkError("应给出 大、中、小 三档的下限", file=file, key=f"{key}.lower")
        measures = set(row.lower["小"])
        for size in ORDER:
            if set(row.lower[size]) != measures:
                raise FrameworkError("各档应使用同样的指标", file=file, key=f"{key}.lower.{size}")
            missing = [m for m in row.lower[size] if m not in cls.measures]
            if missing:
                raise FrameworkError(
                    f"指标 {missing[0]} 未在 measures 中对应字段", file=file, key=f"{key}.lower"
                )
        for upper, lower in zip(ORDER, ORDER[1:]):
            for m in measures:
                if row.lower[upper][m] < row.lower[lower][m]:
                    raise FrameworkError(
                        f"{upper}型的下限应不低于{lower}型", file=file, key=f"{key}.lower.{m}"
                    )


def load_size_classification_file(path: Path) -> SizeClassification:
    from parkesg.frameworks.loader import _validate, read_yaml

    cls: SizeClassification = _validate(SizeClassification, read_yaml(path), path.name)
    _check(cls, path.name)
    return cls


@lru_cache(maxsize=4)
def load_size_classification(name: str = DEFAULT) -> SizeClassification:
    """A shipped classification by name (``classifications/<name>.yaml``)."""
    folder = Path(str(resources.files("parkesg.frameworks").joinpath("classifications")))
    path = folder / f"{name}.yaml"
    if not path.exists():
        raise FrameworkError(f"没有名为 “{name}” 的企业规模划分标准")
    return load_size_classification_file(path)
