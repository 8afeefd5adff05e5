"""The KPI dashboard (9.1.1): each KPI of the park's core issues with its values over the
years, its baseline and target in force, its progress — read from the latest stored T/ESC run
(Table A.1 KPIs) or from the engine run over the park's own KPIs (``own``) — and whether it is
on track, at risk or off track.

The standard is silent on the status; the platform's rule (CISO Assistant's objectives): the
progress a KPI should have by the year of its latest value, on a straight line from 0 % in
the baseline year to 100 % in the target year, is what it is measured against — at or above:
on track; within ``TOLERANCE`` points below: at risk; further below, or worse than the
baseline: off track. A KPI at 100 % or more is on track."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parkesg import formatting
from parkesg.web.assessments.models import Assessment
from parkesg.web.esg import enums, kpis
from parkesg.web.esg.models import Kpi, KpiTarget
from parkesg.web.esg.services import own

TOLERANCE = 20.0  # percentage points below the straight line that are still "at risk"
STATUS = enums.KPI_STATUS.labels


@dataclass
class Line:
    kpi: Kpi
    label: str
    unit: str
    boolean: bool
    target: KpiTarget | None
    years: list[int] = field(default_factory=list)
    values: list[float | None] = field(default_factory=list)
    progress: list[float | None] = field(default_factory=list)
    status: str = "no_data"
    expected: float | None = None
    raw_unit: str = ""  # the unit as the framework or register holds it (number formatting)

    @property
    def latest(self) -> tuple[int | None, float | None, float | None]:
        for y, v, p in reversed(list(zip(self.years, self.values, self.progress))):
            if v is not None:
                return y, v, p
        return None, None, None


def expected(t: KpiTarget, year: int) -> float:
    """Progress due by ``year`` on the straight line from baseline year to target year."""
    span = max(t.target_year - t.baseline_year, 1)
    return min(max((year - t.baseline_year) / span * 100.0, 0.0), 100.0)


def status(line: Line) -> str:
    year, value, progress = line.latest
    if line.target is None:
        return "no_target"
    if year is None or progress is None:
        return "no_data"
    due = expected(line.target, year)
    line.expected = due
    if progress >= 100.0 or progress >= due:
        return "on_track"
    if progress >= 0 and progress >= due - TOLERANCE:
        return "at_risk"
    return "off_track"


def latest_run(org: Any) -> Assessment | None:
    return (Assessment.objects.filter(organisation=org, framework_id=kpis.FRAMEWORK)  # type: ignore[no-any-return]
            .order_by("-created_at", "-id").first())  # fmt: skip


def _from_run(run: Assessment | None) -> dict[str, dict[int, tuple[Any, Any]]]:
    """indicator id → year → (value, progress) from the stored documents."""
    out: dict[str, dict[int, tuple[Any, Any]]] = {}
    for d in (run.results.get("docs") or []) if run is not None else []:
        for i in d["indicators"]:
            out.setdefault(i["id"], {})[int(d["year"])] = (i["value"], i["score"])
    return out


def lines(org: Any, run: Assessment | None = None) -> list[Line]:
    """One line per KPI of the park's registers, in the order of its core issues."""
    run = run if run is not None else latest_run(org)
    stored = _from_run(run)
    stored.update(own.results(org))
    in_force = {t.kpi_id: t for t in KpiTarget.objects.filter(organisation=org, state="approved")}
    out = []
    order = {kid: n for n, kid in enumerate(kpis.table_a1())}
    items = sorted(Kpi.objects.filter(organisation=org).select_related("core_issue"),
                   key=lambda k: (order.get(k.indicator_id, len(order)), k.code))  # fmt: skip
    for k in items:
        per_year = stored.get(k.engine_id, {})
        years = sorted(per_year)
        unit = formatting.unit(kpis.unit(k), framework=kpis.FRAMEWORK,
                               kind="boolean" if kpis.is_boolean(k) else None)  # fmt: skip
        line = Line(k, kpis.label(k), unit, kpis.is_boolean(k), in_force.get(k.pk), years,
                    [per_year[y][0] for y in years], [per_year[y][1] for y in years])  # fmt: skip
        line.raw_unit = kpis.unit(k)
        line.status = status(line)
        out.append(line)
    return out


def counts(items: list[Line]) -> dict[str, int]:
    out = dict.fromkeys(STATUS, 0)
    for line in items:
        out[line.status] += 1
    return out
