"""Small generic views registered per model (NetBox's habit): list (with an HTMX partial for
search, and ``?export=xlsx|csv`` of the same filtered rows), detail and add / edit. Every
query goes through ``for_user``; saving goes through the model's service function, never
``form.save()``. Cells are written by the one formatter and the vocabularies (``cell``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parkesg import formatting
from parkesg.web.core import export, policy, vocab
from parkesg.web.core.filters import FilterSet
from parkesg.web.core.objects import deny, get_for_user
from parkesg.web.core.roles import Action

PAGE_SIZE = 50


@dataclass
class ObjectViews:
    """What the generic views need to know about one model."""

    model: type[models.Model]
    columns: list[str]
    search: list[str] = field(default_factory=list)
    form: type[forms.ModelForm[Any]] | None = None  # gets ``user=`` to narrow its dropdowns
    save: Callable[..., Any] | None = None  # service: save(actor=, obj=, request=)
    add_action: str = Action.add
    edit_action: str = Action.change
    custom_edit: bool = False  # add / edit pages are the app's own views (same URL names)
    detail_context: Callable[[Any, Any], dict[str, Any]] | None = None  # (request, obj)
    filterset: FilterSet = field(default_factory=FilterSet)
    labels: dict[str, Any] = field(default_factory=dict)  # headings for fields without one
    # column → (obj) → what a person reads on the page, where the plain value is not; an
    # export writes plain values (numbers stay numbers) unless ``export_cells`` says otherwise
    cells: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    export_cells: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    export_columns: list[str] | None = None  # default: ``columns``
    # (user) → False where the add form would be empty or useless for this user's kind of
    # organisation (no 新增 that leads to an empty form)
    add_if: Callable[[Any], bool] | None = None

    @property
    def name(self) -> str:
        return self.model._meta.model_name or ""

    def queryset(self, user: Any, action: str) -> Any:
        return self.model.objects.for_user(user, action)  # type: ignore[attr-defined]

    def may(self, user: Any, action: str, obj: Any = None) -> bool:
        if (self.form is None or self.save is None) and not self.custom_edit:
            return False
        qs = self.queryset(user, action)
        return qs.filter(pk=obj.pk).exists() if obj is not None else _may_add(self, user)


def _may_add(ov: ObjectViews, user: Any) -> bool:
    if user.is_superuser:
        return ov.add_action in {"superuser", Action.manage}  # the directory and its people
    if ov.add_action == "superuser":
        return False
    from parkesg.web.core.roles import role_allows

    if ov.add_if is not None and not ov.add_if(user):
        return False
    return user.organisation_id is not None and role_allows(user.role, ov.add_action)


# Headings for fields a model left without a verbose name (Django would show “created at”).
COMMON_LABELS = {"id": _("编号"), "created_at": _("创建时间"), "updated_at": _("更新时间"),
                 "created_by": _("创建人"), "organisation": _("所属组织")}  # fmt: skip


def _label(model: type[models.Model], name: str) -> Any:
    f = model._meta.get_field(name)
    verbose = getattr(f, "verbose_name", name)
    if str(verbose) == name.replace("_", " ") and name in COMMON_LABELS:
        return COMMON_LABELS[name]
    return verbose


def cell(ov: ObjectViews, obj: Any, name: str, *, for_export: bool = False) -> Any:
    """What a person reads in column ``name``: the app's own cell, a vocabulary label for a
    choice, 是 / 否, dates in Asia/Shanghai, numbers by the formatter. For an export, numbers
    and datetimes stay values (``export`` writes them)."""
    own = ov.export_cells if for_export else ov.cells
    if name in own:
        return own[name](obj)
    value = getattr(obj, name)
    try:
        f: Any = ov.model._meta.get_field(name)
    except Exception:  # a property, not a field
        f = None
    if f is not None and f.choices:
        words = vocab.for_choices(v for v, _l in f.flatchoices)
        return words.label(value) if words else getattr(obj, f"get_{name}_display")()
    if (display := getattr(obj, f"get_{name}_display", None)) is not None:
        return display()  # e.g. a catalogue field's name beside its id
    if value is None:
        return ""
    if for_export or isinstance(value, str | int) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return formatting.boolean(value, lang=get_language() or "zh")
    if isinstance(value, dt.datetime):
        return formatting.datetime_local(value)
    if isinstance(value, dt.date):
        return formatting.date(value)
    if isinstance(value, float):
        return formatting.number(value)
    return value


def _foreign_keys(ov: ObjectViews) -> list[str]:
    """The shown columns that are foreign keys (their labels are read for every row)."""
    fields = {f.name: f for f in ov.model._meta.concrete_fields}
    return [c for c in ov.columns if c in fields and fields[c].is_relation]


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


def list_view(ov: ObjectViews) -> Callable[..., HttpResponse]:
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        qs = ov.queryset(request.user, Action.view)
        term = request.GET.get("q", "").strip()
        if term and ov.search:
            cond = Q()
            for f in ov.search:
                cond |= Q(**{f"{f}__icontains": term})
            qs = qs.filter(cond)
        qs = ov.filterset.apply(qs, request.GET)
        qs = qs.select_related(*_foreign_keys(ov))  # one query for the page, not one per row
        qs = qs.order_by(*(ov.model._meta.ordering or ["pk"]))
        if fmt := export.wanted(request):
            cols = ov.export_columns or ov.columns
            return export.response(
                request, fmt=fmt, title=str(ov.model._meta.verbose_name),
                headers=[ov.labels.get(c) or _label(ov.model, c) for c in cols],
                rows=([cell(ov, o, c, for_export=True) for c in cols] for o in qs.iterator()),
            )  # fmt: skip
        page = Paginator(qs, PAGE_SIZE)
        rows = page.get_page(request.GET.get("page"))
        ctx = {
            "ov": ov, "meta": ov.model._meta, "page": rows, "q": term,
            "headers": [ov.labels.get(c) or _label(ov.model, c) for c in ov.columns],
            "rows": [(o, [cell(ov, o, c) for c in ov.columns]) for o in rows],
            "may_add": ov.may(request.user, ov.add_action),
            "filters": ov.filterset.widgets(request.user, request.GET),
            "query": _query_without_page(request),
        }  # fmt: skip
        partial = request.headers.get("HX-Request") == "true"
        return render(request, "core/_table.html" if partial else "core/object_list.html", ctx)

    return view


def detail_view(ov: ObjectViews) -> Callable[..., HttpResponse]:
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_for_user(ov.model, request.user, Action.view, pk, request=request)
        fields = [
            (str(ov.labels.get(f.name) or _label(ov.model, f.name)), cell(ov, obj, f.name))
            for f in ov.model._meta.concrete_fields
            if f.name not in {"id", "password"} and not f.name.startswith("failed_")
        ]
        ctx = {"ov": ov, "meta": ov.model._meta, "obj": obj, "fields": fields,
               "may_edit": ov.may(request.user, ov.edit_action, obj)}  # fmt: skip
        if ov.detail_context is not None:
            ctx.update(ov.detail_context(request, obj))
        own = f"{ov.model._meta.app_label}/{ov.name}_detail.html"
        return render(request, [own, "core/object_detail.html"], ctx)

    return view


def edit_view(ov: ObjectViews) -> Callable[..., HttpResponse]:
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
        form = form_class(request.POST or None, instance=obj, user=request.user)  # type: ignore[call-arg]
        if request.method == "POST" and form.is_valid():
            try:
                saved = save(actor=request.user, obj=form.instance, request=request)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(f"{ov.name}_detail", pk=saved.pk)
        return render(request, "core/object_form.html", {"ov": ov, "meta": ov.model._meta,
                                                          "form": form, "obj": obj})  # fmt: skip

    return view


REGISTRY: dict[str, ObjectViews] = {}  # model name → its views (tests run every one)


def urls(ov: ObjectViews, prefix: str) -> list[URLPattern]:
    """``<prefix>/``, ``<prefix>/<pk>/``, and when the model has a form ``add`` and ``edit``."""
    n = ov.name
    REGISTRY[n] = ov
    out = [
        path(f"{prefix}/", policy.member("view")(list_view(ov)), name=f"{n}_list"),
        path(f"{prefix}/<int:pk>/", policy.obj(ov.model)(detail_view(ov)), name=f"{n}_detail"),
    ]
    if ov.form is not None and ov.save is not None:
        add = edit_view(ov)  # one view per URL: each carries its own access policy
        add = policy.duty("system")(add) if ov.add_action == "superuser" else (
            policy.member(ov.add_action)(add))  # fmt: skip
        out += [
            path(f"{prefix}/add/", add, name=f"{n}_add"),
            path(
                f"{prefix}/<int:pk>/edit/",
                policy.obj(ov.model, ov.edit_action)(edit_view(ov)),
                name=f"{n}_edit",
            ),
        ]
    return out


@policy.public
def favicon_view(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico`` (asked for by every browser): the platform's icon, not a 404."""
    return redirect(f"{settings.STATIC_URL}parkesg/favicon.svg", permanent=True)
