"""Base test machinery: run a view for every role of every organisation and compare the
status with the expected table (NetBox's per-permission view tests, per object here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from django.test import Client

from parkesg.web.core.roles import Role


def run_matrix(
    world: object,
    url: str,
    allowed: Callable[[str, str], bool],
    *,
    ok: int = 200,
    denied: Iterable[int] = (404,),
    expect: Callable[[str, str], int] | None = None,
) -> list[str]:
    """GET ``url`` as each user of the world; returns the mismatches (empty = all as
    expected). ``allowed(org_key, role)`` is the hand-written expectation; ``expect`` (org,
    role → status) replaces it where the exact status is known."""
    problems = []
    denied = set(denied)
    for key, user in world.users.items():  # type: ignore[attr-defined]
        org, role = key.rsplit("_", 1)
        client = Client()
        client.force_login(user)
        status = client.get(url).status_code
        if expect is not None:
            want: object = expect(org, role)
            good = status == want
        else:
            want = ok if allowed(org, role) else sorted(denied)
            good = status == ok if allowed(org, role) else status in denied
        if not good:
            problems.append(f"{key}: {url} → {status}, expected {want}")
    return problems


ALL_ROLES = {r.value for r in Role}


class ObjectViewMatrix:
    """Base class: every page and API endpoint of one model, for every role of every
    organisation, for one object of each owner — inside and outside its organisation.

    A subclass (``TestXxxViews``) sets ``urls`` (URL templates with ``{pk}``, each with the
    action it needs) and ``objects`` (name → how to find the object in the world), and writes
    ``allowed(action, org, role, name)`` by hand from the rules. Views a role may see but not
    use answer 403; views of objects it may not see answer 404.
    """

    urls: dict[str, str] = {}  # "/observations/{pk}/": "view"
    objects: dict[str, Callable[[object], object]] = {}

    def allowed(self, action: str, org: str, role: str, *, name: str) -> bool:
        raise NotImplementedError

    def test_every_view_every_role_every_object(self, world: object) -> None:
        problems: list[str] = []
        for name, find in self.objects.items():
            obj = find(world)
            for template, action in self.urls.items():
                url = template.format(pk=obj.pk)  # type: ignore[attr-defined]
                expect = partial(self.status, action, name=name)
                problems += run_matrix(world, url, lambda o, r: False, expect=expect)
        assert problems == []

    def status(self, action: str, org: str, role: str, *, name: str) -> int:
        if self.allowed(action, org, role, name=name):
            return 200
        return 403 if self.allowed("view", org, role, name=name) else 404
