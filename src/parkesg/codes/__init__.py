"""Identity codes checked against their standards and bundled tables.

- 统一社会信用代码 (GB 32100—2015): 18 characters of ``CREDIT_CHARS``; positions 3–8 are a
  region code; the 18th is the check character of the first 17 (``credit_check_char``,
  weights 3^(i-1) mod 31 — GB 32100—2015 第 5 章).
- 行政区划代码 (GB/T 2260): six digits, looked up in ``data/gb2260.csv`` (see
  ``data/README.md`` for what it covers and how it was produced).
- 国民经济行业分类代码 (GB/T 4754—2017): a section letter, optionally followed by 2, 3 or 4
  digits (C, C26, C261, C2614). Sections and divisions (大类) are looked up in
  ``data/gb4754-2017.csv``; a group (中类) or class (小类) code is checked to start with a
  division of its section, not looked up (the bundled table stops at divisions).
- 证券代码 of a listed enterprise: six digits with the exchange (``600519.SH``, ``000001.SZ``,
  ``430047.BJ``) or five with ``.HK``; six digits alone take the exchange their first digits
  name (``STOCK_EXCHANGES``).

Each ``check_*`` returns the code as stored (trimmed, upper case) or raises ``DataError`` with
a Chinese message a person can act on.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from parkesg.errors import DataError

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100—2015 表 1: no I, O, S, V, Z
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_INDUSTRY = re.compile(r"^([A-T])(\d{2}(\d{1,2})?)?$")
_STOCK = re.compile(r"^(\d{6}\.(SH|SZ|BJ)|\d{5}\.HK)$")
# the exchange a mainland code's leading digits belong to: 上交所 60/68/90, 深交所 00/30/20,
# 北交所 43/83/87/88/92 (the exchanges' own numbering of their boards)
STOCK_EXCHANGES = {"60": "SH", "68": "SH", "90": "SH", "00": "SZ", "30": "SZ", "20": "SZ",
                   "43": "BJ", "83": "BJ", "87": "BJ", "88": "BJ", "92": "BJ"}  # fmt: skip


def credit_check_char(first17: str) -> str:
    """The 18th character for the first 17: C18 = 31 − (Σ Ci·Wi mod 31), 31 → 0."""
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def check_credit_code(code: str) -> str:
    """A valid 统一社会信用代码 (upper case), or DataError saying what is wrong."""
    code = code.strip().upper()
    if len(code) != 18:
        raise DataError(f"统一社会信用代码应为 18 位，“{code}” 为 {len(code)} 位")
    bad = sorted({c for c in code if c not in CREDIT_CHARS})
    if bad:
        raise DataError(
            f"统一社会信用代码含有不允许的字符 {'、'.join(bad)}（只用数字和除 I、O、S、V、Z 外的大写字母）"
        )
    if not code[2:8].isdigit():
        raise DataError("统一社会信用代码第 3—8 位应为登记管理机关的行政区划代码（6 位数字）")
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        raise DataError(
            f"统一社会信用代码 “{code}” 校验位不符（按 GB 32100—2015 应为 {expected}）：请核对是否抄错"
        )
    return code


@cache
def _table(name: str) -> dict[str, tuple[str, ...]]:
    text = resources.files("parkesg.codes").joinpath("data", name).read_text(encoding="utf-8")
    rows = csv.reader(text.splitlines())
    next(rows)
    return {row[0]: tuple(row[1:]) for row in rows}


def region_name(code: str) -> str | None:
    """The name of a GB/T 2260 code in the bundled table (None if it is not there)."""
    row = _table("gb2260.csv").get(code.strip())
    return row[0] if row else None


def check_region(code: str) -> str:
    code = code.strip()
    if not (code.isdigit() and len(code) == 6):
        raise DataError("行政区划代码应为 6 位数字（GB/T 2260，如 320400 常州市）")
    if region_name(code) is None:
        raise DataError(
            f"行政区划代码 “{code}” 不在本系统的 GB/T 2260 代码表中；请核对（如 320400 常州市、"
            "320411 新北区），新设区划请联系平台运营方更新代码表"
        )
    return code


def industry_name(code: str) -> str | None:
    """The name of a section or division (C, C26); None for anything else."""
    m = _INDUSTRY.match(code.strip().upper())
    if not m:
        return None
    section, digits = m.group(1), m.group(2)
    row = _table("gb4754-2017.csv").get(digits[:2] if digits else section)
    if row is None or row[1] != section:
        return None
    return row[0] if digits is None or len(digits) == 2 else None


def check_industry(code: str) -> str:
    """A GB/T 4754—2017 code: section letter + division of that section (+ group / class)."""
    code = code.strip().upper()
    m = _INDUSTRY.match(code)
    if not m:
        raise DataError(f"行业代码 “{code}” 不符合 GB/T 4754—2017 格式（如 C、C26、C261、C2614）")
    section, digits = m.group(1), m.group(2)
    table = _table("gb4754-2017.csv")
    if section not in table:
        raise DataError(f"行业代码 “{code}”：门类 {section} 不在 GB/T 4754—2017 中")
    if digits:
        row = table.get(digits[:2])
        if row is None or row[1] != section:
            where = f"属于门类 {row[1]}" if row else "不存在"
            raise DataError(
                f"行业代码 “{code}”：大类 {digits[:2]} {where}，与门类 {section}"
                f"（{table[section][0]}）不符（GB/T 4754—2017）"
            )
    return code


def check_stock_code(code: str) -> str:
    """A listed enterprise's 证券代码 as ``600519.SH`` (upper case; the exchange added to six
    digits from their leading two), or DataError saying what is wrong."""
    code = code.strip().upper()
    if code.isdigit() and len(code) == 6 and code[:2] in STOCK_EXCHANGES:
        code = f"{code}.{STOCK_EXCHANGES[code[:2]]}"
    if not _STOCK.match(code):
        raise DataError(
            f"证券代码 “{code}” 格式不对：应为 6 位数字加交易所（如 600519.SH、000001.SZ、"
            "430047.BJ）或 5 位数字加 .HK（如 00700.HK）"
        )
    return code
