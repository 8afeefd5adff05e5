"""Layout of the T/JDFA01 enterprise ESG rating report and its one-page certificate (6.4 c, e).

The standard prints no report outline and no type: the chapters follow what it requires a
rating to state — grade and score (6.8, 附录B), dimension and indicator scores with the method
and rule applied (6.8 b, 6.9), peer comparison, written and comprehensive rating with the
on-site adjustments (6.10–6.11), information sources (6.7); page and type follow GB/T 9704.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject

from parkesg.reports.docx_build import (
    SIZE,
    Look,
    block,
    grid,
    loop,
    new_document,
    page_break,
    para,
    table,
)
from parkesg.reports.layout_beijing import LOOKS as GBT_9704_LOOKS

LOOKS = {
    **GBT_9704_LOOKS,
    "Certificate Title": Look("方正小标宋简体", SIZE["小初"], bold=True, align="center", line=1.5),
    "Grade": Look("黑体", 60, bold=True, align="center", line=1.0, color="1F4E79"),
}


def build() -> DocumentObject:
    doc = new_document(LOOKS)
    for _ in range(3):
        para(doc, "", "Cover Line")
    para(doc, "企业 ESG 评价报告", "Cover Title")
    para(doc, "（{{ rating_type }}）", "Caption")
    for _ in range(4):
        para(doc, "", "Cover Line")
    para(doc, "受评企业：{{ enterprise_name }}", "Cover Line")
    para(doc, "评价依据：T/JDFA01—2025《强制性清洁生产审核企业ESG评价指南》", "Cover Line")
    para(doc, "评价机构：{{ rating_org }}", "Cover Line")
    para(doc, "评价日期：{{ rating_date }}", "Cover Line")
    page_break(doc)
    doc.add_heading("一、评价概况", 1)
    para(doc, "受评企业{{ enterprise_name }}（统一社会信用代码 {{ credit_code }}），行业 {{ industry }}，"
         "地区 {{ region }}，评价年度 {{ year }} 年。评价人员：{{ evaluators }}。")  # fmt: skip
    para(doc, "评价按 T/JDFA01—2025 附录A 指标体系计算三级指标分数，按 6.8 公式（1）加权汇总为 ESG "
         "总分，按附录B 划分等级。{{ weights_note }}")  # fmt: skip
    doc.add_heading("二、评价结果", 1)
    table(
        doc,
        "表 1 评价结果",
        ["评价", "ESG 总分", "ESG 等级"],
        ["{{ r.kind }}", "{{ r.score }}", "{{ r.grade }}"],
        "r in ratings",
        widths_mm=[60, 48, 48],
    )
    loop(doc, "for c in conclusions", "{{ c }}")
    doc.add_heading("三、维度得分", 1)
    table(
        doc,
        "表 2 一级、二级指标得分",
        ["指标", "层级", "得分"],
        ["{{ g.name }}", "{{ g.depth }}", "{{ g.score }}"],
        "g in groups",
        widths_mm=[90, 30, 36],
    )
    doc.add_heading("四、三级指标得分", 1)
    table(
        doc,
        "表 3 三级指标得分",
        ["序号", "指标", "数值", "得分", "方法", "规则", "同业组"],
        ["{{ i.no }}", "{{ i.name }}", "{{ i.value }}", "{{ i.score }}", "{{ i.method }}",
         "{{ i.rule }}", "{{ i.peer }}"],
        "i in indicators",
        widths_mm=[10, 40, 22, 18, 26, 20, 20],
    )  # fmt: skip
    para(doc, "注：规则按 6.9 —— 缺失数据按保守原则给分、违规记录该项不计分、短板原理取最低依据；"
         "标注“暂定”的分值所用赋分表或权重为文档化的默认值，标准未给出。", "Note")  # fmt: skip
    doc.add_heading("五、同业比较", 1)
    para(doc, "{{ peer_text }}")
    block(
        doc,
        "chart_peers",
        [("{{ chart_peers }}", "Caption"), ("图 1 同业 ESG 总分分布", "Caption")],
    )
    doc.add_heading("六、书面评价与综合评价", 1)
    para(doc, "{{ adjustment_text }}")
    table(
        doc,
        "表 4 现场验证调整（6.10、6.11 c）",
        ["指标", "书面得分", "调整后得分", "调整原因", "评价人员", "日期"],
        ["{{ a.name }}", "{{ a.written }}", "{{ a.adjusted }}", "{{ a.reason }}", "{{ a.evaluator }}", "{{ a.date }}"],
        "a in adjustments",
        widths_mm=[40, 18, 20, 40, 20, 18],
    )  # fmt: skip
    doc.add_heading("七、评价信息来源", 1)
    para(doc, "依据 6.7，评价信息来源包括：")
    loop(doc, "for s in source_list", "{{ s }}")
    para(doc, "{{ sources }}")
    return doc


def build_certificate() -> DocumentObject:
    """One page: the rating certificate of 6.4 e."""
    doc = new_document(LOOKS)
    para(doc, "企业 ESG 评价证书", "Certificate Title")
    para(doc, "证书编号：{{ certificate_no }}", "Caption")
    para(doc, "", "Cover Line")
    para(doc, "{{ enterprise_name }}", "Cover Title")
    para(doc, "统一社会信用代码：{{ credit_code }}", "Caption")
    para(doc, "", "Cover Line")
    para(doc, "经评价，该企业 {{ year }} 年度 ESG {{ rating_type }}等级为", "Caption")
    para(doc, "{{ grade }}", "Grade")
    para(doc, "ESG 总分 {{ score }}", "Caption")
    grid(doc, [["评价依据", "T/JDFA01—2025《强制性清洁生产审核企业ESG评价指南》"],
               ["评价机构", "{{ rating_org }}"], ["评价日期", "{{ rating_date }}"],
               ["有效期至", "{{ valid_until }}"]], widths_mm=[40, 116])  # fmt: skip
    para(doc, "")
    para(doc, "{{ rating_org }}（盖章）", "Signature")
    return doc
