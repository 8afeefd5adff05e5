"""The stored result of an assessment: what a report reads instead of running the engine.

An assessment is stored as its documents — ``explain.to_json``, one per entity-year — each
carrying the record of its run beside the numbers:

- ``edition``: the framework as it was used — id, title, code, the SHA-256 of its file, the
  grade bands and whether its weights were provisional (a later edition of the file never
  changes a stored run; a report says which edition it used);
- ``options``: years, the T/CPPC selection, the missing-data rule, weight overrides, on-site
  adjustments, T/ESC targets and who confirmed provisional values (``Confirmation``);
- ``entity``: name, industry and region as the input gave them;
- ``data``: the entity's own field values of that year (a report's baseline table);
- ``peers``: where the entity's total sits among those of its industry in the same run (a
  histogram, for a report's chart).

``parkesg assess --format json`` prints these documents; the platform stores them with the
run; ``StoredRun`` reads them back for one entity. Nothing here computes a result.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from parkesg.errors import DataError
from parkesg.explain import to_json
from parkesg.frameworks.schema import Framework
from parkesg.service import AssessmentResult

PEER_BIN = 5.0  # histogram bins of 5 points over 0–100
PEER_MIN = 5  # fewer entities of the same industry: compare with the whole run (“全部”)
CONFIRMABLE = {"weights": "权重", "indicators": "指标赋分表、评分方法与引领值"}


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shipped_path(framework_id: str) -> Path | None:
    path = Path(str(resources.files("parkesg.frameworks").joinpath("data", f"{framework_id}.yaml")))
    return path if path.exists() else None


def _nodes(fw: Framework) -> list[dict[str, Any]]:
    """The tree's nodes in order: id, Chinese name, parent, depth (a report's grouping)."""
    out: list[dict[str, Any]] = []

    def walk(nodes: list[Any], parent: str | None, depth: int) -> None:
        for n in nodes:
            out.append({"id": n.id, "name_zh": n.name.zh.replace("\n", ""), "parent": parent,
                        "depth": depth})  # fmt: skip
            walk(n.children, n.id, depth + 1)

    walk(fw.tree, None, 1)
    return out


def edition(fw: Framework, path: Path | None = None) -> dict[str, Any]:
    """The framework as used: its file's SHA-256 (``path``, or the shipped file of its id)."""
    src = path or shipped_path(fw.id)
    return {
        "id": fw.id,
        "title": fw.title.zh,
        "code": fw.source.code,
        "status": fw.source.status,
        "date": fw.source.date,
        "file": src.name if src else "",
        "sha256": file_sha256(src) if src else "",
        "weights_provisional": fw.aggregation.weights.provisional,
        "weights_note": fw.aggregation.weights.note,
        "missing_rule": fw.rules.missing.value,
        "general_score": fw.rules.general_score,
        "peer": None
        if fw.peer is None
        else {"min_size": fw.peer.min_size, "levels": list(fw.peer.levels)},
        "grades": [
            {"grade": b.grade, "min": b.min, "max": b.max, "label": b.label.zh if b.label else ""}
            for b in fw.grades
        ],  # fmt: skip
        "nodes": _nodes(fw),
    }


@dataclass(frozen=True)
class Confirmation:
    """Who confirmed which provisional values of a framework (weights, indicator score maps,
    methods and leading values), when: a report then drops their provisional marks and a
    T/JDFA01 certificate may be issued (it never shows 暂定)."""

    by: str
    date: str
    items: tuple[str, ...]
    organisation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "date": self.date, "items": list(self.items),
                "organisation": self.organisation}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Confirmation | None:
        if not d:
            return None
        return cls(str(d["by"]), str(d["date"]), tuple(d.get("items") or ()),
                   str(d.get("organisation") or ""))  # fmt: skip


def read_confirmation(path: Path) -> Confirmation:
    """A confirmation file (YAML): ``confirmed_by``, ``date``, ``items`` (weights,
    indicators) and optionally ``organisation``; every problem names the key."""
    from parkesg.frameworks.loader import read_yaml

    doc = read_yaml(path)
    if not isinstance(doc, dict):
        raise DataError("确认记录应为映射（键: 值）", file=path.name)
    unknown = set(doc) - {"confirmed_by", "date", "items", "organisation"}
    if unknown:
        raise DataError(
            f"确认记录中有未知的键：{'、'.join(sorted(map(str, unknown)))}", file=path.name
        )
    by = str(doc.get("confirmed_by") or "").strip()
    if not by:
        raise DataError("确认记录缺少 confirmed_by（确认人）", file=path.name)
    date = str(doc.get("date") or "").strip()
    if not date:
        raise DataError("确认记录缺少 date（确认日期）", file=path.name)
    items = doc.get("items") or []
    if not isinstance(items, list) or not items:
        raise DataError("确认记录的 items 应为列表：weights、indicators", file=path.name)
    bad = [str(i) for i in items if i not in CONFIRMABLE]
    if bad:
        raise DataError(
            f"确认记录的 items 只能是 weights（权重）、indicators（赋分表与引领值），收到 {'、'.join(bad)}",
            file=path.name,
        )
    return Confirmation(by, date, tuple(str(i) for i in items), str(doc.get("organisation") or ""))


def _clean(v: Any) -> Any:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return None
    if hasattr(v, "item"):
        return _clean(v.item())
    return v


def _entities(frame: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    """name, industry and region of each entity as the input gave them (first row)."""
    if frame is None or frame.empty:
        return {}
    cols = [c for c in ("name", "industry", "region") if c in frame.columns]
    first = frame.drop_duplicates("entity_id")
    return {
        str(r["entity_id"]): {c: (None if _clean(r[c]) is None else str(r[c])) for c in cols}
        for r in first[["entity_id", *cols]].to_dict("records")
    }


def _data(result: AssessmentResult) -> dict[tuple[str, int], dict[str, Any]]:
    """Each entity-year's own field values (no lagged copies, no empty ones)."""
    from parkesg.frameworks import load_catalogue

    known = set(load_catalogue()) | {f.id for f in result.framework.fields}
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for r in result.wide.to_dict("records"):
        out[(str(r["entity_id"]), int(r["year"]))] = {
            k: _clean(v) for k, v in r.items() if k in known and _clean(v) is not None
        }
    return out


def peer_summaries(result: AssessmentResult) -> dict[tuple[str, int], dict[str, Any]]:
    """For each entity-year with a total: its industry's totals in the run as a histogram
    (the whole run when the industry has fewer than ``PEER_MIN`` totals)."""
    tot = result.totals
    if tot.empty or "score" not in tot.columns or not result.framework.grades:
        return {}
    industry = (
        result.wide[["entity_id", "year", "industry"]].astype({"entity_id": str})
        if "industry" in result.wide.columns
        else pd.DataFrame(columns=["entity_id", "year", "industry"])
    )
    t = tot[["entity_id", "year", "score"]].astype({"entity_id": str})
    t = t.merge(industry, on=["entity_id", "year"], how="left")
    t["industry"] = t["industry"].fillna("")
    t = t[t.score.notna()]
    edges = [PEER_BIN * k for k in range(int(100 / PEER_BIN) + 1)]
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for year, rows in t.groupby("year"):
        whole = _histogram(rows.score.tolist(), edges)
        by_industry = {k: g.score.tolist() for k, g in rows.groupby("industry")}
        for r in rows.itertuples():
            same = by_industry.get(r.industry, []) if r.industry else []
            scores, label = (same, r.industry) if len(same) >= PEER_MIN else (None, "全部")
            counts = _histogram(scores, edges) if scores is not None else whole
            pool = scores if scores is not None else rows.score.tolist()
            out[(str(r.entity_id), int(year))] = {
                "label": label,
                "n": len(pool),
                "rank": 1 + sum(s > r.score for s in pool),
                "mean": sum(pool) / len(pool),
                "edges": edges,
                "counts": counts,
            }
    return out


def _histogram(values: list[float], edges: list[float]) -> list[int]:
    counts = [0] * (len(edges) - 1)
    for v in values:
        k = min(max(int((v - edges[0]) // PEER_BIN), 0), len(counts) - 1)
        counts[k] += 1
    return counts


def _evidence(obs: pd.DataFrame | None, entity: str, year: int, field: str | None) -> str | None:
    if obs is None or obs.empty or field is None or "evidence" not in obs.columns:
        return None
    hit = obs[
        (obs.entity_id.astype(str) == str(entity)) & (obs.year == year) & (obs.field == field)
    ]
    ev = hit.iloc[0].evidence if not hit.empty else None
    return ev if isinstance(ev, str) and ev else None


def _targets(targets: pd.DataFrame | None) -> dict[str, dict[str, list[Any]]]:
    if targets is None or targets.empty:
        return {}
    out: dict[str, dict[str, list[Any]]] = {}
    for r in targets.to_dict("records"):
        out.setdefault(str(r["entity_id"]), {})[str(r["indicator_id"])] = [
            _clean(r.get("baseline")), _clean(r.get("target"))
        ]  # fmt: skip
    return out


def documents(
    result: AssessmentResult,
    obs: pd.DataFrame | None = None,
    energy: Any = None,
    *,
    source: Path | None = None,
    frame: pd.DataFrame | None = None,
    selected: list[str] | None = None,
    missing_rule: str | None = None,
    weights: dict[str, float] | None = None,
    targets: pd.DataFrame | None = None,
    adjustments: pd.DataFrame | None = None,
    confirmation: Confirmation | None = None,
    only: str | None = None,
) -> list[dict[str, Any]]:
    """``to_json`` with the record of the run on every document (see the module docstring).
    ``source``: the framework file (default: the shipped one); ``frame``: the input rows;
    ``only``: the documents of this entity alone (its peers stay those of the whole run)."""
    docs = to_json(result.only(only) if only is not None else result, obs, energy)
    fw = result.framework
    ed = edition(fw, source)
    options = {
        "years": list(result.years),
        "selected": list(selected) if selected else None,
        "missing_rule": missing_rule or fw.rules.missing.value,
        "missing_rule_given": missing_rule is not None,
        "weights": dict(weights or {}),
        "adjustments": adjustments is not None and not adjustments.empty,
        "confirmation": confirmation.to_dict() if confirmation else None,
    }
    entities, data, peers, goals = (
        _entities(frame),
        _data(result),
        peer_summaries(result),
        _targets(targets),
    )
    for d in docs:
        key = (str(d["entity_id"]), int(d["year"]))
        d["edition"] = ed
        d["options"] = options
        d["entity"] = entities.get(key[0], {})
        d["data"] = data.get(key, {})
        d["peers"] = peers.get(key)
        if goals or fw.id == "t-esc-001-2024":
            d["targets"] = goals.get(key[0], {})
    return docs


# ── reading a stored result back ─────────────────────────────────────────────────────────


@dataclass(frozen=True)
class StoredRun:
    """The stored documents of one entity, years in order: what a report reads."""

    docs: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)  # how the record was read (legacy runs)
    extra_data: dict[int, dict[str, Any]] = field(default_factory=dict)  # other years' data

    def data_by_year(self) -> dict[int, dict[str, Any]]:
        """The entity's own field values by year: the run's years, and any other years the
        store kept beside them (the platform keeps every approved year it read)."""
        out = {int(y): dict(v) for y, v in self.extra_data.items()}
        for d in self.docs:
            out.setdefault(int(d["year"]), {}).update(d.get("data") or {})
        return out

    @property
    def last(self) -> dict[str, Any]:
        return self.docs[-1]

    @property
    def framework_id(self) -> str:
        return str(self.last["framework"])

    @property
    def entity_id(self) -> str:
        return str(self.last["entity_id"])

    @property
    def years(self) -> list[int]:
        return [int(d["year"]) for d in self.docs]

    @property
    def edition(self) -> dict[str, Any]:
        return dict(self.last.get("edition") or {})

    @property
    def options(self) -> dict[str, Any]:
        return dict(self.last.get("options") or {})

    @property
    def entity(self) -> dict[str, Any]:
        return dict(self.last.get("entity") or {})

    @property
    def confirmation(self) -> Confirmation | None:
        return Confirmation.from_dict(self.options.get("confirmation"))

    def with_confirmation(self, c: Confirmation | None) -> StoredRun:
        """The same run with a confirmation recorded after it was stored (the platform)."""
        docs = [
            {
                **d,
                "options": {**(d.get("options") or {}), "confirmation": c.to_dict() if c else None},
            }
            for d in self.docs
        ]
        return StoredRun(docs, self.notes, self.extra_data)

    @classmethod
    def from_documents(cls, docs: list[dict[str, Any]], entity: str | None = None) -> StoredRun:
        """The documents of ``entity`` (the only one when None), years in order."""
        if not docs:
            raise DataError("评价结果为空，无法生成报告")
        ids = sorted({str(d.get("entity_id")) for d in docs})
        if entity is None:
            if len(ids) != 1:
                raise DataError(f"评价结果中有 {len(ids)} 个主体，请用 --entity 指定报告对象")
            entity = ids[0]
        mine = [d for d in docs if str(d.get("entity_id")) == entity]
        if not mine:
            raise DataError(f"评价结果中没有主体 “{entity}”")
        frameworks = {d.get("framework") for d in mine}
        if len(frameworks) != 1:
            raise DataError("评价结果混有多个评价体系，无法生成一份报告")
        return cls(sorted(mine, key=lambda d: int(d["year"])))


RESULT_MAX_MIB = 200  # a whole batch's documents; one entity's (--entity) are a few hundred kB
RESULT_KEYS = {"framework", "entity_id", "year", "indicators"}


def read_result_file(path: Path) -> list[dict[str, Any]]:
    """The documents ``parkesg assess --format json`` wrote, checked for what a report needs."""
    from parkesg.io.safety import Limits, MiB, check_size

    if not path.exists():
        raise DataError("文件不存在", file=str(path))
    check_size(path, limits=Limits(max_bytes=RESULT_MAX_MIB * MiB))
    try:
        docs = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"不是评价结果文件（JSON 无法读取：{exc}）", file=path.name) from None
    if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
        raise DataError(
            "不是评价结果文件（应为 parkesg assess --format json 的输出）", file=path.name
        )
    for n, d in enumerate(docs, start=1):
        lacking = RESULT_KEYS - set(d)
        if lacking:
            raise DataError(f"第 {n} 个结果缺少 {'、'.join(sorted(lacking))}", file=path.name)
        if "edition" not in d:
            raise DataError(
                "评价结果缺少评价体系版本（edition）：请用当前版本的 parkesg assess --format json 重新生成",
                file=path.name,
            )
    return docs
