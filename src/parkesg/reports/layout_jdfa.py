"""Layout of the T/JDFA01 enterprise ESG rating report and its one-page certificate (6.4 c, e).

The standard prints no report outline and no type: the chapters follow what it requires a
rating to state — planning (6.2), information sources (6.3, 6.7), grade and score with the
附录B category (6.8, 6.11), dimension and group scores, the indicators ordered and grouped as
附录A (landscape), peer comparison (6.8 b), written and comprehensive rating with the on-site
adjustments (6.10–6.11), publication and objection (6.12); page and type follow GB/T 9704.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject

from parkesg.reports.docx_build import (
    SIZE,
    Look,
    block,
    end_cover,
    figure,
    grid,
    landscape,
    loop,
    new_document,
    no_page_number,
    para,
    portrait,
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
    end_cover(doc)
    doc.add_heading("一、评价策划", 1)
    para(doc, "受评企业{{ enterprise_name }}（统一社会信用代码 {{ credit_code }}），所属行业 "
         "{{ industry }}，所在地区 {{ region }}，评价年度 {{ year }} 年。")  # fmt: skip
    para(doc, "（一）目的、范围与准则（6.2 a）。{{ purpose }}")
    para(
        doc,
        "（二）评价组（6.2 b、6.5、6.6）。评价机构：{{ rating_org }}；评价人员：{{ evaluators }}。",
    )
    para(doc, "（三）评价计划（6.2 c）。{{ plan }}")
    doc.add_heading("二、评价信息来源", 1)
    para(doc, "依据 6.7，评价信息来源包括：")
    loop(doc, "for s in source_list", "{{ s }}")
    para(doc, "本次评价所用信息：{{ sources }}")
    doc.add_heading("三、评价结果", 1)
    para(
        doc,
        "按附录A 指标体系计算三级指标分数，按 6.8 公式（1）加权汇总为 ESG 总分，按附录B 划分等级。",
    )
    para(doc, "{{ result_text }}")
    table(
        doc,
        "表 1 评价结果",
        ["评价", "ESG 总分", "ESG 等级", "附录B 类别"],
        ["{{ r.kind }}", "{{ r.score }}", "{{ r.grade }}", "{{ r.category }}"],
        "r in ratings",
        note="{{ score_note }}",
    )
    loop(doc, "for c in opinions", "{{ c }}")
    para(doc, "{{ certificate_text }}")
    doc.add_heading("四、一级、二级指标得分", 1)
    para(doc, "{{ shortfall_text }}")
    table(
        doc,
        "表 2 一级、二级指标权重与得分",
        ["一级指标", "一级权重", "一级得分", "二级指标", "二级权重", "二级得分"],
        ["{{ g.dimension }}", "{{ g.dimension_weight }}", "{{ g.dimension_score }}", "{{ g.group }}",
         "{{ g.weight }}", "{{ g.score }}"],
        "g in groups",
        merge=(0, 1, 2),
    )  # fmt: skip
    para(doc, "注：二级权重为在所属一级指标中的占比；附录A 中风险合规管理体系、财务会计管理、审计意见、"
         "反贪腐、应急管理系统五项的二级指标名称原文缺失，表中以三级指标名称列示。", "Note")  # fmt: skip
    landscape(doc)
    doc.add_heading("五、三级指标得分", 1)
    table(
        doc,
        "表 3 三级指标得分（附录A）",
        ["一级指标", "二级指标", "序号", "三级指标", "单位", "权重 a_ij", "数值", "得分", "评分方法",
         "计分规则", "同业组"],
        ["{{ i.dimension }}", "{{ i.group }}", "{{ i.no }}", "{{ i.name }}", "{{ i.unit }}",
         "{{ i.weight }}", "{{ i.value }}", "{{ i.score }}", "{{ i.method }}", "{{ i.rule }}",
         "{{ i.peer }}"],
        "i in indicators",
        merge=(0, 1),
    )  # fmt: skip
    para(doc, "注：权重 a_ij 为公式（1）中三级指标的权重；计分规则按 6.9（缺失按保守原则给分、违规记录"
         "该项不计分、短板原理取最低依据）；同业组为分档排序、分布拟合所用的同行业企业组，标“回退”"
         "的因本行业样本不足而取更宽的行业。", "Note")  # fmt: skip
    block(doc, "score_note", [("{{ score_note }}", "Note")])
    portrait(doc)
    doc.add_heading("六、同业比较", 1)
    para(doc, "{{ peer_text }}")
    figure(doc, "chart_peers", "chart_peers", "图 1 同业 ESG 总分分布与附录B 等级区间")
    doc.add_heading("七、书面评价与综合评价", 1)
    para(doc, "{{ adjustment_text }}")
    para(doc, "{%p if adjustments %}")
    table(
        doc,
        "表 4 现场验证调整（6.10、6.11 c）",
        ["指标", "书面得分", "调整后得分", "调整原因", "评价人员", "日期"],
        ["{{ a.name }}", "{{ a.written }}", "{{ a.adjusted }}", "{{ a.reason }}", "{{ a.evaluator }}",
         "{{ a.date }}"],
        "a in adjustments",
    )  # fmt: skip
    para(doc, "{%p endif %}")
    doc.add_heading("八、公示及异议", 1)
    para(
        doc,
        "依据 6.12，评价结果通过{{ publication }}公布，金融机构和受评企业可通过上述渠道查询结果。",
    )
    para(doc, "受评企业对评价结果有异议的，可向评价机构提出异议申请：{{ objection }}")
    doc.add_heading("附件", 1)
    para(doc, "{{ edition_note }}", "Note")
    block(doc, "confirmation", [("{{ confirmation }}", "Normal")])
    para(doc, "{%p if provisional_rows %}")
    table(
        doc,
        "附表 暂定值一览",
        ["序号", "指标", "暂定内容", "来源与说明"],
        ["{{ r.no }}", "{{ r.name }}", "{{ r.what }}", "{{ r.source }}"],
        "r in provisional_rows",
    )
    para(doc, "{%p endif %}")
    return doc


def build_certificate() -> DocumentObject:
    """One page: the rating certificate of 6.4 e (issued only with a grade and confirmed
    weights and score maps, so it never shows a provisional mark)."""
    doc = new_document(LOOKS)
    no_page_number(doc)
    para(doc, "企业 ESG 评价证书", "Certificate Title")
    para(doc, "证书编号：{{ certificate_no }}", "Caption")
    para(doc, "", "Cover Line")
    para(doc, "{{ enterprise_name }}", "Cover Title")
    para(doc, "统一社会信用代码：{{ credit_code }}", "Caption")
    para(doc, "", "Cover Line")
    para(doc, "经评价，该企业 {{ year }} 年度 ESG {{ rating_type }}等级为", "Caption")
    para(doc, "{{ grade }}", "Grade")
    para(doc, "附录B“{{ category }}”类　ESG 总分 {{ score }} 分", "Caption")
    grid(doc, [["评价依据", "T/JDFA01—2025《强制性清洁生产审核企业ESG评价指南》"],
               ["评价机构", "{{ rating_org }}"], ["评价日期", "{{ rating_date }}"],
               ["有效期至", "{{ valid_until }}"]], widths_mm=[40, 116])  # fmt: skip
    para(doc, "")
    para(doc, "{{ rating_org }}（盖章）", "Signature")
    return doc
