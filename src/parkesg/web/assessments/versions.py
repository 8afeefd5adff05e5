"""Report versions and confirmations of an assessment: the service functions the pages call.

- ``write_version``: write the report and every file beside it (Beijing forms 附件2-2 … 2-4,
  the T/JDFA01 certificate when one may be issued, PDFs), keep each file's bytes by sha256
  and record the version — stage (T/CPPC 送审稿 → 修改稿 → 最终稿; 草稿 → 终稿 for the others),
  who, when — and audit it. After a final version none is written.
- ``confirm``: record who confirmed the run's provisional values (weights, indicator score maps
  and leading values), never the person who ran it (no one approves their own work).

Who may write a version: whoever may run assessments and may view this one; who may confirm:
an approver (admin, reviewer) of the assessed organisation.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy

from parkesg.engagement import EngagementKind
from parkesg.errors import ParkesgError
from parkesg.stored import CONFIRMABLE
from parkesg.web.assessments import report, services
from parkesg.web.assessments.models import (
    FINAL_STAGES,
    Assessment,
    ReportStage,
    ReportVersion,
    blob_path,
)
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core.roles import Action, role_allows

CPPC_STAGES = (ReportStage.submitted, ReportStage.revised, ReportStage.final)
OTHER_STAGES = (ReportStage.draft, ReportStage.issued)


def stages_for(run: Assessment) -> tuple[ReportStage, ...]:
    return CPPC_STAGES if report.report_kind(run) == EngagementKind.cppc else OTHER_STAGES


def next_stages(run: Assessment) -> list[ReportStage]:
    """The stages a new version may take: none after a final one; T/CPPC starts with 送审稿."""
    stages = stages_for(run)
    done = set(ReportVersion.objects.filter(assessment=run).values_list("stage", flat=True))
    if done & set(FINAL_STAGES):
        return []
    if stages == CPPC_STAGES and ReportStage.submitted not in done:
        return [ReportStage.submitted]
    return [s for s in stages if s != ReportStage.submitted or stages != CPPC_STAGES]


def may_write(user: Any, run: Assessment) -> bool:
    return services.may_run(user) and report.report_kind(run) is not None


def may_confirm(user: Any, run: Assessment) -> bool:
    """An approver of the assessed organisation who did not run the assessment (approving is
    never granted across organisations)."""
    return bool(
        user.is_authenticated
        and user.pk != run.created_by_id
        and user.organisation_id == run.organisation_id
        and role_allows(user.role, Action.approve)
    )


def _store(organisation_id: int, path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    target = blob_path(organisation_id, sha)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{sha}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return {"name": path.name, "sha256": sha, "size": len(data)}


def _label(name: str, first: bool) -> str:
    if first:
        return "报告" + (" PDF" if name.endswith(".pdf") else "")
    for part in ("附件2-2", "附件2-3", "附件2-4", "评价证书"):
        if part in name:
            return part + (" PDF" if name.endswith(".pdf") else "")
    return "报告 PDF" if name.endswith(".pdf") else name


def write_version(
    *, actor: Any, run: Assessment, stage: str, photo: Any = None, pdf: bool = False,
    request: Any = None,
) -> ReportVersion:  # fmt: skip
    """Write, keep and audit a version of ``run``'s report; ``ValidationError`` in Chinese for
    what the user can change (stage, a file that cannot be written)."""
    if not may_write(actor, run):
        raise PermissionDenied
    allowed = next_stages(run)
    if stage not in allowed:
        if not allowed:
            raise ValidationError("已有终稿（最终稿），不再生成新版本")
        raise ValidationError({"stage": f"版本应为 {'、'.join(allowed)} 之一"})
    with tempfile.TemporaryDirectory(prefix="parkesg-version-") as tmp:
        try:
            written = report.write_files(run, Path(tmp), stage=stage, pdf=pdf,
                                         photo=str(photo.blob_path()) if photo else None)  # fmt: skip
        except ParkesgError as exc:
            raise ValidationError(f"报告生成失败：{exc}") from exc
        files = [{"label": _label(p.name, n == 0 or p.stem == written.files[0].stem),
                  **_store(run.organisation_id, p)} for n, p in enumerate(written.files)]  # fmt: skip
    with transaction.atomic():
        number = (
            ReportVersion.objects.filter(assessment=run).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        version = ReportVersion.objects.create(
            organisation=run.organisation, created_by=actor, assessment=run, number=number,
            stage=stage, files=files, notices=written.notices,
        )  # fmt: skip
        audit.record(action=AuditAction.create, actor=actor, organisation=run.organisation,
                     obj=version, after={"assessment": run.pk, "number": number, "stage": stage,
                                         "files": [(f["name"], f["sha256"]) for f in files]},
                     request=request)  # fmt: skip
    return version


def confirm(*, actor: Any, run: Assessment, items: list[str], request: Any = None) -> Assessment:
    """Record that ``actor`` confirmed the run's provisional ``items`` (weights, indicators)."""
    if not may_confirm(actor, run):
        raise PermissionDenied
    bad = [i for i in items if i not in CONFIRMABLE]
    if bad or not items:
        raise ValidationError("请选择要确认的暂定值：权重、指标赋分表与引领值")
    before = {"confirmed_items": run.confirmed_items, "confirmed_by": run.confirmed_by_id}
    with transaction.atomic():
        run.confirmed_items = sorted(set(items))
        run.confirmed_by = actor
        run.confirmed_at = timezone.now()
        run.save(update_fields=["confirmed_items", "confirmed_by", "confirmed_at"])
        audit.record(action=AuditAction.approve, actor=actor, organisation=run.organisation,
                     obj=run, before=before,
                     after={"confirmed_items": run.confirmed_items, "confirmed_by": actor.pk},
                     request=request)  # fmt: skip
    return run


def provisional_items(run: Assessment) -> list[tuple[str, str]]:
    """(item, label) of what in ``run`` is provisional and not yet confirmed (the page document
    lists what was provisional when the run was stored)."""
    return [(i, str(LABELS.get(i, CONFIRMABLE[i]))) for i in run.page.get("provisional") or []
            if i in CONFIRMABLE and i not in run.confirmed_items]  # fmt: skip


# what a person confirms, in the page's language (``stored.CONFIRMABLE`` in Chinese)
LABELS = {
    "weights": gettext_lazy("权重"),
    "indicators": gettext_lazy("指标赋分表、评分方法与引领值"),
}
