"""The tenant base model: every piece of data belongs to one organisation and one creator.

``Model.objects.for_user(user, action)`` is the one query entry point views and the API use;
there is deliberately no manager that returns "everything" for a request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TenantQuerySet(models.QuerySet[Any]):
    # Path from this model to the organisation that owns a row (``id`` for Organisation).
    org_path = "organisation"

    def for_user(self, user: Any, action: str) -> models.QuerySet[Any]:
        """Rows ``user`` may take ``action`` on; see ``parkesg.web.orgs.access``."""
        from parkesg.web.orgs.access import scope

        return scope(self, user, action, org_path=self.org_path)


class TenantModel(models.Model):
    """Abstract base: a required ``organisation`` and ``created_by``, UTC ``created_at``."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属组织")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))

    objects = TenantQuerySet.as_manager()
    # False: organisations holding a grant do not see these rows (e.g. the grants themselves).
    shared_by_grants = True

    class Meta:
        abstract = True

    @classmethod
    def extra_view_q(cls, user: Any) -> models.Q | None:
        """Rows a model lets outsiders view besides the policy (e.g. a grant's grantee)."""
        return None
