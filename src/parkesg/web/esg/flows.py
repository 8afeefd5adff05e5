"""The workflows of the ESG management system as tables of steps (``core.workflow``): a KPI
target (6.3.2), a programme (6.3.3), an internal audit (9.2), the park ESG report (9.1.3,
9.2.2 e), a management review (9.3), a nonconformity and its corrective actions (10.1), and
the policy and scope documents (5.2, 4.3). ``Workflow.move`` is the only way their states
change; ``FIELDS`` names what a person writes when taking a step (a result, a verdict)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from parkesg.web.core.workflow import Step, Workflow
from parkesg.web.documents.models import DocStatus
from parkesg.web.documents.services import LIFE
from parkesg.web.esg import checks
from parkesg.web.esg.people import (
    action_owner,
    any_of,
    approver,
    audit_team,
    auditor,
    editor,
    leader,
    verifier,
)


def S(*states: str) -> frozenset[str]:
    return frozenset(states)


# ── 6.3.2 targets ────────────────────────────────────────────────────────────────────────


def _target_stamp(t: Any, step: Step, user: Any) -> None:
    if step.target != "approved":
        return
    t.approved_by, t.approved_at = user, timezone.now()
    t.save(update_fields=["approved_by", "approved_at"])
    earlier = type(t).objects.filter(kpi_id=t.kpi_id, state="approved").exclude(pk=t.pk)
    earlier.update(state="superseded")


TARGET = Workflow(
    steps=(
        Step("submit", S("draft"), "submitted", "提交批准", editor, (checks.TARGET_FITS,)),
        Step("approve", S("submitted"), "approved", "批准", approver, (checks.TARGET_FITS,),
             not_by=("author",), clause="T/ESC 001 6.3.2"),
        Step("return", S("submitted"), "draft", "退回修改", approver, not_by=("author",),
             note_required=True),
    ),
    on_move=(_target_stamp,),
)  # fmt: skip

# ── 6.3.3 programmes ─────────────────────────────────────────────────────────────────────

PROGRAMME = Workflow(
    steps=(
        Step("start", S("planned"), "running", "开始实施", editor),
        Step("complete", S("running"), "done", "完成", editor,
             (checks.filled(("result", "实施结果")),)),
        Step("evaluate", S("done"), "evaluated", "评估效果", editor,
             (checks.filled(("evaluation", "效果评估")),), clause="T/ESC 001 6.3.3"),
        Step("cancel", S("planned", "running"), "cancelled", "取消", approver, note_required=True),
    ),
)  # fmt: skip

# ── 9.2 internal audits ──────────────────────────────────────────────────────────────────


def _audit_stamp(audit: Any, step: Step, user: Any) -> None:
    if step.target == "fieldwork" and audit.conducted_on is None:
        audit.conducted_on = timezone.localdate()
        audit.save(update_fields=["conducted_on"])


AUDIT = Workflow(
    steps=(
        Step("start", S("planned"), "fieldwork", "开始审核", any_of(audit_team, editor),
             (checks.INDEPENDENT, checks.AUDIT_SCOPE), clause="T/ESC 001 9.2.2 d)"),
        Step("report", S("fieldwork"), "reported", "提交审核报告", audit_team,
             (checks.INDEPENDENT, checks.filled(("report", "审核报告")))),
        Step("close", S("reported"), "closed", "关闭审核", approver, (checks.FINDINGS_TRACKED,),
             not_by=("auditor_users",)),
    ),
    on_move=(_audit_stamp,),
)  # fmt: skip

# ── 9.1.3 and 9.2.2 e) the park ESG report and its document ─────────────────────────────

# The report's file is a document (7.5) moved by its own table: the report's author submits,
# the leader approves (not the author), the leader or an approver publishes.
REPORT_DOCUMENT = Workflow(
    steps=(
        Step("submit", S(DocStatus.draft), DocStatus.review, "提交评审", editor),
        Step("approve", S(DocStatus.review), DocStatus.approved, "批准", leader,
             not_by=("author",), clause="T/ESC 001 9.2.2 e)"),
        Step("return", S(DocStatus.review), DocStatus.draft, "退回修改",
             any_of(auditor, leader), note_required=True),
        Step("publish", S(DocStatus.approved), DocStatus.published, "发布", any_of(leader, approver)),
    ),
    state_field="status",
    on_move=LIFE.on_move,
)  # fmt: skip
DOCUMENT_EVENT = {"submit": "submit", "approve": "approve", "return": "return",
                  "publish": "publish"}  # fmt: skip


def _report_stamp(report: Any, step: Step, user: Any) -> None:
    now = timezone.now()
    stamps = {"audited": ("audited_by", "audited_at"), "approved": ("approved_by", "approved_at")}
    if step.target in stamps:
        who, when = stamps[step.target]
        setattr(report, who, user)
        setattr(report, when, now)
        report.save(update_fields=[who, when])
    if step.target == "published":
        report.published_at = now
        report.save(update_fields=["published_at"])
    doc_event = {"submit": "submit", "approve": "approve", "publish": "publish"}.get(step.event)
    if step.event == "return" and report.document.status == DocStatus.review:
        doc_event = "return"
    if doc_event is not None:
        REPORT_DOCUMENT.move(
            report.document, doc_event, user=user, note="退回报告 / report returned"
        )


REPORT = Workflow(
    steps=(
        Step("submit", S("draft"), "audit", "提交内部审核评审", editor, (checks.REPORT_COMPLETE,)),
        Step("review", S("audit"), "audited", "评审通过", auditor,
             (checks.filled(("audit_opinion", "内部审核评审意见")),), not_by=("author",),
             clause="T/ESC 001 9.2.2 e)"),
        Step("return", S("audit", "audited"), "draft", "退回修改", any_of(auditor, leader),
             not_by=("author",), note_required=True),
        Step("approve", S("audited"), "approved", "批准", leader, not_by=("author",),
             clause="T/ESC 001 9.2.2 e)"),
        Step("publish", S("approved"), "published", "发布", any_of(leader, approver),
             clause="T/ESC 001 9.1.3"),
    ),
    on_move=(_report_stamp,),
)  # fmt: skip

# ── 9.3 management reviews ───────────────────────────────────────────────────────────────


def chair(user: Any, review: Any) -> bool:
    return leader(user, review) or (approver(user, review) and review.chair.user_id == user.pk)


REVIEW = Workflow(
    steps=(
        Step("hold", S("planned"), "held", "已召开", editor,
             (checks.filled(("attendees", "参加人员"), ("input_a", "输入 a)"), ("input_b", "输入 b)"),
                            ("input_c", "输入 c)"), ("input_d", "输入 d)"), ("input_e", "输入 e)")),),
             clause="T/ESC 001 9.3"),
        Step("close", S("held"), "closed", "批准评审结论", chair,
             (checks.filled(("directions", "持续改进的方向"), ("decisions", "持续改进机会的决定")),),
             clause="T/ESC 001 9.3"),
    ),
)  # fmt: skip

# ── 10.1 nonconformities and corrective actions ─────────────────────────────────────────


def _nc_stamp(nc: Any, step: Step, user: Any) -> None:
    if step.target == "closed":
        nc.closed_by, nc.closed_on = user, timezone.localdate()
        nc.save(update_fields=["closed_by", "closed_on"])


NONCONFORMITY = Workflow(
    steps=(
        Step("analyse", S("open"), "analysed", "原因分析完成", editor,
             (checks.filled(("cause", "原因分析")),), clause="T/ESC 001 10.1 a)"),
        Step("plan", S("analysed"), "actioned", "纠正措施已制定", editor, (checks.HAS_ACTIONS,)),
        Step("submit", S("actioned"), "verifying", "提交验证", editor, (checks.ACTIONS_DONE,)),
        Step("close", S("verifying"), "closed", "验证有效并关闭", verifier,
             (checks.ACTIONS_VERIFIED,), not_by=("action_owners",), clause="T/ESC 001 10.1"),
        Step("reopen", S("verifying"), "actioned", "验证未通过", verifier, note_required=True),
    ),
    on_move=(_nc_stamp,),
)  # fmt: skip


def _action_stamp(a: Any, step: Step, user: Any) -> None:
    today = timezone.localdate()
    if step.target == "done":
        a.completed_on = today
        a.save(update_fields=["completed_on"])
    elif step.target == "effective":
        a.verified_by, a.verified_on = user, today
        a.save(update_fields=["verified_by", "verified_on"])


ACTION = Workflow(
    steps=(
        Step("complete", S("planned"), "done", "已完成", action_owner,
             (checks.filled(("result", "实施结果")),)),
        Step("verify", S("done"), "effective", "验证有效", verifier,
             (checks.filled(("verification_note", "验证说明")),), not_by=("owner",),
             clause="T/ESC 001 10.1"),
        Step("reject", S("done"), "planned", "验证未通过", verifier, not_by=("owner",),
             note_required=True),
    ),
    on_move=(_action_stamp,),
)  # fmt: skip

# ── documents of the system: the policy and the scope carry their clause's checks ───────


def _with_checks(extra: tuple[Any, ...]) -> Workflow:
    steps = tuple(dataclasses.replace(s, checks=s.checks + extra)
                  if s.event in ("submit", "approve") else s for s in LIFE.steps)  # fmt: skip
    return dataclasses.replace(LIFE, steps=steps)


DOCUMENT_FLOWS: dict[str, Workflow] = {
    "esc.policy": _with_checks((checks.POLICY_COMPLETE,)),
    "esc.scope": _with_checks((checks.SCOPE_COMPLETE,)),
    "esc.report": REPORT_DOCUMENT,
}


def document_flow(doc: Any) -> Workflow:
    return DOCUMENT_FLOWS.get(doc.kind, LIFE)


# model name → its workflow; FIELDS: (model, event) → what the person writes with the step
FLOWS: dict[str, Workflow] = {
    "kpitarget": TARGET, "programme": PROGRAMME, "internalaudit": AUDIT, "esgreport": REPORT,
    "managementreview": REVIEW, "nonconformity": NONCONFORMITY, "correctiveaction": ACTION,
}  # fmt: skip
FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("programme", "complete"): ("result",),
    ("programme", "evaluate"): ("evaluation",),
    ("internalaudit", "report"): ("report",),
    ("esgreport", "review"): ("audit_opinion",),
    ("managementreview", "close"): ("directions", "decisions"),
    ("nonconformity", "analyse"): ("cause",),
    ("nonconformity", "close"): ("verification",),
    ("correctiveaction", "complete"): ("result",),
    ("correctiveaction", "verify"): ("verification_note",),
}  # fmt: skip

# The buttons' words, in the English catalogue (pages show ``gettext(step.label)``): the steps
# above and those of the documents app's ``LIFE``.
STEP_LABELS = (
    gettext_noop("提交批准"), gettext_noop("批准"), gettext_noop("退回修改"), gettext_noop("开始实施"),
    gettext_noop("完成"), gettext_noop("评估效果"), gettext_noop("取消"), gettext_noop("开始审核"),
    gettext_noop("提交审核报告"), gettext_noop("关闭审核"), gettext_noop("提交评审"),
    gettext_noop("发布"), gettext_noop("提交内部审核评审"), gettext_noop("评审通过"),
    gettext_noop("已召开"), gettext_noop("批准评审结论"), gettext_noop("原因分析完成"),
    gettext_noop("纠正措施已制定"), gettext_noop("提交验证"), gettext_noop("验证有效并关闭"),
    gettext_noop("验证未通过"), gettext_noop("已完成"), gettext_noop("验证有效"),
    gettext_noop("提交审核"), gettext_noop("撤回"),
)  # fmt: skip
