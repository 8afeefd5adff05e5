"""Account rules on every request: a session that needs a second factor and has none is
ended (an admin promoted mid-session logs in again with one); a password reset by an admin
must be changed before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import auth
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

Handler = Callable[[HttpRequest], HttpResponse]


class AccountMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        api = request.path.startswith("/api/")
        if user.needs_second_factor and not user.is_verified():
            auth.logout(request)
            if api:
                return JsonResponse({"detail": "须使用动态口令登录 / second factor required"},
                                    status=401)  # fmt: skip
            return redirect(f"{reverse('login')}?next={request.path}")
        if user.must_change_password:
            allowed = {reverse("password_change"), reverse("logout"), reverse("set_language"),
                       reverse("recovery_codes")}  # the codes just made, shown once  # fmt: skip
            if request.path not in allowed and not request.path.startswith("/static/"):
                if api:
                    return JsonResponse({"detail": "请先修改密码 / change your password first"},
                                        status=403)  # fmt: skip
                return redirect("password_change")
        return self.get_response(request)
