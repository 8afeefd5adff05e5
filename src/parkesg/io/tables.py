"""Tables in and out: long CSV, wide CSV / Parquet, the engine's wide frame, safe exports.

Readers validate every cell and raise all problems at once as ``DataErrors`` naming the row
and, for CSV, the cell as a spreadsheet shows it (column letter + line, header = line 1).
Writers escape every text cell of a .csv / .xlsx (formula injection) and write atomically.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from parkesg.codes import check_industry
from parkesg.errors import DataError, DataErrors
from parkesg.frameworks.schema import FieldDef, Kind
from parkesg.io.safety import DEFAULT_LIMITS, Limits, check_size, escape_cell, unescape_cell
from parkesg.io.workbook import (
    CellValue,
    check_bounds,
    field_map,
    is_blank,
    obs_frame,
    parse_value,
    parse_year,
    resolve_unit,
)
from parkesg.years import check_year

Fields = Mapping[str, FieldDef] | Iterable[FieldDef] | None
LONG_COLUMNS = ("entity_id", "year", "field", "value", "unit", "source", "evidence")
LONG_ALIASES = {
    "主体编号": "entity_id",
    "年份": "year",
    "字段编号": "field",
    "数值": "value",
    "单位": "unit",
    "数据来源": "source",
    "证明材料": "evidence",
}
IGNORED = frozenset({"name", "note", "名称", "指标/字段名称", "备注"})
ENTITY_ATTRS = ("industry", "region", "name", "size", "size_class")


def _read_frame(path: Path, limits: Limits) -> pd.DataFrame:
    """A CSV as text cells (UTF-8, or GB18030 as Chinese Excel saves it) or a Parquet file."""
    check_size(path, limits=limits)
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix not in (".csv", ".txt"):
            raise DataError(f"只接受 .csv 或 .parquet 文件，收到的是 “{suffix or '无扩展名'}”")
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except DataError as exc:
        raise DataErrors([DataError(exc.detail, file=path.name)]) from exc
    except pd.errors.EmptyDataError as exc:
        raise DataErrors([DataError("文件为空", file=path.name)]) from exc
    except Exception as exc:  # pyarrow, parser and decoding errors
        msg = f"无法读取文件（{type(exc).__name__}）"
        raise DataErrors([DataError(msg, file=path.name)]) from exc


class _Locator:
    """Where a cell is: CSV → line and cell letter (header = line 1); Parquet → row and column."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.file = path.name
        self.csv = path.suffix.lower() != ".parquet"
        self.letters = {c: get_column_letter(i + 1) for i, c in enumerate(columns)}

    def at(self, i: int | None, col: str | None = None) -> dict[str, Any]:
        row = None if i is None else (i + 2 if self.csv else i + 1)
        if col is None:
            return {"file": self.file, "row": row}
        if self.csv:
            return {"file": self.file, "row": row, "cell": f"{self.letters[col]}{row or 1}"}
        return {"file": self.file, "row": row, "cell": col}

    def where(self, i: int, col: str) -> str:
        return str(self.at(i, col).get("cell", ""))


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(unescape_cell(str(value))).strip()


def _year(raw: Any, err: list[DataError], loc: dict[str, Any]) -> int | None:
    year = parse_year(raw)
    if year is None:
        err.append(DataError(f"年份 “{_text(raw)}” 无效（应为四位年份，如 2023）", **loc))
        return None
    try:
        return check_year(year)
    except DataError as exc:
        err.append(DataError(exc.detail, **loc))
        return None


def read_long_csv(
    path: str | Path, *, fields: Fields = None, limits: Limits = DEFAULT_LIMITS
) -> pd.DataFrame:
    """LONG observations (same columns as ``read_workbook``) from a CSV of
    entity_id, year, field, value, unit, source, evidence; an empty unit means the field's."""
    p = Path(path)
    fmap = field_map(fields)
    df = _read_frame(p, limits).rename(columns=LONG_ALIASES)
    loc = _Locator(p, list(df.columns))
    err: list[DataError] = []
    for col in df.columns:
        if col not in LONG_COLUMNS and col not in IGNORED:
            err.append(DataError(f"未知的列 “{col}”", **loc.at(None, col)))
    for col in ("entity_id", "year", "field", "value"):
        if col not in df.columns:
            err.append(DataError(f"缺少列 “{col}”", file=p.name))
    if err:
        raise DataErrors(err)
    rows: list[dict[str, Any]] = []
    for i, rec in enumerate(df.to_dict("records")):
        fid, raw = _text(rec["field"]), rec["value"]
        if is_blank(raw):
            continue
        entity_id, unit = _text(rec["entity_id"]), _text(rec.get("unit"))
        if not entity_id:
            err.append(DataError("未填写主体编号", **loc.at(i, "entity_id")))
        year = _year(rec["year"], err, loc.at(i, "year"))
        if fid not in fmap:
            err.append(DataError(f"未知的字段编号 “{fid}”", **loc.at(i, "field")))
            continue
        field, factor = fmap[fid], None
        try:
            factor = resolve_unit(field, unit, default_to_field=True)
        except DataError as exc:
            err.append(DataError(exc.detail, **loc.at(i, "unit")))
        try:
            value, text = parse_value(field, CellValue(raw), unit_given=unit)
        except DataError as exc:
            err.append(DataError(exc.detail, **loc.at(i, "value")))
            continue
        if factor is None or year is None:
            continue
        if value is not None:
            try:
                check_bounds(field, value * factor, typed=_text(raw))
            except DataError as exc:
                err.append(DataError(exc.detail, **loc.at(i, "value")))
                continue
        rows.append(
            {
                "entity_id": entity_id,
                "year": year,
                "field": fid,
                "value": value * factor if value is not None else math.nan,
                "text": text,
                "unit_given": unit,
                "source": _text(rec.get("source")),
                "evidence": _text(rec.get("evidence")),
                "sheet": "",
                "cell": loc.where(i, "value"),
                "file": p.name,
            }
        )
    if err:
        raise DataErrors(err)
    return obs_frame(rows)


def _duplicates(keys: pd.DataFrame, where: list[str], what: str, file: str) -> list[DataError]:
    """One error per repeated key, naming the first two places it occurs."""
    keys = keys.reset_index(drop=True)  # positions match ``where``
    dup = keys[keys.duplicated(keep=False)]
    errors = []
    for key, idx in dup.groupby(list(dup.columns), sort=False).groups.items():
        a, b = (where[j] for j in list(idx)[:2])
        label = " ".join(str(k) for k in (key if isinstance(key, tuple) else (key,)))
        errors.append(DataError(f"{what} “{label}” 重复：{a} 与 {b}", file=file))
    return errors


REPORTED = "indicator:"  # a directly reported indicator value: ``indicator:<id>``


def read_wide(
    path: str | Path,
    *,
    fields: Fields = None,
    limits: Limits = DEFAULT_LIMITS,
    indicators: Collection[str] = (),
) -> pd.DataFrame:
    """One row per entity-year (CSV or Parquet): entity_id, year, optional industry / region /
    name / size, then field columns in catalogue units, and ``indicator:<id>`` columns of
    directly reported values of the ``indicators`` named; returns the engine's wide frame."""
    p = Path(path)
    fmap = field_map(fields)
    df = _read_frame(p, limits)
    loc = _Locator(p, [str(c) for c in df.columns])
    df.columns = [str(c) for c in df.columns]
    err: list[DataError] = []
    known = ("entity_id", "year", *ENTITY_ATTRS)
    for col in df.columns:
        if col.startswith(REPORTED):
            if col.removeprefix(REPORTED) not in indicators:
                msg = f"未知的列 “{col}”（评价体系中没有编号为 “{col.removeprefix(REPORTED)}” 的指标）"
                err.append(DataError(msg, **loc.at(None, col)))
        elif col not in known and col not in fmap:
            err.append(DataError(f"未知的列 “{col}”（不是字段编号）", **loc.at(None, col)))
    for col in ("entity_id", "year"):
        if col not in df.columns:
            err.append(DataError(f"缺少列 “{col}”", file=p.name))
    if err:
        raise DataErrors(err)
    field_cols = [c for c in df.columns if c in fmap]
    reported = [c for c in df.columns if c.startswith(REPORTED)]
    out: dict[str, list[Any]] = {c: [] for c in df.columns}
    for i, rec in enumerate(df.to_dict("records")):
        entity_id = _text(rec["entity_id"])
        if not entity_id:
            err.append(DataError("未填写主体编号", **loc.at(i, "entity_id")))
        out["entity_id"].append(entity_id)
        out["year"].append(_year(rec["year"], err, loc.at(i, "year")))
        for col in (c for c in ENTITY_ATTRS if c in df.columns):
            out[col].append(_text(rec[col]))
        if "industry" in df.columns and out["industry"][-1]:
            try:
                out["industry"][-1] = check_industry(out["industry"][-1])
            except DataError as exc:
                err.append(DataError(exc.detail, **loc.at(i, "industry")))
        for col in field_cols:
            raw, field, cell = rec[col], fmap[col], None
            if not is_blank(raw):
                try:
                    value, text = parse_value(field, CellValue(raw), unit_given=field.unit)
                    if value is not None and field.kind == Kind.quantitative:
                        check_bounds(field, value, typed=_text(raw))
                    cell = text if field.kind == Kind.ordinal else value
                except DataError as exc:
                    err.append(DataError(exc.detail, **loc.at(i, col)))
            out[col].append(cell)
        for col in reported:
            out[col].append(_reported(rec[col], err, loc.at(i, col)))
    keys = pd.DataFrame({"entity_id": out["entity_id"], "year": out["year"]})
    where = [f"第 {loc.at(i)['row']} 行" for i in range(len(df))]
    err += _duplicates(keys, where, "主体-年份", p.name)
    if err:
        raise DataErrors(err)
    wide = pd.DataFrame(out, columns=list(df.columns)).astype({"year": "int64"})
    for col in field_cols:
        if fmap[col].kind != Kind.ordinal:
            wide[col] = wide[col].astype("float64")
    for col in reported:
        wide[col] = wide[col].astype("float64")
    return wide


def _reported(raw: Any, err: list[DataError], loc: dict[str, Any]) -> float | None:
    """A directly reported indicator value: a number in the indicator's own unit."""
    if is_blank(raw):
        return None
    try:
        value = float(str(raw).strip().replace(",", ""))
    except ValueError:
        err.append(DataError(f"“{raw}” 不是数值", **loc))
        return None
    if value != value or value in (float("inf"), float("-inf")):
        err.append(DataError(f"“{raw}” 不是有限的数值", **loc))
        return None
    return value


def long_to_wide(
    obs: pd.DataFrame, *, fields: Fields = None, entities: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The engine's WIDE input from LONG observations: entity_id, year, entity attributes (from
    ``entities`` or ``obs.attrs["entity"]``), then one column per observed field, in the order
    of ``fields`` when given (catalogue order), else as first observed. Booleans are 1.0 / 0.0,
    ordinals their text. A repeated (entity, year, field) is an error naming both places."""
    where = [
        " ".join(r[k] for k in ("file", "sheet", "cell") if isinstance(r.get(k), str) and r[k])
        or f"第 {n} 条"
        for n, r in enumerate(obs.to_dict("records"), start=1)
    ]
    file = str(obs["file"].iloc[0]) if "file" in obs.columns and len(obs) else ""
    errors = _duplicates(obs[["entity_id", "year", "field"]], where, "观测值", file)
    if errors:
        raise DataErrors(errors)
    cells = obs["text"].where(obs["text"].notna(), obs["value"]) if "text" in obs else obs["value"]
    wide = (
        obs.assign(_v=cells.astype(object))
        .pivot(index=["entity_id", "year"], columns="field", values="_v")
        .reset_index()
        .sort_values(["entity_id", "year"], kind="stable")
        .reset_index(drop=True)
    )
    wide.columns.name = None
    seen = list(dict.fromkeys(obs["field"]))
    given = [f for f in field_map(fields) if f in set(seen)] if fields is not None else []
    order = list(dict.fromkeys([*given, *seen]))
    for fid in order:
        numeric = wide[fid].map(lambda v: v is None or isinstance(v, int | float)).all()
        wide[fid] = wide[fid].astype("float64") if numeric else wide[fid]
    if entities is None and obs.attrs.get("entity"):
        entities = pd.DataFrame([obs.attrs["entity"]])
    attrs: list[str] = []
    if entities is not None:
        attrs = [c for c in ENTITY_ATTRS if c in entities.columns]
        wide = wide.merge(entities[["entity_id", *attrs]], on="entity_id", how="left")
    return wide[["entity_id", "year", *attrs, *order]].astype({"year": "int64"})


# ── writing ──────────────────────────────────────────────────────────────────────────────


def _cell(value: Any) -> Any:
    """A value as a spreadsheet / CSV cell: text escaped, lists joined, NaN empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, list | tuple | set):
        value = "；".join(str(v) for v in value)
    elif isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    elif hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, str | int | float | bool) or hasattr(value, "isoformat"):
        return escape_cell(value)
    return escape_cell(str(value))


def write_table(df: pd.DataFrame, path: str | Path) -> Path:
    """Write .csv (UTF-8 with BOM, for Excel), .xlsx or .parquet, atomically; every text cell
    of a .csv / .xlsx goes through ``escape_cell``."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".parquet"):
        raise DataError(f"不支持的输出格式 “{suffix}”；可用：.csv、.xlsx、.parquet", file=p.name)
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    try:
        if suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        elif suffix == ".csv":
            safe = pd.DataFrame(
                {escape_cell(str(c)): df[c].map(_cell).astype(object) for c in df.columns}
            )
            safe.to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            _write_xlsx({"数据": df}, tmp)
        os.replace(tmp, p)
    finally:
        tmp.unlink(missing_ok=True)
    return p


def _write_xlsx(frames: Mapping[str, pd.DataFrame], path: Path) -> None:
    wb = openpyxl.Workbook(write_only=True)
    for title, df in frames.items():
        ws = wb.create_sheet(escape_cell(title)[:31])
        ws.freeze_panes = "A2"
        ws.append([escape_cell(str(c)) for c in df.columns])
        for row in df.itertuples(index=False, name=None):
            ws.append([_cell(v) for v in row])
    wb.save(path)


def write_sheets(frames: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Several tables into one .xlsx, one sheet each (titles ≤ 31 characters), atomically,
    every text cell escaped; for .csv / .parquet only the first table is written."""
    p = Path(path)
    if p.suffix.lower() != ".xlsx":
        return write_table(next(iter(frames.values())), p)
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    try:
        _write_xlsx(frames, tmp)
        os.replace(tmp, p)
    finally:
        tmp.unlink(missing_ok=True)
    return p
