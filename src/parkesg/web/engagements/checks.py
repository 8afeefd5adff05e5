"""The standards' rules as named checks (``core.workflow.Check``): each cites its clause,
returns every problem at once in Chinese, and blocks the step it guards (``flows``). The
rules themselves: ``rules`` (T/CPPC and shared), ``rules_beijing``.

T/CPPC: 5.1.2 (1)–(3) team, 5.1.3 work plan, 5.1.4 and 附件1 (23) publicity, 5.2.1–5.2.4
survey, baseline, evaluation, focus and targets, 5.3.1–5.3.3 causes and energy, 5.4.1–5.4.2
options and screening, 5.5 conclusions and 表 B.4, 6 a repeat round's account, 附件2 1.1 the
final report. Beijing guide: 三（一）–（五）, 四（三）1, 五（一）–（五）, 六.
"""

from __future__ import annotations

from parkesg.web.core.workflow import Check
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import rules as R
from parkesg.web.engagements import rules_beijing as B

# ── the named checks, each with its clause ─────────────────────────────────────────────

C = Check
CPPC = {
    "s51": (
        C("team_leader", "T/CPPC 5.1.2 (1)", R.team_leader),
        C("team_enterprises", "T/CPPC 5.1.2 (2)", R.team_enterprises),
        C("team_duties", "T/CPPC 5.1.2 (3)、表 B.1", R.team_duties),
        C("work_plan", "T/CPPC 5.1.3、表 B.2", R.work_plan),
        C("plan_done_51", "T/CPPC 5.1.3", R.plan_done(c.Phase.p51)),
        C("publicity", "T/CPPC 5.1.4、附件1 (23)", R.publicity),
    ),
    "s52": (
        C("team_enterprises", "T/CPPC 5.1.2 (2)", R.team_enterprises),
        C("survey", "T/CPPC 5.2.1", R.survey),
        C("baseline", "T/CPPC 5.2.1", R.baseline),
        C("evaluation", "T/CPPC 5.2.2、附件1", R.evaluation),
        C("focus_levels", "T/CPPC 5.2.3", R.focus_levels),
        C("targets", "T/CPPC 5.2.4、附件2 2.4.4", R.targets),
        C("plan_done_52", "T/CPPC 5.1.3", R.plan_done(c.Phase.p52)),
    ),
    "s53": (
        C("focus_status", "T/CPPC 5.3.1", R.focus_status),
        C("findings", "T/CPPC 5.3.2、5.3.3", R.findings),
        C("energy", "T/CPPC 5.3.2", R.energy),
        C("plan_done_53", "T/CPPC 5.1.3", R.plan_done(c.Phase.p53)),
    ),
    "s54": (
        C("options", "T/CPPC 5.4.1", R.options),
        C("screening", "T/CPPC 5.4.2", R.screening),
        C("plan_done_54", "T/CPPC 5.1.3", R.plan_done(c.Phase.p54)),
    ),
    "s55": (
        C("conclusions", "T/CPPC 5.5.1、5.5.2", R.conclusions),
        C("continuing", "T/CPPC 5.5.2、表 B.4", R.continuing),
        C("last_round", "T/CPPC 6", R.last_round),
        C("plan_done_55", "T/CPPC 5.1.3", R.plan_done(c.Phase.p55)),
    ),
    "accept": (C("final_report", "T/CPPC 附件2 1.1 (1)", R.report_doc("最终稿")),),
}
BEIJING = {
    "boundary": (C("boundary", "北京指南 三（一）2", B.bj_boundary),),
    "prep": (
        C("bj_team", "北京指南 三（二）", B.bj_team),
        C("bases", "北京指南 三（三）", B.bases),
        C("work_plan", "北京指南 三（四）", R.work_plan),
        C("pledge", "北京指南 三（五）、附件2-2", B.pledge),
    ),
    "onsite": (
        C("onsite_days", "北京指南 四（三）1", B.onsite_days),
        C("evaluation", "北京指南 五（一）、附件2-1-1、2-1-2", R.evaluation),
    ),
    "drafting": (
        C("suggestions", "北京指南 五（三）、附件2-1-3", B.suggestions),
        C("bj_findings", "北京指南 附件2-1 三、4", B.bj_findings),
        C("bj_conclusions", "北京指南 附件2-1 四、五", B.bj_conclusions),
        C("report", "北京指南 五", R.report_doc(None)),
    ),
    "confirm": (C("feedback_forms", "北京指南 五（四）、附件2-3、2-4", B.feedback_forms),),
    "followup": (C("adoption", "北京指南 六", B.adoption),),
}
SUBMIT = (C("district", "北京指南 五（五）", B.district),)
OPINION = (C("opinion", "北京指南 附件2-4", B.opinion),)
