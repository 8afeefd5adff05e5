"""The window of years a value may be reported for — one setting for the CLI's imports and the
platform alike.

``PARKESG_YEAR_MIN`` (default 1990) and ``PARKESG_YEAR_MAX`` (default: the current year;
data are for years that have begun, never for the future) in the environment. A year outside
is refused with a message naming the window and the setting.
"""

from __future__ import annotations

import datetime as dt
import os

from parkesg.errors import DataError

DEFAULT_FIRST = 1990


def _env_year(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not (text.isdigit() and len(text) == 4):
        raise DataError(f"环境变量 {name}=“{text}” 应为四位年份")
    return int(text)


def year_window(today: dt.date | None = None) -> tuple[int, int]:
    """(first, last) year a value may be for, both included."""
    this_year = (today or dt.date.today()).year
    first = _env_year("PARKESG_YEAR_MIN", DEFAULT_FIRST)
    last = _env_year("PARKESG_YEAR_MAX", this_year)
    if first > last:
        raise DataError(f"PARKESG_YEAR_MIN {first} 晚于 PARKESG_YEAR_MAX {last}")
    return first, last


def check_year(year: int) -> int:
    """``year`` if inside the window, else DataError saying which window and how to change it."""
    first, last = year_window()
    if not first <= year <= last:
        raise DataError(
            f"年份 {year} 超出允许范围 {first}—{last}（数据只能填报已开始的年份；范围由 "
            "PARKESG_YEAR_MIN / PARKESG_YEAR_MAX 设置）"
        )
    return year
