"""Management reviews with their inputs a)–e) pre-filled from the registers (9.3)."""

from __future__ import annotations

from typing import Any

from parkesg.web.esg import enums
from parkesg.web.esg.models import (
    ContextIssue,
    CoreIssue,
    ImprovementItem,
    InterestedParty,
    ManagementReview,
    Nonconformity,
    PurposeChoice,
    RiskOpportunity,
)

SHOWN = 6  # a pre-filled input names this many records, then 等 N 项


def _names(items: list[str]) -> str:
    more = f" 等 {len(items)} 项" if len(items) > SHOWN else ""
    return "、".join(items[:SHOWN]) + more if items else "无"


def prefill(org: Any) -> dict[str, str]:
    """Inputs a)–e) of 9.3 as the registers show them now (the office edits them)."""
    last = (ManagementReview.objects.filter(organisation=org, state="closed")
            .order_by("-held_on").first())  # fmt: skip
    since = last.held_on if last else None
    states = dict(enums.IMPROVEMENT_STATE)
    plan = ImprovementItem.objects.filter(organisation=org, review=last) if last else []
    a = (f"上次管理评审（{last.held_on}）决定：{last.decisions.strip() or '无'}；改进计划："
         + _names([f"{i.title}（{states[i.state]}）" for i in plan])
         if last else "首次管理评审，无以往措施。")  # fmt: skip

    def new(model: Any, label: str) -> str:
        qs = model.objects.filter(organisation=org)
        if since:
            qs = qs.filter(created_at__date__gt=since)
        return f"{label}{'新增' if since else '共'} {qs.count()} 项：{_names([str(x) for x in qs[:50]])}"

    b = "；".join((new(ContextIssue, "内外部问题"), new(InterestedParty, "相关方"),
                  new(RiskOpportunity, "风险和机遇")))  # fmt: skip
    purposes = [str(p) for p in PurposeChoice.objects.filter(organisation=org, chosen=True)]
    core = CoreIssue.objects.filter(organisation=org, core=True)
    c = (f"体系宗旨：{_names(purposes)}。核心议题 {core.count()} 项，其中符合宗旨（6.2 b）"
         f"{core.filter(purpose_fit=True).count()} 项：{_names([i.title for i in core])}。")  # fmt: skip
    ncs = Nonconformity.objects.filter(organisation=org, source="audit")
    nc_states = dict(enums.NC_STATE)
    d = f"内部审核不符合 {ncs.count()} 项：" + _names(
        [f"{n.title}（{nc_states[n.state]}）" for n in ncs]
    )
    opps = RiskOpportunity.objects.filter(organisation=org, kind="opportunity")
    e = "改进机会：" + _names([o.title for o in opps])
    return {"input_a": a, "input_b": b, "input_c": c, "input_d": d, "input_e": e}
