"""Forms of the city registers: the evidence dropdown narrowed to the government's own files
(``for_user``), choices labelled from the vocabularies, dates as date pickers, the district
pre-filled with the government's own region."""

from __future__ import annotations

from typing import Any

from django import forms

from parkesg.web.city import models as m
from parkesg.web.city.targets import target_choices
from parkesg.web.collection.models import EvidenceFile
from parkesg.web.core import vocab
from parkesg.web.core.roles import Action

COMMON = ["district", "year", "source", "evidence_file", "note"]


class CityForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_id = getattr(user, "organisation_id", None)
        if self.instance._state.adding and org_id and not self.initial.get("district"):
            self.initial["district"] = user.organisation.region
        self.fields["evidence_file"].queryset = EvidenceFile.objects.for_user(  # type: ignore[attr-defined]
            user, Action.view
        ).filter(organisation_id=org_id)
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                choices = list(field.choices)  # type: ignore[arg-type]
                words = vocab.for_choices(str(v) for v, _l in choices if v not in ("", None))
                if words is not None:
                    field.choices = [(v, words.label(v) if v not in ("", None) else lbl)
                                     for v, lbl in choices]  # fmt: skip
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _form(model: type, fields: list[str]) -> type[CityForm]:
    meta = type("Meta", (), {"model": model, "fields": [*fields, *COMMON]})
    return type(f"{model.__name__}Form", (CityForm,), {"Meta": meta})


PILOT = _form(m.Pilot, ["name", "kind", "level", "status", "recognised_on"])
INSTITUTION = _form(m.ServiceInstitution, ["name", "credit_code", "kind", "origin"])
STANDARD = _form(m.EsgStandard, ["title", "code", "level", "role", "status", "units"])
PROJECTS = _form(m.EsgProjects, ["count"])
TALENTS = _form(m.EsgTalents, ["count"])
OFFICER = _form(m.CarbonOfficer, ["person", "enterprise", "certified_by", "certified_on"])


class ReadingForm(_form(m.TargetReading, ["target", "value"])):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"] = forms.ChoiceField(label=m.TargetReading._meta.get_field(
            "target").verbose_name, choices=target_choices())  # fmt: skip
