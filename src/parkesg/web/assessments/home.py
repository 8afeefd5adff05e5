"""What assessments add to the navigation and the home page: 评价 for those who may see
or run them, the latest result of each entity and framework the user may see (grade, total
or level counts, from the stored page), and 运行评价 for those who may run one."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkesg import formatting
from parkesg.web.assessments.models import Assessment
from parkesg.web.assessments.results import PAGE_VERSION
from parkesg.web.assessments.services import may_run
from parkesg.web.core import home, nav, vocab
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import OrgKind

SEES = (OrgKind.park, OrgKind.enterprise, OrgKind.provider, OrgKind.bank)
SCANNED = 60  # latest runs looked at for the home page's “latest results”


def register() -> None:
    nav.register(nav.Item(gettext_lazy("评价"), "assessments:list", lambda u: nav.kind_in(u, *SEES),
                          order=40))  # fmt: skip
    home.register_latest(latest)
    home.register_shortcuts(shortcuts)


def headline(run: Assessment) -> tuple[str, list[tuple[str, str]]]:
    """The result in a few words (and level badges) from the stored page."""
    page = run.page if isinstance(run.page, dict) else {}
    if page.get("version") != PAGE_VERSION:  # stored before this page version: years only
        return "、".join(map(str, run.years)), []
    s = page.get("summary") or {}
    layout = page.get("layout", "generic")
    if layout == "cppc" and s.get("years"):
        y = s["years"][-1]
        badges = [(code, f"{vocab.label('level', level)} {n}") for code, level, n in y["counts"]]
        return _("%(year)s 年 %(n)s 项指标") % {"year": y["year"], "n": y["assessed"]}, badges
    if layout == "jdfa" and s:
        held = s.get("withheld") or {}
        if held and not held.get("issued"):
            return str(_("不予评级（同业样本不足）")), [("below", str(_("无同业比较基础")))]
        text = f"{s.get('grade') or '—'} · {formatting.score(s.get('total'))} {_('分')}"
        return text, [("below", str(_("同业样本不足，仅供参考")))] if held else []
    if layout == "esc" and s:
        return _("%(n)s 项 KPI，%(k)s 项已设目标") % {"n": s["count"], "k": s["with_target"]}, []
    totals = page.get("totals") or []
    if totals and totals[-1].get("total") is not None:
        t = totals[-1]
        grade = f" · {t['grade']}" if t.get("grade") else ""
        return _("%(year)s 年总分 %(score)s") % {"year": t["year"],
                                                "score": formatting.score(t["total"])} + grade, []  # fmt: skip
    return "、".join(map(str, run.years)), []


def latest(user: Any) -> list[home.Latest] | None:
    if not nav.kind_in(user, *SEES):
        return None  # an operator or a government sees no assessment
    runs = (
        Assessment.objects.for_user(user, Action.view)
        .select_related("organisation")
        .defer("results", "inputs")
        .order_by("-created_at", "-id")[:SCANNED]
    )
    seen, out = set(), []
    for run in runs:
        key = (run.organisation_id, run.framework_id)
        if key in seen:
            continue
        seen.add(key)
        text, badges = headline(run)
        out.append(home.Latest(run.framework_title, f"{run.organisation.name} · {run.framework_code}",
                               reverse("assessments:detail", args=[run.pk]), text,
                               run.created_at, badges))  # fmt: skip
    return out


def shortcuts(user: Any) -> list[home.Shortcut]:
    out = []
    if may_run(user) and nav.kind_in(user, *SEES):
        out.append(home.Shortcut(_("运行评价"), reverse("assessments:new"), 30))
    if nav.kind_in(user, *SEES):
        out.append(home.Shortcut(_("评价结果"), reverse("assessments:list"), 50))
    return out
