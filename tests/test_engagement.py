"""The engagement workbook: written from the one schema, read back validated, every error by
sheet, row and cell, nothing half-read."""

from __future__ import annotations

import openpyxl
import pytest
from typer.testing import CliRunner

from parkesg.cli.main import app
from parkesg.demo.engagement import demo_engagement
from parkesg.engagement import TABLE_SHEETS, columns
from parkesg.errors import DataError, DataErrors
from parkesg.io.engagement import read_engagement, write_engagement_template


@pytest.mark.parametrize("kind", ["cppc", "beijing"])
def test_round_trip_keeps_every_record(tmp_path, kind):
    eng = demo_engagement(kind)
    path = write_engagement_template(kind, tmp_path / "e.xlsx", engagement=eng)
    assert read_engagement(path) == eng


def test_headers_are_chinese_with_english_beside(tmp_path):
    path = write_engagement_template("cppc", tmp_path / "e.xlsx")
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["工作组成员"][1]] == [
        "姓名 Name", "小组职务/分工 Role in the team", "所属小组 Group", "所在单位 Organisation",
        "园区内企业成员 Member from an enterprise in scope",
        "所在部门及职务 Department and post", "财务部门 Finance department",
        "职称 Professional title", "从事专业 Speciality", "职责 Duties",
        "投入时间 Time committed", "成员类别 Member type",
        "主导过绿色制造项目 Led green-manufacturing projects",
    ]  # fmt: skip
    plan = [c.value.split(" ")[0] for c in wb["工作计划"][1]]
    assert "参与人" in plan  # 附件2 2.3.3
    assert [c.value for c in wb["清洁生产目标"][1]] == [
        "指标 Indicator", "单位 Unit", "现状值 Current value", "近期目标值 Near-term target",
        "中期目标值 Mid-term target", "远期目标值 Long-term target",
    ]  # fmt: skip
    options = [c.value.split(" ")[0] for c in wb["方案与建议"][1]]
    assert options == [
        "方案/项目名称", "层面", "实施主体", "方案简介/建设内容", "总投资（万元）",
        "其中固定资产投资（万元）", "环境效益", "经济效益", "实施时间", "实施情况",
    ]  # fmt: skip
    # the Beijing workbook has no audit focus, targets or continuing plan (T/CPPC only)
    bj = openpyxl.load_workbook(write_engagement_template("beijing", tmp_path / "b.xlsx"))
    assert "审核重点" not in bj.sheetnames and "工作组成员" in bj.sheetnames


def test_every_error_is_reported_by_cell(tmp_path):
    path = write_engagement_template(
        "cppc", tmp_path / "e.xlsx", engagement=demo_engagement("cppc")
    )
    wb = openpyxl.load_workbook(path)
    prof = wb["基本信息"]
    month_row = next(
        r for r in range(2, 60) if str(prof.cell(r, 1).value).startswith("报告编制时间")
    )
    prof.cell(month_row, 2).value = "2024-13"
    team = wb["工作组成员"]
    team["A4"] = None  # name blank on a row that has other cells: required
    team["L5"] = "外聘专家"  # 成员类别: not in the dropdown
    opts = wb["方案与建议"]
    opts["E3"] = "三千"  # investment not a number
    opts["F4"] = 900  # fixed assets 900 > total 860
    wb.save(path)
    with pytest.raises(DataErrors) as info:
        read_engagement(path)
    where = {(e.sheet, e.row, e.cell) for e in info.value.errors}
    assert where == {
        ("基本信息", month_row, f"B{month_row}"),
        ("工作组成员", 4, "A4"),
        ("工作组成员", 5, "L5"),
        ("方案与建议", 3, "E3"),
        ("方案与建议", 4, "F4"),
    }
    text = str(info.value)
    assert "必填项为空" in text and "外聘专家" in text and "固定资产投资不能大于总投资" in text


def test_missing_sheet_and_wrong_file(tmp_path):
    path = write_engagement_template("beijing", tmp_path / "e.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["工作计划"]
    wb.save(path)
    with pytest.raises(DataErrors, match="工作计划"):
        read_engagement(path)
    other = openpyxl.Workbook()
    other.save(tmp_path / "other.xlsx")
    with pytest.raises(DataError, match="不是项目信息填报表"):
        read_engagement(tmp_path / "other.xlsx")


def test_blank_template_needs_the_park_name(tmp_path):
    path = write_engagement_template("cppc", tmp_path / "e.xlsx")
    with pytest.raises(DataErrors) as info:
        read_engagement(path)
    [err] = info.value.errors
    assert (err.sheet, err.row, err.cell) == ("基本信息", 2, "B2")


def test_every_table_sheet_has_a_required_column():
    for model, _ in TABLE_SHEETS.values():
        assert any("必填" in extra["hint"] for _, _, extra in columns(model)), model


def test_cli_writes_the_engagement_template(tmp_path):
    runner = CliRunner()
    out = tmp_path / "e.xlsx"
    res = runner.invoke(app, ["template", "--engagement", "beijing", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert openpyxl.load_workbook(out)["填写说明"]["B2"].value == "beijing"
    bad = runner.invoke(app, ["template", "--engagement", "nope", "-o", str(out)])
    assert bad.exit_code == 2 and "无效" in bad.output and "Traceback" not in bad.output
