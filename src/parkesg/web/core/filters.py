"""One filter set per model, shared by the HTML list, its HTMX partial and the API list
(NetBox's habit): query parameters → ORM lookups, each value checked before use."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from parkesg.web.core import vocab


@dataclass(frozen=True)
class Filter:
    lookup: str  # ORM lookup, e.g. "organisation_id"
    label: Any  # str or a lazy translation
    kind: type = str  # int or str
    # (user) → [(value, label)] for a dropdown; only what the user may see
    choices: Callable[[Any], list[tuple[Any, str]]] | None = None


@dataclass(frozen=True)
class FilterSet:
    filters: dict[str, Filter] = field(default_factory=dict)

    def apply(self, qs: QuerySet[Any], params: Mapping[str, Any]) -> QuerySet[Any]:
        """Narrow ``qs`` by the parameters given; a value of the wrong type matches nothing."""
        for name, f in self.filters.items():
            raw = params.get(name)
            if raw in (None, ""):
                continue
            try:
                value = f.kind(raw)
            except (TypeError, ValueError):
                return qs.none()
            qs = qs.filter(**{f.lookup: value})
        return qs

    def widgets(self, user: Any, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """What the list template draws: name, label, current value, choices (labelled from
        their vocabulary in the reader's language when they are one, ``core.vocab``)."""
        out = []
        for name, f in self.filters.items():
            choices = None
            if f.choices:
                pairs = f.choices(user)
                words = vocab.for_choices(v for v, _l in pairs)
                choices = [(str(v), words.label(v) if words else lbl) for v, lbl in pairs]
            out.append({"name": name, "label": f.label, "value": str(params.get(name, "")),
                        "choices": choices})  # fmt: skip
        return out
