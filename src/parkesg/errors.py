"""One exception family: every error a user can cause names where it happened.

``ParkesgError`` is what the faces (CLI, web) catch and show as one clear line.
"""

from __future__ import annotations


class ParkesgError(Exception):
    """Base of every error caused by input; ``str()`` is the message a user reads."""


class FrameworkError(ParkesgError):
    """A framework or catalogue file is wrong: names the file and the key."""

    def __init__(self, message: str, *, file: str = "", key: str = "") -> None:
        self.file, self.key, self.detail = file, key, message
        where = "，".join(
            p for p in (f"文件 {file}" if file else "", f"键 {key}" if key else "") if p
        )
        super().__init__(f"{where}：{message}" if where else message)


class FormulaError(ParkesgError):
    """A formula does not parse or names something unknown: gives the position."""

    def __init__(self, message: str, *, formula: str = "", position: int | None = None) -> None:
        self.formula, self.position, self.detail = formula, position, message
        at = f"（第 {position + 1} 个字符）" if position is not None else ""
        super().__init__(f"公式 “{formula}” {message}{at}" if formula else message)


class DataError(ParkesgError):
    """Input data is wrong: names file, sheet, row and cell where known."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        sheet: str = "",
        row: int | None = None,
        cell: str = "",
    ) -> None:
        self.file, self.sheet, self.row, self.cell, self.detail = file, sheet, row, cell, message
        parts = [
            f"文件 {file}" if file else "",
            f"工作表 {sheet}" if sheet else "",
            f"第 {row} 行" if row is not None else "",
            f"单元格 {cell}" if cell else "",
        ]
        where = "，".join(p for p in parts if p)
        super().__init__(f"{where}：{message}" if where else message)


class DataErrors(DataError):
    """Several data problems found in one pass: all are reported at once."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        head = f"共发现 {len(errors)} 处数据问题"
        ParkesgError.__init__(self, head + "：\n" + "\n".join(f"  - {e}" for e in errors))
        self.file = errors[0].file if errors else ""
        self.sheet, self.row, self.cell, self.detail = "", None, "", head
