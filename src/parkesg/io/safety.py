"""Upload checks and export escaping: the one gate every file from a user passes through.

- size limit (default 20 MiB) before anything is parsed;
- an .xlsx must be a real zip with ``[Content_Types].xml``, a bounded number of members and a
  bounded total uncompressed size (zip-bomb guard); zipfile never inflates a member past the
  size its header declares, so the declared sum is a trustworthy bound;
- openpyxl must parse XML through defusedxml (no entity expansion, no DTD): checked once at
  import time, so a deployment without defusedxml fails loudly instead of parsing unsafely;
  and no XML part may carry a DTD at all (checked on the raw bytes, whatever the parser);
- ``escape_cell`` neutralises formula injection (OWASP “CSV injection”) in every exported
  spreadsheet or CSV cell.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.xml
import openpyxl.xml.functions as _oxml
from defusedxml import DefusedXmlException
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.workbook.workbook import Workbook

from parkesg.errors import DataError

MiB = 1024 * 1024


def _assert_defused() -> None:
    """openpyxl picks defusedxml when it is importable and not disabled by
    ``OPENPYXL_DEFUSEDXML=False``; refuse to run otherwise."""
    if openpyxl.xml.DEFUSEDXML is not True or openpyxl.DEFUSEDXML is not True:
        raise ImportError(
            "openpyxl 未启用 defusedxml（请安装 defusedxml，且不要设置 OPENPYXL_DEFUSEDXML=False）"
        )
    if not _oxml.iterparse.__module__.startswith("defusedxml"):
        raise ImportError("openpyxl 的 iterparse 不是 defusedxml 提供的版本")
    # With lxml present openpyxl parses with its own parser (resolve_entities=False);
    # without lxml, fromstring must be defusedxml's.
    if not openpyxl.xml.LXML and not _oxml.fromstring.__module__.startswith("defusedxml"):
        raise ImportError("openpyxl 的 fromstring 不是 defusedxml 提供的版本")


_assert_defused()


@dataclass(frozen=True)
class Limits:
    """What an uploaded file may weigh; pass a smaller one to tighten (tests, web forms)."""

    max_bytes: int = 20 * MiB  # the file as uploaded
    max_uncompressed: int = 200 * MiB  # sum of the declared sizes of an xlsx's members
    max_members: int = 10_000  # entries in an xlsx's zip
    max_sheet: int = 16 * MiB  # one worksheet's XML, uncompressed (a filled template: < 1 MiB)


DEFAULT_LIMITS = Limits()

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an encrypted .xlsx


def _mib(n: int) -> str:
    return f"{n / MiB:.1f} MiB" if n >= MiB else f"{n} 字节"


def check_size(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> int:
    """The file's size in bytes; DataError if it is missing or larger than the limit."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise DataError(f"无法读取文件：{exc.strerror}", file=p.name) from exc
    if size > limits.max_bytes:
        raise DataError(f"文件过大（{_mib(size)}），上限为 {_mib(limits.max_bytes)}", file=p.name)
    return size


def check_xlsx(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse anything that is not a plausible, bounded .xlsx before openpyxl sees it."""
    p = Path(path)
    check_size(p, limits=limits)
    if p.suffix.lower() != ".xlsx":
        raise DataError(f"只接受 .xlsx 工作簿，收到的是 “{p.suffix or '无扩展名'}”", file=p.name)
    with p.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        raise DataError(
            "文件是旧版 .xls 或已加密的工作簿：请在 Excel 中取消密码并另存为 .xlsx", file=p.name
        )
    if not zipfile.is_zipfile(p):
        raise DataError("不是有效的 .xlsx 文件（不是 zip 格式，可能只是改了扩展名）", file=p.name)
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(f"不是有效的 .xlsx 文件（zip 已损坏：{exc}）", file=p.name) from exc
    if len(infos) > limits.max_members:
        raise DataError(f"工作簿内部文件过多（{len(infos)} 个）", file=p.name)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise DataError("不是有效的 .xlsx 文件（缺少 [Content_Types].xml）", file=p.name)
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed:
        raise DataError(
            f"工作簿解压后过大（{_mib(total)}），上限为 {_mib(limits.max_uncompressed)}"
            "，可能是压缩炸弹",
            file=p.name,
        )
    for i in infos:
        if i.filename.startswith("xl/worksheets/") and i.file_size > limits.max_sheet:
            raise DataError(
                f"工作表过大（{i.filename.rsplit('/', 1)[-1]} 解压后 {_mib(i.file_size)}，上限为 "
                f"{_mib(limits.max_sheet)}）：填报模板的数据表通常不足 1 MiB，请删除多余的行列后再上传",
                file=p.name,
            )
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in _read(
        p, "[Content_Types].xml"
    ):
        raise DataError(
            "含宏的 Office 文件（.xlsm / .docm）不能上传：请另存为不含宏的 .xlsx / .docx",
            file=p.name,
        )
    _refuse_dtd(p, infos)


def _read(p: Path, member: str, limit: int = 1024 * 1024) -> bytes:
    with zipfile.ZipFile(p) as zf, zf.open(member) as fh:
        return fh.read(limit)


_PROLOG_BYTES = 64 * 1024


def _refuse_dtd(p: Path, infos: list[zipfile.ZipInfo]) -> None:
    """No XML part of an .xlsx has a DTD; refuse one before any parser sees it. This holds
    whichever parser openpyxl picks: with lxml installed (python-docx needs it) openpyxl parses
    with lxml, which does not expand entities but would not refuse them either."""
    with zipfile.ZipFile(p) as zf:
        for info in infos:
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            with zf.open(info) as fh:
                head = fh.read(_PROLOG_BYTES)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                if re.search(rb"<!ENTITY[^>]*\b(SYSTEM|PUBLIC)\b", head):
                    why = "含有引用外部文件或网址的 XML 实体（XXE 攻击）"
                else:
                    why = "含有被禁止的 XML 实体或 DTD（可能是“十亿笑声”实体炸弹）"
                raise DataError(f"无法解析工作簿（{why}，可能是恶意文件）", file=p.name)


def open_workbook(
    path: str | Path, *, data_only: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Workbook:
    """Check, then parse with openpyxl (defusedxml underneath); every failure is a DataError.

    ``data_only=False`` returns formulas as their text — nothing is ever evaluated here;
    ``data_only=True`` returns the values Excel cached when it last saved the file.
    """
    p = Path(path)
    check_xlsx(p, limits=limits)
    try:
        return openpyxl.load_workbook(p, data_only=data_only, keep_links=False)
    except Exception as exc:  # BadZipFile, KeyError, defusedxml, InvalidFileException …
        cause: BaseException | None = exc
        while cause is not None and not isinstance(cause, DefusedXmlException):
            cause = cause.__cause__ or cause.__context__
        why = "含有被禁止的 XML 实体或 DTD，可能是恶意文件" if cause else type(exc).__name__
        raise DataError(f"无法解析工作簿（{why}）", file=p.name) from exc


# ── export escaping ──────────────────────────────────────────────────────────────────────

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula gets a leading ' ; other values pass.

    Control characters that .xlsx cannot store are removed as well.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(_TRIGGERS):
        value = "'" + value
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def unescape_cell(value: Any) -> Any:
    """Undo ``escape_cell`` on import, so a template's text reads back as written."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_TRIGGERS):
        return value[1:]
    return value
