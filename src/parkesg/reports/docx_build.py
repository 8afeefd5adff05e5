"""Building blocks for the report templates: page, styles with East Asian fonts, headings,
tables whose header row repeats on every page and whose body rows are docxtpl loops that
never split across pages, figures kept with their captions, a cover without a page number,
and landscape sections for wide tables.

Used only by ``build_templates.py`` (which writes the shipped .docx templates); rendering
never needs python-docx styling because the styles live in the template. What depends on
the content — column widths, merged repeated cells — is done after rendering by
``finish.py``, following the instructions a table carries (``TABLE_SPEC``).

Page and body follow GB/T 9704—2012 where a standard is silent: A4, margins top 37 mm,
bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm), body 三号仿宋, title 二号小标宋.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table

LATIN = "Times New Roman"
# Chinese type sizes (号) in points
SIZE = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
        "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9}  # fmt: skip


@dataclass(frozen=True)
class Look:
    """One paragraph style: East Asian font, size in pt, bold, alignment, spacing."""

    east_asia: str
    size: float
    bold: bool = False
    align: str = "left"  # left | center | justify | right
    line: float | None = 1.5  # multiple; None with ``exact`` for a fixed line height
    exact: float | None = None  # fixed line height in pt
    indent_chars: int = 0  # first-line indent in characters
    before_lines: float = 0  # space before / after in lines
    after_lines: float = 0
    color: str = "000000"
    new_page: bool = False  # start on a new page (chapters)


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def set_fonts(element: object, east_asia: str, latin: str = LATIN) -> None:
    """Write ``w:rFonts`` with ascii / hAnsi / eastAsia / cs on a style or run, dropping the
    theme attributes that would otherwise win over them, and mark the language zh-CN."""
    if hasattr(element, "get_or_add_rPr"):
        rpr = element.get_or_add_rPr()
    else:  # w:rPrDefault, a plain element
        rpr = element.find(qn("w:rPr"))  # type: ignore[attr-defined]
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            element.append(rpr)  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, name in (
        ("w:ascii", latin),
        ("w:hAnsi", latin),
        ("w:eastAsia", east_asia),
        ("w:cs", latin),
    ):
        fonts.set(qn(attr), name)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _apply(style: object, look: Look) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.size, font.bold, font.italic = Pt(look.size), look.bold, False
    font.color.rgb = RGBColor.from_string(look.color)
    set_fonts(style.element, look.east_asia)  # type: ignore[attr-defined]
    pf = style.paragraph_format  # type: ignore[attr-defined]
    pf.alignment = _ALIGN[look.align]
    if look.exact is not None:
        from docx.enum.text import WD_LINE_SPACING

        pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(look.exact)
    elif look.line is not None:
        pf.line_spacing = look.line
    pf.space_before = pf.space_after = Pt(0)
    pf.page_break_before = look.new_page
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    if look.before_lines or look.after_lines:
        spacing = ppr.find(qn("w:spacing"))
        spacing.set(qn("w:beforeLines"), str(int(look.before_lines * 100)))
        spacing.set(qn("w:afterLines"), str(int(look.after_lines * 100)))
    # always explicit: styles based on Normal would otherwise inherit its 2-character indent
    for old in ppr.findall(qn("w:ind")):
        ppr.remove(old)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:firstLineChars"), str(look.indent_chars * 100))
    ind.set(qn("w:firstLine"), str(int(look.indent_chars * look.size * 20)))  # twips
    ppr.append(ind)


def new_document(looks: dict[str, Look]) -> DocumentObject:
    """An A4 document with GB/T 9704 margins and the given styles (created when missing).

    ``looks`` maps style names (Normal, Title, Heading 1…4, Caption, or new ones such as
    “Table Text”) to their look. The document defaults carry the Normal East Asian font too,
    so text in any style without its own fonts still renders in Chinese type."""
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.header_distance, sec.footer_distance = Mm(15), Mm(20)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    set_fonts(rpr_default, looks["Normal"].east_asia)
    from docx.enum.style import WD_STYLE_TYPE

    for name, look in looks.items():
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            style.quick_style = True
        _apply(style, look)
    for name in ("Caption", "Figure", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        if name in looks:  # a table caption, a figure or a heading never ends a page alone
            doc.styles[name].paragraph_format.keep_with_next = True
    for name in looks:
        doc.styles[name].paragraph_format.widow_control = True
    _keep_line_end_punctuation(doc)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        if name in looks:  # the default template puts a border and colour on these
            ppr = doc.styles[name].element.get_or_add_pPr()
            for tag in ("w:pBdr",):
                for el in ppr.findall(qn(tag)):
                    ppr.remove(el)
    _page_number_footer(doc)
    return doc


def _keep_line_end_punctuation(doc: DocumentObject) -> None:
    """``w:overflowPunct`` on in the document defaults: without it LibreOffice drops a comma
    that falls at the end of a full justified line (the Beijing forms lost theirs); with it
    the comma stays, pulling the last character down with it."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.append(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        ppr_default.append(ppr)
    el = OxmlElement("w:overflowPunct")
    el.set(qn("w:val"), "1")
    ppr.insert(0, el)


def end_cover(doc: DocumentObject) -> None:
    """End the cover: a section break; the cover page shows no page number and the body
    counts from 1 (GB/T 9704 7.5 numbers the body, not the cover)."""
    doc.sections[-1].different_first_page_header_footer = True  # first-page footer: empty
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    body.different_first_page_header_footer = False
    num = OxmlElement("w:pgNumType")
    num.set(qn("w:start"), "1")
    body._sectPr.append(num)


def no_page_number(doc: DocumentObject) -> None:
    """A one-page form or certificate: no footer at all."""
    for p in doc.sections[0].footer.paragraphs:
        p._p.getparent().remove(p._p)


def _continue(doc: DocumentObject) -> Any:
    """A new section that goes on numbering pages where the last one stopped."""
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    for el in sec._sectPr.findall(qn("w:pgNumType")):
        sec._sectPr.remove(el)
    sec.different_first_page_header_footer = False
    return sec


def landscape(doc: DocumentObject) -> None:
    """Continue on landscape pages (wide tables): GB/T 9704 margins turned with the page."""
    sec = _continue(doc)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    sec.top_margin, sec.bottom_margin = Mm(28), Mm(26)
    sec.left_margin, sec.right_margin = Mm(37), Mm(35)


def portrait(doc: DocumentObject) -> None:
    """Back to portrait pages after a landscape section."""
    sec = _continue(doc)
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)


def figure(doc: DocumentObject, condition: str, image: str, caption: str) -> None:
    """A chart kept with its caption below it, only when the image exists; the caption does
    not keep with what follows, so a heading after a figure is never left behind alone."""
    block(doc, condition, [(f"{{{{ {image} }}}}", "Figure"), (caption, "Figure Caption")])


def _page_number_footer(doc: DocumentObject) -> None:
    """“－ N －” centred in the footer (GB/T 9704 7.5: page numbers in the form — 1 —)."""
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("－ ")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    p.add_run(" －")


def para(doc: DocumentObject, text: str = "", style: str = "Normal") -> None:
    doc.add_paragraph(text, style=style)


def block(doc: DocumentObject, condition: str, lines: list[tuple[str, str]]) -> None:
    """Paragraphs kept only when the Jinja ``condition`` holds ({%p if %} … {%p endif %})."""
    para(doc, f"{{%p if {condition} %}}")
    for text, style in lines:
        para(doc, text, style)
    para(doc, "{%p endif %}")


def loop(doc: DocumentObject, header: str, item: str, style: str = "Normal") -> None:
    """One paragraph per item of a list: ``header`` is the Jinja loop, e.g. “for x in xs”."""
    para(doc, f"{{%p {header} %}}")
    para(doc, item, style)
    para(doc, "{%p endfor %}")


def page_break(doc: DocumentObject) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row: object) -> None:
    """A row is never split across pages (the schema wants ``cantSplit`` before
    ``tblHeader`` in ``w:trPr``)."""
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    if trpr.find(qn("w:cantSplit")) is None:
        trpr.insert(0, OxmlElement("w:cantSplit"))


def row_height(row: object, mm: float) -> None:
    """A row at least ``mm`` high (a form's box to write in)."""
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:trHeight")
    el.set(qn("w:val"), str(int(mm / 25.4 * 1440)))
    el.set(qn("w:hRule"), "atLeast")
    trpr.append(el)


TABLE_SPEC = "fit:"  # a table's instructions for ``finish`` (in w:tblCaption, removed there)


def spec(t: Table, *, merge: tuple[int, ...] = (), fixed: bool = False) -> None:
    """Instructions for ``finish``: columns whose repeated cells merge (left to right, each
    within the groups of the one before), and ``fixed`` to keep the layout's widths."""
    tblpr = t._tbl.tblPr
    el = OxmlElement("w:tblCaption")
    parts = [f"merge={','.join(map(str, merge))}"] if merge else []
    parts += ["fixed"] if fixed else []
    el.set(qn("w:val"), TABLE_SPEC + ";".join(parts))
    tblpr.append(el)


def table(
    doc: DocumentObject,
    caption: str,
    headers: list[str],
    cells: list[str],
    loop_over: str,
    *,
    widths_mm: list[float] | None = None,
    style: str = "Table Text",
    merge: tuple[int, ...] = (),
    note: str = "",
) -> Table:
    """Caption, a header row repeated on each page, and one body row per item of the loop
    (``loop_over`` like “r in rows”; ``cells`` the Jinja of each cell, e.g. “{{ r.name }}”);
    ``merge``: columns whose repeated cells are merged; ``note``: a paragraph under it."""
    t = sectioned_table(
        doc, caption, headers, [("", loop_over, cells)], widths_mm=widths_mm, style=style
    )
    spec(t, merge=merge)
    if note:
        para(doc, note, "Note")
    return t


def sectioned_table(
    doc: DocumentObject,
    caption: str,
    headers: list[str],
    sections: list[tuple[str, str, list[str]]],
    *,
    widths_mm: list[float] | None = None,
    style: str = "Table Text",
) -> Table:
    """Like ``table`` with several loops, each under an optional full-width label row
    (the Beijing team table lists 专家成员, then 园区工作人员)."""
    if caption:
        para(doc, caption, "Caption")
    n = len(headers)
    rows: list[list[str]] = [headers]
    for label, loop_over, cells in sections:
        if label:
            rows.append([label] + ["<"] * (n - 1))
        rows += [
            [f"{{%tr for {loop_over} %}}"] + [""] * (n - 1),
            cells,
            ["{%tr endfor %}"] + [""] * (n - 1),
        ]
    t: Table = grid(doc, rows, widths_mm=widths_mm, style=style)
    _repeat_header(t.rows[0])
    for c in range(1, n):  # header cells centred
        t.cell(0, c).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    t.cell(0, 0).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell in t.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    return t


def grid(
    doc: DocumentObject,
    rows: list[list[str]],
    *,
    widths_mm: list[float] | None = None,
    style: str = "Table Text",
) -> Table:
    """A fixed table (forms, information sheets): text or Jinja in every cell; a cell
    holding only ``<`` is merged with the cell on its left."""
    t: Table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            if text == "<":
                continue
            t.cell(r, c).paragraphs[0].text = text
            t.cell(r, c).paragraphs[0].style = doc.styles[style]
    for r, values in enumerate(rows):
        c = 0
        while c < len(values):
            end = c
            while end + 1 < len(values) and values[end + 1] == "<":
                end += 1
            if end > c:
                t.cell(r, c).merge(t.cell(r, end))
            c = end + 1
    for row in t.rows:
        _cant_split(row)
    if widths_mm:
        _widths(t, widths_mm)
    return t


def _widths(t: Table, widths_mm: list[float]) -> None:
    """Fixed column widths in the grid and in every cell (Word reads the cells, LibreOffice
    the grid); a fixed layout keeps long Chinese text wrapping inside its column."""
    t.autofit = False
    for c, w in enumerate(widths_mm[: len(t.columns)]):
        t.columns[c].width = Mm(w)
    for row in t.rows:
        col = 0
        for tc in row._tr.tc_lst:  # a merged cell spans several grid columns
            tc.width = Mm(sum(widths_mm[col : col + tc.grid_span]))
            col += tc.grid_span
