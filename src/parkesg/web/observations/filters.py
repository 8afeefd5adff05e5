"""Filters of the observation list, its HTMX partial and ``GET /api/observations``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from parkesg.web.core.filters import Filter, FilterSet
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import Organisation, OrgKind


def _entities(user: Any) -> list[tuple[Any, str]]:
    """Parks and enterprises whose data the user may see — the dropdown offers no more."""
    from parkesg.web.observations.models import Observation

    ids = Observation.objects.for_user(user, Action.view).values("organisation_id")
    orgs = Organisation.objects.filter(id__in=ids, kind__in=[OrgKind.park, OrgKind.enterprise])
    return [(o.pk, o.name) for o in orgs]


OBSERVATION_FILTERS = FilterSet(
    {
        "organisation": Filter("organisation_id", _("主体"), int, _entities),
        "year": Filter("year", _("年份"), int),
        "state": Filter("state", _("审核状态"), str, lambda u: list(ReviewState.choices)),
        "field": Filter("field_id", _("字段"), str),
    }
)
