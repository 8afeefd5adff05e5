"""High-tech zones evaluated and compared (常州市 ESG 体系建设行动方案 二（一）3: “以常州高新区、
武进高新区为重点……建立可量化的高新区 ESG 评价体系”; issue 19 item 6).

A park runs ``cz-hitech-zone-esg`` on its own approved data like any assessment, then submits
the run to the governments of its region (``submit``): its total and five dimension scores
are frozen in a ``ZoneEvaluation``. A government compares the latest submission of each
park of its region (``compare``): by total, ranked in competition order (1, 1, 3: equal
totals share a rank), every weight provisional as the framework file says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from parkesg.frameworks import load_framework
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import OrgKind

FRAMEWORK = "cz-hitech-zone-esg"


def may_read(user: Any) -> bool:
    """Parks (their own runs) and governments (their region's submissions)."""
    org = getattr(user, "organisation", None)
    return org is not None and org.kind in (OrgKind.park, OrgKind.government)


def dimension_names() -> list[str]:
    """The framework's five dimensions, in the page's language."""
    from django.utils.translation import get_language

    en = (get_language() or "zh").startswith("en")
    return [n.name.en if en else n.name.zh for n in load_framework(FRAMEWORK).tree]


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def figures(results: dict[str, Any], year: int) -> tuple[float | None, list[dict[str, Any]]]:
    """The run's total and dimension scores (the framework's top nodes, in its order) of
    ``year``, read from the stored engine tables."""
    names = {n.id: n.name.zh for n in load_framework(FRAMEWORK).tree}
    nodes = {r["node_id"]: _number(r.get("score")) for r in results.get("nodes", [])
             if r.get("year") == year and r.get("node_id") in names}  # fmt: skip
    total = next((_number(t.get("score")) for t in results.get("totals", [])
                  if t.get("year") == year), None)  # fmt: skip
    return total, [{"id": i, "name": n, "score": nodes.get(i)} for i, n in names.items()]


def submit(*, actor: Any, assessment_id: int, request: Any = None) -> Any:
    """Submit the park's stored ``cz-hitech-zone-esg`` run to its governments (once)."""
    from parkesg.web.assessments.models import Assessment
    from parkesg.web.city.models import ZoneEvaluation

    run = Assessment.objects.for_user(actor, Action.change).filter(pk=assessment_id).first()
    if run is None:
        raise PermissionDenied("无权报送该评价结果")
    if run.framework_id != FRAMEWORK or run.organisation.kind != OrgKind.park:
        raise ValidationError("只有园区的“高新区 ESG 评价”结果可以报送市政府")
    year = max(run.years)
    total, dims = figures(run.results, year)
    try:
        with transaction.atomic():
            z = ZoneEvaluation.objects.create(
                organisation=run.organisation, created_by=actor, assessment=run, year=year,
                total=total, dimensions=dims, framework_sha256=run.framework_sha256,
                published_at=timezone.now(),
            )  # fmt: skip
            audit.record(action=AuditAction.create, actor=actor, organisation=run.organisation,
                         obj=z, after={"year": year, "total": total, "assessment": run.pk},
                         request=request)  # fmt: skip
    except IntegrityError:
        raise ValidationError("该评价结果已报送") from None
    return z


@dataclass(frozen=True)
class Zone:
    name: str
    year: int
    total: float | None
    dimensions: list[dict[str, Any]]
    submitted_at: Any
    rank: int | None


def _ranks(totals: list[float | None]) -> list[int | None]:
    """Competition ranks, highest total first (1, 1, 3); no total, no rank."""
    scored = [t for t in totals if t is not None]
    return [None if t is None else 1 + sum(1 for s in scored if s > t) for t in totals]


def compare(user: Any) -> list[Zone]:
    """The latest submission of each park ``user`` may see (a government: its region's),
    highest total first."""
    from parkesg.web.city.models import ZoneEvaluation

    latest: dict[int, Any] = {}
    qs = (ZoneEvaluation.objects.for_user(user, Action.view).select_related("organisation")
          .order_by("organisation_id", "-year", "-published_at"))  # fmt: skip
    for z in qs:
        latest.setdefault(z.organisation_id, z)
    rows = sorted(
        latest.values(), key=lambda z: (z.total is None, -(z.total or 0), z.organisation.name)
    )
    ranks = _ranks([z.total for z in rows])
    return [Zone(z.organisation.name, z.year, z.total, z.dimensions, z.published_at, r)
            for z, r in zip(rows, ranks, strict=True)]  # fmt: skip


def submission_of(run: Any) -> Any:
    """The run's submission, or None."""
    from parkesg.web.city.models import ZoneEvaluation

    return ZoneEvaluation.objects.filter(assessment=run).first()
