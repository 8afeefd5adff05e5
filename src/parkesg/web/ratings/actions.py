"""The one way a page runs a service: POST only, the service's ValidationError shown as
messages on the page it came from, success said in one line. Views stay thin. Files the
request carries are checked before the service runs (``uploads``): a refused file answers
422 with its reason, audited, and nothing runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from parkesg.errors import DataError, ParkesgError
from parkesg.web.collection.evidence import max_bytes, read_upload
from parkesg.web.ratings import uploads as checked


def back(request: HttpRequest, default: str) -> HttpResponse:
    return redirect(_safe_back(request, default))


def problems(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def _safe_back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if target and safe else default


def refuse_file(request: HttpRequest, exc: DataError, default: str) -> HttpResponse:
    """A refused file: 422, its reason and the way back (nothing was kept)."""
    ctx = {"reason": exc.detail, "back": _safe_back(request, default)}
    return render(request, "ratings/refused.html", ctx, status=422)


def run(request: HttpRequest, fn: Callable[[], Any], *, done: str, default: str) -> HttpResponse:
    """Call ``fn`` (a service call); every problem it reports becomes a message. Every file
    the request carries is checked first (``uploads.screen``): a refused one answers 422
    (``refuse_file``, audited) and ``fn`` is not called."""
    try:
        checked.screen(request, checked.all_files(request))
    except DataError as exc:
        return refuse_file(request, exc, default)
    try:
        fn()
    except ValidationError as exc:
        for p in problems(exc):
            messages.error(request, p)
    except ParkesgError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return back(request, default)


def upload(request: HttpRequest, name: str = "file") -> tuple[bytes, str] | None:
    """The bytes and name of an uploaded file (size-checked), or None when none was sent."""
    f = request.FILES.get(name)
    if f is None:
        return None
    return _read(f), f.name or ""


def uploads(request: HttpRequest, name: str = "files") -> list[tuple[bytes, str]]:
    return [(_read(f), f.name or "") for f in request.FILES.getlist(name)]


def _read(f: Any) -> bytes:
    f.seek(0)  # ``run`` has read it once to check it
    return read_upload(f, max_bytes())
