"""The plan's 2027 targets as data (``data/targets.yaml``) and the registry through which
apps measure them (as ``core.home`` registers what an app adds to the home page).

An app that can count a target from its own records registers a measure in its
``AppConfig.ready()``::

    targets.register_measure("disclosure_rate", measure_fn)

``measure_fn(region_prefix)`` returns a ``Figure`` (the current value, by year and by
district where it can, and where it comes from). A target no app measures shows the latest
figure a government entered for it in the register ``TargetReading``, labelled as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

DATA = Path(__file__).parent / "data" / "targets.yaml"


class Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    zh: str
    en: str


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: Words
    quote: str
    target: float | None
    unit: str
    per_year: bool
    measure: str


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    plan: str
    year: int
    targets: list[Target]


@cache
def plan() -> Plan:
    """The targets file, checked (an unknown key or a missing one is an error)."""
    return Plan.model_validate(yaml.safe_load(DATA.read_text(encoding="utf-8")))


def target_label(target_id: str) -> str:
    t = next((t for t in plan().targets if t.id == target_id), None)
    return t.name.zh if t else target_id


def target_choices() -> list[tuple[str, str]]:
    return [(t.id, t.name.zh) for t in plan().targets]


@dataclass(frozen=True)
class Figure:
    """A target's current value: ``value`` (None: nothing recorded), ``by_year`` and
    ``by_district`` (district code → value, for the current year where per year), ``parts``
    (a breakdown, e.g. by kind), ``source`` (where it comes from: the platform's records or a
    register) and ``registered`` (True: entered by a government, not counted by the
    platform)."""

    value: float | None
    source: str
    registered: bool
    year: int | None = None
    by_year: dict[int, float] = field(default_factory=dict)
    by_district: dict[str, float] = field(default_factory=dict)
    parts: list[tuple[str, float]] = field(default_factory=list)


Measure = Callable[[str], Figure]
_MEASURES: dict[str, Measure] = {}


def register_measure(target_id: str, fn: Measure) -> Measure:
    """Let ``fn`` measure ``target_id`` (an app's own records; replaces the register value)."""
    if target_id not in {t.id for t in plan().targets}:
        raise KeyError(f"no target {target_id!r} in {DATA.name}")
    _MEASURES[target_id] = fn
    return fn


def measure_of(target_id: str) -> Measure | None:
    return _MEASURES.get(target_id)


def measured() -> dict[str, Any]:
    return dict(_MEASURES)
