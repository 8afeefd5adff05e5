"""The demo's public second factor (no Django needed: ``parkesg platform-demo --otp-code``)."""

from __future__ import annotations

# One public TOTP key for every demo admin and staff account (they need a second factor):
# add it to an authenticator app (base32 below), or print the current code with
# ``parkesg platform-demo --otp-code``. Public like the password: a demo, never production.
DEMO_TOTP_KEY = b"parkesg-demo-totp-20".hex()


def demo_totp_secret() -> str:
    """The key as an authenticator app takes it (base32)."""
    import base64

    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def demo_totp_code(at: float | None = None, *, step_offset: int = 0) -> str:
    """The demo key's 6 digits now (or at the Unix time ``at``), ``step_offset`` steps of 30 s
    later (the server accepts the previous, current and next step, each once)."""
    import time

    from django_otp.oath import hotp

    t = int((time.time() if at is None else at) // 30) + step_offset
    return f"{hotp(bytes.fromhex(DEMO_TOTP_KEY), t, digits=6):06d}"
