"""The ``world`` fixture: see ``world.py`` for who is in it and which grants are in force.

``Client.force_login`` (Django's way past the login form) also marks the session as verified
by a second factor for the accounts that need one (admins, platform staff): tests of pages
start from a complete login, as a person who typed their code would. The login itself — the
password, the code, the enrolment — is tested through the form in ``test_login.py`` and
``test_accounts.py``."""

from __future__ import annotations

import pytest
from django.test import Client
from world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


_force_login = Client.force_login


def _force_login_verified(self: Client, user, backend=None) -> None:  # type: ignore[no-untyped-def]
    _force_login(self, user, backend)
    if getattr(user, "needs_second_factor", False):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _new = TOTPDevice.objects.get_or_create(
            user=user, name="tests", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


Client.force_login = _force_login_verified  # type: ignore[method-assign]
