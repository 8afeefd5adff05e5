"""The park ESG report (9.1.3): generated from the registers and a T/ESC run made now with
the targets in force, written by the platform's report code, kept as a document version
(the Word file in the checked evidence store, with its sha256; the engagement, targets and
what is still missing as its snapshot). It then goes through ``flows.REPORT``."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parkesg.errors import ParkesgError
from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.collection.evidence import store_evidence
from parkesg.web.core.objects import get_for_user, save_for_user
from parkesg.web.core.roles import Action
from parkesg.web.documents import services as docs
from parkesg.web.documents.models import Access, DocStatus
from parkesg.web.esg import engagement as filling
from parkesg.web.esg.models import EsgReport
from parkesg.web.esg.services import planning, records

MARKERS = ("待填写", "未设目标")  # what a finished report never shows
RETENTION_YEARS = 10


def cells_of(data: bytes) -> list[str]:
    """The text of every table cell of a Word file."""
    d = docx.Document(io.BytesIO(data))
    return [c.text for t in d.tables for row in t.rows for c in row.cells]


def text_of(data: bytes) -> str:
    """Every paragraph and table cell of a Word file, as text."""
    d = docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in d.paragraphs] + cells_of(data))


def markers(data: bytes) -> list[str]:
    """The blanks a written report still shows: “（待填写：发布方式）” anywhere, a KPI whose
    progress reads “未设目标” (the table's note explains the words, it is no blank)."""
    found = re.findall(r"（待填写：[^）]*）", text_of(data))
    if any("未设目标" in c for c in cells_of(data)):
        found.append("未设目标")
    return sorted(set(found))


def number(report: EsgReport) -> str:
    return f"ESG-RPT-{report.year}" + (
        f"-{report.core_issue_id}" if report.kind == "single" else ""
    )


def generate(*, actor: Any, report_id: Any, request: Any = None) -> EsgReport:
    """Run T/ESC on the approved data with the targets in force, write the report from the
    registers, and keep the file as the report's draft document version."""
    from parkesg.web.assessments import report as writing

    report = get_for_user(EsgReport, actor, Action.change, report_id, request=request)
    records.require_park(actor, EsgReport, request)
    if report.state != "draft":
        raise ValidationError("报告已提交评审或已批准，不能重新生成；请先退回修改")
    try:
        run = planning.recompute(actor=actor, year=report.year, request=request)
    except ValidationError as exc:
        raise ValidationError(["无法计算关键绩效指标：", *exc.messages]) from exc
    report.assessment = run
    report.save(update_fields=["assessment"])  # the engagement hook finds the report by its run
    eng = filling.engagement(report.organisation, report)
    try:
        data, _name = writing.write(run)
    except ParkesgError as exc:
        raise ValidationError(f"报告生成失败：{exc}") from exc
    gaps = filling.gaps(eng, run) + [f"报告中仍有：{m}" for m in markers(data)]
    snapshot = {"report": report.pk, "assessment": run.pk, "year": report.year, "gaps": gaps,
                "engagement": eng.model_dump(mode="json"), "targets": run.results.get("targets")}  # fmt: skip
    with transaction.atomic():
        ef = store_evidence(actor=actor, data=data, name=f"{report.title}.docx", request=request)
        doc = report.document
        today = timezone.localdate()
        if doc is None or doc.status not in (DocStatus.draft,):
            meta = {"issued_on": today, "access": Access.public, "medium": "电子文档（Word）",
                    "retention_until": today.replace(year=today.year + RETENTION_YEARS)}  # fmt: skip
            if doc is None:
                doc = docs.create(organisation=report.organisation, author=actor, kind="esc.report",
                                  number=number(report), title=report.title, subject=report,
                                  content=snapshot, file=ef, request=request, **meta)  # fmt: skip
            else:
                doc = docs.new_version(doc, author=actor, change_note="重新生成 / regenerated",
                                       content=snapshot, file=ef, request=request)  # fmt: skip
        else:
            before = audit.snapshot(doc)
            doc.content, doc.file, doc.author = snapshot, ef, actor
            save_for_user(doc, actor, Action.change, before=before, request=request)
        before = audit.snapshot(report)
        report.document, report.author = doc, actor
        report.save(update_fields=["document", "author"])
        audit.record(action=AuditAction.change, actor=actor, organisation=report.organisation,
                     obj=report, before=before, after={**(audit.snapshot(report) or {}),
                                                       "_event": "generate"}, request=request)  # fmt: skip
    return report
