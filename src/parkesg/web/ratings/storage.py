"""The tables of a rating run as Parquet files in the data dir, each named by its sha256 and
written once (``<data dir>/ratings/<organisation>/<sha[:2]>/<sha>.parquet``); read back only
when the file still has that digest. Pages list the result rows kept in the database; the
trace of one enterprise and the reports read these files."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pandas as pd
from django.conf import settings

from parkesg.errors import DataError


def root() -> Path:
    return Path(settings.DATA_DIR) / "ratings"


def path_of(organisation_id: int, sha256: str) -> Path:
    return root() / str(organisation_id) / sha256[:2] / f"{sha256}.parquet"


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Columns Parquet can hold: lists and mixed objects as text."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            sample = out[col].dropna()
            if not sample.empty and not all(isinstance(v, str) for v in sample.head(50)):
                out[col] = out[col].map(lambda v: None if v is None else str(v))
    return out


def write(organisation_id: int, df: pd.DataFrame) -> str:
    """Store ``df``; returns its sha256 (the same table written twice is kept once)."""
    buf = io.BytesIO()
    _plain(df).to_parquet(buf, index=False)
    data = buf.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    p = path_of(organisation_id, digest)
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, p)
        finally:
            tmp.unlink(missing_ok=True)
    return digest


def read(organisation_id: int, sha256: str) -> pd.DataFrame:
    """The table stored under ``sha256``; DataError when it is gone or was altered."""
    p = path_of(organisation_id, sha256)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise DataError(f"评价结果文件缺失：{p.name}") from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise DataError(f"评价结果文件已被改动（SHA-256 不符）：{p.name}")
    return pd.read_parquet(io.BytesIO(data))
