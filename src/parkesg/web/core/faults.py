"""Fault points for the crash tests (``tests/web/test_faults.py``): the server is killed in the
middle of a write, and the database must hold nothing half-written.

``point(name)`` does nothing unless the server was started with ``PARKESG_FAULT_POINT=name``
(never set in production): then it writes ``<data dir>/fault-<name>`` — the test's signal that
the request is inside its transaction — and waits there to be killed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings


def point(name: str) -> None:
    if os.environ.get("PARKESG_FAULT_POINT") != name:
        return
    Path(settings.DATA_DIR, f"fault-{name}").write_text(str(os.getpid()))
    time.sleep(float(os.environ.get("PARKESG_FAULT_SECONDS", "120")))
