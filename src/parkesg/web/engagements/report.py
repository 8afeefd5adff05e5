"""The engagement's report: written from the platform records (``contract.engagement``) and
the stored run (its stored inputs, never today's data), kept as a ``documents`` version —
T/CPPC 送审稿 → 修改稿 → 最终稿 (附件2 1.1 (1)), the Beijing report (附件2-1) — with the
contract's JSON as its snapshot and the .docx in the provider's evidence store."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from parkesg.engagement import STAGES
from parkesg.errors import ParkesgError
from parkesg.reports.write import write_report
from parkesg.web.assessments.report import stored_run
from parkesg.web.core.objects import get_for_user
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.documents import services as docs
from parkesg.web.documents.models import DocStatus, Document
from parkesg.web.engagements import contract
from parkesg.web.engagements.choices import Kind, SnapshotKind, State
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.records import Snapshot

REPORT_STATES = {Kind.cppc: (State.report,), Kind.beijing: (State.drafting,)}


def documents_of(e: Engagement) -> models.QuerySet[Document]:
    return docs.of(e, f"{e.kind}.report").order_by("-version")


def may_read(e: Engagement, user: Any) -> bool:
    """The provider and the park read every version; the district government once submitted."""
    org = getattr(user, "organisation_id", None)
    return org in (e.organisation_id, e.park_id) or bool(e.submitted_at and org == e.district_id)


def number(e: Engagement) -> str:
    return f"ENG-{e.pk}-R"


def energy_rows(e: Engagement) -> pd.DataFrame | None:
    snap = Snapshot.objects.filter(engagement=e, kind=SnapshotKind.energy).order_by("-id").first()
    if snap is None or not snap.data.get("rows"):
        return None
    rows = pd.DataFrame(snap.data["rows"])
    rows["year"] = rows["year"].astype("int64")
    return rows


def write(
    e: Engagement, *, stage: str = "", pdf: bool = False
) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(report .docx, [(name, bytes) of the forms written beside it]) from the records."""
    if e.run is None:
        raise ValidationError("尚未存储评价结果，不能生成报告")
    eng = contract.engagement(e, stage=stage)
    with tempfile.TemporaryDirectory(prefix="parkesg-engagement-report-") as tmp:
        out = Path(tmp) / "report.docx"
        try:
            written = write_report(e.kind, stored_run(e.run), eng, out, pdf=pdf,
                                   energy=energy_rows(e) if e.is_cppc else None).files  # fmt: skip
        except ParkesgError as exc:
            raise ValidationError(f"报告生成失败：{exc}") from exc
        main = written[0].read_bytes()
        forms = [(p.name.replace("report-", ""), p.read_bytes()) for p in written[1:]
                 if p.suffix == ".docx"]  # fmt: skip
    return main, forms


def next_stage(e: Engagement) -> str:
    """T/CPPC: 送审稿 first, then 修改稿 (as often as needed), then 最终稿; Beijing: none."""
    if not e.is_cppc:
        return ""
    last = documents_of(e).first()
    if last is None:
        return STAGES[0]
    return STAGES[1] if last.stage == STAGES[0] else last.stage


def issue(*, actor: Any, engagement_id: Any, stage: str = "", note: str = "", request: Any = None
          ) -> Document:  # fmt: skip
    """Write the report now and keep it as the next version of the engagement's report (a
    draft; the provider's reviewer — never its author — approves it, ``documents.LIFE``)."""
    from parkesg.web.collection.evidence import store_evidence

    e = get_for_user(Engagement, actor, Action.change, engagement_id, request=request)
    if e.state not in REPORT_STATES[Kind(e.kind)] or not role_allows(actor.role, Action.add):
        raise ValidationError("当前阶段不能生成报告版本")
    if e.is_cppc and stage not in STAGES:
        raise ValidationError(f"稿次应为 {'、'.join(STAGES)} 之一")
    last = documents_of(e).first()
    if last is not None and last.status in (DocStatus.draft, DocStatus.review):
        raise ValidationError("上一版本尚未批准，请先审核")
    if (
        e.is_cppc
        and last is not None
        and STAGES.index(stage) < STAGES.index(last.stage or STAGES[0])
    ):
        raise ValidationError(f"稿次不能从“{last.stage}”退回到“{stage}”")
    main, _forms = write(e, stage=stage)
    title = f"{e.park.name}{'清洁生产审核报告' if e.is_cppc else '绿色诊断评估报告'}"
    name = f"{title}-{stage or '报告'}-{timezone.localdate():%Y%m%d}.docx"
    with transaction.atomic():
        ef = store_evidence(actor=actor, data=main, name=name, request=request)
        snapshot = contract.engagement(e, stage=stage).model_dump(mode="json")
        meta = {"stage": stage, "issued_on": timezone.localdate(), "access": "restricted"}
        if last is None:
            return docs.create(organisation=e.organisation, author=actor, kind=f"{e.kind}.report",
                               number=number(e), title=title, subject=e, content=snapshot,
                               file=ef, request=request, **meta)  # fmt: skip
        return docs.new_version(last, author=actor, change_note=note or stage or "修改",
                                content=snapshot, file=ef, request=request, **meta)  # fmt: skip


def review(*, actor: Any, engagement_id: Any, document_id: Any, event: str, note: str = "",
           request: Any = None) -> Document:  # fmt: skip
    """Submit, approve or return a version of the engagement's report (``documents.LIFE``)."""
    e = get_for_user(Engagement, actor, Action.view, engagement_id, request=request)
    doc = documents_of(e).filter(pk=document_id).first()
    if doc is None:
        raise ValidationError("不是本项目的报告版本")
    if event not in ("submit", "approve", "return"):
        raise ValidationError(f"未知操作 “{event}”")
    return docs.LIFE.move(doc, event, user=actor, note=note, request=request)  # type: ignore[return-value]
