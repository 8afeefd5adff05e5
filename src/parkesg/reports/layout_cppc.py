"""Layout of the T/CPPC park cleaner-production audit report template (附件2).

Cover per 附件2 1.1 and 图A.1; the 7 chapters of 1.2 with the sub-sections of 附录A; tables
B.1–B.4 of 附录B; fonts and sizes of 附录C 表C.1 (cover 小初/小一/20 号方正小标宋简体 bold;
body 四号宋体, Times New Roman for Latin, first line indented 2 characters, 1.5 line spacing;
一级标题 二号黑体 centred bold, 1 line before and after; 二级标题 三号黑体; 三、四级标题 四号宋体;
table text 小四宋体; captions 四号宋体). Page per GB/T 9704 (the guide only says A4).
"""

from __future__ import annotations

from docx.document import Document as DocumentObject

from parkesg.reports.docx_build import (
    SIZE,
    Look,
    block,
    loop,
    new_document,
    page_break,
    para,
    table,
)

SONG, HEI, XBS = "宋体", "黑体", "方正小标宋简体"

LOOKS = {
    "Normal": Look(SONG, SIZE["四号"], align="justify", indent_chars=2),
    "Heading 1": Look(
        HEI, SIZE["二号"], bold=True, align="center", before_lines=1, after_lines=1, new_page=True
    ),
    "Heading 2": Look(HEI, SIZE["三号"]),
    "Heading 3": Look(SONG, SIZE["四号"], indent_chars=2),
    "Heading 4": Look(SONG, SIZE["四号"], indent_chars=2),
    "Caption": Look(SONG, SIZE["四号"], align="center"),
    "Table Text": Look(SONG, SIZE["小四"], line=1.0),
    "Note": Look(SONG, SIZE["小四"], line=1.0),
    "Cover Title": Look(XBS, SIZE["小初"], bold=True, align="center", line=1.0),
    "Cover Stage": Look(XBS, SIZE["小一"], bold=True, align="center", line=1.0),
    "Cover Bottom": Look(XBS, 20, bold=True, align="center", line=1.0),
    "Warning": Look(HEI, SIZE["四号"], bold=True, line=1.5),
}


def _cover(doc: DocumentObject) -> None:
    for _ in range(4):
        para(doc, "", "Cover Title")
    para(doc, "{{ park_name }}", "Cover Title")
    para(doc, "清洁生产审核报告", "Cover Title")
    para(doc, "（{{ stage }}）", "Cover Stage")
    for _ in range(8):
        para(doc, "", "Cover Bottom")
    para(doc, "{{ managing_body }}", "Cover Bottom")
    block(doc, "provider_name", [("技术服务单位：{{ provider_name }}", "Cover Bottom")])
    para(doc, "{{ report_month }}", "Cover Bottom")
    page_break(doc)


def _organisation(doc: DocumentObject) -> None:
    doc.add_heading("3 筹划和组织", 1)
    doc.add_heading("3.1 取得领导支持和参与", 2)
    para(doc, "{{ leadership }}")
    doc.add_heading("3.2 组建审核小组", 2)
    para(doc, "园区组建清洁生产审核小组，成员共 {{ team|length }} 人，组成及职责见表 3-1。")
    table(
        doc,
        "表 3-1 清洁生产审核小组组成及职责分配表（表B.1）",
        ["姓名", "小组职务", "所在部门及职务", "职称", "专业", "职责", "投入时间"],
        ["{{ m.name }}", "{{ m.team_role }}", "{{ m.department_post }}", "{{ m.title }}",
         "{{ m.speciality }}", "{{ m.duties }}", "{{ m.time_committed }}"],
        "m in team",
        widths_mm=[18, 20, 30, 22, 20, 30, 16],
    )  # fmt: skip
    doc.add_heading("3.3 制定审核工作计划", 2)
    table(
        doc,
        "表 3-2 清洁生产审核工作计划表（表B.2）",
        ["序号", "阶段", "行动方案", "工作内容", "完成时间", "负责人", "参与部门", "产出"],
        ["{{ s.no }}", "{{ s.stage }}", "{{ s.action }}", "{{ s.content }}", "{{ s.due }}",
         "{{ s.owner }}", "{{ s.departments }}", "{{ s.output }}"],
        "s in plan",
        widths_mm=[10, 18, 20, 30, 16, 14, 24, 24],
    )  # fmt: skip
    doc.add_heading("3.4 开展宣传教育和培训", 2)
    para(doc, "{{ training }}")


def _pre_audit(doc: DocumentObject) -> None:
    doc.add_heading("4 初步审核", 1)
    doc.add_heading("4.1 现状调查", 2)
    para(doc, "{{ survey }}")
    doc.add_heading("4.2 清洁生产评价", 2)
    para(doc, "{{ evaluation_summary }}")
    para(doc, "{{ selection_text }}")
    table(
        doc,
        "表 4-1 园区清洁生产评价指标对标结果（{{ year }} 年）",
        ["序号", "指标", "单位", "必选/可选", "园区值", "一般水平", "先进水平", "评价结果"],
        ["{{ i.no }}", "{{ i.name }}", "{{ i.unit }}", "{{ i.selection }}", "{{ i.value }}",
         "{{ i.general }}", "{{ i.advanced }}", "{% cellbg i.bg %}{{ i.level }}"],
        "i in indicators",
        widths_mm=[10, 46, 16, 14, 20, 16, 16, 18],
    )  # fmt: skip
    para(doc, "注：▲ 未达一般水平、△ 达到一般水平但未达先进水平，均为清洁生产短板（5.2.2）；"
         "“缺数据”“不可计算”的指标未参与对标，不是测得值。指标数值由 parkesg 按附件1公式计算，"
         "计算过程与数据来源见评价结果 JSON。", "Note")  # fmt: skip
    block(doc, "chart_benchmarks", [("{{ chart_benchmarks }}", "Caption"),
                                    ("图 4-1 短板指标与一般、先进水平对比", "Caption")])  # fmt: skip
    doc.add_heading("4.3 确定清洁生产审核重点", 2)
    para(
        doc,
        "依据 5.2.3，审核重点关注能耗高、物耗高、污染重、碳排放强度大的环节。评价中的短板指标为：",
    )
    loop(doc, "for s in shortfalls", "{{ s }}")
    para(doc, "据此从园区层面、行业层面、企业层面确定的审核重点见表 4-2。")
    table(
        doc,
        "表 4-2 清洁生产审核重点",
        ["层面", "审核重点", "筛选原则和依据"],
        ["{{ f.level }}", "{{ f.focus }}", "{{ f.basis }}"],
        "f in focus",
        widths_mm=[24, 60, 76],
    )
    doc.add_heading("4.4 设置清洁生产目标", 2)
    table(
        doc,
        "表 4-3 清洁生产目标",
        ["序号", "指标", "单位", "现状值", "近期目标值", "中期目标值", "远期目标值"],
        ["{{ t.no }}", "{{ t.indicator }}", "{{ t.unit }}", "{{ t.current }}", "{{ t.near }}",
         "{{ t.mid }}", "{{ t.long }}"],
        "t in targets",
        widths_mm=[10, 54, 18, 20, 20, 20, 20],
    )  # fmt: skip
    para(doc, "注：现状值取自评价结果的，标注其年份；其余为审核小组填报。", "Note")


def _focus_audit(doc: DocumentObject) -> None:
    doc.add_heading("5 重点审核", 1)
    doc.add_heading("5.1 审核重点现状分析", 2)
    loop(doc, "for f in focus", "{{ f.level }}：{{ f.focus }}。{{ f.status }}")
    _energy(doc)
    doc.add_heading("5.2 主要问题及原因分析", 2)
    table(
        doc,
        "表 {{ findings_table }} 主要问题及原因分析",
        ["层面", "方面", "主要问题", "原因分析"],
        ["{{ p.level }}", "{{ p.aspect }}", "{{ p.finding }}", "{{ p.cause }}"],
        "p in findings",
        widths_mm=[22, 22, 56, 60],
    )
    doc.add_heading("5.3 提出清洁生产建议", 2)
    loop(doc, "for o in options", "{{ o.level }}：{{ o.name }}——{{ o.summary }}")


def _energy(doc: DocumentObject) -> None:
    """能源利用与碳排放 (5.3.2 (2) ② and (3) ①), kept only when activity data was given."""
    para(doc, "{%p if energy %}")
    doc.add_heading("5.1.1 能源利用与碳排放现状", 3)
    para(doc, "{{ energy_summary }}")
    table(
        doc,
        "表 5-1 园区能源平衡表（{{ year }} 年）",
        ["能源品种", "实物量", "单位", "当量值（tce）", "等价值（tce）", "{{ energy_share_label }}",
         "主体数"],
        ["{{ e.carrier }}", "{{ e.quantity }}", "{{ e.unit }}", "{{ e.calorific }}",
         "{{ e.equivalent }}", "{{ e.share }}", "{{ e.entities }}"],
        "e in energy_balance",
        widths_mm=[30, 24, 18, 26, 26, 18, 14],
    )  # fmt: skip
    table(
        doc,
        "表 5-2 碳排放清单（按能源品种，{{ year }} 年）",
        ["能源品种", "范围", "实物量", "单位", "排放因子（tCO2/单位）", "排放量（tCO2）",
         "占比（%）"],
        ["{{ c.carrier }}", "{{ c.scope }}", "{{ c.quantity }}", "{{ c.unit }}", "{{ c.factor }}",
         "{{ c.co2 }}", "{{ c.share }}"],
        "c in carbon_rows",
        widths_mm=[26, 16, 24, 18, 24, 30, 18],
    )  # fmt: skip
    para(doc, "注：范围一为化石燃料燃烧的直接排放，范围二为外购电力、热力的间接排放。", "Note")
    para(doc, "{{ energy_note }}", "Note")
    block(doc, "chart_energy_flow", [("{{ chart_energy_flow }}", "Caption"),
                                     ("图 5-1 园区能源流向图（能源品种 → 用能主体）", "Caption")])  # fmt: skip
    para(doc, "{%p endif %}")


def _options(doc: DocumentObject) -> None:
    doc.add_heading("6 方案产生和筛选", 1)
    doc.add_heading("6.1 产生和汇总方案", 2)
    para(doc, "{{ options_summary }}")
    doc.add_heading("6.2 筛选方案", 2)
    table(
        doc,
        "表 6-1 清洁生产方案汇总表（表B.3）",
        ["序号", "方案名称", "实施主体", "方案简介", "投资预算（万元）", "环境效益", "经济效益",
         "实施时间", "实施情况"],
        ["{{ o.no }}", "{{ o.name }}", "{{ o.implementer }}", "{{ o.summary }}",
         "{{ o.investment }}", "{{ o.environmental_benefit }}", "{{ o.economic_benefit }}",
         "{{ o.timing }}", "{{ o.status }}"],
        "o in options",
        widths_mm=[9, 22, 20, 30, 14, 20, 18, 14, 13],
    )  # fmt: skip


def _conclusions(doc: DocumentObject) -> None:
    doc.add_heading("7 结论和建议", 1)
    doc.add_heading("7.1 结论", 2)
    loop(doc, "for c in conclusions", "{{ c }}")
    doc.add_heading("7.2 建议", 2)
    loop(doc, "for c in advice", "{{ c }}")
    table(
        doc,
        "表 7-1 持续清洁生产计划表（表B.4）",
        ["项目", "主要内容", "时间", "负责部门"],
        ["{{ c.item }}", "{{ c.content }}", "{{ c.time }}", "{{ c.department }}"],
        "c in continuing",
        widths_mm=[34, 70, 26, 30],
    )
    doc.add_heading("附件", 1)
    para(doc, "根据审核工作实际情况，将不在报告主体中呈现的成果和工作内容作为附件。")


def build() -> DocumentObject:
    doc = new_document(LOOKS)
    _cover(doc)
    doc.add_heading("1 前言", 1)
    para(doc, "{{ preface }}")
    block(doc, "warnings", [("{% for w in warnings %}⚠ {{ w }} {% endfor %}", "Warning")])
    doc.add_heading("2 项目概况", 1)
    para(doc, "{{ background }}")
    para(doc, "审核范围：{{ scope }}")
    _organisation(doc)
    _pre_audit(doc)
    _focus_audit(doc)
    _options(doc)
    _conclusions(doc)
    return doc
