"""Log in and out: audited, one message for every refusal, throttled by account + address and
by address (django-axes), password rules, session timeout."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from world import PASSWORD

from parkesg.web.audit.models import AuditRecord
from parkesg.web.orgs.login import REFUSED


def _login(c: Client, username: str, password: str, *, code: str = "") -> int:
    return c.post("/login/", {"username": username, "password": password, "code": code}).status_code


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


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
    reasons = [r.after["reason"] for r in AuditRecord.objects.filter(action="login_failed")]
    assert reasons == ["password", "unknown user"]
    assert c.post("/logout/").status_code == 302
    assert c.get("/").status_code == 302  # back to the login page


def test_one_message_for_every_refusal(world):
    """Wrong password, unknown name, switched-off account, locked account: the same page."""
    off = world.user("ent_b1", "viewer")
    off.is_active = False
    off.save()
    pages = []
    for name, pw in [("ent_a1_viewer", "wrong-password"), ("nobody-here", "wrong-password"),
                     ("ent_b1_viewer", PASSWORD)]:  # fmt: skip
        r = Client().post("/login/", {"username": name, "password": pw})
        assert r.status_code == 401
        pages.append(r.content.decode().replace("csrfmiddlewaretoken", ""))
    c = _from("10.9.9.9")
    for _ in range(settings.LOCKOUT_FAILURES):
        _login(c, "ent_a2_viewer", "wrong-password")
    locked = c.post("/login/", {"username": "ent_a2_viewer", "password": PASSWORD})
    assert locked.status_code == 401
    assert all(str(REFUSED) in p for p in [*pages, locked.content.decode()])
    assert "锁定" not in locked.content.decode() and "不存在" not in pages[1]


def test_account_locked_only_from_the_address_that_failed(world):
    attacker = _from("10.0.0.66")
    for _ in range(settings.LOCKOUT_FAILURES):
        assert _login(attacker, "ent_a1_editor", "wrong-password") == 401
    # locked from that address: even the right password is refused there …
    assert _login(attacker, "ent_a1_editor", PASSWORD) == 401
    # … while the person at their own desk logs in: no one locks out a known user at will
    assert _login(_from("10.0.0.7"), "ent_a1_editor", PASSWORD) == 302
    # and another account from the attacker's address is not locked yet
    assert _login(attacker, "ent_a1_viewer", PASSWORD) == 302


def test_address_locked_after_failures_across_accounts(world):
    sprayer = _from("10.0.0.99")
    names = [f"{o}_{r}" for o in ("park_a", "park_b", "ent_a1", "ent_a2", "ent_b1")
             for r in ("viewer", "editor", "reviewer", "admin")]  # fmt: skip
    for name in names[: settings.LOCKOUT_ADDRESS_FAILURES]:  # one try each: no pair locked
        assert _login(sprayer, name, "wrong-password") == 401
    # the address is locked now, whatever the account, even with the right password
    assert _login(sprayer, "bank_ok_viewer", PASSWORD) == 401
    assert _login(_from("10.0.0.100"), "bank_ok_viewer", PASSWORD) == 302


def test_own_successful_login_does_not_clear_the_address_failures(world):
    sprayer = _from("10.0.0.98")
    names = [f"{o}_{r}" for o in ("park_a", "park_b", "ent_a1", "ent_a2", "ent_b1")
             for r in ("viewer", "editor", "reviewer", "admin")]  # fmt: skip
    for name in names[: settings.LOCKOUT_ADDRESS_FAILURES - 1]:
        _login(sprayer, name, "wrong-password")
    assert _login(sprayer, "gov_cz_viewer", PASSWORD) == 302  # the sprayer's own account
    _login(_from("10.0.0.98"), "gov_bj_viewer", "wrong-password")  # the 20th failure
    assert _login(_from("10.0.0.98"), "gov_cz_editor", PASSWORD) == 401  # address locked


def test_unlock_by_the_organisations_admin(world):
    c = _from("10.0.0.5")
    for _ in range(settings.LOCKOUT_FAILURES):
        _login(c, "ent_a1_reviewer", "wrong-password")
    assert _login(c, "ent_a1_reviewer", PASSWORD) == 401
    admin = Client()
    admin.force_login(world.user("ent_a1", "admin"))
    target = world.user("ent_a1", "reviewer")
    page = admin.get(f"/people/{target.pk}/").content.decode()
    assert "10.0.0.5" in page  # where it is locked from
    assert admin.post(f"/people/{target.pk}/unlock/").status_code == 302
    assert _login(c, "ent_a1_reviewer", PASSWORD) == 302
    assert AuditRecord.objects.filter(action="unlock", object_id=str(target.pk)).count() == 1


def test_lock_expires(world):
    import datetime as dt

    from axes.models import AccessAttempt
    from django.utils import timezone

    c = _from("10.0.0.8")
    for _ in range(settings.LOCKOUT_FAILURES):
        _login(c, "ent_a1_viewer", "wrong-password")
    assert _login(c, "ent_a1_viewer", PASSWORD) == 401
    long_ago = timezone.now() - dt.timedelta(minutes=settings.LOCKOUT_MINUTES + 1)
    AccessAttempt.objects.update(attempt_time=long_ago)
    assert _login(c, "ent_a1_viewer", PASSWORD) == 302


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
