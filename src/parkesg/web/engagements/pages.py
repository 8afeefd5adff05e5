"""What the engagement page shows, as data: its sections (one per stage of the standard), the
records of each (read through ``for_user``), what the reader may add or change there, the
stored computations, the steps the reader may take now and what still blocks them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from parkesg.web.core.roles import Action
from parkesg.web.core.views import ObjectViews, cell
from parkesg.web.engagements import flows, registry, services
from parkesg.web.engagements.choices import Kind, SnapshotKind, State
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.records import Attachment, Snapshot


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    states: tuple[str, ...]  # the section is "current" in these states
    slugs: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()  # template blocks: baseline, evaluation, energy, report …


CPPC = (
    Section("s51", _("5.1 筹划和组织"), (State.s51, State.s51_ready),
            ("members", "plan", "publicity")),
    Section("s52", _("5.2 初步审核"), (State.s52, State.s52_ready),
            ("sections", "focus", "targets"), ("baseline", "evaluation")),
    Section("s53", _("5.3 重点审核"), (State.s53, State.s53_ready), ("findings",), ("energy",)),
    Section("s54", _("5.4 方案产生和筛选"), (State.s54, State.s54_ready), ("options",)),
    Section("s55", _("5.5 结论和建议"), (State.s55, State.s55_ready),
            ("conclusions", "continuing")),
    Section("report", _("审核报告"), (State.report,), (), ("report",)),
    Section("submission", _("报送与审核意见"), (State.done, State.submitted, State.closed),
            ("opinions",)),
)  # fmt: skip
BEIJING = (
    Section("boundary", _("明确诊断任务"), (State.boundary, State.boundary_ready), (),
            ("boundary",)),
    Section("prep", _("前期准备"), (State.prep, State.prep_ready),
            ("members", "bases", "plan", "pledges")),
    Section("onsite", _("诊断实施"), (State.onsite, State.onsite_ready), ("onsite",),
            ("evaluation",)),
    Section("drafting", _("报告编制"), (State.drafting, State.drafting_ready),
            ("findings", "options", "conclusions"), ("report",)),
    Section("feedback", _("向园区反馈"), (State.feedback, State.confirmed),
            ("confirmations", "surveys"), ("forms",)),
    Section("submission", _("报送区经信部门"), (State.submitted,), ("opinions",)),
    Section("followup", _("后续跟踪"), (State.followup, State.followup_ready, State.closed),
            ("adoptions",), ("next_plan",)),
)  # fmt: skip
SECTIONS = {Kind.cppc: CPPC, Kind.beijing: BEIJING}
HIDDEN_COLUMNS = {Kind.beijing: {"options": ("decision",)}}


@dataclass
class Block:
    spec: registry.Spec
    headers: list[Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    may_add: bool = False


def _ov(spec: registry.Spec, kind: str) -> ObjectViews:
    hidden = HIDDEN_COLUMNS.get(Kind(kind), {}).get(spec.slug, ())
    return ObjectViews(spec.model, [c for c in spec.columns if c not in hidden])


def block(e: Engagement, user: Any, spec: registry.Spec) -> Block | None:
    """The records of one kind the reader may see, with what they may do to each; None where
    the reader's side never sees this kind (the district government: working papers)."""
    model: Any = spec.model
    if user.organisation_id == e.district_id and not model.submitted and \
            user.organisation_id not in (e.organisation_id, e.park_id):  # fmt: skip
        return None
    ov = _ov(spec, e.kind)
    rows = list(model.objects.for_user(user, Action.view).filter(engagement=e))
    changeable = set(model.objects.for_user(user, Action.change).filter(engagement=e)
                     .values_list("pk", flat=True))  # fmt: skip
    open_ = flows.editable(e, spec.key)
    late = flows.late_editable(e, spec.key)
    files = _files(spec, rows, user)
    out = Block(
        spec,
        [model._meta.get_field(c).verbose_name for c in ov.columns],
        may_add=services.may_add(user, e, model),
    )
    for obj in rows:
        mine = obj.pk in changeable
        out.rows.append({
            "obj": obj, "cells": [cell(ov, obj, c) for c in ov.columns],
            "edit": mine and (open_ or bool(late)), "delete": mine and open_,
            "attach": mine and open_ and spec.attachments, "files": files.get(obj.pk, []),
            "problems": _row_problems(spec, obj),
        })  # fmt: skip
    return out


def _files(spec: registry.Spec, rows: list[Any], user: Any) -> dict[int, list[Attachment]]:
    if not spec.attachments or not rows:
        return {}
    out: dict[int, list[Attachment]] = {}
    atts = Attachment.objects.for_user(user, Action.view).filter(
        record_type=spec.key, record_id__in=[o.pk for o in rows]).select_related("file")  # fmt: skip
    for a in atts:
        out.setdefault(a.record_id, []).append(a)
    return out


def _row_problems(spec: registry.Spec, obj: Any) -> list[str]:
    if spec.slug == "targets":
        from parkesg.web.engagements import targets

        return targets.problems(obj)
    return []


def snapshots(e: Engagement, user: Any) -> dict[str, Snapshot | None]:
    seen = Snapshot.objects.for_user(user, Action.view).filter(engagement=e)
    return {k.value: seen.filter(kind=k).order_by("-created_at", "-id").first()
            for k in SnapshotKind}  # fmt: skip


def steps(e: Engagement, user: Any) -> list[dict[str, Any]]:
    """The steps the reader may take now, each with what blocks it (every problem, cited)."""
    f = flows.flow(e)
    return [{"step": s, "blockers": f.blockers(e, s.event)} for s in f.available(e, user)]


def waiting_on(e: Engagement) -> list[dict[str, Any]]:
    """Every step of the current state, for everyone: who may take it, what blocks it."""
    f = flows.flow(e)
    return [{"step": s, "blockers": f.blockers(e, s.event)} for s in f.steps
            if e.state in s.sources and not s.event.startswith("return_")]  # fmt: skip


def progress(e: Engagement) -> list[tuple[str, str]]:
    """(state, css) of the stages in order, the ``_ready`` halves left out."""
    states = [s for s in flows.order(e.kind) if not s.endswith("_ready")]
    here = e.state.removesuffix("_ready")
    at = states.index(here) if here in states else -1
    return [(s, "done" if i < at else "current" if i == at else "todo")
            for i, s in enumerate(states)]  # fmt: skip
