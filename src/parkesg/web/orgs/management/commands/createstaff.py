"""``parkesg manage createstaff --duty security|audit|system --username NAME``: a platform
staff account of one duty (三员分立). The password is asked twice (or read from the
environment variable PARKESG_STAFF_PASSWORD, for scripts). The account enrols its second
factor at its first login."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "创建平台管理账户（系统 / 安全 / 审计管理员，三员分立）/ create a platform staff account"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--duty", required=True, choices=["system", "security", "audit"])
        parser.add_argument("--username", required=True)
        parser.add_argument("--full-name", default="")

    def handle(self, *args: Any, **opts: Any) -> None:
        from parkesg.web.orgs.accounts import create_staff

        password = os.environ.get("PARKESG_STAFF_PASSWORD") or ""
        if not password:
            password = getpass.getpass("密码 / password: ")
            if password != getpass.getpass("再次输入 / again: "):
                raise CommandError("两次输入的密码不一致 / passwords differ")
        try:
            user = create_staff(username=opts["username"], password=password, duty=opts["duty"],
                                full_name=opts["full_name"])  # fmt: skip
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"已创建 {user.get_duty_display()}：{user.username} / created")
