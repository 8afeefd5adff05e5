"""The city registers' generic views (``core.views``: ``for_user`` rows, filters, HTMX
partial, Excel / CSV exports, one formatter) and their URL prefixes under ``/city/``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkesg import formatting
from parkesg.codes import region_name
from parkesg.web.city import forms, kinds, services
from parkesg.web.city import models as m
from parkesg.web.core.filters import Filter, FilterSet
from parkesg.web.core.views import ObjectViews
from parkesg.web.orgs.models import OrgKind


def government(user: Any) -> bool:
    org = getattr(user, "organisation", None)
    return org is not None and org.kind == OrgKind.government


def _choices(enum: Any) -> Any:
    return lambda user: list(enum.choices)


def _filters(**extra: Filter) -> FilterSet:
    return FilterSet({"year": Filter("year", _("年份"), kind=int),
                      "district": Filter("district__startswith", _("辖区代码")), **extra})  # fmt: skip


def _detail(request: Any, obj: Any) -> dict[str, Any]:
    name = type(obj)._meta.model_name
    may = REGISTERS[name].may(request.user, "change", obj)
    ef = obj.evidence_file
    return {"attach_url": reverse(f"city:{name}_attach", args=[obj.pk]) if may else "",
            "evidence_url": reverse("collection:evidence-download", args=[ef.pk]) if ef else ""}  # fmt: skip


COMMON_EXPORT = ["district", "year", "source", "evidence_file", "note", "organisation",
                 "updated_at"]  # fmt: skip


def district(o: Any) -> str:
    """The district's name beside its code (GB/T 2260), e.g. 武进区（320412）."""
    name = region_name(o.district)
    return f"{name}（{o.district}）" if name else o.district


def reg(model: Any, columns: list[str], form: Any, extra: list[str], **kw: Any) -> ObjectViews:
    kw["cells"] = {"district": district, **kw.get("cells", {})}
    return ObjectViews(model, columns, form=form, save=services.save_entry, add_if=government,
                       detail_context=_detail, export_columns=[*extra, *COMMON_EXPORT], **kw)  # fmt: skip


def _count(unit: str) -> Any:
    return lambda o: formatting.number(o.count, unit=unit)


PILOTS = reg(m.Pilot, ["name", "kind", "level", "status", "district", "year", "source"],
             forms.PILOT, ["name", "kind", "level", "status", "recognised_on"],
             search=["name", "source"],
             filterset=_filters(kind=Filter("kind", _("类别"), choices=_choices(kinds.PilotKind)),
                                level=Filter("level", _("级别"), choices=_choices(kinds.PilotLevel)),
                                status=Filter("status", _("状态"),
                                              choices=_choices(kinds.PilotStatus))))  # fmt: skip
INSTITUTIONS = reg(m.ServiceInstitution, ["name", "kind", "origin", "district", "year", "source"],
                   forms.INSTITUTION, ["name", "credit_code", "kind", "origin"],
                   search=["name", "credit_code"],
                   filterset=_filters(kind=Filter("kind", _("服务类别"),
                                                  choices=_choices(kinds.InstitutionKind))))  # fmt: skip
STANDARDS = reg(m.EsgStandard, ["title", "code", "level", "role", "status", "year", "source"],
                forms.STANDARD, ["title", "code", "level", "role", "status", "units"],
                search=["title", "code", "units"],
                filterset=_filters(role=Filter("role", _("参与方式"),
                                               choices=_choices(kinds.StandardRole)),
                                   status=Filter("status", _("状态"),
                                                 choices=_choices(kinds.StandardStatus))))  # fmt: skip
PROJECTS = reg(m.EsgProjects, ["year", "district", "count", "source"], forms.PROJECTS, ["count"],
               filterset=_filters(), cells={"count": _count("个")})  # fmt: skip
TALENTS = reg(m.EsgTalents, ["year", "district", "count", "source"], forms.TALENTS, ["count"],
              filterset=_filters(), cells={"count": _count("人")})  # fmt: skip
OFFICERS = reg(m.CarbonOfficer, ["person", "enterprise", "certified_by", "certified_on", "district",
                                 "year"], forms.OFFICER,
               ["person", "enterprise", "certified_by", "certified_on"],
               search=["person", "enterprise"], filterset=_filters())  # fmt: skip
READINGS = reg(m.TargetReading, ["target", "year", "district", "value", "source"],
               forms.ReadingForm, ["target", "value"], filterset=_filters(),
               cells={"value": lambda o: formatting.number(o.value)})  # fmt: skip

# URL prefix → views; the model name → views (the attach pages find theirs here)
BY_PREFIX = {"city/pilots": PILOTS, "city/institutions": INSTITUTIONS,
             "city/standards": STANDARDS, "city/projects": PROJECTS, "city/talents": TALENTS,
             "city/officers": OFFICERS, "city/readings": READINGS}  # fmt: skip
REGISTERS = {ov.name: ov for ov in BY_PREFIX.values()}
