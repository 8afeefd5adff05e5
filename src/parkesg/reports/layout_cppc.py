"""Layout of the T/CPPC park cleaner-production audit report template (附件2).

Cover per 附件2 1.1 and 图A.1 (title with the report's stage, the park's photo, the committee,
the technical service provider, the month) without a page number; the 7 chapters of 1.2 with
the sub-sections of 附录A; tables B.1–B.4 of 附录B (B.1 the leadership group, the audit team
beside it; B.2 with 参与人; B.3 on landscape pages); the 3-year baseline, the energy balance and
the carbon inventory in 4.1 现状调查 (附件2 2.4.1); fonts and sizes of 附录C 表C.1 (cover
小初/小一/20 号方正小标宋简体 bold; body 四号宋体, Times New Roman for Latin, first line indented
2 characters, 1.5 line spacing; 一级标题 二号黑体 centred bold, 1 line before and after; 二级标题
三号黑体; 三、四级标题 四号宋体; table text 小四宋体; captions 四号宋体). Page per GB/T 9704
(the guide only says A4).
"""

from __future__ import annotations

from docx.document import Document as DocumentObject

from parkesg.reports.docx_build import (
    SIZE,
    Look,
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
    "Figure": Look(SONG, SIZE["四号"], align="center", line=1.0),
    "Figure Caption": Look(SONG, SIZE["四号"], align="center"),
    "Table Text": Look(SONG, SIZE["小四"], line=1.0),
    "Note": Look(SONG, SIZE["小四"], line=1.2),
    "Cover Title": Look(XBS, SIZE["小初"], bold=True, align="center", line=1.0),
    "Cover Stage": Look(XBS, SIZE["小一"], bold=True, align="center", line=1.0),
    "Cover Photo": Look(SONG, SIZE["四号"], align="center", line=1.0),
    "Cover Bottom": Look(XBS, 20, bold=True, align="center", line=1.0),
}


def _cover(doc: DocumentObject) -> None:
    for _ in range(2):
        para(doc, "", "Cover Title")
    para(doc, "{{ park_name }}", "Cover Title")
    para(doc, "清洁生产审核报告", "Cover Title")
    para(doc, "（{{ stage }}）", "Cover Stage")
    para(doc, "", "Cover Stage")
    para(doc, "{%p if cover_photo %}")
    para(doc, "{{ cover_photo }}", "Cover Photo")
    para(doc, "{%p else %}")
    for _ in range(3):
        para(doc, "", "Cover Photo")
    para(doc, "{{ photo_missing }}", "Cover Photo")
    for _ in range(3):
        para(doc, "", "Cover Photo")
    para(doc, "{%p endif %}")
    para(doc, "", "Cover Stage")
    para(doc, "{{ managing_body }}", "Cover Bottom")
    block(doc, "provider_name", [("技术服务单位：{{ provider_name }}", "Cover Bottom")])
    para(doc, "{{ report_month }}", "Cover Bottom")
    end_cover(doc)


def _organisation(doc: DocumentObject) -> None:
    doc.add_heading("3 筹划和组织", 1)
    doc.add_heading("3.1 取得领导支持和参与", 2)
    para(doc, "{{ leadership }}")
    doc.add_heading("3.2 组建审核小组", 2)
    para(doc, "{{ team_text }}")
    table(
        doc,
        "表 3-1 清洁生产审核领导小组组成及职责分配表（表B.1）",
        ["姓名", "领导小组职务", "所在部门及职务", "职责"],
        ["{{ m.name }}", "{{ m.role }}", "{{ m.unit }}", "{{ m.duties }}"],
        "m in leaders",
    )
    table(
        doc,
        "表 3-2 清洁生产审核小组成员及职责表",
        ["姓名", "小组职务", "所在单位及部门", "职称", "专业", "职责", "投入时间"],
        ["{{ m.name }}", "{{ m.role }}", "{{ m.unit }}", "{{ m.title }}", "{{ m.speciality }}",
         "{{ m.duties }}", "{{ m.time }}"],
        "m in auditors",
    )  # fmt: skip
    doc.add_heading("3.3 制定审核工作计划", 2)
    para(doc, "审核小组编制的审核工作计划见表 3-3。")
    landscape(doc)
    table(
        doc,
        "表 3-3 清洁生产审核工作计划表（表B.2）",
        ["序号", "阶段", "行动方案", "工作内容", "完成时间", "负责人", "参与部门", "参与人", "产出"],
        ["{{ s.no }}", "{{ s.stage }}", "{{ s.action }}", "{{ s.content }}", "{{ s.due }}",
         "{{ s.owner }}", "{{ s.departments }}", "{{ s.participants }}", "{{ s.output }}"],
        "s in plan",
    )  # fmt: skip
    portrait(doc)
    doc.add_heading("3.4 开展宣传教育和培训", 2)
    para(doc, "{{ training }}")


def _pre_audit(doc: DocumentObject) -> None:
    doc.add_heading("4 初步审核", 1)
    doc.add_heading("4.1 现状调查", 2)
    para(doc, "{{ survey }}")
    para(doc, "园区近三年的主要基础数据见表 {{ t.baseline }}（取自评价所用的园区数据）。")
    table(
        doc,
        "表 {{ t.baseline }} 园区主要基础数据",
        ["项目", "单位", "{{ baseline_years[0] }}", "{{ baseline_years[1] }}",
         "{{ baseline_years[2] }}"],
        ["{{ b.name }}", "{{ b.unit }}", "{{ b.by_year[0] }}", "{{ b.by_year[1] }}",
         "{{ b.by_year[2] }}"],
        "b in baseline",
    )  # fmt: skip
    _energy(doc)
    doc.add_heading("4.2 清洁生产评价", 2)
    para(doc, "{{ evaluation_summary }}")
    para(doc, "{{ selection_text }}")
    table(
        doc,
        "表 {{ t.indicators }} 园区清洁生产评价指标对标结果（{{ year }} 年）",
        ["分类", "序号", "指标", "单位", "必选/可选", "一般水平", "先进水平", "园区值", "评价结果"],
        ["{{ i.category }}", "{{ i.no }}", "{{ i.name }}", "{{ i.unit }}", "{{ i.selection }}",
         "{{ i.general }}", "{{ i.advanced }}", "{{ i.value }}",
         "{% cellbg i.bg %}{{ i.level }}"],
        "i in indicators",
        merge=(0,),
    )  # fmt: skip
    para(doc, "注：▲ 未达到一般水平，○ 达到一般水平但未达到先进水平，均为清洁生产短板（5.2.2）；"
         "“缺数据”“不可计算”的指标未参与对标。", "Note")  # fmt: skip
    block(doc, "indicator_note", [("{{ indicator_note }}", "Note")])
    figure(doc, "chart_benchmarks", "chart_benchmarks",
           "图 {{ t.chart }} 短板指标与一般、先进水平对比")  # fmt: skip
    doc.add_heading("4.3 确定清洁生产审核重点", 2)
    para(
        doc,
        "依据 5.2.3，审核重点关注能耗高、物耗高、污染重、碳排放强度大的环节。清洁生产评价发现的短板如下：",
    )
    loop(doc, "for s in shortfalls", "{{ s }}")
    para(doc, "据此从园区层面、行业层面、企业层面确定的审核重点见表 {{ t.focus }}。")
    table(
        doc,
        "表 {{ t.focus }} 清洁生产审核重点",
        ["层面", "审核重点", "筛选原则和依据"],
        ["{{ f.level }}", "{{ f.focus }}", "{{ f.basis }}"],
        "f in focus",
        merge=(0,),
    )
    block(doc, "focus_note", [("{{ focus_note }}", "Note")])
    doc.add_heading("4.4 设置清洁生产目标", 2)
    para(doc, "本轮审核设置的近期、中期和远期清洁生产目标见表 {{ t.targets }}。")
    table(
        doc,
        "表 {{ t.targets }} 清洁生产目标",
        ["序号", "指标", "单位", "现状值", "近期目标值", "中期目标值", "远期目标值"],
        ["{{ x.no }}", "{{ x.indicator }}", "{{ x.unit }}", "{{ x.current }}", "{{ x.near }}",
         "{{ x.mid }}", "{{ x.long }}"],
        "x in targets",
    )  # fmt: skip
    para(doc, "{{ targets_note }}", "Note")


def _energy(doc: DocumentObject) -> None:
    """能源消耗与碳排放 (附件2 2.4.1; 5.3.2 (2) ② and (3) ①), kept only with activity data."""
    para(doc, "{%p if energy %}")
    para(doc, "{{ energy_summary }}")
    table(
        doc,
        "表 {{ t.balance }} 园区能源平衡表（{{ year }} 年）",
        ["能源品种", "实物量", "单位", "当量值（tce）", "等价值（tce）", "{{ energy_share_label }}",
         "主体数"],
        ["{{ e.carrier }}", "{{ e.quantity }}", "{{ e.unit }}", "{{ e.calorific }}",
         "{{ e.equivalent }}", "{{ e.share }}", "{{ e.entities }}"],
        "e in energy_balance",
    )  # fmt: skip
    table(
        doc,
        "表 {{ t.carbon }} 碳排放清单（按能源品种，{{ year }} 年）",
        ["能源品种", "范围", "实物量", "单位", "排放因子（tCO2/单位）", "排放量（tCO2）",
         "占比（%）"],
        ["{{ c.carrier }}", "{{ c.scope }}", "{{ c.quantity }}", "{{ c.unit }}", "{{ c.factor }}",
         "{{ c.co2 }}", "{{ c.share }}"],
        "c in carbon_rows",
    )  # fmt: skip
    para(doc, "注：范围一为化石燃料燃烧的直接排放，范围二为外购电力、热力的间接排放。{{ energy_note }}",
         "Note")  # fmt: skip
    figure(doc, "chart_energy_flow", "chart_energy_flow",
           "图 {{ t.flow }} 园区能源流向图（能源品种 → 用能主体）")  # fmt: skip
    para(doc, "{%p endif %}")


def _focus_audit(doc: DocumentObject) -> None:
    doc.add_heading("5 重点审核", 1)
    doc.add_heading("5.1 审核重点现状分析", 2)
    loop(doc, "for f in focus_status", "{{ f }}")
    doc.add_heading("5.2 主要问题及原因分析", 2)
    table(
        doc,
        "表 5-1 主要问题及原因分析",
        ["层面", "方面", "主要问题", "原因分析"],
        ["{{ p.level }}", "{{ p.aspect }}", "{{ p.finding }}", "{{ p.cause }}"],
        "p in findings",
        merge=(0,),
    )
    doc.add_heading("5.3 提出清洁生产建议", 2)
    loop(doc, "for s in suggestions", "{{ s }}")


def _options(doc: DocumentObject) -> None:
    doc.add_heading("6 方案产生和筛选", 1)
    doc.add_heading("6.1 产生和汇总方案", 2)
    para(doc, "{{ options_text }}")
    doc.add_heading("6.2 筛选方案", 2)
    para(doc, "经与园区和企业沟通讨论，筛选出的清洁生产方案及其实施情况见表 6-1。")
    landscape(doc)
    table(
        doc,
        "表 6-1 清洁生产方案汇总表（表B.3）",
        ["序号", "方案名称", "层面", "实施主体", "方案简介", "投资预算（万元）", "环境效益",
         "经济效益", "实施时间", "实施情况"],
        ["{{ o.no }}", "{{ o.name }}", "{{ o.level }}", "{{ o.implementer }}", "{{ o.summary }}",
         "{{ o.investment }}", "{{ o.env }}", "{{ o.eco }}", "{{ o.timing }}", "{{ o.status }}"],
        "o in options",
    )  # fmt: skip
    portrait(doc)


def _conclusions(doc: DocumentObject) -> None:
    doc.add_heading("7 结论和建议", 1)
    doc.add_heading("7.1 结论", 2)
    para(doc, "{{ conclusion }}")
    loop(doc, "for c in conclusions", "{{ c }}")
    doc.add_heading("7.2 建议", 2)
    loop(doc, "for c in advice", "{{ c }}")
    para(doc, "持续清洁生产工作计划见表 7-1。")
    table(
        doc,
        "表 7-1 持续清洁生产计划表（表B.4）",
        ["项目", "主要内容", "时间", "负责部门"],
        ["{{ c.item }}", "{{ c.content }}", "{{ c.time }}", "{{ c.department }}"],
        "c in continuing",
    )
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


def build() -> DocumentObject:
    doc = new_document(LOOKS)
    _cover(doc)
    doc.add_heading("1 前言", 1)
    para(doc, "{{ preface }}")
    doc.add_heading("2 项目概况", 1)
    para(doc, "{{ background }}")
    para(doc, "审核范围：{{ scope }}")
    _organisation(doc)
    _pre_audit(doc)
    _focus_audit(doc)
    _options(doc)
    _conclusions(doc)
    return doc
