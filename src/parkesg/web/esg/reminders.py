"""Due dates of the ESG system for ``parkesg remind``: corrective actions (to their owners),
programmes (to their owners), and planned audits and management reviews (to the auditors and
the chair) — each reminder sent once on its due day and once more when overdue a week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from parkesg.web.esg.models import CorrectiveAction, InternalAudit, ManagementReview, Programme
from parkesg.web.reminders import services as reminders

OVERDUE_AFTER = dt.timedelta(days=7)


def due(today: dt.date) -> Iterable[reminders.Due]:
    for a in (CorrectiveAction.objects.filter(state="planned", due__lte=today)
              .select_related("owner", "nonconformity")):  # fmt: skip
        late = "（已逾期）" if a.due + OVERDUE_AFTER <= today else ""
        key = f"esg.action:{a.pk}:{a.due}" + (":overdue" if late else "")
        yield reminders.Due(key, f"纠正措施到期{late}：{a.description[:40]}",
                            f"不符合：{a.nonconformity.title}\n纠正措施：{a.description}\n"
                            f"完成期限：{a.due}\n请在平台填写实施结果。",
                            reminders.emails([a.owner]), a.due)  # fmt: skip
    for p in Programme.objects.filter(state__in=("planned", "running"), due__lte=today,
                                      owner__isnull=False).select_related("owner"):  # fmt: skip
        yield reminders.Due(f"esg.programme:{p.pk}:{p.due}", f"绩效管理方案到期：{p.name}",
                            f"方案：{p.name}\n完成时间：{p.due}\n请在平台记录实施结果。",
                            reminders.emails([p.owner]), p.due)  # fmt: skip
    soon = today + dt.timedelta(days=7)
    for audit in InternalAudit.objects.filter(state="planned", planned_on__lte=soon):
        people = [m.user for m in audit.auditors.select_related("user")]
        yield reminders.Due(f"esg.audit:{audit.pk}:{audit.planned_on}", f"内部审核将于 {audit.planned_on} 开始：{audit.title}",
                            f"审核准则：{audit.criteria}\n审核范围：{audit.scope}",
                            reminders.emails(people), audit.planned_on - dt.timedelta(days=7))  # fmt: skip
    for review in ManagementReview.objects.filter(
        state="planned", held_on__lte=soon
    ).select_related("chair__user"):
        yield reminders.Due(f"esg.review:{review.pk}:{review.held_on}", f"管理评审将于 {review.held_on} 召开：{review.title}",
                            "请审阅评审输入 a)–e)。", reminders.emails([review.chair.user]),
                            review.held_on - dt.timedelta(days=7))  # fmt: skip


def register() -> None:
    reminders.register(due)
