"""Read a filled template (``template.py``) into LONG observations, reporting every problem.

The workbook's sheet “数据” has one row per field and one column per year; its sheet “主体信息”
names the entity. Values are converted from the unit written in the row to the field's
catalogue unit; booleans become 1.0 / 0.0 and ordinals keep their category text. Nothing is
returned unless the whole workbook is clean: all problems are raised together as
``DataErrors`` naming sheet, row and cell.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from parkesg.codes import check_industry
from parkesg.errors import DataError, DataErrors
from parkesg.frameworks import load_catalogue
from parkesg.frameworks.schema import FieldDef, Kind
from parkesg.io.safety import DEFAULT_LIMITS, Limits, open_workbook, unescape_cell
from parkesg.units import factor as unit_factor
from parkesg.units import parse_unit
from parkesg.years import check_year

# ── cell values (shared with tables.py) ──────────────────────────────────────────────────

OBS_COLUMNS = [
    "entity_id", "year", "field", "value", "text", "unit_given",
    "source", "evidence", "sheet", "cell", "file",
]  # fmt: skip
TRUE_WORDS = frozenset({"是", "具备", "达标", "有", "true", "1"})
FALSE_WORDS = frozenset({"否", "不具备", "未达标", "无", "false", "0"})
BLANK_WORDS = frozenset({"", "—", "-", "－", "/", "／"})  # “not known” written explicitly
COMMON_UNITS = (
    "元", "万元", "亿元", "tce", "kgce", "万吨标准煤", "tCO2", "kgCO2", "万吨二氧化碳",
    "t", "kg", "万吨", "m3", "万立方米", "km2", "m2", "公顷", "亩", "kWh", "万kWh", "GJ",
    "MJ", "人", "个", "次", "辆", "天", "%", "‰", "1",
)  # fmt: skip
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_PLAIN = ("1", "", "—", "-")


@dataclass(frozen=True)
class CellValue:
    """A raw cell; ``percent`` when it was written or formatted as a percentage."""

    value: Any
    percent: bool = False


def field_map(fields: Mapping[str, FieldDef] | Iterable[FieldDef] | None) -> Mapping[str, FieldDef]:
    """Fields by id; None → the whole catalogue."""
    if fields is None:
        return load_catalogue()
    if isinstance(fields, Mapping):
        return fields
    return {f.id: f for f in fields}


def obs_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """LONG observations with fixed dtypes; ``text`` keeps None where there is no category."""
    cols = {c: pd.Series([r[c] for r in rows], dtype=object) for c in OBS_COLUMNS}
    obs = pd.DataFrame(cols).astype({"year": "int64", "value": "float64"})
    return obs.astype({c: "str" for c in OBS_COLUMNS if c not in ("year", "value", "text")})


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and value.strip() in BLANK_WORDS


def acceptable_units(unit: str) -> list[str]:
    """The field's unit first, then the common units it converts from."""
    out = [unit]
    for u in COMMON_UNITS:
        try:
            unit_factor(u, unit)
        except DataError:
            continue
        if u not in out:
            out.append(u)
    return out


def resolve_unit(field: FieldDef, given: str, *, default_to_field: bool) -> float:
    """Multiplier from the unit written beside the data to the field's unit."""
    if field.kind != Kind.quantitative:
        return 1.0
    ok = "、".join(acceptable_units(field.unit))
    if not given.strip():
        if default_to_field or field.unit in _PLAIN:
            return 1.0
        raise DataError(f"未填写单位；字段 {field.id} 可用单位：{ok}")
    try:
        parse_unit(given)
    except DataError:
        raise DataError(f"无法识别的单位 “{given}”；字段 {field.id} 可用单位：{ok}") from None
    try:
        return unit_factor(given, field.unit)
    except DataError:
        raise DataError(
            f"单位 “{given}” 不能换算为 “{field.unit}”（量纲不同）；可用单位：{ok}"
        ) from None


def parse_number(text: str) -> CellValue:
    """“1,234.5”, “85%”, “-3e2” → a number; ValueError for anything ambiguous."""
    s = text.strip().replace("％", "%")
    percent = s.endswith("%")
    if percent:
        s = s[:-1].strip()
    if "," in s:
        if not _THOUSANDS.match(s):
            raise ValueError(text)
        s = s.replace(",", "")
    if not _NUMBER.match(s):
        raise ValueError(text)
    return CellValue(float(s), percent=percent)


def _boolean(field: FieldDef, raw: Any) -> float:
    word = str(int(raw)) if isinstance(raw, int | float) and float(raw).is_integer() else raw
    word = str(word).strip().lower()
    if word in TRUE_WORDS:
        return 1.0
    if word in FALSE_WORDS:
        return 0.0
    raise DataError(
        f"“{raw}” 不是有效的是/否值（字段 {field.id}）；可填：是、否"
        "（也接受 具备/不具备、达标/未达标、有/无、true/false、1/0）"
    )


def check_bounds(field: FieldDef, value: float, *, typed: Any = None) -> None:
    """DataError when ``value`` (in the field's unit) is not finite or lies outside the
    catalogue's range for the field (``FieldDef.bounds``); ``typed`` is what the person wrote."""
    shown = f"“{typed if typed is not None else f'{value:g}'}”"
    what = f"字段 {field.id}（{field.name.zh}）"
    if not math.isfinite(value):
        raise DataError(f"{shown} 不是有限的数值（{what}）")
    low, high = field.bounds()
    unit = "" if field.unit in _PLAIN else f" {field.unit}"
    if low is not None and value < low:
        if low == 0:
            raise DataError(f"{shown} 不能为负数：{what}是数量，应大于或等于 0")
        raise DataError(f"{shown} 低于下限 {low:g}{unit}（{what}）")
    if high is not None and value > high:
        raise DataError(f"{shown} 超过上限 {high:g}{unit}（{what}）")


def parse_value(
    field: FieldDef, cell: CellValue, *, unit_given: str
) -> tuple[float | None, str | None]:
    """(number in ``unit_given``, None) or (None, ordinal category); DataError if invalid."""
    raw = cell.value
    if field.kind == Kind.boolean:
        return _boolean(field, raw), None
    if field.kind == Kind.ordinal:
        text = str(raw).strip()
        if text not in field.categories:
            raise DataError(
                f"“{text}” 不在字段 {field.id} 的可选项中；可选：{'、'.join(field.categories)}"
            )
        return None, text
    if isinstance(raw, bool):
        raise DataError(f"字段 {field.id} 应填数值，不能填是/否")
    if isinstance(raw, str):
        try:
            cell = parse_number(raw)
        except ValueError:
            raise DataError(
                f"“{raw.strip()}” 不是数值（字段 {field.id} 应填数值，单位 {field.unit}）"
            ) from None
    elif not isinstance(raw, int | float):
        raise DataError(f"“{raw}” 不是数值（字段 {field.id} 应填数值）")
    number = float(cell.value)
    if cell.percent:
        unit = unit_given.strip() or field.unit
        try:
            is_ratio = parse_unit(unit).dimensionless
        except DataError:
            return number, None  # the unit cell is reported on its own
        if not is_ratio:
            raise DataError(f"“{raw}” 是百分数，但单位为 “{unit}”，含义不明确")
        number *= unit_factor("%", unit)
    return number, None


# ── the workbook ─────────────────────────────────────────────────────────────────────────

DATA_SHEET, ENTITY_SHEET, HELP_SHEET, LISTS_SHEET = "数据", "主体信息", "填写说明", "选项"
VERSIONS_SHEET = "数据版本"  # hidden: the revision of each value a workbook was made from
VERSIONS_HEAD = ("字段编号", "年份", "版本")
HEADERS = {
    "字段编号": "field",
    "指标/字段名称": "name",
    "指标名称": "name",
    "字段名称": "name",
    "单位": "unit",
    "数据来源": "source",
    "证明材料": "evidence",
}
ENTITY_KEYS = {
    "主体编号": "entity_id",
    "entity_id": "entity_id",
    "主体名称": "name",
    "名称": "name",
    "行业代码": "industry",
    "所在地区": "region",
    "地区": "region",
}
_YEAR_RE = re.compile(r"^(\d{4})\s*年?$")
# A year's own 数据来源 / 证明材料 column: “数据来源 2023”, “2023 数据来源”, “证明材料（2023年）”
_META_RE = re.compile(
    r"^(?:(?P<y1>\d{4})\s*年?\s*(?P<k1>数据来源|证明材料)"
    r"|(?P<k2>数据来源|证明材料)\s*[（(]?\s*(?P<y2>\d{4})\s*年?\s*[）)]?)$"
)
_NO_CACHE = "单元格是公式但没有计算结果：请在 Excel 中打开并保存后再上传，或直接填写数值"


def _text(value: Any) -> str:
    """A cell as inert text: formulas stay their text, never evaluated."""
    if value is None:
        return ""
    if hasattr(value, "text") and not isinstance(value, str):  # ArrayFormula
        value = value.text
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(unescape_cell(str(value))).strip()


def parse_year(value: Any) -> int | None:
    """A year header: 2023, "2023" or "2023年"; None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        year = int(value)
    else:
        m = _YEAR_RE.match(_text(value))
        if not m:
            return None
        year = int(m.group(1))
    return year if 1900 <= year <= 2100 else None


def read_entity(ws: Worksheet, err: list[DataError], file: str) -> dict[str, str]:
    """The key/value rows of “主体信息”: entity_id, name, industry, region."""
    info = dict.fromkeys(("entity_id", "name", "industry", "region"), "")
    where: dict[str, Any] = {}
    for row in ws.iter_rows(min_row=1, max_col=2):
        label = re.split(r"[（(]", _text(row[0].value))[0].strip()  # “行业代码（GB/T 4754）”
        key = ENTITY_KEYS.get(label)
        if key and len(row) > 1:
            info[key], where[key] = _text(row[1].value), row[1]

    def problem(key: str, message: str) -> None:
        c = where.get(key)
        at = {"row": c.row, "cell": c.coordinate} if c is not None else {}
        err.append(DataError(message, file=file, sheet=ENTITY_SHEET, **at))

    if not info["entity_id"]:
        problem("entity_id", "未填写主体编号（entity_id）")
    if info["industry"]:
        try:
            info["industry"] = check_industry(info["industry"])
        except DataError as exc:
            problem("industry", exc.detail)
    return info


def _meta_header(raw: str) -> tuple[int, str] | None:
    """(year, "source" | "evidence") for a year's own 数据来源 / 证明材料 header."""
    m = _META_RE.match(raw)
    if not m:
        return None
    year, kind = (m["y1"], m["k1"]) if m["y1"] else (m["y2"], m["k2"])
    return int(year), HEADERS[kind]


@dataclass
class Columns:
    """Where things are in the header row: named columns, year columns, and each year's own
    数据来源 / 证明材料 columns (``meta[year]["source"]``); a plain 数据来源 / 证明材料 column
    (older templates) serves every year without its own."""

    named: dict[str, int]
    years: dict[int, int]  # column → year
    meta: dict[int, dict[str, int]]  # year → {"source": column, "evidence": column}

    def meta_col(self, year: int, key: str) -> int | None:
        return self.meta.get(year, {}).get(key, self.named.get(key))


def _columns(ws: Worksheet, hr: int, err: list[DataError], file: str) -> Columns:
    """Header names → column numbers, year columns → years, per-year metadata columns."""
    cols = Columns({}, {}, {})
    meta_at: dict[tuple[int, str], Any] = {}
    errors_before = len(err)
    for cell in ws[hr]:
        raw = _text(cell.value)
        loc = {"file": file, "sheet": DATA_SHEET, "row": hr, "cell": cell.coordinate}
        if not raw:
            continue
        if raw in HEADERS:
            cols.named.setdefault(HEADERS[raw], cell.column)
        elif (meta := _meta_header(raw)) is not None:
            if meta in meta_at:
                err.append(DataError(f"“{raw}” 列重复", **loc))
            meta_at[meta] = loc
            cols.meta.setdefault(meta[0], {})[meta[1]] = cell.column
        elif (year := parse_year(cell.value)) is None:
            err.append(DataError(f"表头 “{raw}” 不是年份（应为四位年份，如 2023）", **loc))
        elif year in cols.years.values():
            err.append(DataError(f"年份 {year} 的列重复", **loc))
        else:
            try:
                check_year(year)
            except DataError as exc:
                err.append(DataError(exc.detail, **loc))
            cols.years[cell.column] = year
    bad_header = len(err) > errors_before  # a mistyped year: its own error says enough
    for (year, _kind), loc in meta_at.items():
        if year not in cols.years.values() and not bad_header:
            err.append(
                DataError(f"“{_text(ws[loc['cell']].value)}” 没有对应的 {year} 年数值列", **loc)
            )
    for ok, message in (
        ("unit" in cols.named, "表头缺少“单位”列"),
        (cols.years, "表头中没有年份列"),
    ):
        if not ok:
            err.append(DataError(message, file=file, sheet=DATA_SHEET, row=hr))
    return cols


def read_revisions(wb: Any, err: list[DataError], file: str) -> dict[tuple[str, int], int]:
    """(field, year) → revision from the hidden sheet “数据版本” (empty when there is none)."""
    if VERSIONS_SHEET not in wb.sheetnames:
        return {}
    out: dict[tuple[str, int], int] = {}
    for row in wb[VERSIONS_SHEET].iter_rows(min_row=3, max_col=3):
        field, year, no = (c.value for c in row)
        if field is None and year is None and no is None:
            continue
        ok = isinstance(year, int) and isinstance(no, int) and not isinstance(no, bool)
        if not (ok and isinstance(field, str)):
            err.append(DataError("“数据版本”表被改动过：请重新下载含已有数据的模板", file=file,
                                 sheet=VERSIONS_SHEET, row=row[0].row, cell=row[0].coordinate))  # fmt: skip
            continue
        out[(field, int(year))] = int(no)
    return out


def _meta(ws: Worksheet, row: int, col: int | None) -> str:
    return _text(ws.cell(row, col).value) if col is not None else ""


def _cell_value(cell: Any) -> CellValue:
    """A value cell; a number shown as a percentage (0.85 as 85%) counts as 85 %."""
    v = cell.value
    if isinstance(v, int | float) and not isinstance(v, bool) and "%" in str(cell.number_format):
        return CellValue(float(v) * 100, percent=True)
    return CellValue(v)


def _read_data(
    ws: Worksheet,
    cached: Worksheet | None,
    fields: Mapping[str, FieldDef],
    entity_id: str,
    err: list[DataError],
    file: str,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    hr = next((r for r in range(1, 11) if _text(ws.cell(r, 1).value) == "字段编号"), None)
    if hr is None:
        err.append(DataError("未找到表头行（A 列应有“字段编号”）", file=file, sheet=DATA_SHEET))
        return out
    cols = _columns(ws, hr, err, file)
    named, years = cols.named, cols.years
    if "unit" not in named or not years:
        return out
    seen: dict[str, int] = {}
    for r in range(hr + 1, ws.max_row + 1):
        id_cell = ws.cell(r, named["field"])
        fid = _text(id_cell.value)
        filled = [ws.cell(r, c) for c in years if not is_blank(ws.cell(r, c).value)]
        loc: dict[str, Any] = {"file": file, "sheet": DATA_SHEET, "row": r}
        if not fid or fid not in fields or fid in seen:
            if fid in seen:
                message = f"字段 {fid} 重复（已在第 {seen[fid]} 行）"
            elif id_cell.data_type == "f" or fid.startswith("="):
                message = f"字段编号处是公式 “{fid}”：请填写字段编号（公式不会被计算）"
            elif fid:
                near = difflib.get_close_matches(fid, list(fields), n=1)
                message = f"未知的字段编号 “{fid}”" + (f"，是否为 “{near[0]}”？" if near else "")
            elif filled:
                message, id_cell = "该行填写了数值但缺少字段编号", filled[0]
            else:
                continue
            err.append(DataError(message, cell=id_cell.coordinate, **loc))
            continue
        seen[fid] = r
        field, unit_cell = fields[fid], ws.cell(r, named["unit"])
        unit_given = _text(unit_cell.value)
        factor: float | None = 1.0
        if filled:
            try:
                factor = resolve_unit(field, unit_given, default_to_field=False)
            except DataError as exc:
                err.append(DataError(exc.detail, cell=unit_cell.coordinate, **loc))
                factor = None
        base = {
            "entity_id": entity_id,
            "field": fid,
            "unit_given": unit_given,
            "sheet": DATA_SHEET,
            "file": file,
        }
        for cell in filled:
            here = {"cell": cell.coordinate, **loc}
            if cell.data_type == "f":  # a formula: take what Excel cached, never evaluate
                cell = cached[cell.coordinate] if cached is not None else None
                if cell is None or cell.value is None:
                    err.append(DataError(_NO_CACHE, **here))
                    continue
            try:
                value, text = parse_value(field, _cell_value(cell), unit_given=unit_given)
            except DataError as exc:
                err.append(DataError(exc.detail, **here))
                continue
            if factor is not None:
                number = value * factor if value is not None else math.nan
                if value is not None:
                    try:
                        check_bounds(field, number, typed=_text(cell.value))
                    except DataError as exc:
                        err.append(DataError(exc.detail, **here))
                        continue
                year = years[cell.column]
                meta = {k: _meta(ws, r, cols.meta_col(year, k)) for k in ("source", "evidence")}
                out.append(base | meta | {"year": year, "value": number, "text": text, **here})
    return out


def read_workbook(
    path: str | Path,
    *,
    fields: Mapping[str, FieldDef] | Iterable[FieldDef] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> pd.DataFrame:
    """LONG observations from a filled template; every problem raised at once as DataErrors.

    ``fields`` defaults to the whole catalogue (``load_catalogue()``); pass the fields of a
    framework that declares its own. The entity's name / industry / region are returned in
    ``df.attrs["entity"]``.
    """
    p = Path(path)
    file = p.name
    fmap = field_map(fields)
    try:
        wb = open_workbook(p, limits=limits)
    except DataError as exc:
        raise DataErrors([exc]) from exc
    err: list[DataError] = []
    missing = [s for s in (ENTITY_SHEET, DATA_SHEET) if s not in wb.sheetnames]
    for s in missing:
        err.append(DataError(f"缺少工作表 “{s}”（现有：{'、'.join(wb.sheetnames)}）", file=file))
    if missing:
        raise DataErrors(err)
    entity = read_entity(wb[ENTITY_SHEET], err, file)
    ws = wb[DATA_SHEET]
    cached = None
    if any(c.data_type == "f" for row in ws.iter_rows() for c in row):
        cached = open_workbook(p, data_only=True, limits=limits)[DATA_SHEET]
    rows = _read_data(ws, cached, fmap, entity["entity_id"], err, file)
    revisions = read_revisions(wb, err, file)
    if err:
        raise DataErrors(err)
    obs = obs_frame(rows)
    obs.attrs["entity"] = entity
    obs.attrs["revisions"] = revisions
    return obs
