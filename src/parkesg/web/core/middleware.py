"""Request-wide settings: a request id for the audit log, and the language.

Chinese is the language unless the user chose English with the language menu (a cookie):
the browser's Accept-Language is not consulted, so a government PC with an English browser
still shows the Chinese platform.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

Handler = Callable[[HttpRequest], HttpResponse]


class RequestIdMiddleware:
    """``request.request_id`` (also sent back as ``X-Request-ID``) ties audit records of one
    request together."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = uuid.uuid4().hex  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response


class LanguageMiddleware:
    """Activate the chosen language (cookie set by ``/i18n/setlang/``) or the default."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if lang not in self.languages:
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        patch_vary_headers(response, ("Cookie",))
        return response


class SessionRefreshMiddleware:
    """The idle timeout slides with use, like ``SESSION_SAVE_EVERY_REQUEST``, but the session
    is written at most once a minute: a write per page view would serialise every reader on
    the database (SQLite's one writer) for a timeout that needs no finer step."""

    STEP = 60  # seconds

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key is not None:
            now = int(time.time())
            if now - int(session.get("_refreshed", 0)) >= self.STEP:
                session["_refreshed"] = now  # modified: saved, expiry pushed 30 minutes ahead
        return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page and API answer (they carry data a shared or
    back-button cache must not keep); static files (WhiteNoise, earlier) keep theirs."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
