"""Base test machinery: run a view for every role of every organisation and compare the
status with the expected table (NetBox's per-permission view tests, per object here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.test import Client

from parkesg.web.core.roles import Role


def run_matrix(
    world: object,
    url: str,
    allowed: Callable[[str, str], bool],
    *,
    ok: int = 200,
    denied: Iterable[int] = (404,),
    method: str = "get",
    data: dict[str, str] | None = None,
) -> list[str]:
    """Request ``url`` as each user of the world; returns the mismatches (empty = all as
    expected). ``allowed(org_key, role)`` is the hand-written expectation."""
    problems = []
    denied = set(denied)
    for key, user in world.users.items():  # type: ignore[attr-defined]
        org, role = key.rsplit("_", 1)
        client = Client()
        client.force_login(user)
        response = getattr(client, method)(url, data or {})
        expect_ok = allowed(org, role)
        if (expect_ok and response.status_code != ok) or (
            not expect_ok and response.status_code not in denied
        ):
            want = ok if expect_ok else sorted(denied)
            problems.append(f"{key}: {url} → {response.status_code}, expected {want}")
    return problems


ALL_ROLES = {r.value for r in Role}
