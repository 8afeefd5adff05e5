"""The restore drill (issue 20, item 8), on the database the suite runs on (SQLite, or the
PostgreSQL server of PARKESG_DATABASE_URL): a scratch platform is seeded, backed up with
``parkesg backup``, changed (a value corrected, a value added, an evidence file added and
one lost on disk), restored with ``parkesg restore``; then every value, its history, every
evidence file and its bytes are back, the audit chain verifies and matches the backup's
anchor. Deleting the tail of an audit chain passes the hash check but not the anchor; a
backup with one byte changed is refused before anything is touched."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from scratch import parkesg, scratch_platform

DRILL = str(Path(__file__).with_name("drill.py"))


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), env=env, capture_output=True, text=True, timeout=300)


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _dump(env: dict[str, str]) -> dict:
    return json.loads(_ok(_run(env, sys.executable, DRILL, "dump")))


@pytest.mark.django_db
def test_backup_change_restore_and_the_audit_anchor(tmp_path, capsys):
    with scratch_platform(tmp_path) as env:
        _ok(_run(env, *parkesg(), "manage", "migrate", "--verbosity", "0"))
        _ok(_run(env, sys.executable, DRILL, "seed"))
        saved = _dump(env)
        out = _ok(_run(env, *parkesg(), "backup", str(tmp_path / "backups")))
        [folder] = (tmp_path / "backups").iterdir()
        assert "备份完成" in out and str(folder) in out
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        assert manifest["parts"][0]["path"].startswith("database.")
        assert len(manifest["parts"]) == 1 + len(saved["files"])

        _ok(_run(env, sys.executable, DRILL, "change"))
        changed = _dump(env)
        assert changed["observations"] != saved["observations"]
        assert changed["files"] != saved["files"]

        refused = _run(env, *parkesg(), "restore", str(folder))  # without --yes: nothing done
        assert refused.returncode == 2 and _dump(env) == changed
        out = _ok(_run(env, *parkesg(), "restore", str(folder), "--yes"))
        assert "恢复完成" in out and "与锚点一致" in out
        back = _dump(env)
        assert back == saved  # every value, revision, evidence file and byte on disk
        _ok(_run(env, *parkesg(), "audit", "verify", "--anchor", str(folder / "audit-anchor.json")))

        # someone deletes the chain's last records: the hashes still chain, the anchor does not
        _ok(_run(env, sys.executable, DRILL, "tamper"))
        assert _run(env, *parkesg(), "audit", "verify").returncode == 0
        caught = _run(env, *parkesg(), "audit", "verify", "--anchor",
                      str(folder / "audit-anchor.json"))  # fmt: skip
        assert caught.returncode == 1 and "链尾已被删除" in caught.stderr

        # a damaged backup is refused before anything is replaced
        part = folder / manifest["parts"][-1]["path"]
        part.write_bytes(part.read_bytes() + b"x")
        before = _dump(env)
        bad = _run(env, *parkesg(), "restore", str(folder), "--yes")
        assert bad.returncode == 2 and "SHA-256 与清单不符" in bad.stderr
        assert _dump(env) == before
    with capsys.disabled():
        print(
            f"\nrestore drill ({manifest['database']}): {len(saved['observations'])} values, "
            f"{saved['revisions']} revisions, {len(saved['evidence'])} evidence files, "
            f"{saved['audit']} audit records backed up, changed and restored identical; "
            "audit chain verified against the anchor; tail deletion detected; "
            "a damaged backup refused"
        )
