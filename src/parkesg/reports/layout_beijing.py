"""Layout of the Beijing green-diagnosis report (附件2-1) and forms 2-2, 2-3, 2-4.

The guide prints the report's cover, 基本信息表, 绿色诊断工作组成员表, the outline of six parts
(一 概述 … 六 参考文件) and the tables 附件2-1-1, 2-1-2 (each of 3 years), 2-1-3. It says nothing
on type, so page and type follow GB/T 9704—2012: body 三号仿宋 with a fixed 29 pt line
(22 lines in the 225 mm text block), title 二号小标宋, headings 黑体 / 楷体 / 仿宋 by level.
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
    loop,
    new_document,
    no_page_number,
    page_break,
    para,
    row_height,
    sectioned_table,
    spec,
    table,
)

FS, HEI, KAI, XBS = "仿宋", "黑体", "楷体", "方正小标宋简体"
BODY = SIZE["三号"]

LOOKS = {
    "Normal": Look(FS, BODY, align="justify", line=None, exact=29, indent_chars=2),
    "Title": Look(XBS, SIZE["二号"], align="center", line=1.5),
    "Heading 1": Look(HEI, BODY, line=None, exact=29, indent_chars=2),
    "Heading 2": Look(KAI, BODY, line=None, exact=29, indent_chars=2),
    "Heading 3": Look(FS, BODY, bold=True, line=None, exact=29, indent_chars=2),
    "Caption": Look(HEI, SIZE["四号"], align="center", line=1.5),
    "Figure": Look(FS, SIZE["四号"], align="center", line=1.0),
    "Figure Caption": Look(HEI, SIZE["四号"], align="center", line=1.5),
    "Table Text": Look(FS, SIZE["小四"], line=1.0),
    "Note": Look(FS, SIZE["小四"], line=1.2),
    "Cover Title": Look(XBS, SIZE["一号"], align="center", line=1.5),
    "Cover Line": Look(FS, BODY, line=2.0),
    "Signature": Look(FS, BODY, align="right", line=1.5),
    # forms 2-2 and 2-3: one page each with the signature block (小三, 26 pt lines)
    "Form": Look(FS, SIZE["小三"], align="justify", line=None, exact=25, indent_chars=2),
    "Form Signature": Look(FS, SIZE["小三"], align="right", line=None, exact=25),
    "Form Label": Look(HEI, SIZE["小三"], line=None, exact=25),
}


def _cover(doc: DocumentObject) -> None:
    for _ in range(3):
        para(doc, "", "Cover Line")
    para(doc, "北京市工业园区绿色诊断评估报告", "Cover Title")
    for _ in range(4):
        para(doc, "", "Cover Line")
    para(doc, "园    区   名   称：{{ park_name }}", "Cover Line")
    para(doc, "绿色诊断服务商名称：{{ provider_name }}", "Cover Line")
    for _ in range(3):
        para(doc, "", "Cover Line")
    para(doc, "{{ report_date }}", "Caption")
    end_cover(doc)


def _basic_info(doc: DocumentObject) -> None:
    para(doc, "基本信息表", "Title")

    def two(a: str, x: str, b: str, y: str) -> list[str]:
        return [a, f"{{{{ {x} }}}}", b, f"{{{{ {y} }}}}"]

    def one(a: str, x: str) -> list[str]:
        return [a, f"{{{{ {x} }}}}", "<", "<"]

    rows = [
        ["一、园区基本信息", "<", "<", "<"],
        one("园区名称", "park_name"),
        one("园区管理机构名称", "managing_body"),
        one("园区级别", "park_level_boxes"),
        two("项目负责人", "project_leader", "负责人电话", "project_leader_phone"),
        two("项目联系人", "park_contact", "联系人电话", "park_contact_phone"),
        two("电子邮件", "email", "传真", "fax"),
        ["二、服务商信息", "<", "<", "<"],
        one("服务商名称", "provider_name"),
        one("服务商地址", "provider_address"),
        two("法定代表人", "provider_legal_rep", "法人代表电话", "provider_legal_phone"),
        two("联系人", "provider_contact", "联系人电话", "provider_contact_phone"),
        two("报告编制负责人", "report_author", "负责人电话", "report_author_phone"),
        two("报告审核人", "report_reviewer", "审核人电话", "report_reviewer_phone"),
        ["本机构承诺，已对该工业园区绿色发展水平进行了诊断，材料真实有效，绿色诊断服务流程规范"
         "完整，结论客观公正。诊断评估报告若存在弄虚作假，本机构愿承担责任。", "<", "<", "<"],
    ]  # fmt: skip
    grid(doc, rows, widths_mm=[36, 46, 32, 42])
    para(doc, "负责人签字：            ", "Signature")
    para(doc, "（单位公章）            ", "Signature")
    page_break(doc)


def _team(doc: DocumentObject) -> None:
    para(doc, "绿色诊断工作组成员表", "Title")
    t = sectioned_table(
        doc,
        "",
        ["序号", "姓名", "绿色诊断工作分工", "职称", "从事专业"],
        [("专家成员", "m in experts", _member_cells()), ("园区工作人员", "m in staff", _member_cells())],
        widths_mm=[14, 24, 54, 34, 30],
    )  # fmt: skip
    spec(t)
    page_break(doc)


def _member_cells() -> list[str]:
    return [
        "{{ m.no }}",
        "{{ m.name }}",
        "{{ m.team_role }}",
        "{{ m.title }}",
        "{{ m.speciality }}",
    ]


def _outline(doc: DocumentObject) -> None:
    para(doc, "绿色诊断评估报告", "Title")
    doc.add_heading("一、概述", 1)
    para(doc, "1. 目的、范围及准则。{{ preface }}")
    para(doc, "2. 园区基本情况。{{ background }}诊断范围：{{ scope }}")
    doc.add_heading("二、诊断评估过程和方法", 1)
    para(doc, "{{ process }}")
    para(doc, "{{ onsite_text }}")
    doc.add_heading("三、诊断评估内容", 1)
    doc.add_heading("（一）基础性要求符合情况", 2)
    para(doc, "{{ requirements_summary }}")
    doc.add_heading("（二）能源利用、资源利用、基础设施、产业、生态环境、运行管理情况", 2)
    para(
        doc,
        "按附件2-1-2 评价，各方面绿色指标得分如表 1（单项指标得分不超过 120 分），{{ years[2] }}各方面得分见图 1，三年变化见图 2。",
    )
    table(
        doc,
        "表 1 各方面绿色指标得分",
        ["一级指标", "{{ years[0] }}", "{{ years[1] }}", "{{ years[2] }}"],
        ["{{ g.name }}", "{{ g.scores[0] }}", "{{ g.scores[1] }}", "{{ g.scores[2] }}"],
        "g in groups",
        note="{{ score_note }}",
    )
    figure(doc, "chart_radar", "chart_radar", "图 1 各方面绿色指标得分（{{ years[2] }}）")
    figure(doc, "chart_trend", "chart_trend", "图 2 各方面绿色指标得分三年变化")
    doc.add_heading("（三）政策措施、重点工作与主要成绩", 2)
    para(doc, "{{ measures }}")
    doc.add_heading("（四）存在问题", 2)
    loop(doc, "for p in findings", "{{ p }}")
    doc.add_heading("四、诊断评估结论", 1)
    para(doc, "1. 工作亮点。")
    loop(doc, "for c in highlights", "{{ c }}")
    para(doc, "2. 整体评估。{{ overall }}")
    loop(doc, "for c in problems", "{{ c }}")
    para(doc, "3. 基础性要求符合情况。{{ requirements_summary }}")
    para(doc, "4. 指标数值变化情况及其原因。{{ change_text }}")
    table(
        doc,
        "表 2 附件2-1-2 各项指标数值变化情况",
        ["序号", "指标", "单位", "{{ years[0] }}", "{{ years[1] }}", "{{ years[2] }}", "变化",
         "趋势"],
        ["{{ t.no }}", "{{ t.name }}", "{{ t.unit }}", "{{ t.by_year[0] }}", "{{ t.by_year[1] }}",
         "{{ t.by_year[2] }}", "{{ t.change }}", "{{ t.trend }}"],
        "t in changes",
    )  # fmt: skip
    para(
        doc, "注：变化为末年较首年的变化量；趋势按指标方向判断（逆向指标数值下降为改善）。", "Note"
    )
    doc.add_heading("五、建议", 1)
    loop(doc, "for c in advice", "{{ c }}")
    para(doc, "绿色化改造提升项目建议见附件2-1-3。")
    doc.add_heading("六、参考文件", 1)
    loop(doc, "for r in references", "{{ r }}")
    page_break(doc)


def _annexes(doc: DocumentObject) -> None:
    para(doc, "附件2－1－1", "Heading 3")
    para(doc, "工业园区绿色诊断基础性要求诊断表", "Title")
    table(
        doc,
        "",
        ["序号", "基本要求", "是否符合", "证明材料索引"],
        ["{{ r.no }}", "{{ r.text }}", "{% cellbg r.bg %}{{ r.met }}", "{{ r.evidence }}"],
        "r in requirements",
    )
    page_break(doc)
    para(doc, "附件2－1－2", "Heading 3")
    para(doc, "工业园区绿色诊断评价表", "Title")
    para(doc, "{%p for y in year_tables %}")
    para(doc, "第{{ y.index }}年（{{ y.year }} 年）指标数据评价情况", "Caption")
    table(
        doc,
        "",
        ["一级指标", "序号", "二级指标", "指标单位", "指标数据", "得分", "{{ y.note_header }}"],
        ["{{ i.group }}", "{{ i.no }}", "{{ i.name }}", "{{ i.unit }}", "{{ i.value }}",
         "{{ i.score }}", "{{ i.note }}"],
        "i in y.indicators",
        merge=(0,),
    )  # fmt: skip
    para(doc, "合计得分：{{ y.total }}", "Note")
    para(doc, "{%p endfor %}")
    para(
        doc,
        "注：1. 单项指标最高得分不超过 120 分。2. 年份1至年份3原则上为绿色诊断实施年份的前三年。",
        "Note",
    )
    block(doc, "score_note", [("{{ score_note }}", "Note")])
    page_break(doc)
    para(doc, "附件2－1－3", "Heading 3")
    para(doc, "绿色化改造提升建议表", "Title")
    table(
        doc,
        "",
        ["序号", "项目建设内容", "总投资（万元）", "其中固定资产投资（万元）", "预期实施效果", "备注"],
        ["{{ o.no }}", "{{ o.content }}", "{{ o.investment }}", "{{ o.fixed_investment }}",
         "{{ o.effect }}", "{{ o.remark }}"],
        "o in options",
    )  # fmt: skip
    para(doc, "填表说明：园区近期如对该项目有实施意愿，请在备注栏中填写拟实施的时间。"
         "备注中请一并填写其他需要说明的事项。", "Note")  # fmt: skip
    page_break(doc)
    para(doc, "评价依据说明", "Heading 3")
    para(doc, "{{ edition_note }}", "Note")
    block(doc, "confirmation", [("{{ confirmation }}", "Normal")])
    para(doc, "{%p if provisional_rows %}")
    table(
        doc,
        "暂定值一览",
        ["序号", "指标", "暂定内容", "来源与说明"],
        ["{{ r.no }}", "{{ r.name }}", "{{ r.what }}", "{{ r.source }}"],
        "r in provisional_rows",
    )
    para(doc, "{%p endif %}")


def build() -> DocumentObject:
    doc = new_document(LOOKS)
    _cover(doc)
    _basic_info(doc)
    _team(doc)
    _outline(doc)
    _annexes(doc)
    return doc


# ── forms 2-2, 2-3, 2-4 ──────────────────────────────────────────────────────────────────

PLEDGE = [
    "一、认真遵守国家保密法律法规以及被诊断园区规章制度，履行保密义务。",
    "二、不提供虚假信息，自愿接受保密审查。",
    "三、不违规记录、录音存储、复制园区未对外公开披露的相关信息，不违规留存相关的秘密载体。",
    "四、不以任何方式泄露本项目所接触和知悉的秘密信息以及相关内容。",
    "五、不与其他人相互串通谎报、瞒报相关关键数据，不从事恶意破坏项目有序运行，及损害他人合法利益的一切行为。",
    "六、不采取贿赂、威胁等非法手段，不隐瞒事实真相，不恶意篡改数据。",
    "七、未经园区审查批准，不擅自发表涉及未公开工作内容和涉密的任何信息。",
]


def build_pledge() -> DocumentObject:
    """附件2-2 保密承诺书, with the park and the provider filled in: one page, signature
    block included, no page number."""
    doc = new_document(LOOKS)
    no_page_number(doc)
    para(doc, "附件2-2", "Form Label")
    para(doc, "保密承诺书", "Title")
    para(doc, "本单位为{{ park_name }}开展绿色诊断工作，根据国家相关保密规定，知悉应承担的保密"
         "义务和法律责任，郑重承诺如下：", "Form")  # fmt: skip
    for line in PLEDGE:
        para(doc, line, "Form")
    para(doc, "若违反上述承诺，本单位自愿承担一切法律责任，并接受相关处罚。", "Form")
    para(doc, "（该承诺书一式肆份，服务商、园区及市区主管部门各一份）", "Form")
    para(doc, "", "Form")
    para(doc, "诊断服务商（加盖公章）：{{ provider_name }}", "Form Signature")
    para(doc, "年    月    日", "Form Signature")
    return doc


def build_confirmation() -> DocumentObject:
    """附件2-3 绿色诊断评估工作确认单, dates from the engagement; one page."""
    doc = new_document(LOOKS)
    no_page_number(doc)
    para(doc, "附件2-3", "Form Label")
    para(doc, "绿色诊断评估工作确认单", "Title")
    para(doc, "{{ provider_name }}为本单位提供了绿色诊断服务，于{{ onsite_start }}至{{ onsite_end }}"
         "开展了现场诊断，{{ report_submitted }}向我单位提交了绿色诊断评估报告，{{ report_meeting }}"
         "召开了诊断工作报告会。诊断期间，{{ provider_name }}严格遵守《北京市绿色诊断评估工作规则"
         "（2023年版）》的相关要求，且未向本单位收取任何诊断服务相关费用。", "Form")  # fmt: skip
    block(doc, "third_party_evaluation", [
        ("{{ provider_name }}同时向本单位提供了绿色工业园区第三方评估服务，且未向本单位收取评估费用。", "Form")
    ])  # fmt: skip
    for _ in range(3):
        para(doc, "", "Form")
    para(doc, "负责人签字：            ", "Form Signature")
    para(doc, "（单位公章）            ", "Form Signature")
    para(doc, "年    月    日", "Form Signature")
    return doc


def build_survey() -> DocumentObject:
    """附件2-4 绿色诊断服务工作满意度评价表, park and provider filled in; one page."""
    doc = new_document(LOOKS)
    no_page_number(doc)
    para(doc, "附件2-4", "Form Label")
    para(doc, "绿色诊断服务工作满意度评价表", "Title")
    rows = [
        ["被诊断园区名称（加盖公章）", "{{ park_name }}", "<", "<"],
        ["相关工作负责人签字", "签字：                日期：", "<", "<"],
        ["绿色诊断服务商名称", "{{ provider_name }}", "<", "<"],
        ["对服务商提供的绿色诊断评估服务的评价（请用“√”标出）", "<", "<", "<"],
        ["非常满意（  ）", "满意（  ）", "一般（  ）", "不满意（  ）"],
        ["对诊断服务商开展绿色诊断评估工作的具体评价和建议：（选填，可另附页）", "<", "<", "<"],
        ["对绿色诊断评估工作的建议：（选填，可另附页）", "<", "<", "<"],
        ["园区后续绿色化改造的意愿、困难和建议：（选填，可另附页）", "<", "<", "<"],
        ["区级经信部门审核意见\n\n\n\n单位名称（加盖公章）：\n审核日期：", "<", "<", "<"],
    ]  # fmt: skip
    t = grid(doc, rows, widths_mm=[48, 36, 36, 36])
    for r, mm in ((5, 32), (6, 32), (7, 32), (8, 40)):  # room to write in
        row_height(t.rows[r], mm)
    return doc
