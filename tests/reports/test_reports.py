"""The Word reports, opened with python-docx and read as XML: outlines, tables against the
stored numbers, words generated from the results, fonts, layout, provisional marks, blank
engagements, forms and certificate, user templates."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from report_helpers import FIELD_ID, KINDS, all_text

from parkesg.demo.engagement import demo_engagement
from parkesg.errors import DataError
from parkesg.reports.build_templates import LAYOUTS, build
from parkesg.reports.render import TEMPLATE_DIR, export_template, render
from parkesg.reports.write import write_report

CPPC_HEADINGS = [
    "1 前言", "2 项目概况", "3 筹划和组织", "3.1 取得领导支持和参与", "3.2 组建审核小组",
    "3.3 制定审核工作计划", "3.4 开展宣传教育和培训", "4 初步审核", "4.1 现状调查",
    "4.2 清洁生产评价", "4.3 确定清洁生产审核重点", "4.4 设置清洁生产目标", "5 重点审核",
    "5.1 审核重点现状分析", "5.2 主要问题及原因分析", "5.3 提出清洁生产建议", "6 方案产生和筛选",
    "6.1 产生和汇总方案", "6.2 筛选方案", "7 结论和建议", "7.1 结论", "7.2 建议", "附件",
]  # fmt: skip


def headings(d):
    return [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]


def doc(written, name):
    return docx.Document(str(written[name].files[0]))


def table_with(d, *head):
    hits = [t for t in d.tables if [c.text for c in t.rows[0].cells][: len(head)] == list(head)]
    assert hits, head
    return hits


def rows_of(t):
    return [[c.text for c in r.cells] for r in t.rows[1:]]


def row_where(t, col, value):
    return next([c.text for c in r.cells] for r in t.rows if r.cells[col].text == value)


def text_of(d) -> str:
    return "\n".join(p.text for p in d.paragraphs)


# ── T/CPPC ──────────────────────────────────────────────────────────────────────────────


def test_cppc_outline_cover_and_annex_b_tables(written):
    d = doc(written, "cppc")
    assert headings(d) == CPPC_HEADINGS
    cover = [p.text for p in d.paragraphs[:30] if p.text]
    assert cover[:3] == ["江南示范经济技术开发区", "清洁生产审核报告", "（送审稿）"]
    assert "江南示范经济技术开发区管理委员会" in cover and "2024年4月" in cover
    # B.1 is the leadership group; the audit team beside it; B.2 with 参与人; B.3; B.4
    [leaders] = table_with(d, "姓名", "领导小组职务", "所在部门及职务", "职责")
    assert [r[0] for r in rows_of(leaders)] == ["张立新", "王建国", "周红"]
    [team] = table_with(d, "姓名", "小组职务", "所在单位及部门", "职称", "专业", "职责", "投入时间")
    assert len(team.rows) == 1 + 10 and row_where(team, 0, "郑丽")[2].startswith("江南锂电材料")
    [plan] = table_with(
        d, "序号", "阶段", "行动方案", "工作内容", "完成时间", "负责人", "参与部门", "参与人"
    )
    assert row_where(plan, 0, "4")[7] == "李静、郑丽、何敏"
    [options] = table_with(
        d, "序号", "方案名称", "层面", "实施主体", "方案简介", "投资预算（万元）"
    )
    assert row_where(options, 0, "1")[5] == "3,200"
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    for b in ("表B.1", "表B.2", "表B.3", "表B.4"):
        assert any(b in c for c in captions), b


def test_cppc_indicator_table_holds_the_stored_numbers(written, runs):
    d = doc(written, "cppc")
    [t] = table_with(
        d, "分类", "序号", "指标", "单位", "必选/可选", "一般水平", "先进水平", "园区值"
    )
    assert len(t.rows) == 1 + 26
    stored = {i["no"]: i for i in runs["cppc"].last["indicators"]}
    # indicator 3: (4,530,000 / 3,400,000)^(1/3) − 1 = 10.03 % … as stored: 7.9 % (2020 base)
    row3 = row_where(t, 1, "3")
    assert row3[3:] == ["%", "可选", "≥10", "≥15", f"{stored['3']['value']:.1f}", "▲未达一般"]
    # 7: 1,631,000 tce / 4,530,000 万元 = 0.360 吨标煤/万元, 一般 (≤0.5, not ≤0.3)
    assert row_where(t, 1, "7")[3:] == ["吨标煤/万元", "可选", "≤0.5", "≤0.3", "0.360", "○一般"]
    assert row_where(t, 1, "9")[5:] == ["具备", "具备", "是", "先进"]  # 是/否, a requirement
    assert row_where(t, 1, "12")[5:7] == ["达标", "达标"]
    assert row_where(t, 1, "23")[7] == "4*"  # provisional: a mark, explained once
    shortfall = next(r for r in t.rows if r.cells[1].text == "4").cells[8]._tc
    assert shortfall.find(f".//{qn('w:shd')}").get(qn("w:fill")) == "F4CCCC"
    # 分类 merged down its indicators (附表1)
    merges = t._tbl.findall(f".//{qn('w:vMerge')}")
    assert len([m for m in merges if m.get(qn("w:val")) == "restart"]) == 8


def test_cppc_words_come_from_the_results(written, runs):
    d = doc(written, "cppc")
    text = text_of(d)
    levels = [i["level"] for i in runs["cppc"].last["indicators"]]
    counts = {k: levels.count(k) for k in ("先进", "一般", "未达一般")}
    assert (f"达到先进水平 {counts['先进']} 项，达到一般水平 {counts['一般']} 项，"
            f"未达到一般水平 {counts['未达一般']} 项") in text  # fmt: skip
    assert "未达到一般水平的指标（3 园区工业增加值三年年均增长率；4 资源再生利用产业增加值" in text
    # 现状调查 in 4.1: the 3-year baseline of the park's own data and the energy balance
    heads = headings(d)
    assert heads.index("4.1 现状调查") < heads.index("4.2 清洁生产评价")
    [base] = table_with(d, "项目", "单位", "2021 年", "2022 年", "2023 年")
    assert row_where(base, 0, "园区工业增加值")[2:] == [
        "3,930,000.00",
        "4,220,000.00",
        "4,530,000.00",
    ]
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert captions.index("表 4-2 园区能源平衡表（2023 年）") < captions.index(
        "表 4-4 园区清洁生产评价指标对标结果（2023 年）"
    )


def test_cppc_blank_engagement_proposes_focus_and_targets(written, runs):
    d = doc(written, "cppc-blank")
    [focus] = table_with(d, "层面", "审核重点", "筛选原则和依据")
    shortfalls = [i for i in runs["cppc"].last["indicators"] if i["level"] in ("未达一般", "一般")]
    assert len(focus.rows) == 1 + len(shortfalls)
    assert rows_of(focus)[0][1] == "园区工业增加值三年年均增长率（指标 3）"  # the worst first
    [targets] = table_with(d, "序号", "指标", "单位", "现状值", "近期目标值")
    row = row_where(targets, 1, "3 园区工业增加值三年年均增长率")
    assert row[4:] == ["10.0", "15.0", "（待填写）"]  # next level, then the advanced one
    [team] = table_with(d, "姓名", "领导小组职务")
    assert rows_of(team) == [["（待填写）", "", "", ""]]
    text = text_of(d)
    assert "成员共 0 人" not in text and "0 项（）" not in text and "共 0 人" not in text


# ── Beijing ─────────────────────────────────────────────────────────────────────────────


def test_beijing_outline_tables_and_scores(written, runs):
    d = doc(written, "beijing")
    assert [h for h in headings(d) if h[1:2] == "、"] == [
        "一、概述", "二、诊断评估过程和方法", "三、诊断评估内容", "四、诊断评估结论", "五、建议", "六、参考文件",
    ]  # fmt: skip
    docs = runs["beijing"].docs
    assert [x["year"] for x in docs] == [2021, 2022, 2023]
    years = table_with(d, "一级指标", "序号", "二级指标", "指标单位", "指标数据", "得分")
    assert len(years) == 3
    for t, stored in zip(years, docs, strict=True):
        assert len(t.rows) == 1 + 31
        first = next(i for i in stored["indicators"] if i["no"] == "1")
        assert row_where(t, 1, "1")[5] == f"{first['score']:.1f}*"  # provisional leading value
        assert row_where(t, 1, "1")[3] == "万元/tce"
    [groups] = table_with(d, "一级指标", "2021 年", "2022 年", "2023 年")
    eg = next(g["score"] for g in docs[2]["groups"] if g["id"] == "EG")
    assert row_where(groups, 0, "能源利用绿色化指标")[3] == f"{eg:.1f}*"
    assert "（EG）" not in all_text(written["beijing"].files[0])  # no English codes
    [req] = table_with(d, "序号", "基本要求", "是否符合", "证明材料索引")
    assert row_where(req, 0, "7")[2] == "不具备（鼓励项）"


def test_beijing_words_agree_with_the_numbers(written, runs):
    text = text_of(doc(written, "beijing"))
    # 附件2-1-1: the required six all met, the encouraged 7 not — never “全部符合” for all 8
    assert "其中必须符合的 6 项，全部符合，鼓励项 2 项中第 8 项具备，第 7 项不具备" in text
    # each indicator's change over the three years, in its direction (23 is lower-better)
    d = doc(written, "beijing")
    [changes] = table_with(
        d, "序号", "指标", "单位", "2021 年", "2022 年", "2023 年", "变化", "趋势"
    )
    assert row_where(changes, 0, "23")[6:] == ["-0.486", "改善"]
    assert row_where(changes, 0, "25")[7] == "下降" and "其原因为（待填写：原因）" in text
    # the conclusion in the guide's words, not T/CPPC's
    assert "园区绿色化发展水平的诊断评分为" in text and "清洁生产水平" not in text
    assert "工作组于 2024年3月4日 至 2024年3月8日 赴园区开展现场诊断，共 5 个工作日" in text


def test_beijing_forms_are_written_beside_and_prefilled(written):
    files = written["beijing"].files
    names = [f.name for f in files]
    assert names == ["beijing.docx", "beijing-附件2-2保密承诺书.docx",
                     "beijing-附件2-3绿色诊断评估工作确认单.docx",
                     "beijing-附件2-4绿色诊断服务工作满意度评价表.docx"]  # fmt: skip
    pledge, confirmation, survey = (docx.Document(str(f)) for f in files[1:])
    assert pledge.paragraphs[0].text == "附件2－2" and pledge.paragraphs[1].text == "保密承诺书"
    assert "本单位为江南示范经济技术开发区开展绿色诊断工作" in pledge.paragraphs[2].text
    body = confirmation.paragraphs[2].text
    assert "于2024年3月4日至2024年3月8日开展了现场诊断" in body
    assert not any("第三方评估服务" in p.text for p in confirmation.paragraphs)  # not provided
    cells = [c.text for r in survey.tables[0].rows for c in r.cells]
    assert "江南示范经济技术开发区" in cells and "苏南绿色发展咨询有限公司" in cells
    for form in (pledge, confirmation, survey):  # one page each, no page number
        assert not any(p.text.strip() for p in form.sections[0].footer.paragraphs)


# ── T/ESC ───────────────────────────────────────────────────────────────────────────────


def test_esc_report_9_1_3_contents_and_kpis_by_core_issue(written):
    d = doc(written, "esc")
    text = text_of(d)
    for item in (
        "报告时间：2023年1月1日—2023年12月31日",
        "报告范围：",
        "数据来源：",
        "编制依据：",
        "发布方式：",
    ):
        assert item in text, item  # 9.1.3 a)–e)
    [kpi] = table_with(d, "维度", "核心议题", "序号", "指标", "单位", "基准值", "目标值")
    assert len(kpi.rows) == 1 + 35
    # KPI 1 清洁能源消费比例: 1,255,900 / 1,784,000 × 100 = 70.398 %; baseline 66.8765, target
    # 75: progress (70.398 − 66.8765) ÷ (75 − 66.8765) × 100 = 43.35 %
    assert row_where(kpi, 2, "1")[1] == "节能减排" and row_where(kpi, 2, "1")[5:] == [
        "66.9", "75.0", "70.4", "43.3"
    ]  # fmt: skip
    assert row_where(kpi, 2, "14")[4:8] == ["是/否", "是", "是", "是"]  # yes/no as 是/否
    assert row_where(kpi, 2, "16")[8] == "未设目标"
    # the sources in 9.1.2 a)–e) order
    [src] = table_with(d, "来源类别", "数据", "年份", "证明材料")
    cats = [r[0] for r in rows_of(src) if r[0]]
    assert cats == sorted(cats) and cats[0].startswith("a) 国家、地方等主管部门公开的数据")
    assert any(p._p.find(f".//{qn('w:drawing')}") is not None for p in d.paragraphs)  # chart


# ── T/JDFA01 ────────────────────────────────────────────────────────────────────────────


def test_jdfa_report_grouped_as_annex_a_with_grade_category(written, runs):
    d = doc(written, "jdfa")
    stored = runs["jdfa"].last
    heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert heads == ["一、评价策划", "二、评价信息来源", "三、评价结果", "四、一级、二级指标得分",
                     "五、三级指标得分", "六、同业比较", "七、书面评价与综合评价", "八、公示及异议", "附件"]  # fmt: skip
    [result] = table_with(d, "评价", "ESG 总分", "ESG 等级", "附录B 类别")
    assert rows_of(result) == [
        ["书面评价（6.11 b）", f"{stored['total']:.1f}", stored["grade"], "平均"]
    ]
    [ind] = table_with(d, "一级指标", "二级指标", "序号", "三级指标", "单位", "权重 aij")
    assert len(ind.rows) == 1 + 58
    # a_ij: 环境 0.4 ÷ 21 = 1.90 %; 社会 0.3 ÷ 19 = 1.58 %; 治理 0.3 ÷ 18 = 1.67 %
    assert row_where(ind, 2, "3")[4:6] == ["tce/万元", "1.90%"]
    assert row_where(ind, 2, "22")[5] == "1.58%" and row_where(ind, 2, "47")[5] == "1.67%"
    # the group the source lost is named by the indicator itself, never “原文缺失…”
    assert row_where(ind, 2, "47")[1] == "财务会计管理"
    for t in d.tables:
        assert not any("原文缺失" in c.text for r in t.rows for c in r.cells)
    peers = {r[10] for r in rows_of(ind)}
    assert any(re.match(r"C17 纺织业|C1713 棉印染精加工|C 制造业", p) for p in peers), peers


def test_jdfa_main_shortfall_is_the_lowest_groups(written, runs):
    stored = runs["jdfa"].last
    groups = sorted((g for g in stored["groups"] if g["depth"] == 2 and g["score"] is not None
                     and "原文缺失" not in g["name_zh"]), key=lambda g: g["score"])  # fmt: skip
    lowest = "、".join(f"{g['name_zh']}（{g['score']:.1f} 分）" for g in groups[:3])
    assert f"二级指标中得分最低的是{lowest}" in text_of(doc(written, "jdfa"))


def test_certificate_only_with_confirmed_weights_and_never_provisional(written, runs):
    files = written["jdfa"].files
    assert files[1].name == "jdfa-评价证书.docx"
    text = all_text(files[1])
    assert "暂定" not in text and "*" not in text
    cert = docx.Document(str(files[1]))
    assert (
        next(p.text for p in cert.paragraphs if p.style.name == "Grade")
        == runs["jdfa"].last["grade"]
    )
    assert "评价委员会" in all_text(files[0])  # who confirmed, in the report's annex
    # the blank engagement's run is the same confirmed run, but nothing to print on a
    # certificate: no rating organisation, number or date
    assert len(written["jdfa-blank"].files) == 1
    assert "缺少评价机构、证书编号、评价日期" in written["jdfa-blank"].notices[0]


def test_no_certificate_without_confirmation_or_grade(runs, enterprises, tmp_path):
    from report_helpers import engagement_of

    from parkesg.stored import StoredRun

    eng = engagement_of("jdfa", enterprises)
    unconfirmed = runs["jdfa"].with_confirmation(None)
    rep = write_report("jdfa", unconfirmed, eng, tmp_path / "u.docx")
    assert len(rep.files) == 1 and "权重与指标赋分表、评分方法为暂定值" in rep.notices[0]
    # a total withheld for want of peers (issue 14: grade None): 不予评级 with its reason
    docs = [
        {**d, "total": None, "grade": None, "withheld_reason": "同业样本不足"}
        for d in runs["jdfa"].docs
    ]
    rep = write_report("jdfa", StoredRun(docs), eng, tmp_path / "w.docx")
    assert len(rep.files) == 1 and "不予评级（同业样本不足）" in rep.notices[0]
    text = text_of(docx.Document(str(rep.files[0])))
    assert "评价不予评级：同业样本不足" in text


# ── every report ────────────────────────────────────────────────────────────────────────

ALL = [*KINDS, *(f"{k}-blank" for k in KINDS)]


@pytest.mark.parametrize("name", ALL)
def test_body_rows_never_split_and_header_rows_repeat(written, name):
    for f in written[name].files:
        for t in docx.Document(str(f)).tables:
            for r in t.rows:
                assert r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None
    for t in doc(written, name).tables:
        if t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is None:
            continue  # a form (基本信息表, certificate) has no header row
        assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"


@pytest.mark.parametrize("name", ALL)
def test_chinese_for_a_reader(written, name):
    for f in written[name].files:
        text = all_text(f)
        assert "parkesg" not in text.lower() and "JSON" not in text
        assert not FIELD_ID.search(text), FIELD_ID.search(text)
        for word in ("provisional", "missing", "EG", "RG", "peer_", "leading", "MIIT", "None"):
            assert word not in text, (f.name, word)
        with zipfile.ZipFile(f) as z:  # nor in the file's properties
            assert "parkesg" not in z.read("docProps/core.xml").decode().lower()


@pytest.mark.parametrize("name", ALL)
def test_provisional_mark_at_most_once_per_table(written, name):
    for f in written[name].files:
        for t in docx.Document(str(f)).tables:
            cells = "".join(c.text for r in t.rows for c in r.cells)
            assert cells.count("（暂定）") <= 1 and cells.count("暂定") <= 1 + cells.count(
                "暂定值"
            ), f.name


@pytest.mark.parametrize("name", ALL)
def test_properties_cover_and_page_numbers(written, name):
    d = doc(written, name)
    props = d.core_properties
    assert props.title and props.author and props.created is not None
    assert props.author in ("江南示范经济技术开发区管理委员会", "苏南绿色发展咨询有限公司",
                            "江苏示范 ESG 评价有限公司", "江南示范经济技术开发区", "宿迁金科印染有限公司")  # fmt: skip
    first = d.sections[0]
    assert first.different_first_page_header_footer  # the cover shows no page number
    assert not any(p.text.strip() for p in first.first_page_footer.paragraphs)
    body = d.sections[1]._sectPr.find(qn("w:pgNumType"))
    assert body is not None and body.get(qn("w:start")) == "1"


def test_wide_tables_are_on_landscape_pages(written):
    def landscape_tables(name):
        d = doc(written, name)
        out, pending = [], []
        for el in d.element.body.iterchildren():
            if el.tag == qn("w:tbl"):
                pending.append(el)
            ppr = el.find(qn("w:pPr")) if el.tag == qn("w:p") else None
            sect = ppr.find(qn("w:sectPr")) if ppr is not None else None
            if sect is not None:
                if sect.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape":
                    out += pending
                pending = []
        return ["".join(x.text or "" for x in t.iter(qn("w:t")))[:12] for t in out]

    assert any(t.startswith("序号方案名称") for t in landscape_tables("cppc"))  # B.3
    assert any(t.startswith("维度核心议题") for t in landscape_tables("esc"))  # KPIs


def test_column_widths_fit_the_longest_number(written):
    from parkesg.reports.finish import longest_piece

    d = doc(written, "cppc")
    [t] = table_with(d, "能源品种", "范围", "实物量")
    widths = [c.w.mm for c in t._tbl.tblGrid.gridCol_lst]
    co2 = [c.text for c in t.columns[5].cells]
    need = max(longest_piece(x) for x in co2) * 12 * 25.4 / 72
    assert widths[5] >= need  # “1,217,713.80” fits its column
    assert sum(widths) == pytest.approx(156, abs=0.5)


def test_east_asian_fonts_and_line_end_punctuation(written):
    d = doc(written, "cppc")

    def east_asia(style):
        return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    assert (east_asia(d.styles["Normal"]), d.styles["Normal"].font.size.pt) == ("宋体", 14)
    assert (east_asia(d.styles["Heading 1"]), d.styles["Heading 1"].font.size.pt) == ("黑体", 22)
    assert (east_asia(d.styles["Table Text"]), d.styles["Table Text"].font.size.pt) == ("宋体", 12)
    defaults = d.styles.element.find(qn("w:docDefaults"))
    punct = defaults.find(f".//{qn('w:overflowPunct')}")
    assert punct is not None and punct.get(qn("w:val")) == "1"
    s = d.sections[1]
    margins = (s.top_margin.mm, s.bottom_margin.mm, s.left_margin.mm, s.right_margin.mm)
    assert margins == pytest.approx((37, 35, 28, 26), abs=0.05)


def test_co2_is_written_with_its_subscript(written):
    text = all_text(written["cppc"].files[0])
    assert "tCO₂" in text and "CO2" not in text


# ── templates ───────────────────────────────────────────────────────────────────────────


def test_user_template_is_used(runs, tmp_path):
    tpl = export_template("cppc", tmp_path / "mine")
    d = docx.Document(str(tpl))
    d.paragraphs[0].insert_paragraph_before("某某咨询公司 信头 {{ park_name }}")
    d.save(str(tpl))
    out = tmp_path / "r.docx"
    write_report("cppc", runs["cppc"], demo_engagement("cppc"), out, template=tpl)
    assert docx.Document(str(out)).paragraphs[0].text == "某某咨询公司 信头 江南示范经济技术开发区"


def test_user_template_cannot_reach_python(tmp_path):
    tpl = tmp_path / "evil.docx"
    d = docx.Document()
    d.add_paragraph("{{ x.__class__.__mro__[1].__subclasses__() }}")
    d.save(str(tpl))
    with pytest.raises(DataError, match="报告模板有误"):
        render(tpl, {"x": ""}, tmp_path / "out.docx")


def test_special_characters_are_escaped(runs, tmp_path):
    eng = demo_engagement("cppc")
    eng.profile.preface = "A < B & C > D “引号” <w:p>"
    out = tmp_path / "esc.docx"
    write_report("cppc", runs["cppc"], eng, out)
    assert any(p.text == "A < B & C > D “引号” <w:p>" for p in docx.Document(str(out)).paragraphs)


def test_shipped_templates_are_rebuilt_byte_for_byte(tmp_path):
    for name in LAYOUTS:
        rebuilt = build(name, tmp_path)
        assert rebuilt.read_bytes() == (TEMPLATE_DIR / f"{name}.docx").read_bytes(), name
        with zipfile.ZipFile(rebuilt) as zf:
            assert zf.testzip() is None


def test_cover_photo_from_an_image(runs, tmp_path):
    from PIL import Image

    photo = tmp_path / "park.jpg"
    Image.new("RGB", (1600, 900), "steelblue").save(photo)
    eng = demo_engagement("cppc").model_copy(update={"cover_photo": str(photo)})
    out = tmp_path / "photo.docx"
    write_report("cppc", runs["cppc"], eng, out)
    d = docx.Document(str(out))
    cover = d.paragraphs[:20]
    assert any(p._p.find(f".//{qn('w:drawing')}") is not None for p in cover)
    assert "（待填写：园区形象照片）" not in [p.text for p in cover]
    bad = tmp_path / "not.jpg"
    bad.write_text("x")
    with pytest.raises(DataError, match="园区形象照片无法读取"):
        write_report("cppc", runs["cppc"], eng.model_copy(update={"cover_photo": str(bad)}), out)
