"""The base of every register of the park ESG management system: a tenant row (the park
committee owns it, ``created_by`` made it) with its last change, and the evidence file a
record may carry (from the collection app's checked store)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.tenancy import TenantModel


class Register(TenantModel):
    """Abstract: a row of a register. ``frozen_states``: states in which the row is a record
    that no longer changes (a closed audit, an approved target) — edits are refused."""

    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    frozen_states: ClassVar[tuple[str, ...]] = ()
    state_field: ClassVar[str] = "state"

    class Meta:
        abstract = True

    @property
    def frozen(self) -> bool:
        state: Any = getattr(self, self.state_field, None)
        return bool(self.pk) and state in self.frozen_states


def evidence_field() -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        "collection.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("证明材料"),
    )  # fmt: skip


def department_field(label: Any = None, *, required: bool = False) -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        "esg.EsgDepartment", null=not required, blank=not required, on_delete=models.PROTECT,
        related_name="+", verbose_name=label or _("责任部门"),
    )  # fmt: skip


def person_field(label: Any, *, required: bool = False) -> models.ForeignKey:  # type: ignore[type-arg]
    from django.conf import settings

    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=not required, blank=not required,
        on_delete=models.PROTECT, related_name="+", verbose_name=label,
    )  # fmt: skip
