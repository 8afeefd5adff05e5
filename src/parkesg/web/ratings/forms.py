"""Forms of ratings: dropdowns offer only what the user may see (``for_user``) and choices
carry their label in the reader's language (``core.vocab``); owners are set by the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from parkesg.web.core import vocab
from parkesg.web.core.roles import Action
from parkesg.web.orgs.models import Organisation, OrgKind, User
from parkesg.web.ratings.models import (
    BenchmarkTable,
    CommitteeMember,
    Evaluator,
    RatingBody,
    RatingProject,
    ReferenceTable,
)

DATE = forms.DateInput(attrs={"type": "date"})


def labelled(form: forms.BaseForm, names: dict[str, str]) -> None:
    """Choice fields labelled from their vocabulary (field → vocabulary name)."""
    for name, words in names.items():
        if name in form.fields:
            cast(forms.ChoiceField, form.fields[name]).choices = vocab.get(words).choices()


class ProjectForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RatingProject
        fields = ["title", "rating_type", "purpose", "scope", "commissioned_by", "year",
                  "segments", "missing_rule", "small_peers", "peer_basis", "reference",
                  "comprehensive", "starts_on", "data_due", "onsite_due", "reconfirm_deadline",
                  "report_due", "publish_planned_on", "notice_days", "certificate_months"]  # fmt: skip
        widgets = {f: DATE for f in ("starts_on", "data_due", "onsite_due", "reconfirm_deadline",
                                     "report_due", "publish_planned_on")}  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labelled(self, {"rating_type": "rating_type", "segments": "segment_model",
                        "missing_rule": "missing_rule", "small_peers": "small_peers",
                        "peer_basis": "peer_basis"})  # fmt: skip
        banks = Organisation.objects.filter(kind=OrgKind.bank).order_by("name")
        cast(forms.ModelChoiceField, self.fields["commissioned_by"]).queryset = banks  # type: ignore[type-arg]
        refs = ReferenceTable.objects.for_user(user, Action.view).filter(
            organisation_id=user.organisation_id
        )
        cast(forms.ModelChoiceField, self.fields["reference"]).queryset = refs  # type: ignore[type-arg]


class BodyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RatingBody
        fields = ["independent", "legal_person", "legal_basis", "description"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


def _own_people(user: Any) -> Any:
    return (
        User.objects.for_user(user, Action.view)
        .filter(organisation_id=user.organisation_id, is_active=True)
        .order_by("username")
    )


class EvaluatorForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Evaluator
        fields = ["user", "full_time", "experience_years", "competence", "knowledge",
                  "integrity_pledged_on", "confidentiality_pledged_on", "confidentiality_ref",
                  "active"]  # fmt: skip
        widgets = {"integrity_pledged_on": DATE, "confidentiality_pledged_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = _own_people(user)  # type: ignore[type-arg]


class CommitteeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CommitteeMember
        fields = ["user", "role", "appointed_on", "ends_on"]
        widgets = {"appointed_on": DATE, "ends_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labelled(self, {"role": "committee_role"})
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = _own_people(user)  # type: ignore[type-arg]


class BenchmarkForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200)
    standard = forms.CharField(label=_("标准编号"), max_length=100,
                               help_text=_("如 GB 21256—2013（国家、行业、地方或团体标准，6.9 c）"))  # fmt: skip
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
    file = forms.FileField(label=_("CSV 文件"),
                           help_text=_("列：industry（行业代码前缀）、indicator_id、level、bound、score"))  # fmt: skip


class ReferenceForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200)
    file = forms.FileField(label=_("CSV 文件"),
                           help_text=_("parkesg rate --peers-out 写出的同业参照表"))  # fmt: skip


class QualityDocumentForm(forms.Form):
    title = forms.CharField(label=_("文件名称"), max_length=200)
    number = forms.CharField(label=_("文件编号"), max_length=80)
    file = forms.FileField(label=_("文件"))


class BenchmarkChoiceForm(forms.Form):
    tables = forms.ModelMultipleChoiceField(label=_("对标标准表（6.9 c）"), required=False,
                                            queryset=BenchmarkTable.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = BenchmarkTable.objects.for_user(user, Action.view).filter(
            organisation_id=user.organisation_id
        )
        cast(forms.ModelMultipleChoiceField, self.fields["tables"]).queryset = qs  # type: ignore[type-arg]
