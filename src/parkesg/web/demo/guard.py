"""The demo's accounts have a printed password: they must never land in a real database.

Two checks, both overridable only with ``force``:
- before Django starts, ``claim_data_dir``: the demo runs on SQLite in its own data dir — a
  new or empty folder (then marked as the demo's) or one already marked; never with
  ``PARKESG_DATABASE_URL`` set;
- before seeding, ``check_database``: a database that already has people must have the demo
  operator among them (else it is somebody's real platform).
"""

from __future__ import annotations

import os
from pathlib import Path

from parkesg.errors import ParkesgError

MARKER = "parkesg-demo-data"  # a file that names a folder as the demo's data dir
_MARKER_TEXT = "parkesg 演示数据目录 / demo data dir (parkesg platform-demo). 可整个删除。\n"


class NotDemoDatabase(ParkesgError):
    """The database the demo would write to is not the demo's own."""


def claim_data_dir(path: Path, *, force: bool = False) -> Path:
    """Check (and on first use mark) ``path`` as the demo data dir; return it absolute."""
    path = path.expanduser().resolve()
    if os.environ.get("PARKESG_DATABASE_URL") and not force:
        raise NotDemoDatabase(
            "已设置 PARKESG_DATABASE_URL：演示数据只写入演示数据目录中的 SQLite；请取消该变量"
            "（或用 --force 明知故写）/ PARKESG_DATABASE_URL is set: the demo only writes to "
            "its own SQLite data dir"
        )
    marker = path / MARKER
    if marker.exists():
        return path
    if path.exists() and any(path.iterdir()) and not force:
        raise NotDemoDatabase(
            f"{path} 不是空目录，也不是演示数据目录：演示账户不写入其他数据库"
            "（换一个目录，或用 --force）/ not an empty folder nor a demo data dir"
        )
    path.mkdir(parents=True, exist_ok=True)
    marker.write_text(_MARKER_TEXT, encoding="utf-8")
    return path


def check_database(*, force: bool = False) -> None:
    """Refuse a database with people but without the demo operator (Django set up)."""
    from parkesg.web.demo.cast import OPERATOR
    from parkesg.web.orgs.models import User

    if force or not User.objects.exists() or User.objects.filter(username=OPERATOR).exists():
        return
    raise NotDemoDatabase(
        "数据库中已有用户且不是演示数据：不写入演示账户（或用 --force）"
        " / this database has real users: demo accounts are not added"
    )
