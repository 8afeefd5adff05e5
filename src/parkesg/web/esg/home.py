"""What the ESG system adds to the navigation and the home page: the menu item for the park
committee (and an engaged external auditor), and what waits for each person — their
corrective actions (overdue first), actions and nonconformities to verify, findings to
analyse, targets and documents to approve, the report to review, approve or publish."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkesg.web.core import home, nav
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.documents.models import DocStatus, Document
from parkesg.web.esg import models as m
from parkesg.web.orgs.access import granted_org_ids
from parkesg.web.orgs.models import Organisation, OrgKind


def sees_system(user: Any) -> bool:
    if nav.kind_in(user, OrgKind.park):
        return True
    if nav.kind_in(user, OrgKind.provider):
        granted = granted_org_ids(user.organisation)
        return Organisation.objects.filter(pk__in=granted, kind=OrgKind.park).exists()
    return False


def register() -> None:
    nav.register(nav.Item(gettext_lazy("ESG 体系"), "esg:home", sees_system, order=45))
    home.register_waiting(waiting)
    home.register_shortcuts(shortcuts)


def _mine(model: Any, user: Any) -> Any:
    return model.objects.for_user(user, Action.view).filter(organisation_id=user.organisation_id)


def waiting(user: Any) -> list[home.Waiting]:
    if not nav.kind_in(user, OrgKind.park):
        return []
    today = timezone.localdate()
    me = m.GroupMember.objects.filter(organisation_id=user.organisation_id, user_id=user.pk).first()
    writes, approves = role_allows(user.role, Action.change), role_allows(user.role, Action.approve)
    auditor = bool(me and me.internal_auditor and writes)
    leader = bool(me and me.group_role in ("leader", "deputy") and approves)
    out: list[home.Waiting] = []
    actions = (
        _mine(m.CorrectiveAction, user).filter(state="planned", owner_id=user.pk).order_by("due")
    )
    if writes and actions.exists():
        first = actions.first()
        out.append(home.Waiting(_("项纠正措施待完成"), actions.count(),
                                reverse("correctiveaction_list") + "?state=planned",
                                [f"{a.due}：{a.description[:40]}" for a in actions[:5]],
                                first.due if first else None,
                                bool(first and first.due < today)))  # fmt: skip
    if auditor or approves:
        to_verify = _mine(m.CorrectiveAction, user).filter(state="done").exclude(owner_id=user.pk)
        out.append(home.Waiting(_("项纠正措施待验证有效性"), to_verify.count(),
                                reverse("correctiveaction_list") + "?state=done"))  # fmt: skip
        closing = _mine(m.Nonconformity, user).filter(state="verifying")
        out.append(home.Waiting(_("项不符合待验证关闭"), closing.count(),
                                reverse("nonconformity_list") + "?state=verifying"))  # fmt: skip
    if writes and me is not None:
        open_ncs = _mine(m.Nonconformity, user).filter(state__in=("open", "analysed"),
                                                       department_id=me.department_id)  # fmt: skip
        out.append(home.Waiting(_("项本部门不符合待分析原因、制定纠正措施"), open_ncs.count(),
                                reverse("nonconformity_list") + "?state=open"))  # fmt: skip
    late = _mine(m.Programme, user).filter(state__in=("planned", "running"), due__lt=today)
    if writes and late.exists():
        out.append(home.Waiting(_("项绩效管理方案已过完成时间"), late.count(),
                                reverse("programme_list") + "?state=running", overdue=True))  # fmt: skip
    if approves:
        targets = _mine(m.KpiTarget, user).filter(state="submitted").exclude(author_id=user.pk)
        out.append(home.Waiting(_("项基准值和目标值待批准"), targets.count(),
                                reverse("kpitarget_list") + "?state=submitted"))  # fmt: skip
        docs = _mine(Document, user).filter(status=DocStatus.review).exclude(author_id=user.pk)
        docs = docs.exclude(kind="esc.report")
        out.append(home.Waiting(_("份文件待批准"), docs.count(), reverse("esg:documents")))
    reports = _mine(m.EsgReport, user).exclude(author_id=user.pk)
    if auditor:
        out.append(home.Waiting(_("份 ESG 报告待内部审核评审"), reports.filter(state="audit").count(),
                                reverse("esgreport_list") + "?state=audit"))  # fmt: skip
        fieldwork = _mine(m.InternalAudit, user).filter(state__in=("planned", "fieldwork"),
                                                        auditors__user_id=user.pk)  # fmt: skip
        out.append(
            home.Waiting(_("次内部审核待实施"), fieldwork.count(), reverse("internalaudit_list"))
        )
    if leader:
        out.append(home.Waiting(_("份 ESG 报告待批准"), reports.filter(state="audited").count(),
                                reverse("esgreport_list") + "?state=audited"))  # fmt: skip
        out.append(home.Waiting(_("份 ESG 报告已批准待发布"), reports.filter(state="approved").count(),
                                reverse("esgreport_list") + "?state=approved"))  # fmt: skip
        held = _mine(m.ManagementReview, user).filter(state="held")
        out.append(home.Waiting(_("次管理评审待批准结论"), held.count(),
                                reverse("managementreview_list") + "?state=held"))  # fmt: skip
    return out


def shortcuts(user: Any) -> list[home.Shortcut]:
    if not sees_system(user):
        return []
    return [home.Shortcut(_("ESG 管理体系"), reverse("esg:home"), 60)]
