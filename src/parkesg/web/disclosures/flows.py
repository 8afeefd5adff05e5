"""The disclosure's workflow as a table of steps (``core.workflow``): the preparer submits,
a colleague with the approve right reviews it (approves, or returns it with a reason — never
their own), and an approver publishes. Submitting freezes the KPI values the checker sees;
publishing writes the public snapshot (``services.freeze``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from parkesg.web.core import vocab
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.core.workflow import Check, Step, Workflow
from parkesg.web.disclosures import services
from parkesg.web.disclosures.models import VersionState as V

vocab.register("disclosure_state", {
    V.draft: ("草稿", "draft"), V.submitted: ("待审核", "submitted"),
    V.approved: ("已审核", "approved"), V.published: ("已发布", "published"),
})  # fmt: skip


def _insider(action: str) -> Any:
    def may(user: Any, obj: Any) -> bool:
        return bool(user.is_authenticated and user.organisation_id == obj.organisation_id
                    and role_allows(user.role, action))  # fmt: skip

    return may


REPORT = Check(
    "报告", "常州行动方案 11", lambda v: [] if v.report_id else ["须上传 ESG 报告（PDF）"]
)
VALUES = Check("指标", "常州行动方案 11",
               lambda v: [] if services.live_values(v, approved_only=True) else ["本年度没有任何已审核的指标值可披露"])  # fmt: skip
REASON = Check("更正原因", "", lambda v: [] if v.no == 1 or v.reason.strip()
               else ["更正版本须说明更正原因"])  # fmt: skip
ASSURANCE = Check("第三方鉴证", "常州行动方案 12", services.assurance_problems)


def _stamp(v: Any, step: Step, user: Any) -> None:
    if step.event == "submit":
        v.preparer, v.values = user, services.live_values(v, approved_only=True)
        v.save(update_fields=["preparer", "values"])
    elif step.event == "return":
        v.values = []
        v.save(update_fields=["values"])
    elif step.event == "approve":
        v.approver, v.approved_at = user, timezone.now()
        v.save(update_fields=["approver", "approved_at"])
    elif step.event == "publish":
        services.freeze(v, user)


FLOW = Workflow(
    steps=(
        Step("submit", frozenset({V.draft}), V.submitted, "提交审核", _insider(Action.change),
             (REPORT, VALUES, REASON, ASSURANCE)),
        Step("approve", frozenset({V.submitted}), V.approved, "审核通过", _insider(Action.approve),
             not_by=("preparer",), clause="常州行动方案 11"),
        Step("return", frozenset({V.submitted, V.approved}), V.draft, "退回修改",
             _insider(Action.approve), not_by=("preparer",), note_required=True),
        Step("publish", frozenset({V.approved}), V.published, "发布", _insider(Action.approve),
             (REPORT,)),
    ),
    on_move=(_stamp,),
)  # fmt: skip
