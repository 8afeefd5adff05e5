"""Forms: dropdowns offer only what the user may see (``for_user``); owners are set here, not
taken from the request."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.roles import ROLE_LABELS, Action, Role
from parkesg.web.orgs.models import AccessGrant, GrantKind, Organisation, OrgKind
from parkesg.web.orgs.services import find_grantee


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ["name", "name_en", "kind", "region", "park", "credit_code", "industry",
                  "stock_code"]  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parks = Organisation.objects.for_user(user, Action.view).filter(kind=OrgKind.park)
        cast("forms.ModelChoiceField[Organisation]", self.fields["park"]).queryset = parks
        if not user.is_superuser:  # an admin cannot change what or who it is, nor its listing
            for name in ("kind", "park", "credit_code", "stock_code"):
                self.fields[name].disabled = True


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    role = forms.ChoiceField(label=_("角色"), choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    organisation = forms.ModelChoiceField(label=_("所属组织"), queryset=Organisation.objects.none())
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.staff_duty == "system":  # the platform operator: an organisation's first admin
            from parkesg.web.orgs.accounts import orgs_without_admin

            managed = orgs_without_admin()
            role = cast("forms.ChoiceField", self.fields["role"])
            role.choices = [(Role.admin.value, ROLE_LABELS[Role.admin])]
            self.fields["organisation"].help_text = _("仅列出尚无管理员的组织")
        else:
            managed = Organisation.objects.for_user(user, Action.manage)
        cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"]).queryset = managed

    def clean_password(self) -> str:
        pw = self.cleaned_data["password"]
        validate_password(pw)
        return pw


class UserChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    is_active = forms.BooleanField(label=_("启用"), required=False)


class GrantForm(forms.ModelForm):  # type: ignore[type-arg]
    grantee_code = forms.CharField(
        label=_("被授权方统一社会信用代码"),
        required=False,
        help_text=_("向所在园区共享时不填 / leave empty to share with your park"),
    )
    grantee_name = forms.CharField(
        label=_("被授权方全称"),
        required=False,
        max_length=200,
        help_text=_("与统一社会信用代码登记的名称一致；向所在园区共享时不填"),
    )

    class Meta:
        model = AccessGrant
        fields = ["kind", "starts_on", "ends_on", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = user.organisation
        self.instance.created_by = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if isinstance(kind, str) and kind in GrantKind.values and self.instance.organisation_id:
            self.instance.grantee = find_grantee(
                kind=kind, owner=self.instance.organisation,
                credit_code=data.get("grantee_code", ""), name=data.get("grantee_name", ""),
            )  # fmt: skip
        return data
