"""The park's own KPIs (6.2: “可以是定性的也可以是定量的”, beyond Table A.1) computed by the
engine like the 35: a framework of reported indicators (``own_<code>``, method ``progress``)
is built from the register, the yearly readings are its input and the targets in force its
targets; ``service.assess`` computes each value's progress."""

from __future__ import annotations

from typing import Any

import pandas as pd

from parkesg import service
from parkesg.frameworks.schema import Framework
from parkesg.web.esg import kpis
from parkesg.web.esg.models import Kpi, KpiReading, KpiTarget


def framework(items: list[Kpi]) -> Framework:
    indicators = [{"no": k.code, "id": k.engine_id, "name": {"zh": k.name, "en": k.code},
                   "unit": k.unit or "1", "direction": kpis.direction(k),
                   "kind": "boolean" if k.nature == "yesno" else "quantitative",
                   "method": "progress", "clause": "T/ESC 001 6.2"} for k in items]  # fmt: skip
    return Framework.model_validate({
        "id": "esc-own-kpis", "title": {"zh": "园区自定绩效指标", "en": "The park's own KPIs"},
        "source": {"code": "T/ESC 001—2024", "clause": "6.2", "status": "published",
                   "title": {"zh": "产业园区 ESG 管理体系", "en": "Park ESG management system"}},
        "entity_kind": "park", "years": 1,
        "tree": [{"id": "own", "name": {"zh": "自定指标", "en": "Own KPIs"},
                  "indicators": indicators}],
    })  # fmt: skip


def results(org: Any) -> dict[str, dict[int, tuple[Any, Any]]]:
    """engine id → year → (value, progress) of the park's own KPIs that have readings."""
    items = [k for k in Kpi.objects.filter(organisation=org, indicator_id="")
             if k.code and k.readings.exists()]  # fmt: skip
    if not items:
        return {}
    readings = KpiReading.objects.filter(kpi__in=items).select_related("kpi")
    rows: dict[int, dict[str, Any]] = {}
    for r in readings:
        rows.setdefault(r.year, {"entity_id": "park", "year": r.year})[
            f"indicator:{r.kpi.engine_id}"] = float(r.value)  # fmt: skip
    wide = pd.DataFrame(list(rows.values()))
    for k in items:
        wide[f"indicator:{k.engine_id}"] = wide.get(f"indicator:{k.engine_id}", None)
    wide = wide.astype({c: "float64" for c in wide.columns if c.startswith("indicator:")})
    goals = [{"entity_id": "park", "indicator_id": t.kpi.engine_id, "baseline": t.baseline,
              "target": t.target}
             for t in KpiTarget.objects.filter(kpi__in=items, state="approved").select_related("kpi")]  # fmt: skip
    targets = pd.DataFrame(goals, columns=["entity_id", "indicator_id", "baseline", "target"])
    result = service.assess(framework(items), wide, years=sorted(rows),
                            targets=targets if goals else None)  # fmt: skip
    out: dict[str, dict[int, tuple[Any, Any]]] = {}
    for r in result.indicators.to_dict("records"):
        value = None if pd.isna(r["value"]) else float(r["value"])
        score = None if pd.isna(r["score"]) else float(r["score"])
        out.setdefault(r["indicator_id"], {})[int(r["year"])] = (value, score)
    return out
