"""The engine's input for a rating: one wide row per enterprise-year of the portfolio.

- an enterprise on the platform with its consent: its APPROVED observations, read as the
  rating organisation may view them (``assessments.inputs.approved_inputs``, through the
  consent grant — 6.6 d);
- an enterprise of an imported file (public information, 6.7): its rows of the file, checked
  on import by the same reader as ``parkesg rate`` (``io.tables.read_wide``) and stored;
- evaluators' corrections (with reason and evidence) over either.

Entities are named by ``PortfolioMember.entity_key``; industry and region come from the
member (the peer groups of 6.8 b follow the industry code).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from parkesg.frameworks import fields_for
from parkesg.frameworks.schema import Framework, Kind
from parkesg.io.tables import ENTITY_ATTRS
from parkesg.web.assessments.inputs import approved_inputs
from parkesg.web.ratings import storage
from parkesg.web.ratings.kinds import MemberBasis, Source67
from parkesg.web.ratings.models import Correction, PortfolioMember, RatingProject


@dataclass
class Frame:
    wide: pd.DataFrame  # entity_id, year, name, industry, region, fields …
    obs: pd.DataFrame  # LONG rows with source and evidence (consent members), for traces
    snapshot: dict[str, Any] = field(default_factory=dict)  # what was read, by whom
    without: list[str] = field(default_factory=list)  # members with no data for the year


def imported_rows(project: RatingProject) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The project's imported files as one frame (a later file's row replaces an earlier one
    of the same enterprise and year), with what each file was."""
    frames, about = [], []
    for imp in project.imports.order_by("id").select_related("file"):
        frames.append(storage.read(imp.organisation_id, imp.frame_sha256))
        about.append({"import": imp.pk, "file": imp.file.name, "sha256": imp.file.sha256,
                      "source": imp.source})  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=["entity_id", "year"]), about
    rows = pd.concat(frames, ignore_index=True)
    rows = rows.drop_duplicates(["entity_id", "year"], keep="last")
    return rows, about


def _attributes(members: list[PortfolioMember]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"entity_id": m.entity_key, "name": m.name, "industry": m.industry or None,
          "region": m.region or None} for m in members],
        columns=["entity_id", "name", "industry", "region"],
    )  # fmt: skip


def portfolio_frame(
    project: RatingProject, fw: Framework, *, actor: Any, members: list[PortfolioMember]
) -> Frame:
    """The wide input of ``members`` for the project's year, corrections applied."""
    year = project.year
    keys = {m.entity_key for m in members}
    parts: list[pd.DataFrame] = []
    obs_parts: list[pd.DataFrame] = []
    snapshot: dict[str, Any] = {"year": year, "observations": {}, "imports": []}
    public = [m for m in members if m.basis == MemberBasis.public or m.enterprise_id is None]
    public_ids = {m.pk for m in public}
    if public:
        rows, about = imported_rows(project)
        rows = rows[rows.entity_id.astype(str).isin({m.entity_key for m in public})]
        parts.append(rows[rows.year == year])
        snapshot["imports"] = about
    for m in members:
        if m.pk in public_ids or m.enterprise is None:
            continue
        got = approved_inputs(actor, m.enterprise, fw)
        if got.snapshot:
            w = got.wide.assign(entity_id=m.entity_key)
            parts.append(w[w.year == year])
            obs_parts.append(got.obs.assign(entity_id=m.entity_key))
            snapshot["observations"][str(m.pk)] = got.snapshot
    wide = pd.concat([p for p in parts if not p.empty], ignore_index=True) if any(
        not p.empty for p in parts) else pd.DataFrame(columns=["entity_id", "year"])  # fmt: skip
    wide = wide.drop(columns=[c for c in ENTITY_ATTRS if c in wide.columns and c != "size_class"])
    wide["entity_id"] = wide["entity_id"].astype(str)
    wide, applied = _corrections(wide, members, fw, year)
    snapshot["corrections"] = applied
    wide = wide.merge(_attributes(members), on="entity_id", how="left")
    wide = wide[wide.entity_id.isin(keys)].reset_index(drop=True)
    present = set(wide.entity_id)
    obs = pd.concat(obs_parts, ignore_index=True) if obs_parts else pd.DataFrame()
    without = [m.name for m in members if m.entity_key not in present]
    return Frame(wide.astype({"year": "int64"}), obs, snapshot, without)


def _corrections(
    wide: pd.DataFrame, members: list[PortfolioMember], fw: Framework, year: int
) -> tuple[pd.DataFrame, list[int]]:
    """Evaluators' corrections for the year over the data (the latest per field wins)."""
    by_id = {m.pk: m for m in members}
    kinds = {f.id: f.kind for f in fields_for(fw)}
    qs = Correction.objects.filter(member_id__in=list(by_id), year=year).order_by("id")
    applied = []
    wide = wide.copy()
    for c in qs:
        if c.field_id not in kinds:
            continue
        key = by_id[c.member_id].entity_key
        hit = wide.entity_id == key
        if not hit.any():
            wide = pd.concat([wide, pd.DataFrame([{"entity_id": key, "year": year}])],
                             ignore_index=True)  # fmt: skip
            hit = wide.entity_id == key
        ordinal = kinds[c.field_id] == Kind.ordinal
        if c.field_id not in wide.columns:
            wide[c.field_id] = pd.Series(dtype=object if ordinal else "float64")
        wide.loc[hit, c.field_id] = c.category if ordinal else c.value
        applied.append(c.pk)
    return wide, applied


def import_source_label(source: str) -> str:
    return str(Source67(source).label)
