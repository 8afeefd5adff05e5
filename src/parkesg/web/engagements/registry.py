"""The kinds of records an engagement has, as data: URL slug, model, the fields a person
fills in, which engagement kinds use it — one table read by the services, forms, pages, the
API and the workbook bridge (NetBox's habit: a model registered once gets its views)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from parkesg.web.engagements import records as r
from parkesg.web.engagements.choices import Kind
from parkesg.web.engagements.models import Side

BOTH = (Kind.cppc, Kind.beijing)


@dataclass(frozen=True)
class Spec:
    slug: str
    model: type[models.Model]
    fields: tuple[str, ...]  # the form's, in order
    columns: tuple[str, ...]  # what the engagement page shows
    kinds: tuple[str, ...] = BOTH
    attachments: bool = False  # photos, signed scans

    @property
    def key(self) -> str:
        return self.model.__name__

    @property
    def side(self) -> Side:
        return self.model.side  # type: ignore[attr-defined, no-any-return]

    @property
    def label(self) -> Any:
        return self.model._meta.verbose_name


SPECS: tuple[Spec, ...] = (
    Spec("members", r.Member,
         ("team", "role", "name", "user", "affiliation", "enterprise", "unit_name", "department",
          "post", "finance", "title", "title_grade", "speciality", "field", "duties", "days",
          "green_projects"),
         ("team", "role", "name", "affiliation", "enterprise", "department", "finance", "title",
          "title_grade", "field", "duties", "days")),
    Spec("plan", r.PlanItem,
         ("phase", "action", "content", "due", "owner", "departments", "participants", "output",
          "done_on"),
         ("phase", "content", "due", "owner", "output", "done_on")),
    Spec("publicity", r.Publicity, ("held_on", "form", "topics", "participants", "audience"),
         ("held_on", "form", "topics", "participants"), kinds=(Kind.cppc,), attachments=True),
    # 园区概况's picture is the report's cover photo (T/CPPC 附件2 1.1 (2), contract.cover_photo)
    Spec("sections", r.Section, ("part", "text"), ("part", "text"), kinds=(Kind.cppc,),
         attachments=True),
    Spec("focus", r.Focus, ("level", "focus", "indicator", "basis", "status"),
         ("level", "focus", "indicator", "status"), kinds=(Kind.cppc,)),
    Spec("targets", r.Target,
         ("indicator", "name", "unit", "lower_is_better", "current", "near", "near_year", "mid",
          "mid_year", "long", "long_year", "completion", "actual"),
         ("name", "unit", "current", "near", "mid", "long"), kinds=(Kind.cppc,)),
    Spec("findings", r.Finding, ("analysis", "level", "focus", "problem", "cause", "suggestion"),
         ("analysis", "level", "focus", "problem", "cause", "suggestion")),
    Spec("options", r.Option,
         ("level", "source", "name", "implementer", "summary", "investment", "fixed_investment",
          "environmental_benefit", "economic_benefit", "timing", "status"),
         ("level", "name", "implementer", "investment", "environmental_benefit", "decision",
          "status")),
    Spec("conclusions", r.Conclusion, ("kind", "content"), ("kind", "content")),
    Spec("continuing", r.ContinuingStep, ("item", "content", "time", "department"),
         ("item", "content", "time", "department"), kinds=(Kind.cppc,)),
    Spec("bases", r.Basis, ("kind", "title", "code"), ("kind", "title", "code"),
         kinds=(Kind.beijing,)),
    Spec("pledges", r.Pledge, ("number", "signed_on"), ("number", "signed_on", "recorded_at"),
         kinds=(Kind.beijing,), attachments=True),
    Spec("onsite", r.OnsiteDay, ("day", "adjusted_workday", "place", "work", "people"),
         ("day", "place", "work", "people"), kinds=(Kind.beijing,)),
    Spec("confirmations", r.Confirmation,
         ("report_received_on", "meeting_on", "no_fee", "third_party", "signer", "signed_on"),
         ("report_received_on", "meeting_on", "third_party", "signer", "signed_on"),
         kinds=(Kind.beijing,), attachments=True),
    Spec("surveys", r.Survey, ("rating", "on_service", "on_work", "intentions", "signer",
                               "signed_on"),
         ("rating", "on_service", "signer", "signed_on"), kinds=(Kind.beijing,),
         attachments=True),
    Spec("opinions", r.Opinion, ("text", "reviewed_on"), ("text", "reviewed_on"),
         attachments=True),
    Spec("adoptions", r.AdoptionRecord, ("option", "status", "effect", "recorded_on"),
         ("option", "status", "effect", "recorded_on"), kinds=(Kind.beijing,)),
)  # fmt: skip
BY_SLUG = {s.slug: s for s in SPECS}
BY_MODEL = {s.model: s for s in SPECS}


def specs_for(kind: str) -> list[Spec]:
    return [s for s in SPECS if kind in s.kinds]


def spec(slug: str) -> Spec | None:
    return BY_SLUG.get(slug)
