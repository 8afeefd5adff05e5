"""Due dates of engagements for ``parkesg remind`` (each reminder sent once): work-plan items
due and not done (to the lead and the team members with accounts), and the Beijing
one-year follow-up (北京指南 六) — a month ahead and on the day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from parkesg.web.engagements.choices import State
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.records import PlanItem
from parkesg.web.reminders import services as reminders
from parkesg.web.reminders.services import Due

AHEAD = dt.timedelta(days=30)
OPEN = (State.done, State.closed)


def register() -> None:
    reminders.register(due_items)


def due_items(today: dt.date) -> Iterable[Due]:
    from parkesg.web.engagements.services import users_of

    items = (PlanItem.objects.filter(done_on__isnull=True, due__lte=today)
             .exclude(engagement__state__in=OPEN).select_related("engagement"))  # fmt: skip
    for i in items:
        e = i.engagement
        yield Due(
            key=f"engagements.plan:{i.pk}:{i.due}",
            subject=f"【计划事项到期】{e.title}：{i.content}"[:200],
            body=f"{e.title} 的工作计划事项“{i.content}”（负责人 {i.owner or '—'}）"
                 f"应于 {i.due} 完成，尚未记录完成。",
            to=reminders.emails(users_of(e)),
            due=i.due,  # type: ignore[arg-type]
        )  # fmt: skip
    for e in Engagement.objects.filter(state=State.followup, followup_due__isnull=False):
        due = e.followup_due
        assert due is not None
        for when, tag, text in ((due - AHEAD, "soon", "将于"), (due, "due", "已于")):
            yield Due(
                key=f"engagements.followup:{e.pk}:{due}:{tag}",
                subject=f"【后续跟踪】{e.title} 的一年跟踪反馈{text} {due} 到期",
                body=f"按《北京市工业园区绿色诊断工作指南》六，诊断完成一年后应向市区经信部门"
                     f"反馈绿色化改造建议采纳情况、改造措施落实情况及园区下一步提升计划。"
                     f"{e.title} 的截止日期为 {due}。",
                to=reminders.emails(users_of(e)),
                due=when,
            )  # fmt: skip
