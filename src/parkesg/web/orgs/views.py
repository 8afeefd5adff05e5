"""Organisation, people and grant pages: generic views registered per model plus the few
actions (log in, record a pledge, revoke) that are not plain edits."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from parkesg.web.core import policy
from parkesg.web.core.filters import Filter, FilterSet
from parkesg.web.core.objects import deny
from parkesg.web.core.roles import Action
from parkesg.web.core.views import ObjectViews
from parkesg.web.orgs import login as login_service
from parkesg.web.orgs import services
from parkesg.web.orgs.forms import GrantForm, OrganisationForm, UserChangeForm, UserCreateForm
from parkesg.web.orgs.models import AccessGrant, Organisation, OrgKind, User


def _save_org(*, actor: Any, obj: Organisation, request: Any) -> Organisation:
    return services.save_organisation(actor=actor, org=obj, request=request)


def _save_grant(*, actor: Any, obj: AccessGrant, request: Any) -> AccessGrant:
    return services.create_grant(actor=actor, grant=obj, request=request)


ORG_FILTERS = FilterSet(
    {
        "kind": Filter("kind", _("类型"), str, lambda u: list(OrgKind.choices)),
        "region": Filter("region__startswith", _("行政区划代码"), str),
    }
)
ORGANISATIONS = ObjectViews(
    Organisation, ["name", "kind", "region", "park"], search=["name", "name_en", "credit_code"],
    filterset=ORG_FILTERS,
    form=OrganisationForm, save=_save_org, add_action="superuser", edit_action=Action.manage,
)  # fmt: skip
GRANTS = ObjectViews(
    AccessGrant, ["kind", "organisation", "grantee", "starts_on", "ends_on", "pledge_recorded_at",
                  "revoked_at"],
    form=GrantForm, save=_save_grant, add_action=Action.manage, edit_action="never",
)  # fmt: skip
PEOPLE = ObjectViews(User, ["username", "first_name", "organisation", "role", "is_active"],
                     search=["username", "first_name"], add_action=Action.manage,
                     edit_action=Action.manage, custom_edit=True)  # fmt: skip


@policy.public
def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            login_service.log_in(
                request,
                username=request.POST.get("username", "")[:150],
                password=request.POST.get("password", ""),
            )
        except login_service.LoginRefused as exc:
            error = str(exc)
        else:
            target = request.POST.get("next") or request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            return redirect(target if safe and target else "home")
    return render(request, "orgs/login.html", {"error": error}, status=401 if error else 200)


@policy.public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    login_service.log_out(request)
    return redirect("login")


@policy.member(Action.manage)
@login_required
def user_add_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (user.is_superuser or PEOPLE.queryset(user, Action.manage).exists()):
        deny(user, User, "", Action.manage, request)
        raise PermissionDenied
    form = UserCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            new = services.create_user(
                actor=user, organisation=d["organisation"], username=d["username"],
                password=d["password"], role=d["role"], full_name=d["full_name"],
                email=d["email"], request=request,
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("user_detail", pk=new.pk)
    return render(request, "core/object_form.html", {"form": form, "meta": User._meta})


@policy.obj(User, Action.manage)
@login_required
def user_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    from parkesg.web.core.objects import get_for_user

    target = get_for_user(User, request.user, Action.manage, pk, request=request)
    initial = {"role": target.role, "is_active": target.is_active}
    form = UserChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.change_user(actor=request.user, user_id=pk, request=request,
                             **form.cleaned_data)  # fmt: skip
        return redirect("user_detail", pk=pk)
    return render(request, "core/object_form.html", {"form": form, "meta": User._meta,
                                                      "obj": target})  # fmt: skip


@policy.obj(AccessGrant, Action.manage)
@login_required
@require_POST
def grant_pledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    ref = request.POST.get("reference", "").strip()[:100]
    try:
        services.record_pledge(actor=request.user, grant_id=pk, reference=ref, request=request)
    except ValidationError:
        pass  # not an engagement: nothing to record; the page shows the grant as it is
    return redirect("accessgrant_detail", pk=pk)


@policy.obj(AccessGrant, Action.manage)
@login_required
@require_POST
def grant_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    services.revoke_grant(actor=request.user, grant_id=pk, request=request)
    return redirect("accessgrant_detail", pk=pk)
