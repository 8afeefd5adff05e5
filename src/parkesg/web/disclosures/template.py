"""The disclosure template (``data/template.yaml``): sections and KPIs, each KPI a field of
the shared catalogue — loaded strictly (an unknown field, a park field, an ordinal field or a
field listed twice is a ``FrameworkError`` naming the file and key)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

from parkesg.errors import FrameworkError
from parkesg.frameworks import load_catalogue
from parkesg.frameworks.loader import read_yaml
from parkesg.frameworks.schema import Kind

PATH = Path(__file__).parent / "data" / "template.yaml"


@dataclass(frozen=True)
class Kpi:
    field: str  # catalogue field id
    section: str
    name_zh: str
    name_en: str
    unit: str
    boolean: bool
    direction: str  # higher | lower is better

    @property
    def name(self) -> str:
        english = (get_language() or "zh").startswith("en") and self.name_en
        return self.name_en if english else self.name_zh


@dataclass(frozen=True)
class Section:
    id: str
    name_zh: str
    name_en: str
    kpis: tuple[Kpi, ...]

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "zh").startswith("en") else self.name_zh


@dataclass(frozen=True)
class Template:
    id: str
    title_zh: str
    sections: tuple[Section, ...]

    def kpis(self) -> list[Kpi]:
        return [k for s in self.sections for k in s.kpis]

    def kpi(self, field: str) -> Kpi | None:
        return next((k for k in self.kpis() if k.field == field), None)


def parse(raw: Any, name: str) -> Template:
    """A template from its YAML tree, checked against the field catalogue."""
    catalogue = load_catalogue()
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("sections"):
        raise FrameworkError("模板须有 id 和 sections", file=name, key="")
    seen: set[str] = set()
    sections = []
    for i, s in enumerate(raw["sections"]):
        kpis = []
        for j, k in enumerate(s.get("kpis") or []):
            key = f"sections[{i}].kpis[{j}]"
            fid = str(k.get("field", ""))
            f = catalogue.get(fid)
            if f is None:
                raise FrameworkError(f"字段 “{fid}” 不在字段目录中", file=name, key=key)
            if f.entity_kind == "park" or f.kind == Kind.ordinal:
                raise FrameworkError(f"字段 “{fid}” 不是企业的定量或是否字段", file=name, key=key)
            if fid in seen:
                raise FrameworkError(f"字段 “{fid}” 重复", file=name, key=key)
            if k.get("direction") not in ("higher", "lower"):
                raise FrameworkError("direction 须为 higher 或 lower", file=name, key=key)
            seen.add(fid)
            kpis.append(Kpi(fid, str(s["id"]), f.name.zh, f.name.en, f.unit,
                            f.kind == Kind.boolean, str(k["direction"])))  # fmt: skip
        sections.append(Section(str(s["id"]), s["name"]["zh"], s["name"]["en"], tuple(kpis)))
    return Template(str(raw["id"]), str(raw.get("title", {}).get("zh", "")), tuple(sections))


@cache
def load() -> Template:
    """The platform's disclosure template."""
    return parse(read_yaml(PATH), PATH.name)
