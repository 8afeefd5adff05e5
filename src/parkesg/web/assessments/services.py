"""Run an assessment in the platform and store it: the one place the web calls the engine
(through ``parkesg.service.assess``); pages then read the stored results.

Who may run: a member whose role may add (admin, editor) — on an entity whose data it may
view (its own organisation, or one that shares with it through a grant in force).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from parkesg import service
from parkesg.engine.selection import check_selection
from parkesg.errors import ParkesgError
from parkesg.frameworks import iter_indicators, list_frameworks, load_framework
from parkesg.frameworks.schema import Framework
from parkesg.web.assessments import results as packing
from parkesg.web.assessments.inputs import Inputs, approved_inputs, missing_fields
from parkesg.web.assessments.models import Assessment
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core import faults
from parkesg.web.core.objects import deny, object_id
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.orgs.access import data_org_q
from parkesg.web.orgs.models import Organisation, OrgKind

ENTITY_KINDS = {OrgKind.park: "park", OrgKind.enterprise: "enterprise"}
# framework id → (entity) → the targets table ``service.assess`` reads (T/ESC 001 6.3.1, 6.3.2:
# entity_id, indicator_id, baseline, target) kept by another app (``esg`` registers it), or None
TARGETS: dict[str, Callable[[Organisation], pd.DataFrame | None]] = {}
SHOWN_FIELDS = 8  # a message names this many missing fields, then "等 N 项"


def entities_for(user: Any) -> QuerySet[Organisation]:
    """Parks and enterprises whose data ``user`` may view (``orgs.access``: own or granted)."""
    q = data_org_q(user, Action.view, "id")
    if q is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(q, kind__in=list(ENTITY_KINDS)).order_by("name")


def may_run(user: Any) -> bool:
    return bool(user.is_authenticated and user.organisation_id and role_allows(user.role, "add"))


def frameworks() -> list[Framework]:
    return [load_framework(f) for f in list_frameworks()]


def frameworks_for(entity: Organisation) -> list[Framework]:
    """Park frameworks for a park committee's park, enterprise frameworks for an enterprise."""
    kind = ENTITY_KINDS.get(OrgKind(entity.kind))
    return [fw for fw in frameworks() if fw.entity_kind == kind]


def optional_indicators(fw: Framework) -> list[tuple[str, str]]:
    """(id, "序号 名称") of the indicators a user may leave out (T/CPPC 附件1 optional groups)."""
    if fw.selection is None:
        return []
    return [(i.id, f"{i.no} {i.name.zh}") for i in iter_indicators(fw.tree)
            if i.selection != "mandatory"]  # fmt: skip


def selection_for(fw: Framework, chosen: list[str] | None) -> list[str] | None:
    """The engine's ``selected``: every mandatory indicator plus the optional ones chosen."""
    if fw.selection is None or not chosen:
        return None
    return [i.id for i in iter_indicators(fw.tree) if i.selection == "mandatory" or i.id in chosen]


def choice_problems(fw: Framework, selected: list[str] | None) -> list[str]:
    """What breaks the selection rule in the choice itself (data aside): the engine's own
    check (``engine.selection``) run as if every indicator had data."""
    if fw.selection is None or selected is None:
        return []
    every = pd.DataFrame([{"entity_id": "-", "year": 0, "indicator_id": i.id, "no": i.no,
                           "status": "computed", "selection": i.selection}
                          for i in iter_indicators(fw.tree)])  # fmt: skip
    return list(check_selection(every, fw, selected).iloc[0].problems)


def default_years(fw: Framework, available: list[int]) -> list[int]:
    """The latest ``fw.years`` years with data: Beijing 3 years before the diagnosis, T/CPPC
    and the others the latest year (as the CLI and ``service.assess`` choose)."""
    return sorted(available)[-fw.years :]


def _listing(fields: list[str]) -> str:
    more = f" 等 {len(fields)} 项" if len(fields) > SHOWN_FIELDS else ""
    return "、".join(fields[:SHOWN_FIELDS]) + more


def _check_data(fw: Framework, entity: Organisation, inputs: Inputs, years: list[int]) -> None:
    if not inputs.snapshot:
        raise ValidationError(f"{entity.name} 没有 {fw.title.zh} 所需的已审核数据（只使用已审核的"
                              f"数据）：需要 {_listing(missing_fields(fw, inputs, [0]).get(0, []))}")  # fmt: skip
    empty = [y for y in years if y not in inputs.years]
    if empty:
        need = _listing(missing_fields(fw, inputs, empty[:1]).get(empty[0], []))
        raise ValidationError(
            f"{'、'.join(map(str, empty))} 年没有已审核的数据（已审核数据的年份："
            f"{'、'.join(map(str, inputs.years))}）；需要：{need}"
        )


def run_assessment(
    *,
    actor: Any,
    entity_id: Any,
    framework_id: str,
    years: list[int] | None = None,
    chosen: list[str] | None = None,
    request: Any = None,
) -> Assessment:
    """Assess an entity's approved data, store and audit the run; ``ValidationError`` in
    Chinese for what the user can fix (framework, years, selection, missing data)."""
    key = object_id(entity_id)
    entity = entities_for(actor).filter(pk=key).first() if key is not None else None
    if entity is None:
        deny(actor, Organisation, entity_id, "assess", request)
        raise Http404
    if not may_run(actor):
        deny(actor, Organisation, entity_id, "assess", request)
        raise PermissionDenied
    fw = next((f for f in frameworks_for(entity) if f.id == framework_id), None)
    if fw is None:
        raise ValidationError({"framework": f"评价体系 “{framework_id}” 不适用于{entity.name}"})
    selected = selection_for(fw, chosen)
    if problems := choice_problems(fw, selected):
        raise ValidationError({"indicators": "指标选择不符合要求：" + "；".join(problems)})
    inputs = approved_inputs(actor, entity, fw)
    years = sorted(set(years)) if years else default_years(fw, inputs.years)
    _check_data(fw, entity, inputs, years)
    targets = TARGETS[fw.id](entity) if fw.id in TARGETS else None
    try:
        result = service.assess(fw, inputs.wide, years=years, selected=selected, targets=targets)
    except ParkesgError as exc:
        raise ValidationError(str(exc)) from exc
    run = Assessment(
        organisation=entity, created_by=actor, framework_id=fw.id, framework_title=fw.title.zh,
        framework_code=fw.source.code, framework_sha256=packing.framework_sha256(fw.id),
        years=years, selected=selected, inputs=inputs.snapshot,
        results=packing.pack(result, inputs, missing_fields(fw, inputs, years),
                             selected=selected, targets=targets),
    )  # fmt: skip
    run.page = packing.page(run.results, len(inputs.snapshot), fw.id)
    with transaction.atomic():
        run.save()
        faults.point("run_assessment.after_save")  # crash tests only
        audit.record(action=AuditAction.create, actor=actor, organisation=entity, obj=run,
                     after=summary(run), request=request)  # fmt: skip
    return run


def summary(run: Assessment) -> dict[str, Any]:
    """What the audit log keeps of a run (not the whole results document)."""
    return {
        "framework": run.framework_id, "sha256": run.framework_sha256, "years": run.years,
        "selected": run.selected, "inputs": len(run.inputs),
        "totals": run.results.get("totals", []),
    }  # fmt: skip
