"""Parks of the region compared on the KPIs of their published ESG reports (T/ESC 001 9.1.3,
表A.1; issue 19: the city dashboard compares parks).

A government sees a park's published report (``EsgReport`` rows with ``published_at``, see
``orgs.access``), and the report publishes the KPIs of the stored T/ESC run it was generated
from (``EsgReport.assessment``) — so those values, and only those, are compared here: the
latest published annual report of each park of the region. A park's other assessments are
not published and are not shown. Values are the stored run's, never a fresh engine run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parkesg import formatting
from parkesg.frameworks import iter_indicators, load_framework
from parkesg.web.core.roles import Action

ESC = "t-esc-001-2024"


@dataclass(frozen=True)
class Park:
    name: str
    report: str
    year: int
    published_on: Any
    values: dict[str, float] = field(default_factory=dict)  # KPI id → value


@dataclass(frozen=True)
class Comparison:
    parks: list[Park]
    kpis: list[tuple[str, str, str]]  # (id, name, unit) of the KPIs some park reported

    def cell(self, park: Park, kpi: str) -> str:
        unit = next(u for k, _n, u in self.kpis if k == kpi)
        return formatting.number(park.values.get(kpi), unit=unit, indicator=kpi)

    def rows(self) -> list[tuple[Park, list[str]]]:
        return [(p, [self.cell(p, k) for k, _n, _u in self.kpis]) for p in self.parks]


def _values(results: dict[str, Any]) -> dict[str, float]:
    docs = results.get("docs") or []
    if not docs:
        return {}
    out = {}
    for i in docs[-1]["indicators"]:
        v = i.get("value")
        if isinstance(v, int | float) and not isinstance(v, bool):
            out[i["id"]] = float(v)
    return out


def compare(user: Any) -> Comparison:
    """The latest published annual report of each park ``user`` may see, with its KPIs."""
    from parkesg.web.esg.models import EsgReport
    from parkesg.web.orgs.models import OrgKind

    qs = (EsgReport.objects.for_user(user, Action.view)
          .filter(published_at__isnull=False, kind="annual", assessment__framework_id=ESC,
                  organisation__kind=OrgKind.park)
          .select_related("organisation", "assessment")
          .order_by("organisation__name", "-year", "-published_at"))  # fmt: skip
    parks: dict[int, Park] = {}
    for r in qs:
        if r.organisation_id not in parks:
            parks[r.organisation_id] = Park(r.organisation.name, r.title, r.year,
                                            r.published_at, _values(r.assessment.results))  # fmt: skip
    reported = {k for p in parks.values() for k in p.values}
    fw = load_framework(ESC)
    kpis = [(i.id, i.name.zh, i.unit) for i in iter_indicators(fw.tree) if i.id in reported]
    return Comparison(list(parks.values()), kpis)
