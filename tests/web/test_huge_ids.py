"""An id beyond what a 64-bit column holds, in any URL parameter of any page or API
operation, read by a visitor and by a member: never a server error (SQLite raised
OverflowError on the public portal's pages before; a pk past 2⁶³ − 1 is simply not there)."""

from __future__ import annotations

import re

from django.test import Client

from parkesg.web.core import policy

HUGE = "99999999999999999999"  # > 2**63 - 1


def _huge(route: str) -> str:
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>",
                        lambda m: HUGE if m.group(1) == "int" else "x", route)  # fmt: skip


def test_no_server_error_for_an_id_past_64_bits(world) -> None:  # type: ignore[no-untyped-def]
    visitor, member = Client(raise_request_exception=False), Client(raise_request_exception=False)
    member.force_login(world.user("ent_a1", "admin"))
    errors = []
    for e in policy.endpoints():
        if "<int:" not in e.route and "{" not in e.route:
            continue
        url = _huge(re.sub(r"\{(\w+)\}", r"<int:\1>", e.route))
        for who, c in (("visitor", visitor), ("member", member)):
            status = c.get(url).status_code
            if status >= 500:
                errors.append(f"{who} GET {url}: {status}")
    assert errors == []
