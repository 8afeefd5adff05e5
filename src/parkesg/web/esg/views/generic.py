"""The registers' list, detail, add / edit and workflow pages: the platform's generic views
(``core.views``: ``for_user`` rows, filters, HTMX partial, exports, one formatter) in the ESG
app's own frame — its section menu, the workflow buttons a person may press with what still
blocks them, the record's related rows, and add forms pre-filled from the query string."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from parkesg.web.core import export, policy
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action
from parkesg.web.core.views import (
    PAGE_SIZE,
    REGISTRY,
    ObjectViews,
    _foreign_keys,
    _label,
    _query_without_page,
    cell,
)
from parkesg.web.esg import flows
from parkesg.web.esg.services import records
from parkesg.web.orgs.models import OrgKind


def park_member(user: Any) -> bool:
    org = getattr(user, "organisation", None)
    return org is not None and org.kind == OrgKind.park


@dataclass
class Register(ObjectViews):
    """``ObjectViews`` of an ESG register: a frozen record offers no edit; ``related`` lists
    rows that belong to the record (title, model views, queryset of the record)."""

    related: list[tuple[Any, str, Callable[[Any], Any]]] = field(default_factory=list)
    # (label, register, (record) → query parameters of its add form, or None to offer nothing)
    adds: list[tuple[Any, str, Callable[[Any], dict[str, Any] | None]]] = field(
        default_factory=list
    )
    clause: str = ""

    def may(self, user: Any, action: str, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "frozen", False):
            return False
        return super().may(user, action, obj)


def _headers(ov: ObjectViews) -> list[Any]:
    return [ov.labels.get(c) or _label(ov.model, c) for c in ov.columns]


def list_view(ov: Register) -> Callable[..., HttpResponse]:
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        qs = ov.queryset(request.user, Action.view)
        term = request.GET.get("q", "").strip()
        if term and ov.search:
            cond = Q()
            for f in ov.search:
                cond |= Q(**{f"{f}__icontains": term})
            qs = qs.filter(cond)
        qs = ov.filterset.apply(qs, request.GET).select_related(*_foreign_keys(ov))
        qs = qs.order_by(*(ov.model._meta.ordering or ["pk"]))
        if fmt := export.wanted(request):
            cols = ov.export_columns or ov.columns
            return export.response(
                request, fmt=fmt, title=str(ov.model._meta.verbose_name),
                headers=[ov.labels.get(c) or _label(ov.model, c) for c in cols],
                rows=([cell(ov, o, c, for_export=True) for c in cols] for o in qs.iterator()),
            )  # fmt: skip
        rows = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        ctx = {
            "ov": ov, "meta": ov.model._meta, "page": rows, "q": term, "headers": _headers(ov),
            "rows": [(o, [cell(ov, o, c) for c in ov.columns]) for o in rows],
            "may_add": ov.may(request.user, ov.add_action),
            "filters": ov.filterset.widgets(request.user, request.GET),
            "query": _query_without_page(request),
        }  # fmt: skip
        partial = request.headers.get("HX-Request") == "true"
        return render(request, "core/_table.html" if partial else "esg/list.html", ctx)

    return view


def moves(name: str, obj: Any, user: Any) -> list[dict[str, Any]]:
    """The steps ``user`` may take on ``obj`` now, each with what still blocks it and the
    fields the step asks for."""
    flow = flows.FLOWS.get(name)
    if flow is None:
        return []
    out = []
    # forward steps first; returning or rejecting (which need a reason) after them
    for step in sorted(flow.available(obj, user), key=lambda s: s.note_required):
        fields = [(f, obj._meta.get_field(f).verbose_name, getattr(obj, f) or "")
                  for f in flows.FIELDS.get((name, step.event), ())]  # fmt: skip
        out.append({"event": step.event, "label": gettext(step.label), "note": step.note_required,
                    "blockers": flow.blockers(obj, step.event), "fields": fields})  # fmt: skip
    return out


LINKS = {"document": "esg:document", "assessment": "assessments:detail"}


def _href(f: Any, value: Any) -> str:
    """The page of a record a field points to (a register's, a document's, a run's), if any."""
    if value is None or not f.is_relation or not hasattr(value, "pk"):
        return ""
    name = f.related_model._meta.model_name
    if name in ("user", "organisation"):  # people and organisations: their own pages' rules
        return ""
    if name in REGISTRY:
        return reverse(f"{name}_detail", args=[value.pk])
    return reverse(LINKS[name], args=[value.pk]) if name in LINKS else ""


def _points_to(model: Any, column: str, parent: Any) -> bool:
    """Whether ``column`` of ``model`` is the foreign key to ``parent`` (the page's record)."""
    try:
        f = model._meta.get_field(column)
    except Exception:
        return False
    return bool(f.is_relation and f.related_model is parent)


def detail_view(ov: Register) -> Callable[..., HttpResponse]:
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_for_user(ov.model, request.user, Action.view, pk, request=request)
        fields = [
            (str(ov.labels.get(f.name) or _label(ov.model, f.name)), cell(ov, obj, f.name),
             _href(f, getattr(obj, f.name)))
            for f in ov.model._meta.concrete_fields
            if f.name not in {"id", "organisation", "created_by"}
        ]  # fmt: skip
        for f in ov.model._meta.many_to_many:
            items = "、".join(str(x) for x in getattr(obj, f.name).all())
            fields.append((str(f.verbose_name), items, ""))
        related = []
        for title, rel_name, rows in ov.related:
            rel = REGISTRY[rel_name]
            cols = [c for c in rel.columns if not _points_to(rel.model, c, ov.model)]
            items = rows(obj)
            related.append({"title": title, "ov": rel,
                            "headers": [rel.labels.get(c) or _label(rel.model, c) for c in cols],
                            "rows": [(o, [cell(rel, o, c) for c in cols]) for o in items]})  # fmt: skip
        adds = []
        for label, rel_name, params in ov.adds:
            rel, query = REGISTRY[rel_name], params(obj)
            if query is not None and rel.may(request.user, rel.add_action):
                adds.append((label, reverse(f"{rel_name}_add") + "?" + urlencode(query)))
        ctx = {"ov": ov, "meta": ov.model._meta, "obj": obj, "fields": fields,
               "may_edit": ov.may(request.user, ov.edit_action, obj), "related": related,
               "moves": moves(ov.name, obj, request.user), "adds": adds}  # fmt: skip
        if ov.detail_context is not None:
            ctx.update(ov.detail_context(request, obj))
        return render(request, "esg/detail.html", ctx)

    return view


def edit_view(ov: Register) -> Callable[..., HttpResponse]:
    form_class, save = ov.form, ov.save
    assert form_class is not None and save is not None

    @login_required
    def view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is None:
            if not ov.may(request.user, ov.add_action):
                deny(request.user, ov.model, "", ov.add_action, request)
                raise PermissionDenied
            obj = ov.model()
        else:
            obj = get_for_user(ov.model, request.user, ov.edit_action, pk, request=request)
            if getattr(obj, "frozen", False):
                deny(request.user, ov.model, pk, ov.edit_action, request)
                raise PermissionDenied
        initial = {k: v for k, v in request.GET.items() if k in form_class.base_fields}
        form = form_class(request.POST or None, instance=obj, user=request.user, initial=initial)  # type: ignore[call-arg]
        if request.method == "POST" and form.is_valid():
            try:
                saved = save(actor=request.user, obj=form.instance, request=request)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return redirect(f"{ov.name}_detail", pk=saved.pk)
        return render(request, "esg/form.html", {"ov": ov, "meta": ov.model._meta,
                                                 "form": form, "obj": obj})  # fmt: skip

    return view


def _add_errors(form: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def move_view(ov: Register) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int, event: str) -> HttpResponse:
        wanted = flows.FIELDS.get((ov.name, event), ())
        try:
            records.move(actor=request.user, model=ov.model, pk=pk, event=event,
                         note=request.POST.get("note", ""),
                         fields={f: request.POST.get(f, "") for f in wanted}, request=request)  # fmt: skip
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(f"{ov.name}_detail", pk=pk)

    return view


def urls(ov: Register, prefix: str) -> list[URLPattern]:
    """List, detail, add, edit (and workflow moves) of one register, each URL with its own
    view and access policy (as ``core.views.urls`` declares the platform's generic ones)."""
    n = ov.name
    REGISTRY[n] = ov
    out = [
        path(f"{prefix}/", policy.member("view")(list_view(ov)), name=f"{n}_list"),
        path(f"{prefix}/<int:pk>/", policy.obj(ov.model)(detail_view(ov)), name=f"{n}_detail"),
    ]
    if ov.form is not None and ov.save is not None:
        out += [path(f"{prefix}/add/", policy.member(ov.add_action)(edit_view(ov)),
                     name=f"{n}_add"),
                path(f"{prefix}/<int:pk>/edit/",
                     policy.obj(ov.model, ov.edit_action)(edit_view(ov)), name=f"{n}_edit")]  # fmt: skip
    if n in flows.FLOWS:
        # records.move: the record seen (view), then the step's own rule (who may act)
        out.append(path(f"{prefix}/<int:pk>/move/<slug:event>/",
                        policy.obj(ov.model)(move_view(ov)), name=f"{n}_move"))  # fmt: skip
    return out
