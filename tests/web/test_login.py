"""Log in and out: audited, locked after repeated failures, password rules, session timeout."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from world import PASSWORD

from parkesg.web.audit.models import AuditRecord


def _login(c: Client, username: str, password: str) -> int:
    return c.post("/login/", {"username": username, "password": password}).status_code


def test_login_ok_and_failed_are_audited(world):
    c = Client()
    assert _login(c, "park_a_viewer", "wrong-password") == 401
    assert _login(c, "nobody", "wrong-password") == 401
    assert _login(c, "park_a_viewer", PASSWORD) == 302
    assert c.get("/").status_code == 200
    park = world.orgs["park_a"]
    rows = list(AuditRecord.objects.order_by("id").values_list("action", "actor_name", "chain"))
    assert rows == [
        ("login_failed", "park_a_viewer", f"org:{park.pk}"),
        ("login_failed", "nobody", "platform"),  # unknown name: platform chain
        ("login", "park_a_viewer", f"org:{park.pk}"),
    ]
    assert c.post("/logout/").status_code == 302
    assert c.get("/").status_code == 302  # back to the login page


def test_lockout_after_repeated_failures(world):
    c = Client()
    for _ in range(settings.LOCKOUT_FAILURES):
        assert _login(c, "ent_a1_editor", "wrong-password") == 401
    # locked: even the right password is refused, and the message says so
    response = c.post("/login/", {"username": "ent_a1_editor", "password": PASSWORD})
    assert response.status_code == 401 and "锁定" in response.content.decode()
    # another account is not affected
    assert _login(Client(), "ent_a1_viewer", PASSWORD) == 302


def test_lock_expires(world):
    from datetime import timedelta

    from django.utils import timezone

    user = world.user("ent_a1", "editor")
    user.locked_until = timezone.now() - timedelta(seconds=1)
    user.save()
    assert _login(Client(), "ent_a1_editor", PASSWORD) == 302


@pytest.mark.parametrize("weak", ["short1!", "1234567890123", "password123", "ent_a1_editor1"])
def test_password_rules(world, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, world.user("ent_a1", "editor"))


def test_session_ends_after_30_minutes_without_a_request(world):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    c = Client()
    assert _login(c, "park_a_viewer", PASSWORD) == 302
    assert c.get("/").status_code == 200
    # a request pushes the end 30 minutes ahead (SessionRefreshMiddleware, once a minute)
    session = c.session
    session["_refreshed"] = 0  # last refreshed long ago
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    assert c.get("/").status_code == 200
    [row] = Session.objects.all()
    assert row.expire_date > timezone.now() + timedelta(minutes=29)
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # within the minute: no write (the end stays where it was)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    assert c.get("/").status_code == 200
    [row] = Session.objects.all()
    assert row.expire_date < timezone.now() + timedelta(minutes=6)
    # 30 minutes idle: the session is gone, back to the login page
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert c.get("/").status_code == 302


def test_login_returns_to_the_page_asked_for_but_never_off_site(world):
    c = Client()
    form = {"username": "park_a_viewer", "password": PASSWORD}
    r = c.post("/login/?next=/organisations/", form)
    assert r.status_code == 302 and r["Location"] == "/organisations/"
    r = Client().post("/login/?next=https://evil.example/", form)
    assert r["Location"] == "/"
