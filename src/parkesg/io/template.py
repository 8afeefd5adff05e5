"""Write the Excel data-entry template that ``workbook.read_workbook`` reads back.

Sheets: “填写说明” (how to fill, accepted units and values, the data-source categories of
T/ESC 001—2024 9.1.2, a field list), “主体信息” (key/value rows), “数据” (fields as rows, years
as columns, as in the Beijing guide's Annex 2-1-2 tables) and a hidden “选项” holding the
dropdown lists. Every text cell written goes through ``escape_cell``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from parkesg.errors import DataError
from parkesg.frameworks.schema import FieldDef, Kind
from parkesg.io.safety import escape_cell
from parkesg.io.workbook import (
    DATA_SHEET,
    ENTITY_SHEET,
    HELP_SHEET,
    LISTS_SHEET,
    VERSIONS_HEAD,
    VERSIONS_SHEET,
    acceptable_units,
)

# T/ESC 001—2024 9.1.2 a)–e): the channels monitoring data come from.
SOURCES: dict[str, str] = {
    "政府部门公开数据": "国家、地方等主管部门公开的数据（9.1.2 a）",
    "研究机构数据": "研究机构提供的研究数据（9.1.2 b）",
    "利益相关方反馈": "利益相关方反馈的数据（9.1.2 c）",
    "园区统计数据": "产业园区统计部门提供的数据（9.1.2 d）",
    "其他可信数据": "其他具有公信力的数据（9.1.2 e）",
}
BOOLEAN_CHOICES = ("是", "否")
KIND_ZH = {Kind.quantitative: "数值", Kind.boolean: "是/否", Kind.ordinal: "分类"}

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEAD = PatternFill("solid", fgColor="DDEBF7")
_INPUT = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")

_HELP = [
    "一、填写步骤",
    "1. 在“主体信息”表填写主体编号（必填）、名称、行业代码（GB/T 4754，如 C2614）和所在地区。",
    "2. 在“数据”表按行填写各字段、按列填写各年份的数值；未掌握的数据请留空（或填 —），不要填 0 代替。",
    "3. 不要修改“字段编号”列和工作表名称；可以删除不需要的行，也可以增加年份列（表头填四位年份，如 2023，"
    "并可增加该年的“数据来源 2023”“证明材料 2023”两列）。",
    "4. 平台下载的“含已有数据”模板带有隐藏的“数据版本”表，记录每个数值下载时的版本：上传时，下载后已被他人修改的数值"
    "列为冲突，不会被覆盖，请重新下载后再改。数量不能为负数，百分比等比例不超过规定上限。",
    "二、单位",
    "“单位”列已按字段目录填好。数据使用其他可换算的单位时，直接改写该行单位即可（如把“万元”改为“亿元”），"
    "导入时自动换算；不能换算的单位会报错并列出可用单位（见下方字段一览）。",
    "数值可带千分位逗号（1,234.5）；单位为 % 的字段可直接填 85 或 85%。",
    "三、是/否与分类字段",
    "是/否字段从下拉列表选择“是”或“否”（导入也接受 具备/不具备、达标/未达标、有/无、true/false、1/0）。",
    "分类字段（如完善程度）从下拉列表中选择，只接受列出的选项。",
    "四、数据来源（T/ESC 001—2024 9.1.2）",
    *(f"{name}：{text}" for name, text in SOURCES.items()),
    "五、证明材料",
    "每个年份有自己的“数据来源 年份”和“证明材料 年份”两列，只对该年份的数值生效：填写支撑该数据的文件名称、文号或链接"
    "（如《2023 年统计年鉴》第 12 页），便于追溯与核查。",
    "六、能源活动数据",
    "原煤、天然气、外购电力等能源活动数据（实物量）按 GB/T 2589 和所引系数折算为综合能耗（吨标准煤）与二氧化碳排放量；"
    "同一年份直接填写了综合能耗或排放量的，以填写值为准。电力可填 kWh 或 万kWh，煤可填 t 或 kg，导入时换算。",
    "七、公式",
    "数值单元格可以使用 Excel 公式，导入时读取 Excel 保存时的计算结果，系统不会执行公式；请保存后再上传。"
    "文字单元格中的公式只作为文字保存。",
]


def _put(ws: Worksheet, row: int, col: int, value: Any, **style: Any) -> None:
    cell = ws.cell(row, col, escape_cell(value))
    for key, val in style.items():
        setattr(cell, key, val)


def _display_unit(field: FieldDef) -> str:
    if field.kind != Kind.quantitative or field.unit in ("1", ""):
        return "—"
    return field.unit


def _choices(field: FieldDef) -> str:
    if field.kind == Kind.boolean:
        return "、".join(BOOLEAN_CHOICES)
    if field.kind == Kind.ordinal:
        return "、".join(field.categories)
    return "、".join(acceptable_units(field.unit))


def _help_sheet(ws: Worksheet, fields: Sequence[FieldDef], title: str) -> None:
    _put(ws, 1, 1, f"{title} — 填写说明" if title else "填写说明", font=_TITLE)
    row = 3
    for line in _HELP:
        heading = line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、", "七、")
        _put(ws, row, 1, line, font=_BOLD if heading else Font(), alignment=_WRAP)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
        ws.row_dimensions[row].height = 16 * (1 + len(line) * 2 // 200)  # CJK ≈ 2 columns
        row += 1
    row += 1
    _put(ws, row, 1, "八、字段一览", font=_BOLD)
    head = ("字段编号", "名称", "单位", "类型", "可选值 / 可用单位", "说明", "依据")
    for col, text in enumerate(head, start=1):
        _put(ws, row + 1, col, text, font=_BOLD, fill=_HEAD)
    for r, f in enumerate(fields, start=row + 2):
        values = (f.id, f.name.zh, _display_unit(f), KIND_ZH[f.kind], _choices(f))
        for col, text in enumerate((*values, f.description, "；".join(f.sources)), start=1):
            _put(ws, r, col, text, alignment=_WRAP)
    for letter, width in zip("ABCDEFG", (34, 36, 10, 8, 36, 50, 36), strict=True):
        ws.column_dimensions[letter].width = width


def _entity_sheet(ws: Worksheet, entity_id: str, name: str, industry: str, region: str) -> None:
    rows = [
        ("项目", "填写内容", "说明"),
        ("主体编号", entity_id, "必填；系统内唯一，如统一社会信用代码或园区代码"),
        ("主体名称", name, "园区或企业全称"),
        ("行业代码（GB/T 4754）", industry, "国民经济行业分类代码，如 C、C26、C2614"),
        ("所在地区", region, "省、市、区县，如 江苏省常州市武进区"),
    ]
    for r, values in enumerate(rows, start=1):
        for c, text in enumerate(values, start=1):
            _put(ws, r, c, text, font=_BOLD if r == 1 or c == 1 else Font())
        if r > 1:
            ws.cell(r, 2).fill = _INPUT
    for col, width in zip("ABC", (24, 36, 50), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"


def _list_range(lists: Worksheet, col: int, items: Sequence[str]) -> str:
    for r, item in enumerate(items, start=1):
        _put(lists, r, col, item)
    letter = get_column_letter(col)
    return f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(items)}"


def _dropdown(formula: str, *, strict: bool = True) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle="输入无效",
        error="请从下拉列表中选择" if strict else "建议从下拉列表中选择；确定要保留吗？",
    )


def meta_headers(year: int) -> tuple[str, str]:
    """The 数据来源 / 证明材料 headers of one year's column pair."""
    return f"数据来源 {year}", f"证明材料 {year}"


def _data_sheet(
    ws: Worksheet, lists: Worksheet, fields: Sequence[FieldDef], years: list[int], title: str
) -> None:
    meta = [h for y in years for h in meta_headers(y)]
    head = ["字段编号", "指标/字段名称", "单位", *years, *meta]
    last = len(head)
    _put(ws, 1, 1, title or "数据填报表", font=_TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    for col, text in enumerate(head, start=1):
        _put(ws, 2, col, text, font=_BOLD, fill=_HEAD, alignment=Alignment(horizontal="center"))
    first_year, last_year = get_column_letter(4), get_column_letter(3 + len(years))
    src_cols = [get_column_letter(4 + len(years) + 2 * i) for i in range(len(years))]
    boolean = _dropdown(_list_range(lists, 1, BOOLEAN_CHOICES))
    source = _dropdown(_list_range(lists, 2, list(SOURCES)), strict=False)
    ordinals: dict[tuple[str, ...], DataValidation] = {}
    for r, f in enumerate(fields, start=3):
        for col, text in enumerate((f.id, f.name.zh, _display_unit(f)), start=1):
            _put(ws, r, col, text)
        for col in range(4, 4 + len(years)):
            ws.cell(r, col).fill = _INPUT
        span = f"{first_year}{r}:{last_year}{r}"
        if f.kind == Kind.boolean:
            boolean.add(span)
        elif f.kind == Kind.ordinal and f.categories:
            key = tuple(f.categories)
            if key not in ordinals:
                ordinals[key] = _dropdown(_list_range(lists, 3 + len(ordinals), key))
            ordinals[key].add(span)
    if fields:
        for col in src_cols:
            source.add(f"{col}3:{col}{len(fields) + 2}")
    for dv in (boolean, source, *ordinals.values()):
        if dv.sqref:
            ws.add_data_validation(dv)
    widths = {"A": 34, "B": 40, "C": 12}
    for col in range(4, 4 + len(years)):
        widths[get_column_letter(col)] = 14
    for i, col in enumerate(src_cols):
        widths[col] = 18
        widths[get_column_letter(5 + len(years) + 2 * i)] = 30
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "D3"


def _fill(
    ws: Worksheet, fields: Sequence[FieldDef], years: list[int], values: pd.DataFrame
) -> None:
    """Write known observations into the data sheet (what a user would have typed), each
    year's 数据来源 and 证明材料 in that year's own column pair."""
    row_of = {f.id: r for r, f in enumerate(fields, start=3)}
    col_of = {y: c for c, y in enumerate(years, start=4)}
    meta_of = {y: 4 + len(years) + 2 * i for i, y in enumerate(years)}
    kinds = {f.id: f.kind for f in fields}
    for obs in values.to_dict("records"):
        year = int(obs["year"])
        r, c = row_of.get(obs["field"]), col_of.get(year)
        if r is None or c is None:
            continue
        if kinds[obs["field"]] == Kind.ordinal:
            cell = obs.get("text")
        elif kinds[obs["field"]] == Kind.boolean:
            cell = None if pd.isna(obs["value"]) else ("是" if obs["value"] > 0 else "否")
        else:
            cell = None if pd.isna(obs["value"]) else float(obs["value"])
        _put(ws, r, c, cell)
        for offset, key in ((0, "source"), (1, "evidence")):
            if obs.get(key):
                _put(ws, r, meta_of[year] + offset, obs[key])


def _revisions_sheet(ws: Worksheet, revisions: Mapping[tuple[str, int], int]) -> None:
    """The revision of every value the workbook was made from: an upload compares it with the
    stored value's, so a value changed since is a conflict, never silently reverted."""
    _put(ws, 1, 1, "本表由系统填写，用于核对数据在下载后是否已被他人修改；请勿改动。")
    for col, text in enumerate(VERSIONS_HEAD, start=1):
        _put(ws, 2, col, text, font=_BOLD)
    for r, ((field, year), no) in enumerate(sorted(revisions.items()), start=3):
        _put(ws, r, 1, field)
        ws.cell(r, 2, int(year))
        ws.cell(r, 3, int(no))


def write_template(
    fields: Sequence[FieldDef],
    path: str | Path,
    *,
    years: list[int],
    entity_id: str = "",
    entity_name: str = "",
    title: str = "",
    industry: str = "",
    region: str = "",
    values: pd.DataFrame | None = None,
    revisions: Mapping[tuple[str, int], int] | None = None,
) -> Path:
    """Write the data-entry workbook for ``fields`` × ``years``; written atomically.

    ``values`` (long observations: field, year, value, text, source, evidence) pre-fills it;
    ``revisions`` ((field, year) → revision number) goes into the hidden sheet “数据版本”.
    """
    if not years or len(set(years)) != len(years):
        raise DataError("年份列表不能为空，也不能重复")
    bad = [y for y in years if not isinstance(y, int) or not 1900 <= y <= 2100]
    if bad:
        raise DataError(f"年份无效：{bad}（应为四位年份，如 2023）")
    p = Path(path)
    wb = Workbook()
    help_ws = wb.active
    assert help_ws is not None
    help_ws.title = HELP_SHEET
    entity_ws, data_ws = wb.create_sheet(ENTITY_SHEET), wb.create_sheet(DATA_SHEET)
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    _help_sheet(help_ws, fields, title)
    _entity_sheet(entity_ws, entity_id, entity_name, industry, region)
    _data_sheet(data_ws, lists, fields, years, title)
    if values is not None:
        _fill(data_ws, fields, years, values)
    if revisions is not None:
        versions = wb.create_sheet(VERSIONS_SHEET)
        versions.sheet_state = "hidden"
        _revisions_sheet(versions, revisions)
    return save_atomically(wb, p)


def save_atomically(wb: Workbook, p: Path) -> Path:
    """Write to a temporary name, then rename: a reader never sees half a workbook."""
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    try:
        wb.save(tmp)
        os.replace(tmp, p)
    finally:
        tmp.unlink(missing_ok=True)
    return p
