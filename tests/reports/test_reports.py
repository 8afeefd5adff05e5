"""The Word reports, opened with python-docx and read as XML: chapters, tables against the
numbers of ``to_json``, East Asian fonts, page, the team-rule warning, forms, user templates."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from parkesg.demo.engagement import demo_engagement
from parkesg.engagement import Engagement
from parkesg.errors import DataError
from parkesg.reports.build_templates import LAYOUTS, build
from parkesg.reports.render import TEMPLATE_DIR, export_template, render
from parkesg.reports.write import assess_for_report, write_report

CPPC_HEADINGS = [
    "1 前言", "2 项目概况", "3 筹划和组织", "3.1 取得领导支持和参与", "3.2 组建审核小组",
    "3.3 制定审核工作计划", "3.4 开展宣传教育和培训", "4 初步审核", "4.1 现状调查",
    "4.2 清洁生产评价", "4.3 确定清洁生产审核重点", "4.4 设置清洁生产目标", "5 重点审核",
    "5.1 审核重点现状分析", "5.2 主要问题及原因分析", "5.3 提出清洁生产建议", "6 方案产生和筛选",
    "6.1 产生和汇总方案", "6.2 筛选方案", "7 结论和建议", "7.1 结论", "7.2 建议", "附件",
]  # fmt: skip


def headings(d):
    return [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]


def table_with(d, *head):
    hits = [t for t in d.tables if [c.text for c in t.rows[0].cells][: len(head)] == list(head)]
    assert hits, head
    return hits


def row_of(t, first):
    return next([c.text for c in r.cells] for r in t.rows if r.cells[0].text == first)


@pytest.fixture(scope="module")
def cppc(park, tmp_path_factory):
    wide, obs = park
    out = tmp_path_factory.mktemp("cppc") / "audit.docx"
    write_report("cppc", wide, obs, demo_engagement("cppc"), out)
    return docx.Document(str(out)), out


@pytest.fixture(scope="module")
def cppc_json(park):
    return assess_for_report("cppc", *park)[-1]


@pytest.fixture(scope="module")
def beijing(park, tmp_path_factory):
    wide, obs = park
    out = tmp_path_factory.mktemp("bj") / "diagnosis.docx"
    files = write_report("beijing", wide, obs, demo_engagement("beijing"), out)
    return docx.Document(str(out)), files


def test_cppc_has_every_chapter_and_section_in_order(cppc):
    d, _ = cppc
    assert headings(d) == CPPC_HEADINGS
    cover = [p.text for p in d.paragraphs[:20] if p.text]
    assert cover[:3] == ["江南示范经济技术开发区", "清洁生产审核报告", "（送审稿）"]
    assert "江南示范经济技术开发区管理委员会" in cover and "2024年4月" in cover


def test_cppc_indicator_table_holds_the_engine_numbers(cppc, cppc_json):
    d, _ = cppc
    [t] = table_with(
        d, "序号", "指标", "单位", "必选/可选", "园区值", "一般水平", "先进水平", "评价结果"
    )
    assert len(t.rows) == 1 + 26
    by_no = {i["no"]: i for i in cppc_json["indicators"]}
    # indicator 3: (4,530,000 / 3,930,000)^(1/2) - 1 ... as the engine computed it: 7.8608 %
    assert row_of(t, "3") == [
        "3",
        "园区工业增加值三年年均增长率",
        "%",
        "可选",
        "7.86",
        "10",
        "15",
        "▲未达一般",
    ]
    assert round(by_no["3"]["value"], 2) == 7.86 and by_no["3"]["level"] == "未达一般"
    # indicator 7: 1,631,000 tce / 4,530,000 万元 = 0.36004 tce/万元, 一般 (0.5 ≥ x > 0.3)
    assert row_of(t, "7")[4:] == ["0.36", "0.5", "0.3", "△一般"]
    assert row_of(t, "9")[4:] == ["是", "具备", "具备", "先进"]  # a yes/no requirement
    assert row_of(t, "23")[1] == "园区清洁生产宣传活动（暂定）"  # provisional stays visible
    for no, i in by_no.items():  # every value cell agrees with to_json to the shown precision
        cell = row_of(t, no)[4].replace(",", "")
        if cell not in ("是", "否"):
            assert float(cell) == pytest.approx(i["value"], rel=5e-3, abs=5e-3), no
    shortfall = next(r for r in t.rows if r.cells[0].text == "4").cells[7]._tc
    assert shortfall.find(f".//{qn('w:shd')}").get(qn("w:fill")) == "F4CCCC"


def test_cppc_targets_and_annex_b_tables(cppc):
    d, _ = cppc
    [targets] = table_with(
        d, "序号", "指标", "单位", "现状值", "近期目标值", "中期目标值", "远期目标值"
    )
    assert row_of(targets, "1") == [
        "1", "4 资源再生利用产业增加值占园区工业增加值比例", "%", "3.27（2023 年评价）", "5", "7", "10"
    ]  # fmt: skip
    assert row_of(targets, "3")[3] == "60.50"  # not an evaluated indicator: as entered
    [team] = table_with(d, "姓名", "小组职务", "所在部门及职务")
    assert len(team.rows) == 1 + 6 and row_of(team, "王建国")[1] == "组长"
    [plan] = table_with(d, "序号", "阶段", "行动方案", "工作内容", "完成时间")
    assert row_of(plan, "5")[1] == "结论和建议"
    [options] = table_with(d, "序号", "方案名称", "实施主体", "方案简介", "投资预算（万元）")
    assert row_of(options, "1")[4] == "3,200"
    table_with(d, "项目", "主要内容", "时间", "负责部门")
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    for b in ("表B.1", "表B.2", "表B.3", "表B.4"):
        assert any(b in c for c in captions), b


def test_header_rows_repeat_and_page_follows_gbt_9704(cppc):
    d, _ = cppc
    for t in d.tables:
        assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    s = d.sections[0]
    assert abs(s.page_width.mm - 210) < 0.1 and abs(s.page_height.mm - 297) < 0.1
    margins = (s.top_margin.mm, s.bottom_margin.mm, s.left_margin.mm, s.right_margin.mm)
    assert margins == pytest.approx((37, 35, 28, 26), abs=0.05)


def _east_asia(style):
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_east_asian_fonts_are_in_the_xml(cppc, beijing):
    d, _ = cppc
    # T/CPPC 附录C: body 四号宋体, 一级标题 二号黑体 bold, 二级 三号黑体, table 小四宋体
    assert (_east_asia(d.styles["Normal"]), d.styles["Normal"].font.size.pt) == ("宋体", 14)
    assert (_east_asia(d.styles["Heading 1"]), d.styles["Heading 1"].font.size.pt) == ("黑体", 22)
    assert d.styles["Heading 1"].font.bold is True
    assert _east_asia(d.styles["Heading 2"]) == "黑体" and d.styles["Heading 2"].font.size.pt == 16
    assert (_east_asia(d.styles["Table Text"]), d.styles["Table Text"].font.size.pt) == ("宋体", 12)
    cover = d.styles["Cover Title"]
    assert (_east_asia(cover), cover.font.size.pt, cover.font.bold) == ("方正小标宋简体", 36, True)
    theme = d.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme"))
    assert theme is None  # a theme font would override the explicit one
    defaults = d.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    assert defaults.get(qn("w:eastAsia")) == "宋体"
    b, _ = beijing  # GB/T 9704 where the guide is silent: 三号仿宋 body, 二号小标宋 title
    assert (_east_asia(b.styles["Normal"]), b.styles["Normal"].font.size.pt) == ("仿宋", 16)
    assert (_east_asia(b.styles["Title"]), b.styles["Title"].font.size.pt) == ("方正小标宋简体", 22)


def test_beijing_report_outline_tables_and_scores(beijing, park):
    d, files = beijing
    assert [h for h in headings(d) if h[1] == "、"] == [
        "一、概述", "二、诊断评估过程和方法", "三、诊断评估内容", "四、诊断评估结论", "五、建议", "六、参考文件",
    ]  # fmt: skip
    docs = assess_for_report("beijing", *park)
    assert [x["year"] for x in docs] == [2021, 2022, 2023]
    years = table_with(d, "一级指标", "序号", "二级指标", "指标单位", "指标数据", "得分")
    assert len(years) == 3 and [c.text for c in years[1].rows[0].cells][6] == "评价情况说明"
    for t, doc in zip(years, docs, strict=True):
        assert len(t.rows) == 1 + 31
        first = next(i for i in doc["indicators"] if i["no"] == "1")
        assert row_of_no(t, "1")[5] == f"{first['score']:.1f}（暂定）"  # provisional leading value
    [groups] = table_with(d, "一级指标", "2021 年", "2022 年", "2023 年")
    eg = next(g["score"] for g in docs[2]["groups"] if g["id"] == "EG")
    assert row_of(groups, "能源利用绿色化指标（EG）")[3] == f"{eg:.1f}（暂定）"
    [req] = table_with(d, "序号", "基本要求", "是否符合", "证明材料索引")
    assert len(req.rows) == 1 + 8 and row_of(req, "1")[2] == "符合"
    assert row_of(req, "7")[2] == "不具备（鼓励项）"  # the demo park lacks the encouraged 7
    [sugg] = table_with(d, "序号", "项目建设内容", "总投资（万元）", "其中固定资产投资（万元）")
    assert row_of(sugg, "2")[2:4] == ["860", "800"]
    text = "\n".join(p.text for p in d.paragraphs)
    assert "⚠" not in text  # the demo team is compliant
    assert "2023年园区统计年报 表3" in text  # 六、参考文件 lists the evidence of the data
    assert len(files) == 4


def row_of_no(t, no):
    return next([c.text for c in r.cells] for r in t.rows if r.cells[1].text == no)


def test_noncompliant_team_gets_a_visible_warning(park, tmp_path):
    eng = demo_engagement("beijing")
    eng = Engagement(**{**eng.model_dump(), "team": [m for m in eng.model_dump()["team"][:4]
                                                     if m["member_type"] != "园区工作人员"]})  # fmt: skip
    out = tmp_path / "bad-team.docx"
    write_report("beijing", *park, eng, out)
    warning = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Warning"]
    assert warning[0].startswith("⚠ 工作组不符合指南")
    # 3 members left (陈晓, 刘海峰, 赵敏): too few and no park staff; 2 senior titles is enough
    assert warning[1] == (
        "1. 工作组成员 3 人，指南要求不少于 5 人；"
        "2. 工作组中没有园区工作人员，指南要求至少一名园区相关工作负责人；"
    )


def test_forms_are_prefilled(beijing):
    _, files = beijing
    pledge, confirmation, survey = (docx.Document(str(f)) for f in files[1:])
    assert "本单位为江南示范经济技术开发区开展绿色诊断工作" in pledge.paragraphs[1].text
    body = confirmation.paragraphs[1].text
    assert "于2024年3月4日至2024年3月8日开展了现场诊断" in body
    assert "2024年4月10日向我单位提交了绿色诊断评估报告" in body
    assert not any("第三方评估服务" in p.text for p in confirmation.paragraphs)  # not provided
    cells = [c.text for r in survey.tables[0].rows for c in r.cells]
    assert "江南示范经济技术开发区" in cells and "苏南绿色发展咨询有限公司" in cells


def test_user_template_is_used(park, tmp_path):
    tpl = export_template("cppc", tmp_path / "mine")
    d = docx.Document(str(tpl))
    d.paragraphs[0].insert_paragraph_before("某某咨询公司 信头 {{ park_name }}")
    d.save(str(tpl))
    out = tmp_path / "r.docx"
    write_report("cppc", *park, demo_engagement("cppc"), out, template=tpl)
    assert docx.Document(str(out)).paragraphs[0].text == "某某咨询公司 信头 江南示范经济技术开发区"


def test_user_template_cannot_reach_python(tmp_path):
    tpl = tmp_path / "evil.docx"
    d = docx.Document()
    d.add_paragraph("{{ x.__class__.__mro__[1].__subclasses__() }}")
    d.save(str(tpl))
    with pytest.raises(DataError, match="报告模板有误"):
        render(tpl, {"x": ""}, tmp_path / "out.docx")


def test_special_characters_are_escaped(park, tmp_path):
    eng = demo_engagement("cppc")
    eng.profile.preface = "A < B & C > D “引号” <w:p>"
    out = tmp_path / "esc.docx"
    write_report("cppc", *park, eng, out)
    assert any(p.text == "A < B & C > D “引号” <w:p>" for p in docx.Document(str(out)).paragraphs)


def test_shipped_templates_are_rebuilt_byte_for_byte(tmp_path):
    for name in LAYOUTS:
        rebuilt = build(name, tmp_path)
        assert rebuilt.read_bytes() == (TEMPLATE_DIR / f"{name}.docx").read_bytes(), name
        with zipfile.ZipFile(rebuilt) as zf:
            assert zf.testzip() is None


def test_report_for_missing_narrative_shows_a_blank_to_fill(park, tmp_path):
    eng = demo_engagement("cppc")
    eng.profile.leadership = None
    out = tmp_path / "gap.docx"
    write_report("cppc", *park, eng, out)
    assert any(
        p.text == "（待填写：取得领导支持和参与）" for p in docx.Document(str(out)).paragraphs
    )


def test_esc_report_has_9_1_3_contents_and_kpi_progress(park, demo_inputs, tmp_path):
    from parkesg.cli.data import load_targets

    targets = load_targets(demo_inputs["targets"])
    out = tmp_path / "esg.docx"
    write_report("esc", *park, demo_engagement("esc"), out, targets=targets)
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    for item in (
        "报告时间：2023年1月1日—2023年12月31日",
        "报告范围：",
        "数据来源：",
        "编制依据：",
        "发布方式：",
    ):
        assert item in text, item  # 9.1.3 a)–e)
    assert headings(d)[:5] == [
        "一、园区概况",
        "（一）发展历程",
        "（二）获得荣誉",
        "（三）园区宗旨",
        "（四）ESG 管理机构",
    ]
    [kpi] = table_with(d, "领域", "序号", "指标", "单位", "基准值", "目标值")
    assert len(kpi.rows) == 1 + 35
    # KPI 1 清洁能源消费比例: baseline 66.8765, target 75 (demo targets), 2023 value
    # 1,255,900 / 1,784,000 × 100 = 70.398 %; progress (70.398 − 66.8765) ÷ (75 − 66.8765) × 100
    # = 3.5215 ÷ 8.1235 × 100 = 43.35 %
    assert row_of_no(kpi, "1")[4:] == ["66.88", "75", "70.40", "43.3"]
    doc = assess_for_report("esc", *park, targets=targets)[-1]
    assert doc["indicators"][0]["score"] == pytest.approx(43.349, abs=1e-3)
    assert row_of_no(kpi, "16")[7] == "未设目标"  # gdp_growth has no target in the demo
    [src] = table_with(d, "数据", "年份", "来源类别", "证明材料")
    assert any(r.cells[3].text == "2023年园区能源平衡表" for r in src.rows)
