"""The run form: framework, entity (only those whose data the user may view), years, and the
optional indicators where the framework allows a selection (T/CPPC 附件1)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parkesg.web.assessments import services
from parkesg.web.core import vocab
from parkesg.web.core.objects import object_id
from parkesg.web.orgs.models import OrgKind

FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_YEARS = 10


def parse_years(text: str) -> list[int]:
    """“2021,2022,2023”, “2021-2023” or “2021 2023” → years; blank → [] (the defaults)."""
    years: set[int] = set()
    for part in re.split(r"[,，、;；\s]+", text.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})(?:\s*[-—~至]\s*(\d{4}))?", part)
        if not m:
            raise forms.ValidationError(f"无法识别的年份 “{part}”：请写如 2023 或 2021-2023")
        first, last = int(m[1]), int(m[2] or m[1])
        if not (FIRST_YEAR <= first <= last <= LAST_YEAR) or last - first >= MAX_YEARS:
            raise forms.ValidationError(f"年份 “{part}” 应在 {FIRST_YEAR}—{LAST_YEAR} 之间")
        years.update(range(first, last + 1))
    if len(years) > MAX_YEARS:
        raise forms.ValidationError(f"一次最多评价 {MAX_YEARS} 个年份")
    return sorted(years)


class AssessmentForm(forms.Form):
    """Entity first; the frameworks offered are those fitting its kind (park or enterprise),
    and the optional indicators appear only for a framework that has a selection rule."""

    entity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("评价对象"),
        queryset=None,  # type: ignore[arg-type]  # set per user in __init__
    )
    framework = forms.ChoiceField(
        label=_("评价体系"),
        error_messages={"invalid_choice": _("该评价体系不适用于所选评价对象（园区或企业）")},
    )
    years = forms.CharField(
        label=_("评价年份"), required=False,
        help_text=_("留空按评价体系默认：北京绿色诊断取最近 3 年，其余取最近 1 年；"
                    "可写 2023 或 2021-2023"),
    )  # fmt: skip
    indicators = forms.MultipleChoiceField(
        label=_("可选指标（T/CPPC 附件1：每组至少选 1 项，共不少于 19 项）"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不勾选则纳入全部指标；必选指标总是纳入"),
    )  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entities = services.entities_for(user)
        entity_field: Any = self.fields["entity"]
        entity_field.queryset = entities
        entity_field.label_from_instance = lambda o: (
            f"{o.name}（{vocab.label('org_kind', o.kind)}）"
        )
        entity = self._chosen_entity(entities)
        if entity is None and len(entities) == 1:
            entity = entities[0]
            self.initial["entity"] = entity.pk
        fws = services.frameworks_for(entity) if entity is not None else services.frameworks()
        kinds = {k for k in (services.ENTITY_KINDS.get(OrgKind(o.kind)) for o in entities) if k}
        fws = [fw for fw in fws if fw.entity_kind in kinds]
        fw_field: Any = self.fields["framework"]
        fw_field.choices = [(fw.id, f"{fw.source.code} {fw.title.zh}") for fw in fws]
        chosen = self.data.get("framework") or self.initial.get("framework")
        fw = next((f for f in fws if f.id == chosen), fws[0] if len(fws) == 1 else None)
        optional = services.optional_indicators(fw) if fw is not None else []
        if optional:
            opt: Any = self.fields["indicators"]
            opt.choices = optional
        else:
            del self.fields["indicators"]
        self.entity, self.fw = entity, fw

    def _chosen_entity(self, entities: Any) -> Any:
        raw = self.data.get("entity") or self.initial.get("entity")
        key = object_id(raw)
        return entities.filter(pk=key).first() if key is not None else None

    def clean_years(self) -> list[int]:
        return parse_years(self.cleaned_data.get("years") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("indicators", [])
        return data
