"""``parkesg serve``, ``parkesg audit verify`` and ``parkesg manage``: the web platform's
commands. Django is imported only when one of them runs, so the rest of the CLI stays fast."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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


def _require_free_port(host: str, port: int) -> None:
    """A busy port is one line and exit 2 before the “serving at” line, not a traceback."""
    from parkesg.web.server import busy_message, port_free

    if not port_free(host, port):
        err.print(f"[red]错误[/red] {busy_message(host, port)}", markup=True, highlight=False)
        raise typer.Exit(2)


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

        _require_free_port(host, port)
        out.print(f"parkesg 平台 / platform: http://{host}:{port}/  (Ctrl+C 停止 / to stop)")
        with _one_line_errors():
            serve(host=host, port=port, threads=threads)

    @app.command("platform-demo")
    def platform_demo_cmd(
        data_dir: Annotated[
            Path, typer.Option(help="演示数据目录（SQLite）/ the demo's own data dir")
        ] = Path(".demo-data"),
        host: Annotated[str, typer.Option(help="监听地址 / address")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="端口 / port")] = 8000,
        threads: Annotated[int, typer.Option(help="工作线程数 / worker threads")] = 8,
        force: Annotated[
            bool, typer.Option(help="允许写入非演示数据库 / write to a database not the demo's")
        ] = False,
        serve: Annotated[
            bool, typer.Option(help="载入后启动平台 / serve after loading (--no-serve: load only)")
        ] = True,
        otp_code: Annotated[
            bool,
            typer.Option(help="只打印演示动态口令的当前验证码 / print the demo's current code"),
        ] = False,
        city: Annotated[
            int | None,
            typer.Option(
                help="演示城市的企业数（默认 300；已有的不重复载入）/ enterprises of the "
                "synthetic city (default 300; e.g. 10000 for benchmarks/portal_load.py)",
                min=0,
            ),
        ] = None,
    ) -> None:
        """演示平台：载入演示组织、账户与示范园区数据（可重复运行，不会重复载入），打印演示账户后
        启动平台 / the demo platform: demo organisations, logins and the demo park's data."""
        if otp_code:
            from parkesg.web.demo.totp import demo_totp_code

            out.print(f"演示动态口令 demo code: {demo_totp_code()}（30 秒内有效 / valid 30 s）")
            return
        from rich.progress import Progress

        from parkesg.errors import ParkesgError
        from parkesg.web.demo.platform import logins_table, prepare

        if serve:  # before loading anything: a busy port is said first, not after the seed
            _require_free_port(host, port)
        with Progress(console=err, transient=True) as bar, _one_line_errors():
            task = bar.add_task("载入演示数据 / loading demo data", total=None)
            try:
                report = prepare(data_dir, force=force, city=city,
                                 progress=lambda i, n: bar.update(task, completed=i, total=n))  # fmt: skip
            except ParkesgError as exc:
                err.print(f"[red]错误[/red] {exc}", markup=True, highlight=False)
                raise typer.Exit(2) from None
        added = (f"新增 / added: {report.organisations} 个组织 organisations, {report.people} 个账户 "
                 f"users, {report.grants} 项授权 grants, {report.observations} 条已审核数据 "
                 "approved observations")  # fmt: skip
        out.print(f"演示数据目录 / demo data: {data_dir.resolve()} — {added}")
        Console(width=max(out.width, 120)).print(logins_table())  # never cut a password
        if not serve:
            return
        from parkesg.web.server import serve as waitress_serve

        _require_free_port(host, port)  # still free after the seed?
        out.print(
            f"parkesg 演示平台 / demo platform: http://{host}:{port}/  (Ctrl+C 停止 / to stop)"
        )
        with _one_line_errors():
            waitress_serve(host=host, port=port, threads=threads)

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

    @app.command("remind")
    def remind_cmd(
        on: Annotated[
            str | None, typer.Option(help="按此日期发送到期提醒（YYYY-MM-DD，默认今天）")
        ] = None,
    ) -> None:
        """发送到期提醒（每日由 cron 或定时器运行；每条只发一次）/ send due reminders once.
        邮件经 Django 的邮件设置发送（PARKESG_EMAIL_*）。"""
        import datetime as dt

        from parkesg.web.server import setup

        try:
            today = dt.date.fromisoformat(on) if on else dt.date.today()
        except ValueError:
            err.print(f"[red]错误[/red] 日期 “{on}” 应为 YYYY-MM-DD", markup=True, highlight=False)
            raise typer.Exit(2) from None
        setup()
        from parkesg.web.reminders.services import send_due

        with _one_line_errors():
            done = send_due(today)
        out.print(
            f"提醒：新发送 {done.sent} 条，此前已发送 {done.already} 条，"
            f"无收件地址 {done.without_address} 条 / reminders sent {done.sent}"
        )

    @app.command("backup")
    def backup_cmd(
        into: Annotated[Path, typer.Argument(help="备份存放目录 / where the backup folder goes")],
    ) -> None:
        """备份数据库与证明材料、报告文件（清单含每部分的 SHA-256 与审计链锚点）/ back up the
        database and file stores, with a manifest and the audit chains' anchor."""
        from parkesg.web.server import migrate, setup

        setup()
        from parkesg.web.backup import BackupError, backup

        with _one_line_errors():
            migrate()
            try:
                done = backup(into)
            except BackupError as exc:
                err.print(f"[red]错误[/red] {exc}", markup=True, highlight=False)
                raise typer.Exit(2) from None
        out.print(f"备份完成 / backup written: {done.folder}（{done.parts} 个部分 parts，"
                  f"{done.size / 1024 / 1024:.1f} MiB，审计链锚点 {done.chains} 条 chains anchored: "
                  f"{done.folder / 'audit-anchor.json'}）")  # fmt: skip

    @app.command("restore")
    def restore_cmd(
        folder: Annotated[Path, typer.Argument(help="parkesg backup 写出的备份目录 / a backup")],
        yes: Annotated[
            bool, typer.Option("--yes", help="确认覆盖当前数据 / replace the current data")
        ] = False,
    ) -> None:
        """从备份恢复数据库与文件（先核对全部 SHA-256；请先停止平台）/ restore a backup (every
        sha256 checked first; stop the platform before)."""
        from parkesg.web.server import setup

        setup()
        from parkesg.web.audit.services import verify_chains
        from parkesg.web.backup import BackupError, check_anchor, read_manifest, restore

        with _one_line_errors():
            try:
                manifest = read_manifest(folder)
                if not yes:
                    err.print(f"将用 {manifest['created_at']} 的备份覆盖当前数据库与文件："
                              "请先停止平台，再加 --yes 运行 / add --yes to replace the current data")  # fmt: skip
                    raise typer.Exit(2)
                restore(folder)
            except BackupError as exc:
                err.print(f"[red]错误[/red] {exc}", markup=True, highlight=False)
                raise typer.Exit(2) from None
            total, breaks = verify_chains()
            problems = [str(b) for b in breaks] + check_anchor(manifest["audit_anchor"])
        for p in problems:
            err.print(f"[red]审计[/red] {p}", markup=True, highlight=False)
        if problems:
            raise typer.Exit(1)
        out.print(f"恢复完成 / restored: {folder}（{len(manifest['parts'])} 个部分已核对 SHA-256；"
                  f"审计日志完好，{total} 条记录，与锚点一致 / audit log intact, anchor matches）")  # fmt: skip

    app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify_cmd(
    anchor: Annotated[
        Path | None,
        typer.Option(help="审计锚点文件（备份中的 audit-anchor.json 或 manifest.json）/ an anchor"),
    ] = None,
) -> None:
    """检查审计日志哈希链，指出第一条被改动的记录；--anchor 另查链尾是否被删除 / check the
    audit hash chains; with --anchor also that no chain lost its tail."""
    import json

    from parkesg.web.server import setup

    setup()
    from parkesg.web.audit.services import verify_chains
    from parkesg.web.backup import check_anchor

    with _one_line_errors():
        total, breaks = verify_chains()
        problems = [f"断链 {b}" for b in breaks]
        if anchor is not None:
            data = json.loads(anchor.read_text("utf-8"))
            problems += check_anchor(data.get("audit_anchor", data))
    if not problems:
        with_anchor = f"，与锚点 {anchor.name} 一致 / matches the anchor" if anchor else ""
        out.print(
            f"审计日志完好：已检查 {total} 条记录{with_anchor} / audit log intact: {total} records"
        )
        return
    for p in problems:
        err.print(f"[red]审计[/red] {p}", markup=True, highlight=False)
    raise typer.Exit(1)
