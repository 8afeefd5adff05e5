"""``parkesg backup`` / ``parkesg restore``: the database and the file stores (evidence,
report versions), with a manifest giving the sha256 of every part, and the audit chains'
anchor (the last record of each chain) written with each backup.

The database is copied by its own tools, so that what comes back is exactly what was saved
— tables, sequences and the append-only triggers included, with no row rewritten:

- SQLite: the online backup API of ``sqlite3`` (a consistent copy while the platform runs);
  restore replaces the database file (the platform stopped);
- PostgreSQL: ``pg_dump --format=custom``; restore is ``pg_restore --clean --if-exists
  --single-transaction`` into the database ``PARKESG_DATABASE_URL`` names (dropping a table
  is not an UPDATE or DELETE: the append-only triggers are dropped and re-created with it).

Nothing is restored unless every part matches its sha256 in the manifest. The file stores in
place are moved aside (``<store>.before-restore-<time>``), not deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from parkesg.errors import ParkesgError

FORMAT = 1
STORES = ("evidence", "reports")  # folders of the data dir that hold files
MANIFEST = "manifest.json"
ANCHOR = "audit-anchor.json"


class BackupError(ParkesgError):
    """A backup that cannot be made or restored; the message says why (Chinese first)."""


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def audit_anchor() -> dict[str, Any]:
    """The last record (seq, hash) of every audit chain, now."""
    from django.db.models import Max

    from parkesg.web.audit.models import AuditRecord

    heads = AuditRecord.objects.values("chain").annotate(seq=Max("seq"))
    chains = {}
    for h in heads:
        rec = AuditRecord.objects.get(chain=h["chain"], seq=h["seq"])
        chains[h["chain"]] = {"seq": rec.seq, "hash": rec.hash, "at": rec.at.isoformat()}
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return {"format": FORMAT, "taken_at": now, "chains": chains}


def check_anchor(anchor: dict[str, Any]) -> list[str]:
    """Problems of the audit log against an anchor: a chain missing, shorter than anchored
    (its tail deleted), or whose anchored record is no longer the one anchored."""
    from parkesg.web.audit.models import AuditRecord

    problems = []
    for chain, head in sorted(anchor.get("chains", {}).items()):
        rec = AuditRecord.objects.filter(chain=chain, seq=head["seq"]).first()
        if rec is None:
            last = AuditRecord.objects.filter(chain=chain).order_by("-seq").first()
            now = f"现只到第 {last.seq} 条" if last else "整条链已不存在"
            problems.append(f"审计链 {chain}：锚点记录第 {head['seq']} 条（{head['at']}），{now}"
                            "——链尾已被删除 / the chain's tail was deleted")  # fmt: skip
        elif rec.hash != head["hash"]:
            problems.append(f"审计链 {chain} 第 {head['seq']} 条的哈希与锚点不符，记录已被替换 "
                            "/ the anchored record was replaced")  # fmt: skip
    return problems


@dataclass(frozen=True)
class Done:
    folder: Path
    parts: int
    size: int
    chains: int


def _pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore``: ``PARKESG_PG_BIN`` or the newest Debian cluster's, else
    the one on PATH."""
    if base := os.environ.get("PARKESG_PG_BIN"):
        return str(Path(base) / name)
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                   key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)  # fmt: skip
    return str(found[-1]) if found else name


def _pg_env_args() -> tuple[dict[str, str], list[str]]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432),
            "--username", str(db.get("USER") or ""), "--dbname", str(db["NAME"])]  # fmt: skip
    return env, args


def _run(cmd: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            f"找不到 {cmd[0]}：请安装 PostgreSQL 客户端（postgresql-client）"
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} 失败：{done.stderr.strip()[:500]}")


def _dump_database(target: Path) -> Path:
    if connection.vendor == "sqlite":
        out = target / "database.sqlite3"
        src = sqlite3.connect(str(connection.settings_dict["NAME"]))
        dst = sqlite3.connect(str(out))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return out
    if connection.vendor == "postgresql":
        out = target / "database.pgdump"
        env, args = _pg_env_args()
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(out), *args],
             env)  # fmt: skip
        return out
    raise BackupError(f"不支持的数据库：{connection.vendor}")


def backup(into: Path) -> Done:
    """Write a new backup folder under ``into``; returns it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = Path(into) / f"parkesg-backup-{stamp}"
    target.mkdir(parents=True)
    anchor = audit_anchor()  # before the copy: every anchored record is in it
    db_file = _dump_database(target)
    parts: list[dict[str, Any]] = [
        {"path": db_file.name, "sha256": sha256_of(db_file), "size": db_file.stat().st_size}
    ]
    data_dir = Path(settings.DATA_DIR)
    for store in STORES:
        src = data_dir / store
        if not src.is_dir():
            continue
        for f in sorted(p for p in src.rglob("*") if p.is_file() and not p.name.startswith(".")):
            rel = Path("files") / store / f.relative_to(src)
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, target / rel)
            parts.append({"path": rel.as_posix(), "sha256": sha256_of(target / rel),
                          "size": f.stat().st_size})  # fmt: skip
    manifest = {"format": FORMAT, "created_at": anchor["taken_at"], "database": connection.vendor,
                "parts": parts, "audit_anchor": anchor}  # fmt: skip
    (target / ANCHOR).write_text(json.dumps(anchor, ensure_ascii=False, indent=1), "utf-8")
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    size = sum(int(p["size"]) for p in parts)
    return Done(target, len(parts), size, len(anchor["chains"]))


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, every part checked against its sha256 (BackupError on any difference)."""
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"无法读取备份清单 {path}：{exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受支持")
    bad = []
    for part in manifest["parts"]:
        f = Path(folder) / part["path"]
        if ".." in Path(part["path"]).parts or not f.is_file():
            bad.append(f"缺少 {part['path']}")
        elif sha256_of(f) != part["sha256"]:
            bad.append(f"{part['path']} 的 SHA-256 与清单不符")
    if bad:
        raise BackupError("备份已损坏，未恢复任何内容：" + "；".join(bad[:10]))
    return manifest


def _restore_database(folder: Path, manifest: dict[str, Any]) -> None:
    if manifest["database"] != connection.vendor:
        raise BackupError(f"备份来自 {manifest['database']}，当前数据库是 {connection.vendor}")
    if connection.vendor == "sqlite":
        live = Path(str(connection.settings_dict["NAME"]))
        connection.close()
        tmp = live.with_name(f".{live.name}.restoring")
        shutil.copyfile(folder / "database.sqlite3", tmp)
        for extra in ("-wal", "-shm"):
            Path(f"{live}{extra}").unlink(missing_ok=True)
        os.replace(tmp, live)
        return
    connection.close()
    env, args = _pg_env_args()
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
          "--exit-on-error", *args, str(folder / "database.pgdump")], env)  # fmt: skip


def restore(folder: Path) -> dict[str, Any]:
    """Put the database and the file stores back as ``folder`` holds them; returns its
    manifest. The platform must be stopped."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    _restore_database(folder, manifest)
    data_dir = Path(settings.DATA_DIR)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for store in STORES:
        live = data_dir / store
        if live.exists():
            live.rename(data_dir / f"{store}.before-restore-{stamp}")
        saved = folder / "files" / store
        if saved.is_dir():
            shutil.copytree(saved, live)
    return manifest
