"""The engagement workbook: write the fill-in template, read it back validated.

Sheets come from ``parkesg.engagement`` (one definition): “填写说明”, “基本信息” (key/value
rows) and one sheet per table (header row “中文 English”, one record a row). Reading checks
every cell against the row models and raises every problem at once as ``DataErrors`` naming
sheet, row and cell; nothing is returned from a workbook with any error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from parkesg.engagement import (
    KIND_TITLES,
    PROFILE_MODELS,
    PROFILE_SHEET,
    SHEETS_BY_KIND,
    TABLE_SHEETS,
    Engagement,
    EngagementKind,
    Profile,
    RatingProfile,
    Row,
    columns,
)
from parkesg.errors import DataError, DataErrors
from parkesg.io.safety import DEFAULT_LIMITS, Limits, open_workbook, unescape_cell
from parkesg.io.template import (
    _BOLD,
    _HEAD,
    _INPUT,
    _WRAP,
    _dropdown,
    _list_range,
    _put,
    save_atomically,
)
from parkesg.io.workbook import HELP_SHEET, LISTS_SHEET, is_blank

KIND_CELL = "B2"  # the kind is written on the help sheet so the import knows what to expect

_HELP = [
    "1. 每个工作表一类信息：基本信息按行填写“填写内容”一列；其余各表每行一条记录，表头不要修改。",
    "2. 带下拉列表的列只接受列出的选项；日期写作 2024-03-15，年月写作 2024-03；金额单位为万元。",
    "3. 空行会被忽略；有任何一处错误时整本工作簿不会导入，错误信息列出工作表、行和单元格。",
    "4. 指标数值不在此填写：报告中的每个数值都来自评价结果（parkesg assess）。",
    "5. “清洁生产目标”表的指标写评价指标的序号或名称时，现状值自动取评价结果。",
]


def _header(ws: Worksheet, heads: list[tuple[str, str, dict[str, Any]]]) -> None:
    for c, (_, header, extra) in enumerate(heads, start=1):
        _put(ws, 1, c, header, font=_BOLD, fill=_HEAD, alignment=_WRAP)
        ws.column_dimensions[get_column_letter(c)].width = max(extra["width"], 12)
        if extra["hint"]:
            _put(ws, 2, c, extra["hint"], font=Font(italic=True, color="808080"), alignment=_WRAP)
    ws.freeze_panes = "A3"


def _table_sheet(
    ws: Worksheet, lists: Worksheet, model: type[Row], rows: list[Row], lists_used: list[int]
) -> None:
    """Row 1 headers, row 2 grey hints, records from row 3; dropdowns on 200 rows."""
    heads = columns(model)
    _header(ws, heads)
    for r, record in enumerate(rows, start=3):
        for c, (name, _, _) in enumerate(heads, start=1):
            value = getattr(record, name)
            _put(
                ws,
                r,
                c,
                {True: "是", False: "否"}.get(value, value) if isinstance(value, bool) else value,
            )
    last = max(len(rows) + 2, 202)
    for c, (_, _, extra) in enumerate(heads, start=1):
        letter = get_column_letter(c)
        if extra["choices"]:
            lists_used[0] += 1
            dv = _dropdown(_list_range(lists, lists_used[0], extra["choices"]))
            dv.add(f"{letter}3:{letter}{last}")
            ws.add_data_validation(dv)


def _profile_sheet(
    ws: Worksheet, lists: Worksheet, model: type[Row], profile: Row | None, lists_used: list[int]
) -> None:
    """Key/value rows: 项目 / 填写内容 / 说明, one row per profile field."""
    for c, text in enumerate(("项目 Item", "填写内容 Value", "说明 Hint"), start=1):
        _put(ws, 1, c, text, font=_BOLD, fill=_HEAD)
    for r, (name, header, extra) in enumerate(columns(model), start=2):
        _put(ws, r, 1, header, font=_BOLD)
        value = getattr(profile, name) if profile else None
        _put(
            ws,
            r,
            2,
            {True: "是", False: "否"}.get(value, value) if isinstance(value, bool) else value,
            alignment=_WRAP,
        )
        ws.cell(r, 2).fill = _INPUT
        _put(ws, r, 3, extra["hint"], alignment=_WRAP)
        if extra["choices"]:
            lists_used[0] += 1
            dv = _dropdown(_list_range(lists, lists_used[0], extra["choices"]))
            dv.add(f"B{r}")
            ws.add_data_validation(dv)
    for letter, width in zip("ABC", (36, 60, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"


def write_engagement_template(
    kind: EngagementKind | str, path: str | Path, *, engagement: Engagement | None = None
) -> Path:
    """Write the engagement workbook for ``kind``, pre-filled from ``engagement``; atomic."""
    kind = _kind(kind)
    wb = Workbook()
    help_ws = wb.active
    assert help_ws is not None
    help_ws.title = HELP_SHEET
    _put(
        help_ws,
        1,
        1,
        f"{KIND_TITLES[kind]} 项目信息填报表 — 填写说明",
        font=Font(bold=True, size=14),
    )
    _put(help_ws, 2, 1, "类型 kind", font=_BOLD)
    _put(help_ws, 2, 2, kind.value)
    for r, line in enumerate(_HELP, start=4):
        _put(help_ws, r, 1, line, alignment=_WRAP)
        help_ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    help_ws.column_dimensions["A"].width = 20
    help_ws.column_dimensions["B"].width = 20
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    used = [0]
    profile = engagement.profile if engagement else None
    _profile_sheet(wb.create_sheet(PROFILE_SHEET), lists, PROFILE_MODELS[kind], profile, used)
    for sheet in SHEETS_BY_KIND[kind]:
        model, attr = TABLE_SHEETS[sheet]
        rows = getattr(engagement, attr) if engagement else []
        _table_sheet(wb.create_sheet(sheet), lists, model, rows, used)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    return save_atomically(wb, Path(path))


def _kind(kind: EngagementKind | str) -> EngagementKind:
    try:
        return EngagementKind(kind)
    except ValueError:
        allowed = "、".join(k.value for k in EngagementKind)
        raise DataError(f"项目信息类型 “{kind}” 无效，可选 {allowed}") from None


# ── reading ──────────────────────────────────────────────────────────────────────────────


def _cell(value: Any) -> Any:
    value = unescape_cell(value)
    return None if is_blank(value) else value


def _errors(
    exc: ValidationError, *, file: str, sheet: str, row: int | None, cell_of: dict[str, str]
) -> list[DataError]:
    """pydantic's errors → one DataError per cell (model checks name their field first);
    ``row`` None: take the row from the cell (the key/value profile sheet)."""
    out = []
    for e in exc.errors():
        field = str(e["loc"][0]) if e["loc"] else ""
        msg = e["msg"].removeprefix("Value error, ")
        if not field and ": " in msg:
            field, _, msg = msg.partition(": ")
        if e["type"] == "missing":
            msg = "必填项为空"
        cell = cell_of.get(field, "")
        at = row if row is not None else int(cell[1:]) if cell else None
        out.append(DataError(msg, file=file, sheet=sheet, row=at, cell=cell))
    return out


def _read_profile(
    ws: Worksheet, model: type[Row], file: str, errors: list[DataError]
) -> Row | None:
    by_header = {header.split(" ")[0]: name for name, header, _ in columns(model)}
    values: dict[str, Any] = {}
    cell_of: dict[str, str] = {}
    for r in range(2, ws.max_row + 1):
        key = _cell(ws.cell(r, 1).value)
        if key is None:
            continue
        name = by_header.get(str(key).split(" ")[0])
        if name is None:
            errors.append(
                DataError(f"未知项目 “{key}”", file=file, sheet=ws.title, row=r, cell=f"A{r}")
            )
            continue
        values[name], cell_of[name] = _cell(ws.cell(r, 2).value), f"B{r}"
    try:
        return model(**{k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        errors.extend(_errors(exc, file=file, sheet=ws.title, row=None, cell_of=cell_of))
        return None


def _read_table(ws: Worksheet, model: type[Row], file: str, errors: list[DataError]) -> list[Any]:
    heads = columns(model)
    found = {str(_cell(c.value) or "").split(" ")[0]: c.column for c in ws[1]}
    col_of: dict[str, int] = {}
    for name, header, extra in heads:
        zh = header.split(" ")[0]
        if zh in found:
            col_of[name] = found[zh]
        elif "必填" in extra["hint"]:
            errors.append(DataError(f"缺少列 “{header}”", file=file, sheet=ws.title, row=1))
    rows = []
    for r in range(3, ws.max_row + 1):
        values = {n: _cell(ws.cell(r, c).value) for n, c in col_of.items()}
        if all(v is None for v in values.values()):
            continue
        cell_of = {n: f"{get_column_letter(c)}{r}" for n, c in col_of.items()}
        try:
            rows.append(model(**{k: v for k, v in values.items() if v is not None}))
        except ValidationError as exc:
            errors.extend(_errors(exc, file=file, sheet=ws.title, row=r, cell_of=cell_of))
    return rows


def read_engagement(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Engagement:
    """The validated engagement; ``DataErrors`` with every problem by sheet, row and cell."""
    p = Path(path)
    wb = open_workbook(p, data_only=True, limits=limits)
    file = p.name
    if HELP_SHEET not in wb.sheetnames or PROFILE_SHEET not in wb.sheetnames:
        raise DataError("不是项目信息填报表（缺少“填写说明”或“基本信息”工作表）", file=file)
    kind = _kind(str(_cell(wb[HELP_SHEET][KIND_CELL].value) or ""))
    errors: list[DataError] = []
    profile = _read_profile(wb[PROFILE_SHEET], PROFILE_MODELS[kind], file, errors)
    tables: dict[str, list[Any]] = {}
    for sheet in SHEETS_BY_KIND[kind]:
        model, attr = TABLE_SHEETS[sheet]
        if sheet not in wb.sheetnames:
            errors.append(DataError("缺少工作表", file=file, sheet=sheet))
            continue
        tables[attr] = _read_table(wb[sheet], model, file, errors)
    if errors:
        raise DataErrors(errors)
    assert profile is not None
    return Engagement.model_validate(
        {"kind": kind, "profile": cast(Profile | RatingProfile, profile), **tables}
    )
