"""JSON API of the ESG management system (``/api/esg/…``): every register read through
``for_user`` (list, one record), workflow moves through the same service as the pages
(``records.move``: who may act, own work refused, every check, audited), the KPI dashboard
and the conformity checklist."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from parkesg.web.audit.services import snapshot
from parkesg.web.core import policy
from parkesg.web.core.objects import get_for_user
from parkesg.web.core.pagination import paged
from parkesg.web.core.roles import Action
from parkesg.web.esg import conformity, flows
from parkesg.web.esg.services import dashboard, records
from parkesg.web.esg.views.pages import park_for
from parkesg.web.esg.views.registers import REGISTERS

router = Router(tags=["esg ESG 管理体系"])
BY_SLUG = {prefix.removeprefix("esg/"): ov for prefix, ov in REGISTERS.items()}


def _register(slug: str) -> Any:
    if slug not in BY_SLUG:
        raise Http404
    return BY_SLUG[slug]


def _row(obj: Any) -> dict[str, Any]:
    out = snapshot(obj) or {}
    for f in obj._meta.many_to_many:
        out[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
    return out


@router.get("/esg/registers", response=list[str], summary="登记册 / the registers")
@policy.signed_in  # the registers' names, no data
def registers(request: HttpRequest) -> list[str]:
    return list(BY_SLUG)


class _Rows:
    """A register's queryset as the API's rows, read a page at a time (``paged`` slices it)."""

    def __init__(self, qs: Any) -> None:
        self.qs = qs

    def __len__(self) -> int:
        return int(self.qs.count())

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return [_row(o) for o in self.qs[page]]


@router.get("/esg/registers/{slug}", response=list[dict[str, Any]], summary="登记册记录")
@policy.member()
@paged
def list_records(request: HttpRequest, slug: str) -> _Rows:
    ov = _register(slug)
    qs = ov.queryset(request.user, Action.view).order_by(*(ov.model._meta.ordering or ["pk"]), "pk")
    return _Rows(qs)


@router.get("/esg/registers/{slug}/{record_id}", response=dict[str, Any], summary="一条记录")
@policy.member()  # the register (by slug) row the user may view
def get_record(request: HttpRequest, slug: str, record_id: int) -> dict[str, Any]:
    ov = _register(slug)
    return _row(get_for_user(ov.model, request.user, Action.view, record_id, request=request))


class MoveIn(Schema):
    event: str = Field(..., max_length=20)
    note: str = Field("", max_length=2000)
    fields: dict[str, str] = {}


@router.post("/esg/registers/{slug}/{record_id}/move", response=dict[str, Any],
             summary="流转 / take a workflow step")  # fmt: skip
@policy.member()  # records.move: the row seen, then the step's own rule
def move(request: HttpRequest, slug: str, record_id: int, payload: MoveIn) -> dict[str, Any]:
    ov = _register(slug)
    flow = flows.FLOWS.get(ov.name)
    if flow is None or payload.event not in {s.event for s in flow.steps}:
        raise Http404
    obj = records.move(actor=request.user, model=ov.model, pk=record_id, event=payload.event,
                       note=payload.note, fields=payload.fields, request=request)  # fmt: skip
    return _row(obj)


class KpiOut(Schema):
    kpi: int
    label: str
    unit: str
    years: list[int]
    values: list[float | None]
    progress: list[float | None]
    baseline: float | None
    target: float | None
    target_year: int | None
    status: str


@router.get("/esg/dashboard", response=list[KpiOut], summary="关键绩效指标看板")
@policy.member()  # park_for: its own park, or one that engaged it
def kpi_dashboard(request: HttpRequest, park: int | None = None) -> list[dict[str, Any]]:
    org = park_for(_with_park(request, park))
    out = []
    for line in dashboard.lines(org):
        t = line.target
        out.append({"kpi": line.kpi.pk, "label": line.label, "unit": line.unit,
                    "years": line.years, "values": line.values, "progress": line.progress,
                    "baseline": t.baseline if t else None, "target": t.target if t else None,
                    "target_year": t.target_year if t else None, "status": line.status})  # fmt: skip
    return out


class ShallOut(Schema):
    id: str
    clause: str
    text: str
    ok: bool
    missing: list[str]


@router.get("/esg/conformity", response=list[ShallOut], summary="符合性检查")
@policy.member()
def conformity_list(request: HttpRequest, park: int | None = None) -> list[dict[str, Any]]:
    org = park_for(_with_park(request, park))
    return [{"id": s.id, "clause": s.clause, "text": s.text, "ok": s.ok,
             "missing": [e.missing for e in s.evidence if not e.ok]}
            for s in conformity.checklist(org)]  # fmt: skip


def _with_park(request: HttpRequest, park: int | None) -> HttpRequest:
    if park is not None:
        query = request.GET.copy()
        query["park"] = str(park)
        request.GET = query  # type: ignore[assignment]
    return request
