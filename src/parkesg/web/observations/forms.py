"""Observation form: the field list comes from the catalogue for the user's own kind of
entity; the entity is always the user's organisation (never chosen from the request)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parkesg.web.collection.models import EvidenceFile
from parkesg.web.core.roles import Action
from parkesg.web.observations.models import Observation
from parkesg.web.observations.services import fields_for_entity


class ObservationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Observation
        fields = ["year", "field_id", "value", "category", "unit", "source", "evidence"]
        fields += ["evidence_file"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.instance.organisation = user.organisation
        org = self.instance.organisation if self.instance.organisation_id else None
        fields = fields_for_entity(org) if org is not None else []
        self.fields["field_id"] = forms.ChoiceField(
            label=_("字段"),
            choices=[(f.id, f"{f.name.zh}（{f.unit}）· {f.id}") for f in fields],
        )
        own = EvidenceFile.objects.for_user(user, Action.view).filter(organisation=org)
        self.fields["evidence_file"].queryset = own if org is not None else own.none()  # type: ignore[attr-defined]
        if not self.instance._state.adding:  # the key of an observation does not change
            self.fields["year"].disabled = self.fields["field_id"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, field_id = data.get("year"), data.get("field_id")
        if not (self.instance.organisation_id and year and field_id):
            return data
        taken = Observation.objects.filter(
            organisation_id=self.instance.organisation_id, year=year, field_id=field_id
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("该年份此字段已有数据，请修改已有记录 / already recorded")
        return data
