"""Observation pages: generic list / detail / edit plus the review actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from parkesg import formatting
from parkesg.frameworks import load_catalogue
from parkesg.web.core import policy
from parkesg.web.core.objects import deny
from parkesg.web.core.review import TRANSITIONS
from parkesg.web.core.views import ObjectViews
from parkesg.web.observations import aggregates, services
from parkesg.web.observations.filters import OBSERVATION_FILTERS
from parkesg.web.observations.forms import ObservationForm
from parkesg.web.observations.models import Observation, field_label


def _save(*, actor: Any, obj: Observation, request: Any) -> Observation:
    return services.save_observation(actor=actor, obs=obj, request=request)


def _detail(request: HttpRequest, obj: Observation) -> dict[str, Any]:
    user: Any = request.user
    may = {
        event: Observation.objects.for_user(user, t.action).filter(pk=obj.pk).exists()
        and obj.state in t.sources
        and not (t.checker and obj.maker_id == user.pk)
        for event, t in TRANSITIONS.items()
    }
    return {
        "may": may,
        "revisions": obj.revisions.select_related("by", "evidence_file").order_by("no"),
    }


def _value(o: Observation) -> str:
    """The value as entered (in the unit given), 是 / 否 or the category."""
    f = load_catalogue().get(o.field_id)
    if o.category:
        return o.category
    if f is not None and f.kind.value == "boolean":
        return formatting.boolean(o.value, lang=get_language() or "zh")
    return formatting.number(o.value, unit=o.unit or (f.unit if f else None))


OBSERVATIONS = ObjectViews(
    Observation, ["field_id", "year", "organisation", "value", "unit", "state"],
    search=["field_id", "organisation__name"], form=ObservationForm, save=_save,
    detail_context=_detail, filterset=OBSERVATION_FILTERS,
    cells={"value": _value, "unit": lambda o: formatting.unit(o.unit)},
    add_if=lambda u: u.organisation is not None and bool(services.fields_for_entity(u.organisation)),
    export_columns=["organisation", "field_id", "year", "value", "category", "unit", "value_std",
                    "state", "source", "evidence", "updated_at"],
)  # fmt: skip


@policy.obj(Observation)  # submit needs change, approve / return approve: the service decides
@login_required
@require_POST
def review_view(request: HttpRequest, pk: int, event: str) -> HttpResponse:
    try:
        services.review(actor=request.user, observation_id=pk, event=event,
                        note=request.POST.get("note", ""), request=request)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("observation_detail", pk=pk)


def figure_text(f: aggregates.FieldFigure) -> str:
    """A region figure as a person reads it: the one formatter, the unit, 是 counts."""
    if f.rule == "categories":
        return "、".join(f"{k} {n}" for k, n in f.value.items())
    if f.rule == "count_yes":
        return f"{f.value} / {f.entities}"
    unit = formatting.unit(f.unit)
    return f"{formatting.number(f.value, unit=f.unit)} {unit}".strip()


@policy.member()
@login_required
def region_view(request: HttpRequest) -> HttpResponse:
    """A government's view of its region: counts and combined figures only (``aggregates``)."""
    if not aggregates.may_see_region(request.user):
        deny(request.user, Observation, "region", "view", request)
        raise Http404
    by_kind = aggregates.organisations_by_kind(request.user)
    chart = {"labels": [k.split(" ")[0] for k in by_kind], "values": list(by_kind.values())}
    figures = aggregates.field_figures(request.user)
    ctx = {
        "by_kind": by_kind,
        "rows": [(f, figure_text(f)) for f in figures.figures],
        "chart": chart,
        "figures": figures,
        "min_entities": aggregates.MIN_ENTITIES,
        "weights": [(field_label(f), field_label(w)) for f, w in aggregates.RATIO_WEIGHTS.items()],
    }
    return render(request, "observations/region.html", ctx)
