"""``parkesg serve``: migrate the database, then serve the platform with waitress (a
production WSGI server, pure Python, also on Windows), static files through WhiteNoise."""

from __future__ import annotations

import os


def setup() -> None:
    """Configure Django for ``parkesg.web`` (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkesg.web.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def database_label() -> str:
    """Where the data lives, for the start-up line (never the password)."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {db['NAME']}"
    return (
        f"{connection.vendor} {db.get('HOST') or 'localhost'}:{db.get('PORT') or ''}/{db['NAME']}"
    )


def port_free(host: str, port: int) -> bool:
    """True when ``host:port`` can be listened on now (probed as waitress binds it)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return False
    family, kind, proto, _name, addr = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError:
            return False
    return True


def busy_message(host: str, port: int) -> str:
    return (f"端口 {port} 已被占用（{host}）：请停止占用它的程序，或换一个端口，如 --port {port + 1}"
            f"（make run PORT={port + 1}）/ port {port} is in use")  # fmt: skip


def serve(*, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> None:
    setup()
    migrate()
    print(f"数据库 / database: {database_label()}", flush=True)
    from waitress import serve as waitress_serve

    from parkesg.web.wsgi import application

    waitress_serve(application, host=host, port=port, threads=threads, ident="parkesg")
