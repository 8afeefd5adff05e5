"""``parkesg platform-demo``: claim the demo data dir, set Django up on it, migrate, seed, and
describe the demo logins — the steps the command and the tests share."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from parkesg.web.core.roles import ROLE_LABELS, Role

if TYPE_CHECKING:
    from parkesg.web.demo.seed import SeedReport

DEFAULT_DATA_DIR = Path(".demo-data")
INPUTS = "inputs"  # the files ``parkesg demo`` writes, kept in the data dir


def prepare(
    data_dir: Path = DEFAULT_DATA_DIR,
    *,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    city: int | None = None,
) -> SeedReport:
    """Claim ``data_dir`` (``guard``), point Django at it, migrate and seed; returns the
    ``SeedReport``. ``city``: enterprises of the synthetic city (default
    ``seed_city_scale.DEMO_ENTERPRISES``; a bigger number adds the missing ones). Must run before anything else in the process sets Django up."""
    from parkesg.web.demo.guard import claim_data_dir

    path = claim_data_dir(data_dir, force=force)
    os.environ["PARKESG_DATA_DIR"] = str(path)
    from parkesg.web.server import migrate, setup

    setup()
    migrate()
    from parkesg.web.demo.seed import seed
    from parkesg.web.demo.seed_city_scale import DEMO_ENTERPRISES

    return seed(
        inputs=path / INPUTS,
        force=force,
        progress=progress,
        city=DEMO_ENTERPRISES if city is None else city,
    )


def logins_table() -> Table:
    """User / password / organisation / role of every demo account."""
    from parkesg.web.demo.cast import DEMO_PASSWORD, logins
    from parkesg.web.demo.seed_engagements import logins as engagement_logins
    from parkesg.web.demo.totp import demo_totp_secret

    t = Table(
        title="演示账户 demo logins（密码相同 / one password）",
        caption=(f"动态口令 second factor（管理员与平台管理员 admins and staff）：身份验证器密钥 "
                 f"authenticator key {demo_totp_secret()}；当前验证码 current code: "
                 "parkesg platform-demo --otp-code"),
    )  # fmt: skip
    for head in ("用户名 user", "密码 password", "组织 organisation", "类型 kind", "角色 role"):
        t.add_column(head, no_wrap=True)
    duties = {"system": "系统管理员 system", "security": "安全管理员 security",
              "audit": "审计管理员 audit"}  # fmt: skip
    for name, org, role in [*logins(), *engagement_logins()]:
        if org is None:
            t.add_row(name, DEMO_PASSWORD, "—", "平台 platform", duties[role] + " (TOTP)")
            continue
        kind = org.kind.label.split(" ")[0]
        totp = " (TOTP)" if role == Role.admin else ""
        t.add_row(name, DEMO_PASSWORD, org.name, kind, ROLE_LABELS[Role(role)] + totp)
    return t
