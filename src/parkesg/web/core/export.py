"""Exports of lists and results pages: Excel (.xlsx) and CSV through tablib, from the rows the
page shows under the same filters — never more (the caller passes its ``for_user`` rows).

Every cell goes through the one formatter's ``export_cell`` (numbers stay numbers, 是 / 否,
datetimes ISO 8601 in Asia/Shanghai) and ``io.safety.escape_cell`` (a text a spreadsheet
would run as a formula gets a leading '). Each export is written to the audit log: what,
which filters, how many rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import tablib
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from parkesg import formatting
from parkesg.io.safety import escape_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}
MAX_ROWS = 200_000  # one export; a longer list is cut there and says so in its last row
PARAM = "export"


def wanted(request: HttpRequest) -> str | None:
    """``xlsx`` or ``csv`` when the request asks for an export (``?export=…``), else None."""
    fmt = request.GET.get(PARAM, "")
    return fmt if fmt in FORMATS else None


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or "export"


def dataset(title: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> tablib.Dataset:
    """The escaped table: headers as text, each cell as ``export_cell`` gives it."""
    lang = get_language() or "zh"
    data = tablib.Dataset(headers=[escape_cell(str(h)) for h in headers])
    data.title = _sheet_title(title)
    for n, row in enumerate(rows):
        if n == MAX_ROWS:
            data.append([f"（仅导出前 {MAX_ROWS} 行 / first {MAX_ROWS} rows only）"]
                        + [""] * (len(headers) - 1))  # fmt: skip
            break
        data.append([escape_cell(formatting.export_cell(v, lang=lang)) for v in row])
    return data


def response(
    request: HttpRequest,
    *,
    fmt: str,
    title: str,
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
) -> HttpResponse:
    """The file as an attachment named “<title>-<date>.<fmt>”, audited."""
    from parkesg.web.audit import services as audit
    from parkesg.web.audit.models import AuditAction

    data = dataset(title, headers, rows)
    if fmt == "csv":
        body: bytes = ("\ufeff" + data.export("csv")).encode("utf-8")  # BOM: Excel reads UTF-8
    else:
        body = data.export("xlsx")
    query = {k: v for k, v in request.GET.items() if k != PARAM}
    audit.record(action=AuditAction.export, actor=request.user, request=request,
                 after={"what": str(title), "path": request.path, "filters": query,
                        "format": fmt, "rows": data.height})  # fmt: skip
    name = f"{title}-{timezone.localdate().isoformat()}.{fmt}".replace("/", "-")
    out = HttpResponse(body, content_type=FORMATS[fmt])
    out["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    out["X-Content-Type-Options"] = "nosniff"
    return out
