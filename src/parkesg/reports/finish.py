"""After rendering: what depends on the content, done once the content is known.

- **Column widths from content** (tables that carry ``docx_build.TABLE_SPEC``): no column is
  narrower than its longest unbreakable piece — a number, a threshold, a unit, a short label —
  so a number never breaks across lines; the rest of the text block's width goes to the
  columns with the most text, like a browser's automatic table layout.
- **Repeated cells merged** down the columns a table names (a category beside its
  indicators), each column within the groups of the one before it.
- **Every row kept whole** (``w:cantSplit``) and **CO₂** written with its subscript.
- **Document properties**: title, author (the organisation), subject, dates; nothing of the
  software that wrote it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm

from parkesg.reports.docx_build import TABLE_SPEC

CELL_MARGIN_TWIPS = 57  # 1 mm each side (Word's default is 1.9 mm: too much for 9 columns)
CELL_PADDING_MM = 2 * CELL_MARGIN_TWIPS / 1440 * 25.4 + 0.8  # both margins, and some air
MIN_COLUMN_MM = 7.0
SHORT_COLUMN_EM = 7.0  # a column whose body cells are all this short never wraps (units, levels)
SHORT_EM = 4.0  # a longer text column is never narrower than this many characters
MERGED_EM = 2.0  # a merged column's cells are tall: it may wrap down to two characters
PT_MM = 25.4 / 72


# child order of the elements this module writes into (ECMA-376 Part 1, §17): an element
# out of order makes Word call the file damaged
TBLPR = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
         "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
         "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")  # fmt: skip
TCPR = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
        "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")  # fmt: skip
PPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
       "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
       "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
       "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
       "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
       "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")  # fmt: skip


def child(parent: Any, name: str, order: tuple[str, ...]) -> Any:
    """``parent``'s ``w:name`` child, created in its schema place when missing."""
    found = parent.find(qn(f"w:{name}"))
    if found is not None:
        return found
    el = OxmlElement(f"w:{name}")
    later = set(order[order.index(name) + 1 :])
    for k, existing in enumerate(parent):
        if existing.tag.split("}")[-1] in later:
            parent.insert(k, el)
            return el
    parent.append(el)
    return el


@dataclass(frozen=True)
class Spec:
    merge: tuple[int, ...] = ()
    fixed: bool = False


def _char_em(c: str) -> float:
    """A character's advance in em: CJK and full-width 1, Latin digits and letters about 1/2."""
    if c in "≥≤":
        return 0.62
    if unicodedata.east_asian_width(c) in ("W", "F", "A"):  # ambiguous ones (▲ △ ※) are wide
        return 1.0
    if c.isupper():
        return 0.68
    if c in ".,:;!|'il":
        return 0.3
    if c == " ":
        return 0.26
    return 0.52


def _is_cjk(c: str) -> bool:
    return unicodedata.east_asian_width(c) in ("W", "F")


def tokens(text: str) -> Iterator[str]:
    """The pieces a line may not break inside: runs of non-CJK, non-space characters (a
    number, 1,217,713.80; a unit, tCO₂/万元 breaks only at the CJK); each CJK character alone."""
    yield from re.findall(r"[^\s\u2e80-\uffef]+|[\u2e80-\uffef]", text)


_UNIT = re.compile(r"^[^\s/]{1,5}/[^\s/]{1,5}$")  # 吨标煤/万元, 万元/tce: kept whole


def longest_piece(line: str) -> float:
    """The widest piece of ``line`` that may not be broken (a unit like 吨标煤/万元 whole)."""
    if _UNIT.match(line):
        return width_em(line)
    return max((width_em(t) for t in tokens(line)), default=0.0)


def width_em(text: str) -> float:
    return sum(_char_em(c) for c in text)


def _cell_size_pt(cell: Any, default: float) -> float:
    for p in cell.paragraphs:
        size = p.style.font.size if p.style is not None else None
        if size is not None:
            return float(size.pt)
    return default


def _spec(tbl: Any) -> Spec | None:
    tblpr = tbl._tbl.tblPr
    el = tblpr.find(qn("w:tblCaption"))
    if el is None or not (el.get(qn("w:val")) or "").startswith(TABLE_SPEC):
        return None
    tblpr.remove(el)
    merge: tuple[int, ...] = ()
    fixed = False
    for part in el.get(qn("w:val"))[len(TABLE_SPEC) :].split(";"):
        if part.startswith("merge="):
            merge = tuple(int(x) for x in part[6:].split(",") if x)
        fixed |= part == "fixed"
    return Spec(merge, fixed)


def _sections(doc: DocumentObject) -> Iterator[tuple[Any, float]]:
    """Each table with the text width (mm) of the section it sits in."""
    body = doc.element.body
    pending: list[Any] = []
    from docx.table import Table

    for el in body.iterchildren():
        if el.tag == qn("w:tbl"):
            pending.append(Table(el, doc))
            continue
        sect = None
        if el.tag == qn("w:p"):
            ppr = el.find(qn("w:pPr"))
            sect = ppr.find(qn("w:sectPr")) if ppr is not None else None
        elif el.tag == qn("w:sectPr"):
            sect = el
        if sect is not None:
            width = _text_width_mm(sect)
            for t in pending:
                yield t, width
            pending = []
    for t in pending:
        yield t, _text_width_mm(body.find(qn("w:sectPr")))


def _text_width_mm(sect: Any) -> float:
    pgsz = sect.find(qn("w:pgSz"))
    mar = sect.find(qn("w:pgMar"))
    twips = int(pgsz.get(qn("w:w"))) - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right")))
    return twips / 1440 * 25.4


def _grid_cells(tr: Any) -> list[tuple[int, int, Any]]:
    """(first grid column, span, w:tc) of a row's cells."""
    out, col = [], 0
    for tc in tr.tc_lst:
        out.append((col, tc.grid_span, tc))
        col += tc.grid_span
    return out


def _tc_text(tc: Any) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]


def fit(
    tbl: Any, available_mm: float, default_pt: float = 12.0, merged: tuple[int, ...] = ()
) -> list[float]:
    """Column widths (mm) from the content; set in the grid and in every cell.

    A column is never narrower than its longest unbreakable piece (a number, a threshold);
    a column of short cells (units, levels, categories) keeps each cell on one line and is
    centred; a text column gets at least ``SHORT_EM`` characters; header cells may wrap.
    A merged column (its cells span several rows) may wrap down to ``MERGED_EM`` characters.
    The rest of the width goes to the columns in proportion to the text they would add."""
    ncols = len(tbl._tbl.tblGrid.gridCol_lst)
    size_mm = _cell_size_pt(tbl.rows[-1].cells[0], default_pt) * PT_MM
    head_token, body_token, body_full = [0.0] * ncols, [0.0] * ncols, [0.0] * ncols
    full_max = [0.0] * ncols
    for tr in tbl._tbl.tr_lst:
        header = tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
        for col, span, tc in _grid_cells(tr):
            if span != 1:
                continue
            lines = _tc_text(tc)
            full = max((width_em(line) for line in lines), default=0.0)
            full_max[col] = max(full_max[col], full)
            if header:  # a header may wrap anywhere between characters (必选/\n可选)
                token = max((width_em(t) for line in lines for t in tokens(line)), default=0.0)
                head_token[col] = max(head_token[col], token)
            else:
                token = max((longest_piece(line) for line in lines), default=0.0)
                body_token[col] = max(body_token[col], token)
                body_full[col] = max(body_full[col], full)
    short = [0 < f <= SHORT_COLUMN_EM and c not in merged for c, f in enumerate(body_full)]
    least = [MERGED_EM if c in merged else SHORT_EM for c in range(ncols)]
    lo = [
        max(MIN_COLUMN_MM,
            max(ht, bt, bf if sh else min(bf, le)) * size_mm + CELL_PADDING_MM)
        for ht, bt, bf, sh, le in zip(head_token, body_token, body_full, short, least, strict=True)
    ]  # fmt: skip
    hi = [max(f * size_mm + CELL_PADDING_MM, lo_) for f, lo_ in zip(full_max, lo, strict=True)]
    if sum(lo) >= available_mm:
        widths = [w * available_mm / sum(lo) for w in lo]
    elif sum(hi) <= available_mm:
        extra = available_mm - sum(hi)
        widths = [h + extra * h / sum(hi) for h in hi]
    else:
        room = available_mm - sum(lo)
        give = [h - lo_ for h, lo_ in zip(hi, lo, strict=True)]
        widths = [lo_ + room * g / sum(give) for lo_, g in zip(lo, give, strict=True)]
    _set_widths(tbl, widths)
    _centre(tbl, short)
    return widths


def _centre(tbl: Any, columns: list[bool]) -> None:
    """Header cells and the cells of short columns centred."""
    for tr in tbl._tbl.tr_lst:
        header = tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
        for col, span, tc in _grid_cells(tr):
            if header or (span == 1 and columns[col]):
                for p in tc.iter(qn("w:p")):
                    child(p.get_or_add_pPr(), "jc", PPR).set(qn("w:val"), "center")


def _set_widths(tbl: Any, widths: list[float]) -> None:
    tbl.autofit = False
    tblpr = tbl._tbl.tblPr
    mar = child(tblpr, "tblCellMar", TBLPR)
    for side in ("left", "right"):
        el = mar.find(qn(f"w:{side}"))
        if el is None:
            el = OxmlElement(f"w:{side}")
            mar.append(el)
        el.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        el.set(qn("w:type"), "dxa")
    child(tblpr, "tblLayout", TBLPR).set(qn("w:type"), "fixed")
    for gc, w in zip(tbl._tbl.tblGrid.gridCol_lst, widths, strict=True):
        gc.w = Mm(w)
    for tr in tbl._tbl.tr_lst:
        for col, span, tc in _grid_cells(tr):
            tc.width = Emu(sum(int(Mm(w)) for w in widths[col : col + span]))
    tblw = tbl._tbl.tblPr.find(qn("w:tblW"))
    if tblw is not None:
        tblw.set(qn("w:type"), "dxa")
        tblw.set(qn("w:w"), str(int(sum(widths) / 25.4 * 1440)))


def merge(tbl: Any, columns: tuple[int, ...]) -> None:
    """Merge runs of equal cells down each of ``columns`` (body rows with one cell per grid
    column; a header row or a row with a spanning cell ends every run)."""
    rows = tbl._tbl.tr_lst
    ncols = len(tbl._tbl.tblGrid.gridCol_lst)
    keys: list[tuple[str, ...] | None] = []
    for tr in rows:
        header = tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
        cells = tr.tc_lst
        if header or len(cells) != ncols:
            keys.append(None)
        else:
            keys.append(tuple("\n".join(_tc_text(tc)) for tc in cells))
    for depth, c in enumerate(columns):
        start = 0
        while start < len(rows):
            k = keys[start]
            end = start + 1
            if k is not None and k[c]:
                group = tuple(k[x] for x in columns[: depth + 1])
                while end < len(rows):
                    nxt = keys[end]
                    if nxt is None or tuple(nxt[x] for x in columns[: depth + 1]) != group:
                        break
                    end += 1
            if end - start > 1:
                _vmerge(rows[start].tc_lst[c], "restart")
                for r in range(start + 1, end):
                    _vmerge(rows[r].tc_lst[c], None)
                if depth == len(columns) - 1 and end - start <= KEEP_ROWS:
                    for tr in rows[start : end - 1]:  # the finest group never split by a page
                        _keep_next(tr)
            start = end


KEEP_ROWS = 26  # a merged table this short goes to the next page whole, its groups unbroken


def keep_together(tbl: Any) -> None:
    """Every row kept with the next (the last one ends the chain): a merged group is never
    split by a page, where its label would be printed on one side only."""
    for tr in tbl._tbl.tr_lst[:-1]:
        _keep_next(tr)


def _keep_next(tr: Any) -> None:
    for p in tr.iter(qn("w:p")):
        child(p.get_or_add_pPr(), "keepNext", PPR)


def _vmerge(tc: Any, val: str | None) -> None:
    tcpr = tc.get_or_add_tcPr()
    el = child(tcpr, "vMerge", TCPR)
    if val:
        el.set(qn("w:val"), val)
    else:  # a continued cell keeps one empty paragraph
        for p in list(tc.iter(qn("w:p")))[1:]:
            p.getparent().remove(p)
        for t in tc.iter(qn("w:t")):
            t.text = ""
    child(tcpr, "vAlign", TCPR).set(qn("w:val"), "center")


def _cant_split_all(tbl: Any) -> None:
    for tr in tbl._tbl.tr_lst:
        trpr = tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, OxmlElement("w:cantSplit"))


_CO2 = re.compile(r"CO2(?![0-9])")
# “附件2-1-2” as the Beijing guide prints it, 附件2－1－2: an ASCII hyphen lets LibreOffice
# break the number at a line end (“2-1-” / “2”)
_FORM_NO = re.compile(r"附件\d+(?:-\d+)+(?:、\d+(?:-\d+)+)*")
_AIJ = "a_ij"  # T/JDFA01 formula (1): a with the subscript ij


def _subscripts(doc: DocumentObject) -> None:
    parts = [doc.element.body]
    for sec in doc.sections:
        parts += [sec.header._element, sec.footer._element]
    for part in parts:
        for t in list(part.iter(qn("w:t"))):
            if t.text and "CO2" in t.text:
                t.text = _CO2.sub("CO₂", t.text)
            if t.text and "附件" in t.text:
                t.text = _FORM_NO.sub(lambda m: m[0].replace("-", "－"), t.text)
            if t.text and _AIJ in t.text:
                _split_subscript(t)


def _split_subscript(t: Any) -> None:
    """“… a_ij …” in one run → “… a” “ij” (subscript) “ …” as three runs."""
    import copy

    run = t.getparent()
    head, _, tail = t.text.partition(_AIJ)
    t.text = head + "a"
    t.set(qn("xml:space"), "preserve")
    sub = copy.deepcopy(run)
    rpr = sub.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        sub.insert(0, rpr)
    va = OxmlElement("w:vertAlign")
    va.set(qn("w:val"), "subscript")
    rpr.append(va)
    sub.find(qn("w:t")).text = "ij"
    rest = copy.deepcopy(run)
    rest.find(qn("w:t")).text = tail
    run.addnext(sub)
    sub.addnext(rest)
    if _AIJ in tail:
        _split_subscript(rest.find(qn("w:t")))


def properties(
    doc: DocumentObject, *, title: str, author: str, subject: str, keywords: str = ""
) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    p = doc.core_properties
    p.title, p.subject, p.keywords = title, subject, keywords
    p.author = p.last_modified_by = author
    p.comments = p.category = ""
    p.created = p.modified = now
    p.revision = 1


def finish(path: Path, *, title: str, author: str, subject: str) -> None:
    """Fit and merge the tables that ask for it, keep every row whole, write CO₂, set the
    document properties; saved in place."""
    doc = docx.Document(str(path))
    for tbl, width in _sections(doc):
        spec = _spec(tbl)
        _cant_split_all(tbl)
        if spec is None:
            continue
        if spec.merge:
            merge(tbl, spec.merge)
            if len(tbl._tbl.tr_lst) <= KEEP_ROWS:
                keep_together(tbl)
        if not spec.fixed:
            fit(tbl, width, merged=spec.merge)
    _subscripts(doc)
    properties(doc, title=title, author=author, subject=subject)
    doc.save(str(path))
