"""``parkesg serve`` runs the real WSGI server (waitress) on a fresh data dir: it migrates,
says where the database is, and serves pages and the vendored static files."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


def test_serve_on_a_fresh_data_dir(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARKESG_", "DJANGO_"))}
    env["PARKESG_DATA_DIR"] = str(tmp_path)
    cli = Path(sys.executable).with_name("parkesg")
    proc = subprocess.Popen(
        [str(cli), "serve", "--port", str(port)], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        status = 0
        for _ in range(120):  # wait for migrate + bind (not a timing assertion)
            try:
                status, _body = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 302  # to the login page
        status, body = _get(f"http://127.0.0.1:{port}/login/")
        assert status == 200 and "登录".encode() in body
        status, body = _get(f"http://127.0.0.1:{port}/static/vendor/htmx/htmx.min.js")
        assert status == 200 and b"htmx" in body
        assert (tmp_path / "parkesg.sqlite3").exists() and (tmp_path / "secret_key").exists()
        assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
        with sqlite3.connect(tmp_path / "parkesg.sqlite3") as db:  # several threads write
            assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"SQLite {tmp_path / 'parkesg.sqlite3'}" in out.decode()
