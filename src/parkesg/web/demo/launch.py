"""Run ``parkesg platform-demo`` in a subprocess on a free loopback port — what the browser
tests and the load benchmark drive, the same server ``make run`` starts for a person."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/login/", timeout=5) as r:
            return bool(r.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def running_demo(
    data_dir: Path, *, log: Path, threads: int = 8, limit_s: float = 600
) -> Iterator[str]:
    """Start the demo platform on ``data_dir`` (new, empty or the demo's own), yield its
    address once the login page answers, stop it afterwards. Its output goes to ``log``.
    The child gets no PARKESG_/DJANGO_ variables: the demo's own SQLite, never the caller's
    database. ``limit_s`` guards a start that hangs (migrate + seed take ~30 s)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARKESG_", "DJANGO_"))}
    cli = Path(sys.executable).with_name("parkesg")
    cmd = [str(cli), "platform-demo", "--data-dir", str(data_dir), "--port", str(port),
           "--threads", str(threads)]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + limit_s
            while not _answers(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
                    raise RuntimeError(f"platform-demo did not start:\n{tail}")
                time.sleep(0.5)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=30)
