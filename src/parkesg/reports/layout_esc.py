"""Layout of the T/ESC 001—2024 park ESG report: the contents of 9.1.3 a)–g).

a) period, b) scope, c) data sources (the categories of 9.1.2, in that order), d) basis,
e) publication — as a statement after the cover; f) history, honours, mission, ESG
organisation; g) core issues with achievements and key measures, and the KPIs of 表A.1 grouped
by dimension and core issue against baseline (6.3.1) and target (6.3.2), on landscape pages,
with a progress chart. The standard prints no type: page and type follow GB/T 9704.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject

from parkesg.reports.docx_build import (
    block,
    end_cover,
    figure,
    landscape,
    loop,
    new_document,
    para,
    portrait,
    table,
)
from parkesg.reports.layout_beijing import LOOKS


def build() -> DocumentObject:
    doc = new_document(LOOKS)
    for _ in range(4):
        para(doc, "", "Cover Line")
    para(doc, "{{ park_name }}", "Cover Title")
    para(doc, "环境、社会与治理（ESG）报告", "Cover Title")
    para(doc, "（{{ report_period }}）", "Caption")
    for _ in range(6):
        para(doc, "", "Cover Line")
    para(doc, "{{ managing_body }}", "Caption")
    para(doc, "{{ report_month }}", "Caption")
    end_cover(doc)
    para(doc, "报告说明", "Title")
    para(doc, "报告时间：{{ report_period }}。")
    para(doc, "报告范围：{{ scope }}")
    para(doc, "数据来源：本报告数据按 T/ESC 001—2024 9.1.2 分类，来自{{ source_kinds }}，"
         "各项数据的来源和证明材料见附表 1。")  # fmt: skip
    para(doc, "编制依据：{{ basis }}")
    para(doc, "发布方式：{{ publication }}")
    doc.add_heading("一、园区概况", 1)
    doc.add_heading("（一）发展历程", 2)
    para(doc, "{{ history }}")
    doc.add_heading("（二）获得荣誉", 2)
    para(doc, "{{ honours }}")
    doc.add_heading("（三）园区宗旨", 2)
    para(doc, "{{ mission }}")
    doc.add_heading("（四）ESG 管理机构", 2)
    para(doc, "{{ esg_organisation }}")
    doc.add_heading("二、核心议题、取得成效与重点举措", 1)
    table(
        doc,
        "表 1 核心议题",
        ["领域", "核心议题", "取得成效", "重点举措"],
        ["{{ c.dimension }}", "{{ c.issue }}", "{{ c.achievements }}", "{{ c.measures }}"],
        "c in core_issues",
        merge=(0,),
    )
    doc.add_heading("三、关键绩效指标", 1)
    para(doc, "{{ kpi_summary }}")
    para(doc, "{{ outlook }}")
    landscape(doc)
    table(
        doc,
        "表 2 关键绩效指标完成情况（{{ year }} 年，相对基准值）",
        ["维度", "核心议题", "序号", "指标", "单位", "基准值", "目标值", "{{ year }} 年值",
         "目标完成进度（%）"],
        ["{{ k.dimension }}", "{{ k.issue }}", "{{ k.no }}", "{{ k.name }}", "{{ k.unit }}",
         "{{ k.baseline }}", "{{ k.target }}", "{{ k.value }}", "{{ k.progress }}"],
        "k in kpis",
        merge=(0, 1),
    )  # fmt: skip
    para(doc, "注：目标完成进度 =（当年值 − 基准值）÷（目标值 − 基准值）× 100（6.3.1、6.3.2）；"
         "“未设目标”的指标不计进度。", "Note")  # fmt: skip
    block(doc, "kpi_note", [("{{ kpi_note }}", "Note")])
    portrait(doc)
    figure(
        doc, "chart_progress", "chart_progress", "图 1 关键绩效指标目标完成进度（{{ year }} 年）"
    )
    doc.add_heading("四、结论与展望", 1)
    para(doc, "{{ outlook }}")
    loop(doc, "for c in conclusions", "{{ c }}")
    doc.add_heading("附表", 1)
    table(
        doc,
        "附表 1 数据来源与证明材料（T/ESC 001—2024 9.1.2）",
        ["来源类别", "数据", "年份", "证明材料"],
        ["{{ s.category }}", "{{ s.name }}", "{{ s.year }}", "{{ s.evidence }}"],
        "s in sources",
        merge=(0,),
    )
    para(doc, "{{ edition_note }}", "Note")
    block(doc, "confirmation", [("{{ confirmation }}", "Normal")])
    para(doc, "{%p if provisional_rows %}")
    table(
        doc,
        "附表 2 暂定值一览",
        ["序号", "指标", "暂定内容", "来源与说明"],
        ["{{ r.no }}", "{{ r.name }}", "{{ r.what }}", "{{ r.source }}"],
        "r in provisional_rows",
    )
    para(doc, "{%p endif %}")
    return doc
