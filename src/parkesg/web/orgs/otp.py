"""The second factor on django-otp: a TOTP device (an authenticator app: 6 digits every 30 s)
and recovery codes (its static tokens, each usable once). The enrolment QR code is drawn in
process as SVG (segno) — nothing is fetched from the internet.
"""

from __future__ import annotations

import base64
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def has_device(user: Any) -> bool:
    return bool(
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticDevice.objects.filter(user=user, confirmed=True, token_set__isnull=False).exists()
    )


def verify(user: Any, code: str) -> Any:
    """The device that accepts ``code`` (a TOTP code, or a recovery code — spent), else None.
    Each device throttles its own wrong codes (django-otp)."""
    code = "".join(code.split())
    if not code:
        return None
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True),
               *StaticDevice.objects.filter(user=user, confirmed=True)]  # fmt: skip
    for device in devices:
        if django_otp.verify_token(user, device.persistent_id, code) is not None:
            return device
    return None


def mark_verified(request: Any, device: Any) -> None:
    django_otp.login(request, device)


def kind(device: Any) -> str:
    return "recovery code" if isinstance(device, StaticDevice) else "totp"


def enrolment_device(user: Any) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (made once per enrolment)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it typed in (base32, in groups of four)."""
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def qr_data_url(device: TOTPDevice) -> str:
    """The ``otpauth://`` URL as a QR code: an SVG data URL (the page's CSP allows data:)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def confirm(user: Any, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` with its first code: the new recovery codes, or None if wrong."""
    code = "".join(code.split())
    if not code or not device.verify_token(code):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(user)


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the person's recovery codes with ``RECOVERY_CODES`` new ones (shown once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def reset(user: Any) -> int:
    """Remove every device of ``user`` (an admin's 重置动态口令): enrol again at next login."""
    n = TOTPDevice.objects.filter(user=user).delete()[0]
    return n + StaticDevice.objects.filter(user=user).delete()[0]
