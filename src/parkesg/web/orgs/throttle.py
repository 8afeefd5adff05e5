"""Login throttling on django-axes: its database handler, its records, its reset — with one
limit per lockout parameter instead of one for all.

``settings.AXES_LOCKOUT_PARAMETERS`` lists ``[username, ip_address]`` (an account tried from
one address) and ``ip_address`` (one address, whatever the accounts). Axes compares the
larger failure count with one limit; here the address count is scaled so that the account
from one address is locked after ``LOCKOUT_FAILURES`` and the address after
``LOCKOUT_ADDRESS_FAILURES``. An account is never locked for every address: a stranger who
knows a user name locks only their own address out.
"""

from __future__ import annotations

import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def _count(qs: Any) -> int:
    return qs.aggregate(n=Sum("failures_since_start"))["n"] or 0


class Handler(AxesDatabaseHandler):  # type: ignore[misc]
    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        pair, address = self.get_user_attempts(request, credentials)
        scale = settings.LOCKOUT_FAILURES / settings.LOCKOUT_ADDRESS_FAILURES
        return max(_count(pair), math.floor(_count(address) * scale + 1e-9))

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """A successful login forgets that account's failures from that address only — not
        the address's failures on other accounts (a sprayer's own login must not clear them)."""
        pair = self.filter_user_attempts(request, credentials)[0]
        return int(pair.delete()[0])


def client_address(request: Any) -> str:
    """REMOTE_ADDR, or behind ``PARKESG_PROXY_COUNT`` proxies the address the first of them
    saw (``X-Forwarded-For`` read from the right, never beyond the trusted count)."""
    count = settings.PROXY_COUNT
    if count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count][:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def unlock(username: str) -> int:
    """Forget the failures of ``username`` from every address (an admin's 解锁)."""
    from axes.utils import reset

    return int(reset(username=username) or 0)


def locked_addresses(username: str) -> list[str]:
    """Addresses from which ``username`` is locked now (shown to its admins)."""
    from axes.models import AccessAttempt
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = AccessAttempt.objects.filter(username=username, attempt_time__gte=since,
                                        failures_since_start__gte=settings.LOCKOUT_FAILURES)  # fmt: skip
    return sorted({r.ip_address or "" for r in rows})
