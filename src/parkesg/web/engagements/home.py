"""What engagements add to the menu and the home page: 服务项目 for the provider, the park
committee and the government; what waits for each person — stages to sign off, stages
still missing records, overdue plan items, follow-ups due, reports to approve, pledges and
final reports the park must record or confirm, opinions the district owes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkesg.web.core import home, nav, vocab
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.engagements import flows
from parkesg.web.engagements.choices import Kind, State
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.records import Member, PlanItem, Pledge
from parkesg.web.orgs.models import OrgKind

SEES = (OrgKind.provider, OrgKind.park, OrgKind.government)
SOON = dt.timedelta(days=30)  # a follow-up shows this long before it is due
LIMIT = 20  # engagements looked at per person


def register() -> None:
    nav.register(nav.Item(gettext_lazy("服务项目"), "engagements:list",
                          lambda u: nav.kind_in(u, *SEES), order=44))  # fmt: skip
    home.register_waiting(waiting)
    home.register_shortcuts(shortcuts)


def _url(e: Engagement) -> str:
    return reverse("engagements:detail", args=[e.pk])


def _line(e: Engagement) -> str:
    return f"{e.title} · {vocab.label('engagement_state', e.state)}"


def _mine(user: Any) -> list[Engagement]:
    """Open engagements the person leads or is a team member of."""
    on = Member.objects.filter(user=user).values("engagement_id")
    qs = (Engagement.objects.for_user(user, Action.view).filter(Q(lead=user) | Q(pk__in=on))
          .exclude(state__in=[State.done, State.closed]).select_related("park"))  # fmt: skip
    return list(qs[:LIMIT])


def _provider(user: Any) -> list[home.Waiting]:
    out = []
    mine = _mine(user)
    sign = [e for e in mine if e.state.endswith("_ready") and e.lead_id == user.pk
            and e.submitted_by_id != user.pk]  # fmt: skip
    if sign:
        out.append(home.Waiting(_("待签核的阶段"), len(sign), _url(sign[0]),
                                [_line(e) for e in sign]))  # fmt: skip
    missing = []
    for e in mine:
        f = flows.flow(e)
        submit = [s for s in f.available(e, user) if s.event.startswith("submit_")
                  and s.event != "submit_district"]  # fmt: skip
        problems = f.blockers(e, submit[0].event) if submit else []
        if problems:
            missing.append((e, problems))
    if missing:
        e0 = missing[0][0]
        out.append(home.Waiting(_("尚缺记录、不能提交签核的阶段"), len(missing), _url(e0),
                                [f"{_line(e)}：{p[0]}" for e, p in missing]))  # fmt: skip
    today = timezone.localdate()
    late = PlanItem.objects.filter(engagement__in=[e.pk for e in mine], done_on__isnull=True,
                                   due__lt=today).select_related("engagement")  # fmt: skip
    if late:
        first = min(late, key=lambda i: i.due)
        out.append(home.Waiting(_("逾期的计划事项"), len(late), _url(first.engagement),
                                [f"{i.due} {i.content}" for i in late[:5]], due=first.due,
                                overdue=True))  # fmt: skip
    due = [e for e in mine if e.followup_due and e.state == State.followup
           and e.followup_due - SOON <= today]  # fmt: skip
    if due:
        first_due = min(e.followup_due for e in due if e.followup_due)
        out.append(home.Waiting(_("到期的后续跟踪反馈"), len(due), _url(due[0]),
                                [_line(e) for e in due], due=first_due,
                                overdue=first_due < today))  # fmt: skip
    if role_allows(user.role, Action.approve):
        from parkesg.web.documents.models import DocStatus, Document

        docs = Document.objects.filter(organisation_id=user.organisation_id,
                                       kind__in=[f"{k}.report" for k in Kind],
                                       status=DocStatus.review).exclude(author=user)  # fmt: skip
        if docs:
            d0 = docs[0]
            out.append(home.Waiting(_("待批准的报告版本"), len(docs),
                                    reverse("engagements:detail", args=[d0.subject_id]) + "#report",
                                    [f"{d.title} {d.stage}" for d in docs[:5]]))  # fmt: skip
    return out


def _park(user: Any) -> list[home.Waiting]:
    out = []
    visible = Engagement.objects.for_user(user, Action.view).filter(park_id=user.organisation_id)
    if role_allows(user.role, Action.manage):
        pledges = Pledge.objects.filter(engagement__in=visible, recorded_at__isnull=True)
        if pledges:
            out.append(home.Waiting(_("待登记的保密承诺书"), len(pledges),
                                    _url(pledges[0].engagement)))  # fmt: skip
    if role_allows(user.role, Action.add):
        forms = list(visible.filter(state=State.feedback)[:LIMIT])
        if forms:
            out.append(home.Waiting(_("待出具确认单和满意度评价表"), len(forms), _url(forms[0]),
                                    [_line(e) for e in forms]))  # fmt: skip
    if role_allows(user.role, Action.approve):
        confirm = [e for e in visible.filter(state__in=[State.report, State.feedback])[:LIMIT]
                   if any(s.event in ("accept", "confirm") for s in flows.flow(e).available(e, user))
                   and not flows.flow(e).blockers(e, "accept" if e.is_cppc else "confirm")]  # fmt: skip
        if confirm:
            out.append(home.Waiting(_("待园区确认的项目"), len(confirm), _url(confirm[0]),
                                    [_line(e) for e in confirm]))  # fmt: skip
    return out


def _government(user: Any) -> list[home.Waiting]:
    if not role_allows(user.role, Action.approve):
        return []
    waiting = list(Engagement.objects.for_user(user, Action.view)
                   .filter(district_id=user.organisation_id, state=State.submitted)[:LIMIT])  # fmt: skip
    if not waiting:
        return []
    return [home.Waiting(_("待录入审核意见的诊断报告"), len(waiting), _url(waiting[0]),
                         [_line(e) for e in waiting])]  # fmt: skip


def waiting(user: Any) -> list[home.Waiting]:
    if not nav.kind_in(user, *SEES):
        return []
    kind = user.organisation.kind
    if kind == OrgKind.provider:
        return _provider(user)
    if kind == OrgKind.park:
        return _park(user)
    return _government(user)


def shortcuts(user: Any) -> list[home.Shortcut]:
    from parkesg.web.engagements.services import may_create

    out = []
    if may_create(user):
        out.append(home.Shortcut(_("新建服务项目"), reverse("engagements:new"), 20))
    if nav.kind_in(user, *SEES):
        out.append(home.Shortcut(_("服务项目"), reverse("engagements:list"), 45))
    return out
