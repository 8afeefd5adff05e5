"""Organisation, people and grant pages: generic views registered per model plus the few
actions (log in, record a pledge, revoke) that are not plain edits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parkesg.web.audit import services as audit
from parkesg.web.audit.models import AuditAction
from parkesg.web.core import policy
from parkesg.web.core.filters import Filter, FilterSet
from parkesg.web.core.objects import deny
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.core.views import ObjectViews
from parkesg.web.orgs import accounts, otp, services
from parkesg.web.orgs import login as login_service
from parkesg.web.orgs.forms import GrantForm, OrganisationForm, UserChangeForm, UserCreateForm
from parkesg.web.orgs.models import AccessGrant, Organisation, OrgKind, User


def _save_org(*, actor: Any, obj: Organisation, request: Any) -> Organisation:
    return services.save_organisation(actor=actor, org=obj, request=request)


def _save_grant(*, actor: Any, obj: AccessGrant, request: Any) -> AccessGrant:
    return services.create_grant(actor=actor, grant=obj, request=request)


ORG_FILTERS = FilterSet(
    {
        "kind": Filter("kind", gettext_lazy("类型"), str, lambda u: list(OrgKind.choices)),
        "region": Filter("region__startswith", gettext_lazy("行政区划代码"), str),
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


def _person(request: HttpRequest, obj: User) -> dict[str, Any]:
    """For those who manage the account: where it is locked from, whether it has a second
    factor; the actions are theirs unless it is their own account."""
    manages = PEOPLE.may(request.user, Action.manage, obj) and obj.pk != request.user.pk
    if not manages:
        return {"manages": False}
    from parkesg.web.orgs import throttle

    return {"manages": True, "locked_from": throttle.locked_addresses(obj.username),
            "has_device": otp.has_device(obj)}  # fmt: skip


PEOPLE = ObjectViews(User, ["username", "first_name", "organisation", "role", "duty", "is_active"],
                     search=["username", "first_name"], add_action=Action.manage,
                     edit_action=Action.manage, custom_edit=True,
                     detail_context=_person)  # fmt: skip


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target else ""


@policy.public
def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            login_service.log_in(
                request,
                username=request.POST.get("username", "")[:150],
                password=request.POST.get("password", ""),
                code=request.POST.get("code", "")[:32],
            )
        except login_service.LoginRefused:
            error = str(login_service.REFUSED)
        except login_service.EnrolFirst:
            request.session["parkesg_next"] = _safe_next(request)
            return redirect("otp_enrol")
        else:
            return redirect(_safe_next(request) or "home")
    return render(request, "orgs/login.html", {"error": error}, status=401 if error else 200)


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes' answer while an account + address or an address is locked: the login
    page with the same message as any other refusal (``AXES_LOCKOUT_CALLABLE``)."""
    error = str(login_service.REFUSED)
    return render(request, "orgs/login.html", {"error": error}, status=401)


@policy.public  # the person whose password was just checked (session), not yet logged in
def otp_enrol_view(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator: QR code and key, then the first code confirms it, logs the
    person in and shows their recovery codes once."""
    user = login_service.pending_enrolment(request)
    if user is None:
        return redirect("login")
    device = otp.enrolment_device(user)
    error = ""
    if request.method == "POST":
        codes = otp.confirm(user, device, request.POST.get("code", "")[:32])
        if codes is None:
            error = _("验证码不正确，请按应用中当前显示的 6 位数字重试")
        else:
            nxt = request.session.pop("parkesg_next", "")
            request.session.pop(login_service.ENROL_KEY, None)
            login_service.finish(request, user, device)
            audit.record(action=AuditAction.otp_enrol, actor=user, request=request,
                         after={"step": "confirmed"})  # fmt: skip
            request.session["parkesg_recovery"] = codes
            request.session["parkesg_next"] = nxt
            return redirect("recovery_codes")
    ctx = {"qr": otp.qr_data_url(device), "secret": otp.secret_text(device), "error": error,
           "who": user.get_username()}  # fmt: skip
    return render(request, "orgs/otp_enrol.html", ctx, status=422 if error else 200)


@policy.signed_in
@login_required
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown once (POST makes a new set and shows it)."""
    if request.method == "POST":
        if not request.user.is_verified():  # type: ignore[union-attr]
            raise PermissionDenied
        request.session["parkesg_recovery"] = otp.new_recovery_codes(request.user)
        audit.record(action=AuditAction.otp_enrol, actor=request.user, request=request,
                     after={"step": "new recovery codes"})  # fmt: skip
        return redirect("recovery_codes")
    codes = request.session.pop("parkesg_recovery", None)
    nxt = request.session.pop("parkesg_next", "") or "home"
    return render(request, "orgs/recovery_codes.html", {"codes": codes, "next": nxt})


@policy.signed_in
@login_required
def password_view(request: HttpRequest) -> HttpResponse:
    """Change one's own password (the old one, then the new one twice, by the rules)."""
    form = PasswordChangeForm(request.user, request.POST or None)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        accounts.change_password(user=form.user, new=form.cleaned_data["new_password1"],
                                 request=request)  # fmt: skip
        update_session_auth_hash(request, form.user)
        messages.success(request, _("密码已修改"))
        return redirect("account")
    return render(request, "orgs/password.html", {"form": form})


@policy.signed_in
@login_required
def account_view(request: HttpRequest) -> HttpResponse:
    """My account: password, second factor, recovery codes left."""
    from django_otp.plugins.otp_static.models import StaticToken

    user: Any = request.user
    left = StaticToken.objects.filter(device__user=user).count()
    ctx = {"has_device": otp.has_device(user), "recovery_left": left,
           "required": user.needs_second_factor}  # fmt: skip
    return render(request, "orgs/account.html", ctx)


def _account_action(request: HttpRequest, pk: int, step: Any, done: Any) -> HttpResponse:
    result = step(actor=request.user, user_id=pk, request=request)
    if isinstance(result, str):  # a temporary password: shown once to the admin
        messages.success(request, f"{done}{result}")
    else:
        messages.success(request, done)
    return redirect("user_detail", pk=pk)


@policy.obj(User, Action.manage)
@login_required
@require_POST
def user_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("已重置密码，请将临时密码当面交给本人（首次登录须修改）：")
    return _account_action(request, pk, accounts.reset_password, done)


@policy.obj(User, Action.manage)
@login_required
@require_POST
def user_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(request, pk, accounts.unlock, _("已解锁"))


@policy.obj(User, Action.manage)
@login_required
@require_POST
def user_otp_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("已重置动态口令：下次登录时重新绑定")
    return _account_action(request, pk, accounts.reset_second_factor, done)


@policy.public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    login_service.log_out(request)
    return redirect("login")


@policy.member(Action.manage)  # and the system administrator: an organisation's first admin
@login_required
def user_add_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    first_admin = user.staff_duty == "system"  # an organisation's first admin only
    admin = user.organisation_id is not None and role_allows(user.role, Action.manage)
    if not (first_admin or admin):
        deny(user, User, "", Action.manage, request)
        raise PermissionDenied
    form = UserCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if first_admin:
                new = accounts.create_first_admin(
                    actor=user, organisation=d["organisation"], username=d["username"],
                    password=d["password"], full_name=d["full_name"], email=d["email"],
                    request=request,
                )  # fmt: skip
            else:
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
