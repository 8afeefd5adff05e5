"""The city's pages: the target dashboard and the evidence upload of a register entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from parkesg.errors import DataError
from parkesg.web.city import dashboard, services
from parkesg.web.city.models import TargetReading
from parkesg.web.city.registers import REGISTERS, government
from parkesg.web.core import policy
from parkesg.web.core.objects import deny
from parkesg.web.core.roles import Action


@policy.member()
@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The 2027 targets of the government's region (governments only: 404 for others)."""
    if not government(request.user):
        deny(request.user, TargetReading, "dashboard", Action.view, request)
        raise Http404
    ctx = dashboard.context(request.user)
    return render(request, "city/dashboard.html", ctx)


def attach_view(model: Any) -> Callable[..., HttpResponse]:
    """POST a file (field ``file``) to the entry ``pk``: checked by the evidence store's own
    checks first — a refused file answers 422 with its reason, audited, nothing kept."""
    name = model._meta.model_name

    @policy.obj(model, Action.change, upload="file")
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        uploaded = request.FILES.get("file")
        if request.method != "POST" or uploaded is None:
            if request.method == "POST":
                messages.error(request, _("请选择文件"))
            return redirect(f"{name}_detail", pk=pk)
        try:
            services.attach_evidence(actor=request.user, model=model, pk=pk, uploaded=uploaded,
                                     request=request)  # fmt: skip
        except DataError as exc:
            return HttpResponse(f"<p>证明材料被拒收：{exc.detail}</p>", status=422)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{name}_detail", pk=pk)

    view.__name__ = f"{name}_attach_view"
    return view


ATTACH = {name: attach_view(ov.model) for name, ov in REGISTERS.items()}
