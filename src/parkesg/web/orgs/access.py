"""Who may see what — the one access policy every query goes through.

``scope(queryset, user, action)`` narrows a queryset to the rows ``user`` may take ``action``
on. Rules (view unless said otherwise):

- own organisation: every action its role allows (``core.roles.ROLE_ACTIONS``);
- park committee: data its enterprises share with it (active ``park_share`` grant);
- service provider: a park's or enterprise's data only during an engagement whose
  confidentiality pledge is recorded (北京市工业园区绿色诊断工作指南 三（五）);
- bank / rating agency: an enterprise's data only with its recorded consent (T/JDFA01—2025
  6.6 d), 6.7);
- government: organisations of its region (the directory) and the published rows of models
  that have ``published_at``; aggregates through ``services`` only;
- platform operator (superuser without organisation, the system administrator): the
  organisation directory, no data; the security and audit administrators: no data either
  (accounts, resp. the audit log's security events — ``scope_users``, ``AuditQuerySet``).

Cross-organisation access is view only. Anything else: nothing (no implicit global default).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from parkesg.web.core.roles import Action, role_allows
from parkesg.web.orgs.models import (
    AccessGrant,
    GrantKind,
    Organisation,
    OrgKind,
    active_grants_q,
    region_prefix,
)

_GRANT_FOR_KIND = {
    OrgKind.park: GrantKind.park_share,
    OrgKind.provider: GrantKind.engagement,
    OrgKind.bank: GrantKind.bank_consent,
}


def _member(user: Any) -> Organisation | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.organisation


def granted_org_ids(org: Organisation) -> QuerySet[Any]:
    """Ids of the organisations whose data ``org`` may view through a grant in force now."""
    kind = _GRANT_FOR_KIND.get(OrgKind(org.kind))
    if kind is None:
        return Organisation.objects.none().values("id")
    today = timezone.localdate()
    grants = AccessGrant.objects.filter(active_grants_q(today), kind=kind, grantee=org)
    return grants.values("organisation_id")


def data_org_q(user: Any, action: str, org_path: str, *, granted: bool = True) -> Q | None:
    """Condition on ``org_path`` for the organisations whose data ``user`` may ``action``
    (``granted=False``: own organisation only, for rows that grants do not share)."""
    org = _member(user)
    if org is None or not role_allows(user.role, action):
        return None
    q = Q(**{org_path: org.id})
    if action == Action.view and granted:
        q |= Q(**{f"{org_path}__in": granted_org_ids(org)})
    return q


def _directory_q(user: Any, action: str) -> Q | None:
    """Organisations ``user`` may list (view) or administer (change/manage)."""
    if getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser:
        return Q()  # the platform operator (system administrator) manages the directory
    q = data_org_q(user, action, "id")
    org = _member(user)
    if q is None or org is None or action != Action.view:
        return q
    if org.kind == OrgKind.park:
        q |= Q(park_id=org.id)  # a park knows which enterprises it hosts
    if org.kind == OrgKind.government:
        q |= Q(region__startswith=region_prefix(org.region))
    return q


def _published_q(user: Any, model: type[Model], org_path: str) -> Q | None:
    org = _member(user)
    names = {f.name for f in model._meta.get_fields()}
    if org is None or org.kind != OrgKind.government or "published_at" not in names:
        return None
    prefix = region_prefix(org.region)
    return Q(published_at__isnull=False, **{f"{org_path}__region__startswith": prefix})


def scope(
    qs: QuerySet[Any], user: Any, action: str, *, org_path: str = "organisation"
) -> QuerySet[Any]:
    """``qs`` narrowed to what ``user`` may take ``action`` on (``action`` from ``Action``)."""
    if qs.model is Organisation:
        q = _directory_q(user, action)
        return qs.filter(q) if q is not None else qs.none()
    q = data_org_q(user, action, org_path, granted=qs.model.shared_by_grants)
    if action == Action.view and _member(user) is not None:
        for extra in (qs.model.extra_view_q(user), _published_q(user, qs.model, org_path)):
            if extra is not None:
                q = extra if q is None else q | extra
    return qs.filter(q) if q is not None else qs.none()


def scope_users(qs: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """People. A member sees its own organisation's people (as far as its role allows
    ``action``) and nobody else's. Platform staff by duty (三员分立): the security
    administrator sees and manages every account (unlock, reset, role); the system
    administrator sees the organisations' admins (it adds an organisation's first one, see
    ``accounts.create_first_admin``) and manages no one; the audit administrator: nobody."""
    duty = getattr(user, "staff_duty", "") if getattr(user, "is_authenticated", False) else ""
    if duty == "security" and action in (Action.view, Action.manage):
        return qs
    if duty == "system" and action == Action.view:
        return qs.filter(organisation__isnull=False, role="admin")
    org = _member(user)
    if org is None or not role_allows(user.role, action):
        return qs.none()
    return qs.filter(organisation_id=org.id)
