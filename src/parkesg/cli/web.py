"""``parkesg serve``, ``parkesg audit verify`` and ``parkesg manage``: the web platform's
commands. Django is imported only when one of them runs, so the rest of the CLI stays fast."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """The address in use or the database unreachable: one line and exit 2, no traceback."""
    from django.db import DatabaseError

    try:
        yield
    except (OSError, DatabaseError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        err.print(f"[red]错误[/red] {first}", markup=True, highlight=False)
        raise typer.Exit(2) from None


audit_app = typer.Typer(help="审计日志 / audit log.", no_args_is_help=True)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the web commands to the main app."""

    @app.command("serve")
    def serve_cmd(
        host: Annotated[
            str, typer.Option(help="监听地址；默认仅本机 / loopback only")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="端口 / port")] = 8000,
        threads: Annotated[int, typer.Option(help="工作线程数 / worker threads")] = 8,
    ) -> None:
        """启动 Web 平台（waitress）/ serve the web platform. 数据库：PARKESG_DATA_DIR 或
        PARKESG_DATABASE_URL。"""
        from parkesg.web.server import serve

        out.print(f"parkesg 平台 / platform: http://{host}:{port}/  (Ctrl+C 停止 / to stop)")
        with _one_line_errors():
            serve(host=host, port=port, threads=threads)

    @app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )
    def manage_cmd(ctx: typer.Context) -> None:
        """Django 管理命令 / Django management commands, e.g. ``parkesg manage migrate``,
        ``parkesg manage createsuperuser`` (the platform operator)."""
        from django.core.management import execute_from_command_line

        from parkesg.web.server import setup

        setup()
        execute_from_command_line(["parkesg manage", *ctx.args])

    app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify_cmd() -> None:
    """检查审计日志哈希链，指出第一条被改动的记录 / check the audit hash chains."""
    from parkesg.web.server import setup

    setup()
    from parkesg.web.audit.services import verify_chains

    with _one_line_errors():
        total, breaks = verify_chains()
    if not breaks:
        out.print(f"审计日志完好：已检查 {total} 条记录 / audit log intact: {total} records")
        return
    for b in breaks:
        err.print(f"[red]断链[/red] {b}", markup=True, highlight=False)
    raise typer.Exit(1)
