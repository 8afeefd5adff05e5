"""The review queue: values waiting for this checker, grouped by the workbook upload that
brought them (values typed into the form form a group of their own), so a reviewer sees an
upload's changes together and can approve or return them at once.

Rows: ``Observation.objects.for_user(user, approve)`` in state 待审核 that the user did not
make (checker ≠ maker). Approving or returning goes through ``observations.services.review``
for each value (its checks, value history and audit record), all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkesg.web.collection.models import WorkbookUpload
from parkesg.web.core import export, policy, vocab
from parkesg.web.core.review import ReviewState
from parkesg.web.core.roles import Action
from parkesg.web.observations import services
from parkesg.web.observations.models import Observation, field_label
from parkesg.web.observations.table import value_text

MAX_BULK = 5000


def waiting(user: Any) -> QuerySet[Observation]:
    """Values ``user`` may approve now: submitted, visible for approval, not their own."""
    return (
        Observation.objects.for_user(user, Action.approve)
        .filter(state=ReviewState.submitted)
        .exclude(maker_id=user.pk)
    )


@dataclass
class Group:
    upload: WorkbookUpload | None  # None: values entered in the form
    items: list[dict[str, Any]] = field(default_factory=list)  # ``describe`` of each value


def describe(o: Observation, lang: str) -> dict[str, Any]:
    """One waiting value as the queue shows and exports it."""
    value, unit = value_text(o, lang)
    last = max(o.revisions.all(), key=lambda r: r.no, default=None)  # prefetched
    return {"pk": o.pk, "entity": o.organisation.name, "field": field_label(o.field_id),
            "year": o.year, "value": value, "unit": unit,
            "source": vocab.label("source_category", o.source, lang), "evidence": o.evidence,
            "maker": o.maker.get_username(), "note": last.note if last else ""}  # fmt: skip


def groups(user: Any) -> list[Group]:
    """Each upload's waiting values together (latest upload first), then the others."""
    lang = get_language() or "zh"
    found = waiting(user).select_related("organisation", "maker").prefetch_related("revisions")
    rows = {o.pk: o for o in found}
    if not rows:
        return []
    uploads = (
        WorkbookUpload.objects.for_user(user, Action.view)
        .filter(observations__in=list(rows))
        .distinct()
        .select_related("file", "created_by")
        .order_by("-created_at", "-id")
    )
    out, placed = [], set()
    links = WorkbookUpload.observations.through.objects.filter(
        workbookupload__in=uploads, observation_id__in=list(rows)
    ).values_list("workbookupload_id", "observation_id")
    by_upload: dict[int, list[int]] = {}
    for upload_id, obs_id in links:
        by_upload.setdefault(upload_id, []).append(obs_id)
    for u in uploads:  # an observation changed by two uploads sits with the latest one
        ids = [i for i in by_upload.get(u.pk, []) if i not in placed]
        if ids:
            placed.update(ids)
            out.append(
                Group(u, [describe(o, lang) for o in sorted((rows[i] for i in ids), key=_key)])
            )
    rest = [o for pk, o in rows.items() if pk not in placed]
    if rest:
        out.append(Group(None, [describe(o, lang) for o in sorted(rest, key=_key)]))
    return out


EXPORT_HEADERS = [gettext_lazy("工作簿上传"), gettext_lazy("主体"), gettext_lazy("字段"), gettext_lazy("年份"), gettext_lazy("数值"), gettext_lazy("单位"),
                  gettext_lazy("数据来源"), gettext_lazy("证明材料"), gettext_lazy("填报人"), gettext_lazy("说明")]  # fmt: skip


def export_rows(gs: list[Group]) -> tuple[list[str], list[list[Any]]]:
    headers = [str(h) for h in EXPORT_HEADERS]
    rows = []
    for g in gs:
        where = str(g.upload) if g.upload else _("逐条填报")
        for i in g.items:
            rows.append([where, i["entity"], i["field"], i["year"], i["value"], i["unit"],
                         i["source"], i["evidence"], i["maker"], i["note"]])  # fmt: skip
    return headers, rows


def _key(o: Observation) -> tuple[str, int, str]:
    return (o.organisation.name, o.year, o.field_id)


def review_many(
    *, actor: Any, ids: list[int], event: str, note: str = "", request: Any = None
) -> int:
    """Approve or return (``event``) each value of ``ids`` the actor may review now, in one
    transaction; how many. A return needs a reason (``note``)."""
    if event not in ("approve", "reject"):
        raise ValidationError(_("未知操作"))
    if event == "reject" and not note.strip():
        raise ValidationError(_("退回时请填写原因"))
    mine = list(waiting(actor).filter(pk__in=ids[:MAX_BULK]).values_list("pk", flat=True))
    with transaction.atomic():
        for pk in mine:
            services.review(actor=actor, observation_id=pk, event=event, note=note,
                            request=request)  # fmt: skip
    return len(mine)


def _ids(request: HttpRequest) -> list[int]:
    out = []
    for raw in request.POST.getlist("ids"):
        try:
            out.append(int(raw))
        except ValueError:
            continue
    return out


@policy.member(Action.approve)
@login_required
def queue_view(request: HttpRequest) -> HttpResponse:
    gs = groups(request.user)
    if fmt := export.wanted(request):
        headers, rows = export_rows(gs)
        return export.response(request, fmt=fmt, title=_("审核队列"), headers=headers, rows=rows)
    return render(request, "collection/review_queue.html",
                  {"groups": gs, "total": sum(len(g.items) for g in gs)})  # fmt: skip


@policy.member(Action.approve)
@login_required
@require_POST
def bulk_view(request: HttpRequest) -> HttpResponse:
    event = request.POST.get("event", "")
    try:
        n = review_many(actor=request.user, ids=_ids(request), event=event,
                        note=request.POST.get("note", "")[:500], request=request)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("已审核通过") if event == "approve" else _("已退回")
        messages.success(request, f"{done} {n}")
    return redirect("review_queue")
