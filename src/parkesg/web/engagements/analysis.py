"""What the platform computes for an engagement and stores as its records (reports read
stored things, never a fresh run under today's files):

- the 3-year baseline table of the park's approved data (T/CPPC 5.2.1);
- the indicator evaluation — a stored assessment run with the park's selection (5.2.2;
  北京 附件2-1-1, 2-1-2 for 3 years) — and its comparison with the park's best year and
  with peer parks on the platform (5.2.2, 5.2.4; only over ≥ 3 parks, names never shown);
- audit focus proposed from the shortfalls (5.2.3);
- the energy balance, carbon inventory and energy-flow chart from the activity data of the
  park and the enterprises in scope (5.3.2 (2) ②, (3) ①; ``parkesg.energy``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from statistics import median
from typing import Any

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction

from parkesg.energy.stage import activity_fields
from parkesg.frameworks import fields_for, load_catalogue, load_framework
from parkesg.web.assessments.inputs import approved_inputs
from parkesg.web.assessments.models import Assessment
from parkesg.web.assessments.services import run_assessment
from parkesg.web.core.objects import get_for_user, save_for_user
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import services, targets
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.records import Focus, Snapshot
from parkesg.web.observations.models import Observation

FRAMEWORK = {c.Kind.cppc: "t-cppc-park-cpa", c.Kind.beijing: "bj-green-diagnosis"}
MIN_PEERS = 3  # a peer comparison is shown over at least three other parks


def _writer(actor: Any, engagement_id: Any, key: str, request: Any) -> Engagement:
    e = get_for_user(Engagement, actor, Action.change, engagement_id, request=request)
    if not services.may_add(actor, e, Snapshot, key):
        raise ValidationError("当前阶段不能生成此项")
    return e


def _store(actor: Any, e: Engagement, kind: str, data: dict[str, Any], request: Any,
           file: Any = None) -> Snapshot:  # fmt: skip
    snap = Snapshot(kind=kind, data=data, file=file)
    return services.save_record(actor=actor, engagement=e, record=snap, request=request)  # type: ignore[no-any-return]


def take_baseline(*, actor: Any, engagement_id: Any, request: Any = None) -> Snapshot:
    """The park's approved values of the fields its framework reads, for the 3 base years."""
    e = _writer(actor, engagement_id, f"Snapshot.{c.SnapshotKind.baseline}", request)
    fw = load_framework(FRAMEWORK[c.Kind(e.kind)])
    inputs = approved_inputs(actor, e.park, fw)
    by = {(s["field"], s["year"]): s for s in inputs.snapshot}
    values: dict[tuple[str, int], Any] = {}
    for row in inputs.obs.itertuples():
        values[(str(row.field), int(row.year))] = row.text if row.text else row.value
    rows = []
    for f in fields_for(fw):
        cells = [values.get((f.id, y)) for y in e.years]
        if any(v is not None and v == v for v in cells):
            rows.append({"field": f.id, "name": f.name.zh, "unit": f.unit, "kind": f.kind.value,
                         "values": [None if v != v else v for v in cells],  # NaN → None
                         "observations": [by.get((f.id, y), {}).get("observation") for y in e.years]})  # fmt: skip
    count = {str(y): sum(1 for s in inputs.snapshot if s["year"] == y) for y in e.years}
    data = {"years": e.years, "rows": rows, "count": count, "inputs": inputs.snapshot}
    return _store(actor, e, c.SnapshotKind.baseline, data, request)


def run_evaluation(*, actor: Any, engagement_id: Any, chosen: list[str] | None = None,
                   request: Any = None) -> Assessment:  # fmt: skip
    """Run the engagement's framework on the park's approved data for the 3 base years and
    keep the run (T/CPPC: with the selection of 附件1); then compare (``compare``)."""
    e = _writer(actor, engagement_id, "Engagement.run", request)
    run = run_assessment(actor=actor, entity_id=e.park_id, framework_id=FRAMEWORK[c.Kind(e.kind)],
                         years=e.years, chosen=chosen or None, request=request)  # fmt: skip
    with transaction.atomic():
        before = {"run_id": e.run_id}
        e.run = run
        save_for_user(e, actor, Action.change, before=before, request=request)
        if e.is_cppc:
            _store(actor, e, c.SnapshotKind.comparison, compare(e, run), request)
    return run


def _docs(run: Assessment) -> dict[int, dict[str, Any]]:
    return {int(d["year"]): d for d in run.results.get("docs", [])}


def compare(e: Engagement, run: Assessment) -> dict[str, Any]:
    """Per indicator: the base-year value, the park's best year among the years run, and the
    median and best of the latest T/CPPC runs of ≥ 3 other parks (anonymous)."""
    docs = _docs(run)
    base = docs.get(e.base_year, {})
    inds = targets.indicators()
    peers = _peer_values(e)
    rows = []
    for i in base.get("indicators", []):
        ind = inds.get(i["id"])
        if ind is None or not isinstance(i["value"], int | float):
            continue
        lower = ind.direction.value == "lower"
        by_year = {y: next((x["value"] for x in d["indicators"] if x["id"] == i["id"]), None)
                   for y, d in docs.items()}  # fmt: skip
        known = {y: v for y, v in by_year.items() if isinstance(v, int | float)}
        best_year = (min if lower else max)(known, key=lambda y: known[y]) if known else None
        others = peers.get(i["id"], [])
        rows.append({
            "id": i["id"], "no": i["no"], "name": i["name_zh"], "unit": i["unit"],
            "lower_is_better": lower, "value": i["value"], "level": i["level"],
            "best_year": best_year, "best": known.get(best_year) if best_year else None,
            "peers": len(others),
            "peer_median": median(others) if len(others) >= MIN_PEERS else None,
            "peer_best": ((min if lower else max)(others)) if len(others) >= MIN_PEERS else None,
        })  # fmt: skip
    return {"year": e.base_year, "run": run.pk, "rows": rows, "min_peers": MIN_PEERS,
            "shortfalls": base.get("shortfalls", [])}  # fmt: skip


def _peer_values(e: Engagement) -> dict[str, list[float]]:
    """The latest T/CPPC run of every other park, its latest year: an aggregate only (no
    name leaves this function; fewer than ``MIN_PEERS`` values are never shown)."""
    latest: dict[int, Assessment] = {}
    runs = (Assessment.objects.filter(framework_id=FRAMEWORK[c.Kind.cppc])
            .exclude(organisation_id=e.park_id).only("id", "organisation_id", "results")
            .order_by("organisation_id", "-created_at"))  # fmt: skip
    for run in runs:
        latest.setdefault(run.organisation_id, run)
    out: dict[str, list[float]] = {}
    for run in latest.values():
        docs = _docs(run)
        if not docs:
            continue
        for i in docs[max(docs)]["indicators"]:
            if isinstance(i["value"], int | float) and not isinstance(i["value"], bool):
                out.setdefault(i["id"], []).append(float(i["value"]))
    return out


def propose_focus(*, actor: Any, engagement_id: Any, request: Any = None) -> list[Focus]:
    """5.2.3: one park-level audit focus per shortfall of the base year (未达一般 first), for
    the team to keep, edit or delete; those already proposed are left alone."""
    e = _writer(actor, engagement_id, "Focus", request)
    if e.run is None:
        raise ValidationError("请先运行并存储指标评价")
    doc = _docs(e.run).get(e.base_year)
    if doc is None:
        raise ValidationError(f"所存评价没有 {e.base_year} 年的结果")
    have = set(Focus.objects.filter(engagement=e).values_list("indicator", flat=True))
    short = sorted(doc["shortfalls"], key=lambda s: (s["level"] != "未达一般", int(s["no"])))
    out = []
    for s in short:
        if s["id"] in have:
            continue
        f = Focus(level=c.Level.park, indicator=s["id"], focus=f"{s['name_zh']}（{s['level']}）",
                  basis=f"附件1第 {s['no']} 项指标 {e.base_year} 年为{s['level']}水平（5.2.2 清洁生产短板）")  # fmt: skip
        out.append(services.save_record(actor=actor, engagement=e, record=f, request=request))
    return out


def activity(actor: Any, e: Engagement) -> tuple[pd.DataFrame, list[str]]:
    """Wide activity data (one row per entity-year) of the park and the enterprises in scope
    that ``actor`` may read (approved only); and the names of those it may not read."""
    wanted = activity_fields()
    orgs = [e.park, *e.enterprises.order_by("name")]
    visible = Observation.objects.for_user(actor, Action.view)
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    unread = []
    for org in orgs:
        qs = visible.filter(organisation=org, field_id__in=wanted, state=ReviewState.approved,
                            year__in=e.years)  # fmt: skip
        if org.pk != e.park_id and not visible.filter(organisation=org).exists():
            unread.append(org.name)
        for o in qs:
            row = rows.setdefault((str(org.pk), o.year),
                                  {"entity_id": str(org.pk), "year": o.year, "name": org.name})  # fmt: skip
            row[o.field_id] = o.value_std
    frame = pd.DataFrame(list(rows.values()))
    for f in wanted:
        if not frame.empty and f in frame:
            frame[f] = frame[f].astype("float64")
    return frame, unread


def take_energy(*, actor: Any, engagement_id: Any, request: Any = None) -> Snapshot:
    """5.3.2: the energy balance, carbon inventory (base year) and the energy-flow chart."""
    from parkesg.reports.energy_section import energy_section
    from parkesg.web.collection.evidence import store_evidence

    e = _writer(actor, engagement_id, f"Snapshot.{c.SnapshotKind.energy}", request)
    data, unread = activity(actor, e)
    if data.empty or e.base_year not in set(data.year):
        who = "、".join(unread)
        raise ValidationError(f"园区及范围内企业没有 {e.base_year} 年已审核的能源活动数据"
                              + (f"（无权查看：{who}，须由企业登记服务项目授权）" if who else ""))  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="parkesg-energy-") as tmp:
        ctx, png = energy_section(data, e.base_year, Path(tmp))
        ef = None
        if png is not None:
            ef = store_evidence(actor=actor, data=png.read_bytes(),
                                name=f"能流图-{e.base_year}.png", request=request)  # fmt: skip
    names = {f.id: f.name.zh for f in load_catalogue().values()}
    rows = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
            for r in data.to_dict("records")]  # fmt: skip
    payload = {**ctx, "year": e.base_year, "rows": rows, "unread": unread,
               "entities": sorted({str(r["name"]) for r in rows}),
               "fields": {f: names.get(f, f) for f in activity_fields() if f in data}}  # fmt: skip
    return _store(actor, e, c.SnapshotKind.energy, payload, request, file=ef)
