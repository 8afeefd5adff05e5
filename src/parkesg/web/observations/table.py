"""An entity's data as a person reads it: fields × years (value, state), with unit and
source, filtered by framework (the fields it reads, missing ones shown) and review state.

The rows come from ``Observation.objects.for_user``; the entity dropdown offers only the
parks and enterprises whose data the user may see. The page and its export share
``build``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parkesg import formatting
from parkesg.frameworks import fields_for, list_frameworks, load_catalogue, load_framework
from parkesg.web.core import export, policy, vocab
from parkesg.web.core.roles import Action
from parkesg.web.observations.filters import _entities
from parkesg.web.observations.models import Observation
from parkesg.web.orgs.models import Organisation, OrgKind

DASH = formatting.DASH
ENTITY_KIND = {OrgKind.park: "park", OrgKind.enterprise: "enterprise"}


@dataclass
class Row:
    field_id: str
    name: str
    unit: str  # as shown
    kind: str
    cells: dict[int, dict[str, Any]] = field(default_factory=dict)  # year → cell
    sources: list[str] = field(default_factory=list)
    line: list[dict[str, Any] | None] = field(default_factory=list)  # cells in year order


@dataclass
class Table:
    entity: Organisation | None
    years: list[int]
    rows: list[Row]
    frameworks: list[tuple[str, str]]  # (id, title) fitting the entity
    framework: str
    state: str


def _frameworks(entity: Organisation | None) -> list[tuple[str, str]]:
    kind = ENTITY_KIND.get(OrgKind(entity.kind)) if entity is not None else None
    out = []
    for fid in list_frameworks():
        fw = load_framework(fid)
        if fw.entity_kind == kind:
            out.append((fid, f"{fw.source.code} {fw.title.zh}"))
    return out


def value_text(o: Observation, lang: str) -> tuple[str, str]:
    """(value, unit) of an observation as a person reads them: in the catalogue's unit with
    its decimals, 是 / 否 for a yes-or-no field, the category of an ordinal one."""
    f = load_catalogue().get(o.field_id)
    kind = f.kind.value if f else "quantitative"
    unit = f.unit if f else o.unit
    if o.category:
        return o.category, DASH
    if kind == "boolean":
        return formatting.boolean(o.value_std, lang=lang), DASH
    shown = o.value_std if o.value_std is not None else o.value
    return formatting.number(shown, unit=unit, lang=lang), formatting.unit(unit)


def _cell(o: Observation, lang: str) -> dict[str, Any]:
    text = value_text(o, lang)[0]
    return {"pk": o.pk, "text": text, "state": o.state,
            "state_label": vocab.label("review_state", o.state, lang),
            "value": o.category or (o.value_std if o.value_std is not None else o.value)}  # fmt: skip


def build(user: Any, params: Any) -> Table:
    """The table for ``params`` (``organisation``, ``framework``, ``state``) as ``user`` sees."""
    lang = get_language() or "zh"
    choices = dict(_entities(user))
    try:
        wanted = int(params.get("organisation") or 0)
    except ValueError:
        wanted = 0
    if wanted not in choices:
        own: int = getattr(user, "organisation_id", None) or 0
        wanted = own if own in choices else next(iter(choices), 0)
    entity = Organisation.objects.filter(pk=wanted).first() if wanted else None
    frameworks = _frameworks(entity)
    fw_id = params.get("framework", "")
    fw_id = fw_id if fw_id in dict(frameworks) else ""
    state = params.get("state", "")
    state = state if state in vocab.REVIEW_STATE.labels else ""
    qs = Observation.objects.for_user(user, Action.view).filter(organisation_id=wanted)
    if state:
        qs = qs.filter(state=state)
    catalogue = load_catalogue()
    listed = [f.id for f in fields_for(load_framework(fw_id))] if fw_id else None
    if listed is not None:
        qs = qs.filter(field_id__in=listed)
    obs = list(qs.order_by("field_id", "year")) if entity is not None else []
    order = listed if listed is not None else sorted({o.field_id for o in obs}, key=_order())
    rows: dict[str, Row] = {}
    for fid in order:
        f = catalogue.get(fid)
        kind = f.kind.value if f else "quantitative"
        rows[fid] = Row(
            fid, f.name.zh if f else fid, formatting.unit(f.unit if f else "", kind=kind), kind
        )
    for o in obs:
        row = rows[o.field_id]
        row.cells[o.year] = _cell(o, lang)
        source = vocab.label("source_category", o.source, lang)
        if source not in row.sources:
            row.sources.append(source)
    years = sorted({o.year for o in obs})
    for row in rows.values():
        row.line = [row.cells.get(y) for y in years]
    return Table(entity, years, list(rows.values()), frameworks, fw_id, state)


def _order() -> Any:
    index = {fid: n for n, fid in enumerate(load_catalogue())}
    return lambda fid: index.get(fid, len(index))


def _export(request: HttpRequest, table: Table, fmt: str) -> HttpResponse:
    headers: list[Any] = [_("字段"), _("字段编号"), _("单位")]
    for y in table.years:
        headers += [f"{y}", f"{y} {_('审核状态')}"]
    headers.append(_("数据来源"))
    rows = []
    for r in table.rows:
        line: list[Any] = [r.name, r.field_id, r.unit]
        for y in table.years:
            c = r.cells.get(y)
            line += [c["value"], c["state_label"]] if c else ["", ""]
        rows.append([*line, "；".join(r.sources)])
    name = table.entity.name if table.entity else ""
    return export.response(request, fmt=fmt, title=f"{name}-{_('数据表')}", headers=headers,
                           rows=rows)  # fmt: skip


@policy.member()
@login_required
def table_view(request: HttpRequest) -> HttpResponse:
    table = build(request.user, request.GET)
    if fmt := export.wanted(request):
        return _export(request, table, fmt)
    ctx = {"t": table, "entities": _entities(request.user),
           "states": vocab.REVIEW_STATE.choices(), "query": request.GET.urlencode()}  # fmt: skip
    if request.headers.get("HX-Request") == "true":
        return render(request, "observations/_table.html", ctx)
    return render(request, "observations/table.html", ctx)
