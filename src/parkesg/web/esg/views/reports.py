"""The park ESG report's page additions: generate (write the Word file from the registers
and a T/ESC run made now), the file of the current version, what is still missing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkesg.web.core import policy
from parkesg.web.core.roles import Action
from parkesg.web.documents import services as docs
from parkesg.web.esg.models import EsgReport
from parkesg.web.esg.services import reports


def detail_context(request: HttpRequest, report: EsgReport) -> dict[str, Any]:
    doc = report.document
    may_generate = (report.state == "draft"
                    and EsgReport.objects.for_user(request.user, Action.change)
                    .filter(pk=report.pk).exists())  # fmt: skip
    return {"report_doc": doc, "versions": docs.versions(doc) if doc else [],
            "gaps": (doc.content or {}).get("gaps", []) if doc else [],
            "may_generate": may_generate}  # fmt: skip


@policy.obj(EsgReport, Action.change)
@login_required
@require_POST
def generate_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = reports.generate(actor=request.user, report_id=pk, request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        gaps = (report.document.content or {}).get("gaps") if report.document else []
        if gaps:
            messages.error(request, _("报告已生成，但仍缺少：") + "；".join(gaps))
        else:
            messages.success(request, _("报告已生成（第 %(v)s 版），可提交内部审核评审")
                             % {"v": report.document.version if report.document else 1})  # fmt: skip
    return redirect("esgreport_detail", pk=pk)
