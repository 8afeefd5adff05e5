"""Logging filters: an ordinary refusal (403) or a page not found (404) is one line in the
server log, never a traceback; server errors (5xx) keep theirs."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
