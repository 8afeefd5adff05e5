"""The small service API the faces (CLI, web) call: run an assessment, get tables back.

No scoring logic lives here: this module resolves the framework, picks the years, hands the
engine a backend table and executes the stages it planned.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ibis
import pandas as pd

from parkesg import benchmark_scores, plan_cache
from parkesg.adjustments import check_adjustments
from parkesg.energy import stage as energy_stage
from parkesg.energy.stage import has_activity
from parkesg.engine import peer_reference, plan, run
from parkesg.engine.adjust import ADJUSTMENT_COLUMNS
from parkesg.engine.aggregate import WITHHELD, grade_of
from parkesg.engine.long import BENCHMARK
from parkesg.engine.plan import node_col
from parkesg.engine.segments import SEGMENT
from parkesg.engine.selection import check_selection
from parkesg.errors import DataError
from parkesg.frameworks import load_catalogue, load_framework
from parkesg.frameworks.schema import Framework, MissingRule, SmallPeers
from parkesg.frameworks.size_classes import SizeClassification, load_size_classification
from parkesg.peers import check_reference
from parkesg.peers import describe as describe_reference

# Keep each stage its own subquery. Fusing them copies an indicator's expression into every
# later expression that reads it (score reads value, the node sums read scores …): the SQL
# grows by megabytes and DuckDB runs 1,000,000 ratings 10 × slower.
ibis.options.sql.fuse_selects = False

INDICATOR_COLUMNS = [
    "entity_id", "year", "no", "indicator_id", "name_zh", "kind", "value", "category", "unit",
    "status", "reason", "level", "score", "method", "rule", "peer_group", "peer_fallback",
    "peer_n", "peer_level", "missing_evidence", "caution", "provisional", "node_id", "weight",
    "selection",
]  # fmt: skip


def connect(backend: str = "duckdb", **options: Any) -> ibis.BaseBackend:
    """A backend connection: DuckDB in process by default, or Spark (see ``spark.py``)."""
    if backend == "duckdb":
        return ibis.duckdb.connect(**options)
    if backend == "spark":
        from parkesg.spark import spark_backend

        return spark_backend(**options)
    raise DataError(f"不支持的计算后端 “{backend}”，可选 duckdb 或 spark")


@dataclass
class AssessmentResult:
    framework: Framework
    indicators: pd.DataFrame
    nodes: pd.DataFrame
    totals: pd.DataFrame
    selection: pd.DataFrame
    requirements: pd.DataFrame
    years: list[int] = field(default_factory=list)
    wide: pd.DataFrame = field(default_factory=pd.DataFrame)  # the rows the engine read
    energy: pd.DataFrame = field(default_factory=pd.DataFrame)  # activity data → tce, tCO2
    peers: pd.DataFrame = field(default_factory=pd.DataFrame)  # groups and statistics used
    peer_reference: dict[str, Any] | None = None  # the reference peer table, when one was used

    def only(self, entity_id: str) -> AssessmentResult:
        """The same result narrowed to one entity (its peers stay those of the whole run)."""

        def pick(df: pd.DataFrame) -> pd.DataFrame:
            return df[df.entity_id == entity_id].reset_index(drop=True) if "entity_id" in df else df

        return AssessmentResult(
            self.framework, pick(self.indicators), pick(self.nodes), pick(self.totals),
            pick(self.selection), pick(self.requirements), self.years, pick(self.wide),
            pick(self.energy), self.peers, self.peer_reference,
        )  # fmt: skip

    def row(self, entity_id: str, year: int, indicator_id: str) -> dict[str, Any]:
        df = self.indicators
        hit = df[
            (df.entity_id == entity_id) & (df.year == year) & (df.indicator_id == indicator_id)
        ]
        if hit.empty:
            raise KeyError((entity_id, year, indicator_id))
        return dict(hit.iloc[0])


def _default_years(con: ibis.BaseBackend, table: ibis.Table, fw: Framework) -> list[int]:
    """The last ``fw.years`` years of the data; for a park assessed over several years, the
    consecutive years ending in the latest (a year between without data reads 缺数据)."""
    years = sorted(
        int(y) for y in con.execute(table.year.cast("int64").name("y").as_table().distinct()).y
    )
    if fw.entity_kind == "park" and fw.years > 1 and years:
        return list(range(years[-1] - fw.years + 1, years[-1] + 1))
    return years[-fw.years :]


def assess(
    framework: str | Framework,
    data: pd.DataFrame | ibis.Table,
    *,
    years: list[int] | None = None,
    targets: pd.DataFrame | None = None,
    selected: list[str] | None = None,
    missing_rule: str | None = None,
    adjustments: pd.DataFrame | None = None,
    con: ibis.BaseBackend | None = None,
    energy: energy_stage.EnergySettings | None = None,
    small_peers: str | None = None,
    peers: pd.DataFrame | None = None,
    benchmarks: pd.DataFrame | None = None,
) -> AssessmentResult:
    """Assess every entity in ``data`` (wide: one row per entity-year) under ``framework``.

    ``peers``: a reference peer table (``peers.py``) to score peer indicators against instead
    of the entities of ``data`` themselves; ``small_peers`` (withhold / issue): what to do when
    even the widest peer group is below the minimum size (T/JDFA01 6.8 b); ``benchmarks``:
    6.9 c scores of indicators against a standard's levels (``benchmark_scores``), which
    replace their peer scores in nodes, totals and grades.

    On DuckDB the plan runs as a ``plan_cache.Script`` (kept when the cache is on: a later
    assessment under the same framework, input columns and options plans nothing); on Spark,
    and with activity data (whose energy stage reads a table of yearly factors), it is
    planned and its stages stored as it goes.
    """
    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    con = con or connect()
    made: list[str] = []  # temporary tables holding the caller's frames
    try:
        table = _backend_table(con, data, made)
        for col in ("entity_id", "year"):
            if col not in table.columns:
                raise DataError(f"数据缺少必需的列 “{col}”")
        years = years or _default_years(con, table, fw)
        rule = MissingRule(missing_rule) if missing_rule else None
        tgt = _backend_table(con, targets, made) if targets is not None else None
        checked = check_adjustments(adjustments, fw) if adjustments is not None else None
        adj = _backend_table(con, checked, made) if checked is not None else None
        ref = check_reference(peers, fw) if peers is not None else None
        bench = benchmark_scores.check(benchmarks, fw) if benchmarks is not None else None
        inputs = {
            "input": table, "targets": tgt, "adjustments": adj,
            "reference": _backend_table(con, ref, made) if ref is not None else None,
            "benchmarks": _backend_table(con, bench, made) if bench is not None else None,
        }  # fmt: skip
        small = SmallPeers(small_peers) if small_peers else None
        options = dict(
            years=years, missing=rule, size_classes=size_classes_of(fw), small_peers=small
        )
        if con.name == "duckdb" and not has_activity(table.columns):
            result = _assess_scripted(fw, con, inputs, options, selected)
        else:
            result = _assess_stored(fw, con, inputs, options, selected, energy)
        result.peer_reference = describe_reference(peers) if peers is not None else None
        return result
    finally:
        plan_cache.drop(con, made, [])


def _backend_table(con: ibis.BaseBackend, data: Any, made: list[str]) -> ibis.Table:
    """A frame as a table the backend can name (a temporary table on DuckDB, so that kept SQL
    can read it), or ``data`` itself when it is a table already."""
    if not isinstance(data, pd.DataFrame):
        return data
    if con.name != "duckdb":
        return ibis.memtable(data)
    frame = ibis.memtable(data)
    # a column of None alone has no type, which a DuckDB table cannot hold: text (NULL still,
    # cast by ``wide.conform`` to its field's type like any other column)
    untyped = {c: frame[c].cast("string") for c, typ in frame.schema().items() if typ.is_null()}
    name = f"parkesg_frame_{uuid.uuid4().hex}"
    made.append(name)
    table = con.create_table(name, frame.mutate(**untyped) if untyped else frame, temp=True)
    con.con.unregister(frame.get_name())  # copied: the frame need not stay registered
    return table


def _outputs(stages: run.Stages, energy_rows: ibis.Table | None = None) -> dict[str, ibis.Table]:
    """What an assessment reads from its plan, by name (absent parts left out)."""
    parts = {
        "indicators": stages.indicator_rows(), "nodes": stages.node_rows(),
        "totals": stages.totals, "comprehensive": stages.comprehensive,
        "requirements": stages.requirements, "wide": stages.wide, "energy": energy_rows,
        "peers": stages.peers,
    }  # fmt: skip
    return {k: t for k, t in parts.items() if t is not None}


def _assess_scripted(
    fw: Framework,
    con: ibis.BaseBackend,
    inputs: dict[str, ibis.Table | None],
    options: dict[str, Any],
    selected: list[str] | None,
) -> AssessmentResult:
    present = {role: t for role, t in inputs.items() if t is not None}
    stand_ins = {role: plan_cache.stand_in(t, role) for role, t in present.items()}
    described = {
        "assess": fw.model_dump(mode="json"),
        "schemas": {role: plan_cache.schema_of(t) for role, t in present.items()},
        "years": options["years"], "missing": options["missing"],
        "small_peers": options["small_peers"],
    }  # fmt: skip

    def record(recorder: plan_cache.Recorder) -> dict[str, ibis.Table]:
        stages = run.build(
            stand_ins["input"], fw, dict(load_catalogue()), targets=stand_ins.get("targets"),
            adjustments=stand_ins.get("adjustments"), reference=stand_ins.get("reference"),
            benchmarks=stand_ins.get("benchmarks"), materialise=recorder.materialise, **options,
        )  # fmt: skip
        return _outputs(stages)

    script = plan_cache.scripted(plan_cache.key(described), record, con)
    named = {stand_ins[role].get_name(): t for role, t in present.items()}
    outputs, tables, views = plan_cache.run_script(con, script, named)
    try:
        return _result(fw, con, outputs, options["years"], selected)
    finally:
        plan_cache.drop(con, tables, views)


def _assess_stored(
    fw: Framework,
    con: ibis.BaseBackend,
    inputs: dict[str, ibis.Table | None],
    options: dict[str, Any],
    selected: list[str] | None,
    energy: energy_stage.EnergySettings | None,
) -> AssessmentResult:
    temp: list[str] = []
    views: list[str] = []

    def materialise(expr: ibis.Table) -> ibis.Table:
        """Run the scoring once; nodes, totals and the output then read the stored rows."""
        name = f"_parkesg_{uuid.uuid4().hex}"
        try:
            con.create_table(name, expr, temp=True)
            temp.append(name)
        except NotImplementedError:  # PySpark has no temporary tables: a checkpointed view
            from parkesg.spark import checkpoint

            views.append(name)
            return checkpoint(con, name, expr)
        return con.table(name)

    assert inputs["input"] is not None
    table = energy_stage.apply(inputs["input"], fw.entity_kind, energy)  # activity → fields
    try:
        stages = run.build(
            table, fw, dict(load_catalogue()), targets=inputs["targets"],
            adjustments=inputs["adjustments"], reference=inputs["reference"],
            benchmarks=inputs["benchmarks"], materialise=materialise, **options,
        )  # fmt: skip
        return _result(fw, con, _outputs(stages, energy_stage.detail(table)), options["years"],
                       selected)  # fmt: skip
    finally:
        for name in temp:
            con.drop_table(name, force=True)
        for name in views:
            con.drop_view(name, force=True)


def _result(
    fw: Framework,
    con: ibis.BaseBackend,
    outputs: dict[str, ibis.Table],
    years: list[int],
    selected: list[str] | None,
) -> AssessmentResult:
    """Execute an assessment's outputs and arrange them as people read them."""

    def read(part: str) -> pd.DataFrame:
        return con.execute(outputs[part]) if part in outputs else pd.DataFrame()

    ind = read("indicators")
    display = plan.indicator_meta(fw).drop(columns=["method", "direction", "node_id", "weight"])
    ind = ind.merge(display, on="indicator_id", how="left")
    extra = [c for c in (*ADJUSTMENT_COLUMNS, "comprehensive_score", *BENCHMARK, SEGMENT)
             if c in ind.columns]  # fmt: skip
    ind = ind.sort_values(["entity_id", "year", "order"]).reset_index(drop=True)[
        INDICATOR_COLUMNS + extra
    ]
    for count in ("peer_n", "peer_level"):  # whole numbers, empty where not peer-scored
        ind[count] = pd.to_numeric(ind[count]).astype("Int64")
    totals = read("totals")
    if "comprehensive" in outputs:  # 6.11: both grades, side by side
        on_site = read("comprehensive").rename(
            columns={"score": "comprehensive_score", "grade": "comprehensive_grade",
                     "withheld": "comprehensive_withheld"}
        )  # fmt: skip
        totals = totals.merge(on_site, on=["entity_id", "year"], how="left")
    sel = check_selection(ind, fw, selected) if fw.selection else pd.DataFrame()
    return AssessmentResult(
        fw, ind, _sorted(read("nodes")), _sorted(totals), sel, _sorted(read("requirements")),
        years, read("wide"), read("energy"), read("peers"),
    )  # fmt: skip


def rate(
    framework: str | Framework,
    data: ibis.Table,
    *,
    con: ibis.BaseBackend,
    years: list[int] | None = None,
    missing_rule: str | None = None,
    energy: energy_stage.EnergySettings | None = None,
    keep: tuple[str, ...] = (),
    materialise: Callable[[ibis.Table], ibis.Table] | None = None,
    small_peers: str | None = None,
) -> tuple[ibis.Table, ibis.Table]:
    """Plan a batch rating: (per entity-year totals with top-level node scores, indicator rows).

    ``keep``: input columns carried to the totals (e.g. region and industry, to partition the
    output by). ``materialise`` may store intermediate stages (Spark needs it: see
    ``spark.checkpoint``). Nothing else is executed here: the caller streams both tables to
    files on the backend. On DuckDB the compiled SQL is kept (``plan_cache``), so a second
    rating under the same framework and input columns skips planning.
    """
    options = dict(
        years=years, missing_rule=missing_rule, energy=energy, keep=keep, small_peers=small_peers
    )
    totals, detail = _rated(framework, data, con, options, materialise, ("totals", "detail"))
    return totals, detail


def rate_totals(
    framework: str | Framework,
    data: ibis.Table,
    *,
    con: ibis.BaseBackend,
    years: list[int] | None = None,
    missing_rule: str | None = None,
    energy: energy_stage.EnergySettings | None = None,
    keep: tuple[str, ...] = (),
    materialise: Callable[[ibis.Table], ibis.Table] | None = None,
    small_peers: str | None = None,
) -> ibis.Table:
    """The totals of ``rate`` alone — what a batch writes — without the indicator rows (whose
    kept plan DuckDB would otherwise parse and bind for nothing)."""
    options = dict(
        years=years, missing_rule=missing_rule, energy=energy, keep=keep, small_peers=small_peers
    )
    (totals,) = _rated(framework, data, con, options, materialise, ("totals",))
    return totals


def _rated(
    framework: str | Framework,
    data: ibis.Table,
    con: ibis.BaseBackend,
    options: dict[str, Any],
    materialise: Callable[[ibis.Table], ibis.Table] | None,
    parts: tuple[str, ...],
) -> list[ibis.Table]:
    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    if options["missing_rule"]:
        MissingRule(options["missing_rule"])  # refused before any plan is looked up
    if options["small_peers"]:
        SmallPeers(options["small_peers"])
    absent = [c for c in options["keep"] if c not in data.columns]
    if absent:
        raise DataError(f"数据缺少要保留或分区的列：{'、'.join(absent)}")

    @functools.cache
    def planned(table: ibis.Table) -> dict[str, ibis.Table]:
        totals, detail = _rate_plan(fw, table, **options, materialise=materialise)
        return {"totals": totals, "detail": detail}

    # the energy stage reads a small in-memory table of yearly factors: planned every time
    if materialise is None and plan_cache.cacheable(con, data) and not has_activity(data.columns):
        stand_in = plan_cache.stand_in(data)
        described = {"rate": fw.model_dump(mode="json"), "schema": plan_cache.schema_of(data),
                     **{k: v for k, v in options.items() if k != "energy"}}  # fmt: skip

        def kept(part: str) -> ibis.Table:
            key = plan_cache.key({**described, "part": part})
            sql = plan_cache.compiled(key, lambda: planned(stand_in)[part], con)
            return plan_cache.bind(con, sql, data)

        return [kept(part) for part in parts]
    return [planned(data)[part] for part in parts]


def _rate_plan(
    fw: Framework,
    data: ibis.Table,
    *,
    years: list[int] | None,
    missing_rule: str | None,
    energy: energy_stage.EnergySettings | None,
    keep: tuple[str, ...],
    materialise: Callable[[ibis.Table], ibis.Table] | None,
    small_peers: str | None = None,
) -> tuple[ibis.Table, ibis.Table]:
    rule = MissingRule(missing_rule) if missing_rule else None
    data = energy_stage.apply(data, fw.entity_kind, energy)  # activity data → derived fields
    stages = run.build(
        data,
        fw,
        dict(load_catalogue()),
        years=years,
        missing=rule,
        materialise=materialise,
        size_classes=size_classes_of(fw),
        small_peers=SmallPeers(small_peers) if small_peers else None,
    )
    return ratings(fw, stages, data, keep)


def peer_statistics(
    framework: str | Framework,
    data: ibis.Table,
    *,
    years: list[int] | None = None,
    energy: energy_stage.EnergySettings | None = None,
) -> ibis.Table:
    """The statistics of every peer group of ``data`` at every level — what a reference peer
    table holds (``peers.py``; the caller adds ``peers.about`` and writes it)."""
    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    if fw.peer is None:
        raise DataError(f"评价体系 {fw.id} 没有同业比较设置，不能生成同业参照表")
    data = energy_stage.apply(data, fw.entity_kind, energy)
    valued = run.value(
        data, fw, dict(load_catalogue()), years=years, size_classes=size_classes_of(fw)
    )
    return peer_reference.statistics(valued.values, valued_indicators(fw), fw.peer)


def valued_indicators(fw: Framework) -> list[Any]:
    return [p.indicator for p in plan.placed_indicators(fw)]


def ratings(
    fw: Framework, stages: run.Stages, data: ibis.Table, keep: tuple[str, ...] = ()
) -> tuple[ibis.Table, ibis.Table]:
    """(per entity-year totals with top-level node scores, indicator rows) from planned
    stages; ``keep`` columns come from ``data`` by entity-year."""
    if stages.nodes is None or stages.totals is None:
        raise DataError(f"评价体系 {fw.id} 不计算总分，不能用于批量评级（请用 assess）")
    nodes = stages.nodes
    segment = [SEGMENT] if SEGMENT in nodes.columns else []  # the segment whose weights apply
    out = nodes.select(
        "entity_id",
        "year",
        score=nodes.total,
        grade=grade_of(nodes.total, fw.grades),
        **{n.id: nodes[node_col(n.id)] for n in fw.tree},
        **({WITHHELD: nodes[WITHHELD]} if WITHHELD in nodes.columns else {}),
        peer_fallbacks=nodes.peer_fallbacks,
        missing_indicators=nodes.missing_indicators,
        fallback_list=nodes.fallback_list,
        missing_list=nodes.missing_list,
        **{c: nodes[c] for c in segment},
    )
    if keep:  # the input's own columns, by entity-year (renamed keys: see README "Ibis")
        extra = data.select(*keep, _k=data.entity_id.cast("string"), _y=data.year.cast("int64"))
        out = out.join(extra, [out.entity_id == extra._k, out.year == extra._y]).drop("_k", "_y")
    detail = stages.indicator_rows().select(
        "entity_id", "year", "indicator_id", "value", "category", "status", "score", "rule",
        "peer_group", "peer_fallback", *segment,
    )  # fmt: skip
    return out, detail


def size_classes_of(fw: Framework) -> SizeClassification | None:
    """The national size classification, when a segment model of ``fw`` derives size."""
    if fw.segments is None or not any(d.kind == "size_class" for d in fw.segments.dimensions):
        return None
    return load_size_classification()


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    keys = [k for k in ("entity_id", "year", "depth", "node_id", "no") if k in df.columns]
    return df.sort_values(keys).reset_index(drop=True) if keys and not df.empty else df
