"""Read what a user hands the CLI — a workbook, long or wide CSV, Parquet, a targets table, a
weights file — into the frames the service takes. Validation lives in ``parkesg.io``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from parkesg.errors import DataError
from parkesg.frameworks import Framework, iter_indicators, load_catalogue, with_weights
from parkesg.frameworks.loader import read_yaml
from parkesg.frameworks.schema import FieldDef
from parkesg.io.tables import long_to_wide, read_long_csv, read_wide
from parkesg.io.workbook import read_workbook

LONG_COLUMNS = {"entity_id", "year", "field", "value"}


def all_fields(fw: Framework | None = None) -> dict[str, FieldDef]:
    fields = dict(load_catalogue())
    if fw is not None:
        fields.update({f.id: f for f in fw.fields})
    return fields


def _is_long_csv(path: Path) -> bool:
    head = pd.read_csv(path, nrows=0, encoding="utf-8-sig")
    return LONG_COLUMNS <= {str(c).strip() for c in head.columns}


def load_data(path: Path, fw: Framework | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(wide frame for the engine, long observations with sources when the input had them)."""
    if not path.exists():
        raise DataError("文件不存在", file=str(path))
    fields = all_fields(fw)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        obs = read_workbook(path, fields=fields)
        return long_to_wide(obs, fields=fields), obs
    if suffix == ".csv" and _is_long_csv(path):
        obs = read_long_csv(path, fields=fields)
        return long_to_wide(obs, fields=fields), obs
    if suffix in (".csv", ".parquet"):
        reported = {i.id for i in iter_indicators(fw.tree)} if fw is not None else set()
        return read_wide(path, fields=fields, indicators=reported), None
    raise DataError(f"不支持的数据格式 “{suffix}”；可用：.xlsx、.csv、.parquet", file=path.name)


def load_targets(path: Path | None) -> pd.DataFrame | None:
    """T/ESC 001 baselines and targets: entity_id, indicator_id, baseline, target."""
    if path is None:
        return None
    if not path.exists():
        raise DataError("文件不存在", file=str(path))
    df = pd.read_csv(path, encoding="utf-8-sig", dtype={"entity_id": str, "indicator_id": str})
    need = {"entity_id", "indicator_id", "baseline", "target"}
    if not need <= set(df.columns):
        raise DataError(
            f"目标值表缺少列：{'、'.join(sorted(need - set(df.columns)))}", file=path.name
        )
    for col in ("baseline", "target"):
        bad = pd.to_numeric(df[col], errors="coerce").isna() & df[col].notna()
        if bad.any():
            row = int(bad.idxmax()) + 2
            raise DataError(f"“{df[col][bad].iloc[0]}” 不是数值", file=path.name, row=row, cell=col)
        df[col] = pd.to_numeric(df[col], errors="coerce")
    return df


def load_adjustments(path: Path | None) -> pd.DataFrame | None:
    """On-site adjustments (T/JDFA01 6.11 c); checked row by row by the service."""
    if path is None:
        return None
    if not path.exists():
        raise DataError("文件不存在", file=str(path))
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def read_weights(path: Path | None) -> dict[str, float]:
    """Node / indicator weights from a YAML mapping ``id: weight`` (empty without a file)."""
    if path is None:
        return {}
    doc = read_yaml(path)
    if not isinstance(doc, dict) or not all(isinstance(v, int | float) for v in doc.values()):
        raise DataError("权重文件应为 “编号: 权重” 的映射，权重为数值", file=path.name)
    return {str(k): float(v) for k, v in doc.items()}


def apply_weights(fw: Framework, path: Path | None) -> Framework:
    """Override node / indicator weights from a YAML mapping ``id: weight``."""
    if path is None:
        return fw
    return with_weights(fw, read_weights(path), file=path.name)


def load_peers(path: Path | None) -> pd.DataFrame | None:
    """A reference peer table written by ``parkesg rate --peers-out`` (.parquet or .csv);
    checked against the framework by the service (``peers.check_reference``)."""
    if path is None:
        return None
    if not path.exists():
        raise DataError("文件不存在", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".csv":
        return pd.read_csv(path, encoding="utf-8-sig", dtype={"peer_group": str, "peer_key": str})
    raise DataError(f"同业参照表应为 .parquet 或 .csv，收到的是 “{suffix}”", file=path.name)
