"""What ratings add to the navigation and the home page: projects and the organisation's page
for banks and rating organisations, their portfolio view, the enterprise's own ratings, the
public search; and what waits — steps of a project this person may take, criteria or quality
documents to approve, objections to assign or review, drafts to re-confirm, lists to confirm,
consents about to end."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkesg.web.core import home, nav
from parkesg.web.core.roles import Action
from parkesg.web.documents.models import DocStatus, Document
from parkesg.web.orgs.models import AccessGrant, GrantKind, OrgKind
from parkesg.web.ratings import flows, people
from parkesg.web.ratings.banks import EXPIRING_DAYS
from parkesg.web.ratings.kinds import ObjectionState, ProjectState, Response
from parkesg.web.ratings.models import (
    Certificate,
    Objection,
    OnSiteRecord,
    RatingProject,
    Reconfirmation,
)

OPEN = [s for s in ProjectState.values if s != ProjectState.closed]


def _bank(u: Any) -> bool:
    return nav.kind_in(u, OrgKind.bank)


def register() -> None:
    nav.register(
        nav.Item(gettext_lazy("评级"), "ratingproject_list", _bank, order=45),
        nav.Item(gettext_lazy("授信评级"), "ratings_portfolio", _bank, order=46),
        nav.Item(gettext_lazy("评价组织"), "ratings_organisation",
                 lambda u: _bank(u) and nav.may(u, Action.manage), order=47),
        nav.Item(gettext_lazy("我的评级"), "ratings_mine",
                 lambda u: nav.kind_in(u, OrgKind.enterprise), order=45),
        nav.Item(gettext_lazy("公示查询"), "ratings_published",
                 lambda u: nav.kind_in(u, OrgKind.bank, OrgKind.enterprise), order=82),
    )  # fmt: skip
    home.register_waiting(waiting)
    home.register_latest(latest)
    home.register_shortcuts(shortcuts)


def _projects(user: Any) -> Any:
    return RatingProject.objects.for_user(user, Action.view).filter(
        organisation_id=user.organisation_id, state__in=OPEN
    )


def waiting(user: Any) -> list[home.Waiting]:
    if not nav.member(user):
        return []
    if user.organisation.kind == OrgKind.enterprise:
        return _enterprise_waiting(user)
    if user.organisation.kind != OrgKind.bank:
        return []
    out = []
    mine = [p for p in _projects(user).order_by("-id")[:20] if flows.PROJECT.available(p, user)]
    if mine:
        out.append(home.Waiting(_("个评级项目等待您处理"), len(mine), reverse("ratingproject_list"),
                                [f"{p.number} {p.title}" for p in mine[:5]]))  # fmt: skip
    me = people.evaluator(user, user.organisation_id)
    if me is not None:
        undeclared = _projects(user).filter(team__evaluator=me).exclude(
            declarations__evaluator=me)  # fmt: skip
        out.append(home.Waiting(_("个项目需要您作利益冲突声明（6.6 e）"), undeclared.count(),
                                reverse("ratingproject_list")))  # fmt: skip
        review = Objection.objects.for_user(user, Action.view).filter(
            reviewers=me, state=ObjectionState.reviewing)  # fmt: skip
        out.append(home.Waiting(_("件异议等待您复核"), review.count(),
                                reverse("objection_list")))  # fmt: skip
    if people.committee(user, user.organisation_id) is not None:
        docs = Document.objects.for_user(user, Action.view).filter(
            organisation_id=user.organisation_id, kind__in=("ratings.criteria", "ratings.quality"),
            status=DocStatus.review).exclude(author=user)  # fmt: skip
        out.append(home.Waiting(_("份评价准则或质量文件等待批准"), docs.count(),
                                reverse("ratingproject_list")))  # fmt: skip
    if people.admin(user, user.organisation_id):
        filed = Objection.objects.for_user(user, Action.view).filter(
            organisation_id=user.organisation_id, state=ObjectionState.filed)  # fmt: skip
        out.append(home.Waiting(_("件异议等待指派复核人员"), filed.count(),
                                reverse("objection_list")))  # fmt: skip
        ending = _expiring(user)
        out.append(home.Waiting(_("份企业授权即将到期"), len(ending), reverse("ratings_portfolio"),
                                [g.organisation.name for g in ending[:5]]))  # fmt: skip
    return out


def _expiring(user: Any) -> list[AccessGrant]:
    today = timezone.localdate()
    return list(
        AccessGrant.objects.for_user(user, Action.view)
        .filter(kind=GrantKind.bank_consent, grantee_id=user.organisation_id,
                revoked_at__isnull=True, ends_on__gte=today,
                ends_on__lte=today + dt.timedelta(days=EXPIRING_DAYS))
        .select_related("organisation")
    )  # fmt: skip


def _enterprise_waiting(user: Any) -> list[home.Waiting]:
    if not nav.may(user, Action.change):
        return []
    today = timezone.localdate()
    out = []
    pending = Reconfirmation.objects.for_user(user, Action.view).filter(
        member__enterprise_id=user.organisation_id, response=Response.pending,
        member__project__state=ProjectState.reconfirming,
    ).select_related("member__project")  # fmt: skip
    for r in pending[:5]:
        due = r.member.project.reconfirm_deadline
        out.append(home.Waiting(_("份评价初稿请您再确认（6.4 a）"), 1,
                                reverse("portfoliomember_detail", args=[r.member_id]),
                                [r.member.project.title], due=due,
                                overdue=bool(due and due < today)))  # fmt: skip
    lists = OnSiteRecord.objects.for_user(user, Action.view).filter(
        member__enterprise_id=user.organisation_id, confirmed_at__isnull=True,
        items__isnull=False).distinct()  # fmt: skip
    out.append(home.Waiting(_("份现场资料清单请您确认（6.10 c）"), lists.count(),
                            reverse("ratings_mine")))  # fmt: skip
    return out


def latest(user: Any) -> list[home.Latest] | None:
    if not nav.kind_in(user, OrgKind.bank, OrgKind.enterprise):
        return None
    certs = Certificate.objects.for_user(user, Action.view).select_related("project")
    certs = certs.order_by("-issued_on", "-id")[:4]
    return [home.Latest(title=_("ESG 评级证书"), entity=c.enterprise_name,
                        url=reverse("certificate_detail", args=[c.pk]),
                        headline=f"{c.grade} · {c.number}",
                        at=c.created_at) for c in certs]  # fmt: skip


def shortcuts(user: Any) -> list[home.Shortcut]:
    out = []
    if _bank(user):
        if nav.may(user, Action.add):
            out.append(home.Shortcut(_("新建评价项目"), reverse("ratingproject_add"), 15))
        out.append(home.Shortcut(_("授信企业评级"), reverse("ratings_portfolio"), 25))
    if nav.kind_in(user, OrgKind.enterprise):
        out.append(home.Shortcut(_("我的评级"), reverse("ratings_mine"), 30))
    return out
