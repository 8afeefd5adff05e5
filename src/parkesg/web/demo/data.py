"""The demo observations, from the inputs ``parkesg demo`` writes, read back through the same
validated imports a user's files go through:

- the demo park's workbook (``io.workbook.read_workbook``), 2019–2023;
- the park's six key enterprises (``parkesg.demo.energy``): their energy activity data,
  2021–2023, and the enterprise fields (T/JDFA01) of a generated enterprise of the same
  industry in the demo batch (``io.tables.read_wide``), so the bank and the enterprise see a
  full ESG profile.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from parkesg.demo import energy
from parkesg.demo.park import GOV, OTH, RES, STAT, STK
from parkesg.frameworks import load_catalogue
from parkesg.io.tables import read_wide
from parkesg.io.workbook import read_workbook
from parkesg.web.observations.models import SourceCategory

# T/ESC 001—2024 9.1.2 a)–e): the workbook's words for the five sources → the platform's codes.
SOURCE_CATEGORY = {
    GOV: SourceCategory.official,
    RES: SourceCategory.research,
    STK: SourceCategory.stakeholder,
    STAT: SourceCategory.park_statistics,
    OTH: SourceCategory.other,
}
# The enterprises' own energy statistics (the form 规模以上工业企业 fill in every year).
ENTERPRISE_EVIDENCE = "{y}年能源购进、消费与库存（205-1表）"
PROFILE_EVIDENCE = "{y}年企业 ESG 信息填报（演示生成数据 {twin}）"
SIZE_ORDER = "大中小微"  # a key energy user is a large enterprise: take the largest twin


@dataclass(frozen=True)
class DemoValue:
    """One observation as the observation form takes it."""

    entity_id: str
    year: int
    field_id: str
    value: float | None  # quantitative in the catalogue unit; boolean 1 / 0
    category: str  # ordinal fields
    unit: str
    source: str  # SourceCategory
    evidence: str


def park_values(workbook: Path) -> list[DemoValue]:
    """Every filled cell of the demo park workbook (values already in the catalogue unit)."""
    catalogue = load_catalogue()
    out = []
    for r in read_workbook(workbook).itertuples():
        number = None if r.value is None or math.isnan(r.value) else float(r.value)
        out.append(
            DemoValue(
                entity_id=str(r.entity_id),
                year=int(r.year),
                field_id=str(r.field),
                value=number,
                category=r.text or "",
                unit=catalogue[str(r.field)].unit,
                source=SOURCE_CATEGORY.get(str(r.source), SourceCategory.other),
                evidence=str(r.evidence)[:300],
            )  # fmt: skip
        )
    return out


def enterprise_values() -> list[DemoValue]:
    """The six key enterprises' energy activity data, 2021–2023 (t, 万立方米, 万kWh, GJ)."""
    catalogue = load_catalogue()
    return [
        DemoValue(
            entity_id=entity_id,
            year=year,
            field_id=field_id,
            value=float(v),
            category="",
            unit=catalogue[field_id].unit,
            source=SourceCategory.other,
            evidence=ENTERPRISE_EVIDENCE.format(y=year),
        )  # fmt: skip
        for (entity_id, field_id), values in energy.ACTIVITY.items()
        for year, v in zip(energy.YEARS, values, strict=True)
    ]


def _twin(batch: pd.DataFrame, industry: str) -> pd.Series:
    """The generated enterprise closest to ``industry``: longest shared GB/T 4754 prefix,
    then the largest size class, then the first id."""
    shared = batch["industry"].map(lambda code: len(os.path.commonprefix([code, industry])))
    size = batch["size_class"].map(lambda s: SIZE_ORDER.find(s) % 5)  # unknown (-1) last
    order = pd.DataFrame({"shared": -shared, "size": size, "id": batch["entity_id"]})
    return batch.loc[order.sort_values(["shared", "size", "id"]).index[0]]


def enterprise_profile_values(batch_file: Path) -> list[DemoValue]:
    """The enterprise fields of each key enterprise's twin in the generated batch."""
    catalogue = load_catalogue()
    batch = read_wide(batch_file, fields=catalogue)
    fields = [catalogue[c] for c in batch.columns if c in catalogue]
    out = []
    for entity_id, (_name, industry) in energy.ENTERPRISES.items():
        twin = _twin(batch, industry)
        year = int(twin["year"])
        for f in fields:
            raw = twin[f.id]
            if raw is None or (isinstance(raw, float) and math.isnan(raw)):
                continue  # the generator leaves a few per cent missing, as real data is
            text = isinstance(raw, str)
            out.append(
                DemoValue(
                    entity_id=entity_id,
                    year=year,
                    field_id=f.id,
                    value=None if text else float(raw),
                    category=raw if text else "",
                    unit=f.unit,
                    source=SourceCategory.other,
                    evidence=PROFILE_EVIDENCE.format(y=year, twin=twin["entity_id"]),
                )  # fmt: skip
            )
    return out
