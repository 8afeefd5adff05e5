"""What a file is, told by its content (magic bytes), never by its name or the browser's
content type — and refused unless it is on the allow-list of ``models.EvidenceKind``."""

from __future__ import annotations

import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from parkesg.errors import DataError
from parkesg.io.safety import check_xlsx
from parkesg.web.collection.models import EvidenceKind

EXTENSIONS = {
    EvidenceKind.pdf: {".pdf"},
    EvidenceKind.png: {".png"},
    EvidenceKind.jpeg: {".jpg", ".jpeg"},
    EvidenceKind.xlsx: {".xlsx"},
    EvidenceKind.docx: {".docx"},
    EvidenceKind.text: {".txt", ".csv"},
}
# The main part's content type tells a workbook from a document (and both from their
# macro-enabled kin .xlsm / .docm, which are refused).
_OOXML_MAIN = {
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
}
# Markup a browser could render or run: refused even as text (HTML, SVG, XML, scripts).
_MARKUP = re.compile(rb"<\s*(!doctype|html|svg|script|\?xml|body|iframe)", re.IGNORECASE)
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def clean_name(name: str, *, limit: int = 120) -> str:
    """A file name as a harmless label: no folders, control or shell characters, bounded."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name  # drop a/b and C:\a\b
    base = unicodedata.normalize("NFC", _UNSAFE_NAME.sub("_", base)).strip(" ._")
    base = re.sub(r"\s+", " ", base)
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        keep = ext if dot and len(ext) <= 10 else ""
        base = base[: limit - len(keep) - 1].rstrip() + ("." + keep if keep else "")
    return base


def _ooxml(data: bytes) -> EvidenceKind:
    """An Office Open XML package, checked by ``io.safety`` (bounded zip, no DTD)."""
    with tempfile.TemporaryDirectory(prefix="parkesg-evidence-") as tmp:
        path = Path(tmp) / "evidence.xlsx"  # check_xlsx wants the suffix, the content decides
        path.write_bytes(data)
        try:
            check_xlsx(path)
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                types = zf.read("[Content_Types].xml")
        except DataError as exc:
            raise DataError(f"压缩文件未通过安全检查：{exc.detail}") from exc
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise DataError("压缩文件已损坏") from exc
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise DataError("含宏的 Office 文件（.xlsm / .docm）不能作为证明材料")
    for marker, kind in _OOXML_MAIN.items():
        if marker in types:
            return EvidenceKind(kind)
    raise DataError("只接受 .xlsx 工作簿或 .docx 文档形式的压缩文件")


def _text(data: bytes) -> EvidenceKind:
    if _BINARY.search(data):  # control bytes no text or CSV has
        raise DataError("不支持的文件类型（二进制文件）")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(
            "不支持的文件类型：只接受 PDF、PNG、JPEG、.xlsx、.docx 和 UTF-8 编码的文本 / CSV"
        ) from None
    head = text.lstrip()[:2]
    if head.startswith("<") or _MARKUP.search(data[:4096]):
        raise DataError("不接受网页、SVG 或 XML 文件（浏览器可能执行其中的内容）")
    if head == "#!":
        raise DataError("不接受脚本文件")
    return EvidenceKind.text


def detect_kind(data: bytes) -> EvidenceKind:
    """The allow-listed kind of ``data``; DataError (Chinese) for an empty or other file."""
    if not data:
        raise DataError("文件为空")
    if data.startswith(b"%PDF-"):
        return EvidenceKind.pdf
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return EvidenceKind.png
    if data.startswith(b"\xff\xd8\xff"):
        return EvidenceKind.jpeg
    if data.startswith(b"PK\x03\x04"):
        return _ooxml(data)
    return _text(data)


def check_name(name: str, kind: EvidenceKind) -> None:
    """The label's extension must agree with the content (a PDF named .png is refused)."""
    ext = PurePosixPath(name).suffix.lower()
    if ext not in EXTENSIONS[kind]:
        want = "、".join(sorted(EXTENSIONS[kind]))
        raise DataError(
            f"文件内容是 {kind.label}，扩展名却是 “{ext or '无'}”（应为 {want}）", file=name
        )
