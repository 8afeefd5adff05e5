"""The one way a page runs a service: POST only, the service's ValidationError shown as
messages on the page it came from, success said in one line. Views stay thin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from parkesg.errors import ParkesgError
from parkesg.web.collection.evidence import max_bytes, read_upload


def back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return redirect(target if target and safe else default)


def problems(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def run(request: HttpRequest, fn: Callable[[], Any], *, done: str, default: str) -> HttpResponse:
    """Call ``fn`` (a service call); every problem it reports becomes a message."""
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
    return read_upload(f, max_bytes()), f.name or ""


def uploads(request: HttpRequest, name: str = "files") -> list[tuple[bytes, str]]:
    return [(read_upload(f, max_bytes()), f.name or "") for f in request.FILES.getlist(name)]
