"""The standards' rules on the engagement, checked before a report is written: each refusal
names the sheet and row, and nothing is written."""

from __future__ import annotations

import pytest

from parkesg.demo.engagement import demo_engagement
from parkesg.engagement import TeamMember
from parkesg.engagement_checks import beijing_team, cppc_team, onsite_days, senior_title
from parkesg.errors import DataErrors
from parkesg.reports.write import write_report


def _with(eng, **update):
    return eng.model_copy(update=update)


def _target(eng, n, **values):
    targets = [t.model_copy() for t in eng.targets]
    targets[n] = targets[n].model_copy(update=values)
    return targets


@pytest.mark.parametrize(
    ("n", "values", "needle"),
    [
        (1, {"near": 0.2}, "近期目标 0.2 像是小数写法，单位为 %，现状值为 92.0%"),  # the old demo
        (1, {"near": 150.0}, "超出 0—100%"),
        (1, {"near": 90.0}, "该指标越高越好，近期目标 90.0 劣于现状值 92.0"),
        (1, {"mid": 93.0}, "中期目标 93.0 劣于近期目标 94.0"),
        (1, {"unit": "吨"}, "单位“吨”与指标单位“%”不同"),
        (2, {"near": 6.0}, "近期目标 6.00 与现状值 60.50% 相差 10 倍以上"),
        (2, {"near": 700.0}, "近期目标 700.00% 超出 0—100%"),
    ],
)
def test_a_target_must_fit_its_indicator(runs, tmp_path, n, values, needle):
    eng = demo_engagement("cppc")
    eng = _with(eng, targets=_target(eng, n, **values))
    out = tmp_path / "r.docx"
    with pytest.raises(DataErrors) as info:
        write_report("cppc", runs["cppc"], eng, out)
    [err] = info.value.errors
    assert (err.sheet, err.row) == ("清洁生产目标", 3 + n) and needle in err.detail, err.detail
    assert "T/CPPC 5.2.4" in err.detail and not out.exists()


def test_a_lower_is_better_target_and_a_unit_written_otherwise_pass(runs, tmp_path):
    eng = demo_engagement("cppc")
    from parkesg.engagement import Target

    targets = [
        *eng.targets,
        Target(indicator="7", unit="吨标准煤/万元", near=0.33, mid=0.3, long=0.28),
    ]
    write_report("cppc", runs["cppc"], _with(eng, targets=targets), tmp_path / "ok.docx")
    bad = [*eng.targets, Target(indicator="7", near=0.4)]  # 0.360 now; 0.4 is worse
    with pytest.raises(DataErrors, match="越低越好，近期目标 0.400 劣于现状值 0.360"):
        write_report("cppc", runs["cppc"], _with(eng, targets=bad), tmp_path / "no.docx")


def _member(name, title="工程师", speciality="环境工程", park=False, led=False):
    return TeamMember(name=name, team_role="成员", title=title, speciality=speciality,
                      member_type="园区工作人员" if park else "专家成员", green_projects=led)  # fmt: skip


def test_beijing_team_rule_on_real_title_grades():
    assert beijing_team(demo_engagement("beijing").team) == []
    assert senior_title("副研究员") and senior_title("高级工程师") and senior_title("正高级工程师")
    assert (
        not senior_title("助理研究员")
        and not senior_title("工程师")
        and not senior_title("研究员助理")
    )
    team = [
        _member("甲", "助理研究员"),  # contains 研究员, is not senior
        _member("乙", "高级工程师", speciality="财务管理"),  # senior, not a named speciality
        _member("丙", "副教授", speciality="生命周期评价"),
        _member("丁"),
        _member("戊", park=True),
    ]
    [err] = beijing_team(team)
    assert err.sheet == "工作组成员"
    assert "高级职称 1 人（第 5 行 丙）" in err.detail
    assert "第 3 行 甲（助理研究员，不是高级职称）" in err.detail
    assert "第 4 行 乙（高级工程师，专业“财务管理”不在所列专业）" in err.detail
    # or ≥ 3 who led green-manufacturing projects
    led = [
        *team[:2],
        _member("丙", led=True),
        _member("丁", led=True),
        _member("戊", park=True, led=True),
    ]
    assert beijing_team(led) == []
    small = [_member("甲", "教授"), _member("乙", "研究员")]
    problems = [e.detail for e in beijing_team(small)]
    assert "工作组成员 2 人" in problems[0] and "园区工作人员" in problems[1]


def test_beijing_report_refused_for_a_team_breaking_the_rule(runs, tmp_path):
    eng = demo_engagement("beijing")
    eng = _with(eng, team=[m.model_copy(update={"title": "工程师"}) for m in eng.team[:4]])
    with pytest.raises(DataErrors) as info:
        write_report("beijing", runs["beijing"], eng, tmp_path / "r.docx")
    assert {e.sheet for e in info.value.errors} == {"工作组成员"}
    assert not (tmp_path / "r.docx").exists()


def test_four_working_days_on_site_counted_from_the_dates():
    p = demo_engagement("beijing").park
    assert onsite_days(p) == []  # Monday 4 to Friday 8 March 2024: 5 days
    [err] = onsite_days(p.model_copy(update={"onsite_end": "2024年3月6日"}))
    assert "共 3 个工作日" in err.detail and err.sheet == "基本信息" and err.cell.startswith("B")
    # Friday to Tuesday: 3 working days, though 5 calendar days
    [err] = onsite_days(p.model_copy(update={"onsite_start": "2024年3月8日",
                                              "onsite_end": "2024年3月12日"}))  # fmt: skip
    assert "共 3 个工作日" in err.detail
    assert onsite_days(p.model_copy(update={"onsite_end": None})) == []  # not recorded yet


def test_cppc_each_enterprise_two_members_one_from_finance():
    team = demo_engagement("cppc").team
    assert cppc_team(team) == []
    no_finance = [m.model_copy(update={"finance": False, "department_post": "生产部"})
                  if m.organisation == "江南锂电材料有限公司" else m for m in team]  # fmt: skip
    [err] = cppc_team(no_finance)
    assert "江南锂电材料有限公司 的审核小组成员" in err.detail and "财务部门" in err.detail
    alone = [m for m in team if m.name != "何敏"]
    [err] = cppc_team(alone)
    assert "常州精工装备有限公司 只有 1 名审核小组成员" in err.detail and err.row is not None
    # members who record no enterprise: the rule has nothing to check yet
    assert cppc_team([m.model_copy(update={"enterprise": None}) for m in alone]) == []


def test_a_blank_engagement_passes_every_check(written):
    for kind in ("cppc", "beijing", "esc", "jdfa"):
        assert written[f"{kind}-blank"].files
