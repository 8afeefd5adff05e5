"""The rating of a portfolio — T/JDFA01 6.3 b, 6.8, 6.9, 6.11 — in one engine run.

``service.assess`` rates every enterprise of the input together: the peers of 6.8 b are the
portfolio itself (each enterprise placed among the others, never alone), or a reference peer
table when the project names one (a re-rating of a few enterprises, an objection). On-site
adjustments (6.11 c) go in as the engine's adjustment input and give the comprehensive total
beside the written one; benchmark tables (6.9 c, ``benchmarks``) decide the level of each
covered value, whose score the engine's benchmark input puts in place of the peer score. The run's tables are stored (``storage``), one result row per enterprise.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from parkesg import peers as peer_tables
from parkesg import service
from parkesg.errors import DataError
from parkesg.frameworks.schema import Framework
from parkesg.web.assessments.results import framework_sha256
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.ratings import benchmarks, storage
from parkesg.web.ratings.criteria import framework_of
from parkesg.web.ratings.inputs import Frame, portfolio_frame
from parkesg.web.ratings.kinds import PeerBasis, RatingKind, RunKind, Status
from parkesg.web.ratings.models import (
    Adjustment,
    Certificate,
    PortfolioMember,
    RatingProject,
    RatingResult,
    RatingRun,
    ReferenceTable,
)

ADJUSTMENT_COLUMNS = ["entity_id", "year", "indicator_id", "score", "reason", "evaluator", "date"]


def _adjustments(p: RatingProject, members: list[PortfolioMember]) -> pd.DataFrame:
    """6.11 c: the on-site adjustments of ``members`` as the engine reads them."""
    keys = {m.pk: m.entity_key for m in members}
    rows = [
        {"entity_id": keys[a.member_id], "year": p.year, "indicator_id": a.indicator_id,
         "score": a.score, "reason": a.reason, "evaluator": str(a.evaluator),
         "date": a.made_on.isoformat()}
        for a in Adjustment.objects.filter(member_id__in=list(keys)).select_related(
            "evaluator__user")
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=ADJUSTMENT_COLUMNS)


def reference_frame(ref: ReferenceTable) -> pd.DataFrame:
    return storage.read(ref.organisation_id, ref.sha256)


def _benchmark_rows(p: RatingProject) -> list[tuple[str, list[dict[str, Any]], Any]]:
    return [(t.standard, t.rows, t) for t in p.benchmarks.order_by("id")]


def engine_run(
    p: RatingProject, fw: Framework, frame: Frame, members: list[PortfolioMember],
    peers: pd.DataFrame | None,
) -> tuple[service.AssessmentResult, pd.DataFrame]:  # fmt: skip
    """(the assessment with both ratings, the 6.9 c benchmark scores applied). A first run
    gives the indicator values, from which the organisation's benchmark tables decide the
    level each value reached; a second gives those scores to the engine's benchmark input."""
    onsite = _adjustments(p, members) if p.comprehensive else None

    def assess(bench: pd.DataFrame | None) -> service.AssessmentResult:
        return service.assess(
            fw, frame.wide, years=[p.year], missing_rule=p.missing_rule, peers=peers,
            adjustments=onsite, small_peers=p.small_peers, benchmarks=bench,
        )  # fmt: skip

    result = assess(None)
    tables = [(s, r) for s, r, _t in _benchmark_rows(p)]
    industry = dict(zip(frame.wide.entity_id.astype(str), frame.wide.industry, strict=True))
    scored = benchmarks.apply(tables, fw, result.indicators, industry)
    if scored.empty:
        return result, scored
    return assess(scored[["entity_id", "year", "indicator_id", "score", "standard", "level"]]), (
        scored.merge(_peer_scores(result), on=["entity_id", "year", "indicator_id"])
    )


def _peer_scores(result: service.AssessmentResult) -> pd.DataFrame:
    ind = result.indicators
    return ind[["entity_id", "year", "indicator_id"]].assign(
        entity_id=ind.entity_id.astype(str), peer_or_own_score=ind.score
    )


def _indicator_table(result: service.AssessmentResult, scored: pd.DataFrame) -> pd.DataFrame:
    """The stored indicator rows: the engine's (6.9 c rows scored against their standard,
    ``benchmark_standard`` / ``benchmark_level`` named), with the peer or own score the
    benchmark replaced kept beside it."""
    ind = result.indicators.copy()
    for c in ("benchmark_standard", "benchmark_level"):
        if c not in ind.columns:
            ind[c] = None
    keys = ["entity_id", "year", "indicator_id"]
    ind = ind.assign(entity_id=ind.entity_id.astype(str)).merge(
        scored[[*keys, "peer_or_own_score"]] if not scored.empty else
        pd.DataFrame(columns=[*keys, "peer_or_own_score"]), on=keys, how="left",
    )  # fmt: skip
    ind["peer_or_own_score"] = ind.peer_or_own_score.where(ind.rule == "benchmark", ind.score)
    return ind


def _previous_grades(p: RatingProject, members: list[PortfolioMember]) -> dict[int, str]:
    """The grade each enterprise held from this organisation before (its valid certificate)."""
    out: dict[int, str] = {}
    certs = Certificate.objects.filter(organisation_id=p.organisation_id, status=Status.valid)
    certs = certs.exclude(project=p).select_related("member").order_by("issued_on", "id")
    by_ent = {c.member.enterprise_id: c.grade for c in certs if c.member.enterprise_id}
    by_code = {c.credit_code: c.grade for c in certs if c.credit_code}
    by_key = {c.member.entity_key: c.grade for c in certs if not c.member.enterprise_id}
    for m in members:
        grade = (by_ent.get(m.enterprise_id) if m.enterprise_id else None) or (
            by_code.get(m.credit_code) if m.credit_code else None) or by_key.get(m.entity_key)  # fmt: skip
        if grade:
            out[m.pk] = grade
    return out


def own_reference(run: RatingRun, actor: Any) -> ReferenceTable:
    """The statistics of the peer groups a run formed (``service.peer_statistics`` over the
    input it stored): what a later re-rating of some of its enterprises is scored against.
    Made on first need and kept on the run; a run scored against a reference has that one."""
    if run.own_reference is not None:
        return run.own_reference
    if run.peers.get("basis") == PeerBasis.reference:
        return ReferenceTable.objects.get(pk=run.peers["reference"])
    p = run.project
    fw = framework_of(run.framework_id, run.criteria.get("segments") or "")
    wide = storage.read(run.organisation_id, run.files["input"])
    con = service.connect()
    table = con.create_table(f"ratings_run_{run.pk}", wide, temp=True)
    try:
        stats = con.execute(service.peer_statistics(fw, table, years=[run.criteria["year"]]))
    finally:
        con.drop_table(table.get_name(), force=True)
    source = f"{p.number} 第 {run.no} 次评价"
    about = peer_tables.about(fw, source=source, entities=run.entities)
    stats = stats.assign(**about)
    ref = ReferenceTable.objects.create(
        organisation=p.organisation, created_by=actor, title=f"{source}的同业统计",
        framework_id=fw.id, settings_digest=about["settings"], made=timezone.localdate(),
        source=source, entities=run.entities, sha256=storage.write(p.organisation_id, stats),
        groups=int(len(stats.drop_duplicates(["year", "peer_group"]))),
    )  # fmt: skip
    run.own_reference = ref
    run.save(update_fields=["own_reference"])
    return ref


def rate(
    p: RatingProject,
    *,
    actor: Any,
    members: list[PortfolioMember] | None = None,
    kind: str = RunKind.project,
    peers_from: ReferenceTable | None = None,
) -> RatingRun:
    """Rate ``members`` (default: the whole portfolio) in one engine run and store it. A
    project run becomes each enterprise's current result; an objection's re-rating waits
    for the decision (``current`` False)."""
    started = time.perf_counter()
    fw = framework_of(p.framework_id, p.segments)
    members = members if members is not None else list(p.members.select_related("enterprise"))
    frame = portfolio_frame(p, fw, actor=actor, members=members)
    if frame.wide.empty:
        raise DataError(f"{p.year} 年没有任何评价对象的数据，无法评价")
    reference = peers_from or (p.reference if p.peer_basis == PeerBasis.reference else None)
    ref_df = reference_frame(reference) if reference is not None else None
    result, scored = engine_run(p, fw, frame, members, ref_df)
    totals = result.totals
    indicators = _indicator_table(result, scored)
    files = {
        "indicators": storage.write(p.organisation_id, indicators),
        "nodes": storage.write(p.organisation_id, result.nodes),
        "totals": storage.write(p.organisation_id, totals),
        "wide": storage.write(p.organisation_id, result.wide),
        "peers": storage.write(p.organisation_id, result.peers),
        "obs": storage.write(p.organisation_id, frame.obs),
        "input": storage.write(p.organisation_id, frame.wide),
    }
    with transaction.atomic():
        no = (p.runs.order_by("-no").values_list("no", flat=True).first() or 0) + 1
        run = RatingRun.objects.create(
            organisation=p.organisation, created_by=actor, project=p, no=no, kind=kind,
            framework_id=fw.id, framework_sha256=framework_sha256(fw.id),
            criteria={"year": p.year, "segments": p.segments, "missing_rule": p.missing_rule,
                      "small_peers": p.small_peers, "comprehensive": p.comprehensive},
            peers=_peers_about(reference, len(frame.wide)), inputs=frame.snapshot, files=files,
            entities=len(frame.wide), grades={}, benchmarked=len(scored),
            adjusted=int(result.indicators.get("adjusted_score", pd.Series()).notna().sum()),
            seconds=0.0,
        )  # fmt: skip
        made = _results(
            p, run, members, indicators, result.nodes, totals, current=(kind == RunKind.project)
        )
        run.grades = dict(Counter(r.final_grade or "不予评级" for r in made))
        run.seconds = round(time.perf_counter() - started, 3)
        run.save(update_fields=["grades", "seconds"])
        audit.record(action=AuditAction.create, actor=actor, organisation=p.organisation,
                     obj=run, after=summary(run, frame.without))  # fmt: skip
    return run


def _peers_about(reference: ReferenceTable | None, n: int) -> dict[str, Any]:
    if reference is None:
        return {"basis": PeerBasis.portfolio, "entities": n}
    return {"basis": PeerBasis.reference, "reference": reference.pk, "title": reference.title,
            "entities": reference.entities, "made": reference.made.isoformat(),
            "sha256": reference.sha256}  # fmt: skip


def _results(
    p: RatingProject, run: RatingRun, members: list[PortfolioMember], ind: pd.DataFrame,
    nodes: pd.DataFrame, totals: pd.DataFrame, *, current: bool,
) -> list[RatingResult]:  # fmt: skip
    """One row per enterprise rated (an enterprise without data gets none)."""
    kind = RatingKind.comprehensive if p.comprehensive else RatingKind.written
    top = nodes[nodes.depth == 1] if "depth" in nodes.columns else nodes.iloc[0:0]
    dims: dict[str, dict[str, float | None]] = {}
    for r in top[["entity_id", "node_id", "score"]].itertuples(index=False):
        dims.setdefault(str(r.entity_id), {})[r.node_id] = _num(r.score)
    stats = (
        ind.assign(
            _fb=ind.peer_fallback.fillna(False).astype(bool),
            _miss=ind.status.isin(["missing", "not_computable"]),
            _bench=ind.benchmark_standard.notna(),
        )
        .groupby("entity_id")[["_fb", "_miss", "_bench"]]
        .sum()
    )
    segments = (ind.groupby("entity_id")["segment"].first() if "segment" in ind.columns
                else pd.Series(dtype=object))  # fmt: skip
    previous = _previous_grades(p, members)
    by_key = {m.entity_key: m for m in members}
    rows = []
    for t in totals.to_dict("records"):
        m = by_key.get(str(t["entity_id"]))
        if m is None:
            continue
        key = str(t["entity_id"])
        s = stats.loc[key] if key in stats.index else None
        rows.append(RatingResult(
            organisation=p.organisation, created_by=run.created_by, run=run, project=p, member=m,
            year=int(t["year"]), score=_num(t.get("score")), grade=_text(t.get("grade")),
            comprehensive_score=_num(t.get("comprehensive_score")),
            comprehensive_grade=_text(t.get("comprehensive_grade")) if p.comprehensive else "",
            final_kind=kind, withheld=bool(t.get("withheld") or False),
            dimensions=dims.get(key, {}), segment=str(segments.get(key) or ""),
            peer_fallbacks=int(s["_fb"]) if s is not None else 0,
            missing=int(s["_miss"]) if s is not None else 0,
            benchmarked=int(s["_bench"]) if s is not None else 0,
            previous_grade=previous.get(m.pk, ""), current=current,
        ))  # fmt: skip
    if current:  # a project run rates the whole portfolio: it replaces every current result
        RatingResult.objects.filter(project=p, current=True).update(current=False)
    return RatingResult.objects.bulk_create(rows, batch_size=2000)


def _text(v: Any) -> str:
    """A grade as text ('' for a missing one, which pandas may hand over as NaN)."""
    return v if isinstance(v, str) else ""


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def summary(run: RatingRun, without: list[str]) -> dict[str, Any]:
    """What the audit log keeps of a run (not its tables: their sha256)."""
    return {"project": run.project.number, "no": run.no, "kind": run.kind,
            "entities": run.entities, "grades": run.grades, "files": run.files,
            "peers": run.peers, "benchmarked": run.benchmarked, "adjusted": run.adjusted,
            "without_data": without[:50]}  # fmt: skip
