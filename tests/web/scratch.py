"""A scratch platform for tests that run the real commands or server in a subprocess: its
own data dir and — when the suite runs on PostgreSQL — its own database on the same server,
dropped afterwards. Never the suite's database, never the developer's."""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.db import connection

_n = itertools.count()


def parkesg() -> list[str]:
    """The ``parkesg`` command of this environment."""
    exe = Path(sys.executable).with_name("parkesg")
    return [str(exe)] if exe.exists() else [shutil.which("parkesg") or "parkesg"]


def _admin_connection(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(maintenance, autocommit=True)


@contextmanager
def scratch_platform(tmp: Path) -> Iterator[dict[str, str]]:
    """Environment variables for subprocesses of a fresh, empty platform."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARKESG_")}
    env.update(DJANGO_SETTINGS_MODULE="parkesg.web.settings", PARKESG_DATA_DIR=str(tmp / "data"),
               PARKESG_SECRET_KEY="scratch-only-not-secret")  # fmt: skip
    url = os.environ.get("PARKESG_DATABASE_URL", "")
    if connection.vendor != "postgresql" or not url:
        yield env
        return
    name = f"parkesg_scratch_{os.getpid()}_{next(_n)}"
    with _admin_connection(url) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["PARKESG_DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    try:
        yield env
    finally:
        with _admin_connection(url) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> pg_backend_pid()", [name])  # fmt: skip
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
