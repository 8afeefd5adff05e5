"""States and transitions as data — the one mechanism every workflow of the platform uses
(DESIGN.md “Workflows on the platform”): a T/CPPC audit's stages, a Beijing diagnosis, a
nonconformity, a rating project, a disclosure.

A workflow is an explicit table of ``Step``s: from which states, to which state, who may act,
the records that must exist and the rule checks that must pass (each citing its clause), and
who may *not* act (“no one approves, signs or reviews their own work” — checked here, once).
Only ``move`` changes a record's state; it re-checks everything inside the transaction, saves,
and writes the audit record. Hypothesis state-machine tests drive the same table.

Checks return every problem at once, in Chinese; a non-empty list blocks the step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction

Problems = list[str]


@dataclass(frozen=True)
class Check:
    """A rule from a standard (or a record that must exist), named and cited: ``test(obj)``
    returns the problems (empty when the rule holds)."""

    name: str
    clause: str
    test: Callable[[Any], Problems]

    def problems(self, obj: Any) -> Problems:
        return [f"{p}（{self.clause}）" if self.clause else p for p in self.test(obj)]


@dataclass(frozen=True)
class Step:
    """One transition: ``event`` takes a record in one of ``sources`` to ``target``.

    ``may(user, obj)`` says who may act (an organisation role, the engagement's lead …);
    ``not_by`` names attributes of the record holding people who must not take this step
    (the maker of a document cannot approve it, an auditor cannot audit their own
    department); ``checks`` must all pass."""

    event: str
    sources: frozenset[str]
    target: str
    label: str  # what a person reads on the button (Chinese)
    may: Callable[[Any, Any], bool]
    checks: tuple[Check, ...] = ()
    not_by: tuple[str, ...] = ()
    clause: str = ""
    note_required: bool = False  # e.g. returning or rejecting needs a reason


@dataclass(frozen=True)
class Workflow:
    """The table of a model's steps; ``state_field`` holds the state."""

    steps: tuple[Step, ...]
    state_field: str = "state"
    on_move: tuple[Callable[[Any, Step, Any], None], ...] = field(default=())

    def step(self, event: str) -> Step:
        for s in self.steps:
            if s.event == event:
                return s
        raise ValidationError(f"未知操作 “{event}”")

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.state_field))

    def available(self, obj: Any, user: Any) -> list[Step]:
        """The steps ``user`` may take on ``obj`` now (checks not yet run): what a page offers."""
        state = self.state_of(obj)
        return [
            s for s in self.steps
            if state in s.sources and s.may(user, obj) and not _own_work(s, obj, user)
        ]  # fmt: skip

    def blockers(self, obj: Any, event: str) -> Problems:
        """Every problem that keeps ``event`` from being taken now (its checks)."""
        step = self.step(event)
        out: Problems = []
        for check in step.checks:
            out += check.problems(obj)
        return out

    def move(
        self, obj: models.Model, event: str, *, user: Any, note: str = "", request: Any = None
    ) -> models.Model:
        """Take ``event`` on ``obj``: refuse (PermissionDenied / ValidationError with every
        problem) or save the new state and audit the move, in one transaction."""
        step = self.step(event)
        with transaction.atomic():
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)  # type: ignore[attr-defined]
            state = self.state_of(locked)
            if state not in step.sources:
                raise ValidationError(f"当前状态下不能“{step.label}”")
            if not step.may(user, locked):
                raise PermissionDenied(f"无权“{step.label}”")
            if _own_work(step, locked, user):
                raise ValidationError(f"不能对自己的工作执行“{step.label}”（不得自审、自签）")
            if step.note_required and not note.strip():
                raise ValidationError(f"“{step.label}”须填写理由")
            problems = self.blockers(locked, event)
            if problems:
                raise ValidationError(problems)
            before = audit.snapshot(locked)
            setattr(locked, self.state_field, step.target)
            locked.save()
            for hook in self.on_move:
                hook(locked, step, user)
            audit.record(
                action=AuditAction.change,
                actor=user,
                organisation=getattr(locked, "organisation", None),
                obj=locked,
                before=before,
                after={**(audit.snapshot(locked) or {}), "_event": step.event, "_note": note},
                request=request,
            )
        setattr(obj, self.state_field, step.target)
        return locked


def _own_work(step: Step, obj: Any, user: Any) -> bool:
    """Whether ``user`` is one of the people ``step.not_by`` names on ``obj``."""
    for name in step.not_by:
        who: Any = getattr(obj, name, None)
        if hasattr(who, "all"):  # a many-to-many manager
            people: Iterable[Any] = who.all()
        elif isinstance(who, list | tuple | set | frozenset):  # a property naming several people
            people = who
        else:
            people = [who]
        if any(p is not None and getattr(p, "pk", p) == user.pk for p in people):
            return True
    return False
