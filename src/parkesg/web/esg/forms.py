"""Forms of the registers: one base that narrows every dropdown to the user's own park
committee (``for_user``), labels choices from the vocabularies in the reader's language and
hands many-to-many choices to the save service; one small form per register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core import vocab
from parkesg.web.core.roles import Action
from parkesg.web.core.tenancy import TenantModel
from parkesg.web.documents.models import Document
from parkesg.web.esg import enums, kpis
from parkesg.web.esg import models as m
from parkesg.web.esg.services.records import PENDING_M2M
from parkesg.web.orgs.models import Organisation, OrgKind, User


def _relabel(field: forms.Field) -> None:
    choices = list(getattr(field, "choices", []) or [])
    words = vocab.for_choices(str(v) for v, _l in choices if v not in ("", None))
    if words is not None:
        field.choices = [(v, words.label(v) if v not in ("", None) else lbl)  # type: ignore[attr-defined]
                         for v, lbl in choices]  # fmt: skip


class EsgForm(forms.ModelForm):  # type: ignore[type-arg]
    """Base: ``user`` narrows the choices; dates are date pickers; text areas stay short."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        org_id = getattr(user, "organisation_id", None)
        if self.instance._state.adding and org_id:
            self.instance.organisation = user.organisation
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = self.narrow(field.queryset.model, org_id)  # type: ignore[union-attr]
            elif isinstance(field, forms.ChoiceField):
                _relabel(field)
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3

    def narrow(self, model: type[models.Model], org_id: int | None) -> Any:
        if model is User:
            return User.objects.filter(organisation_id=org_id, is_active=True).order_by("username")
        if model is Organisation:  # the park's own enterprises (supervised units)
            return (Organisation.objects.for_user(self.user, Action.view)
                    .filter(park_id=org_id, kind=OrgKind.enterprise))  # fmt: skip
        if issubclass(model, TenantModel):
            return model.objects.for_user(self.user, Action.view).filter(organisation_id=org_id)  # type: ignore[attr-defined]
        return model._default_manager.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        m2m = {f.name: data[f.name] for f in self._meta.model._meta.many_to_many
               if f.name in self.fields and f.name in data}  # fmt: skip
        setattr(self.instance, PENDING_M2M, m2m)
        return data


def form_for(model: type[models.Model], names: list[str], base: type[EsgForm] = EsgForm) -> Any:
    meta = type("Meta", (), {"model": model, "fields": names})
    return type(f"{model.__name__}Form", (base,), {"Meta": meta})


ISSUE = form_for(m.ContextIssue, ["kind", "domain", "title", "description", "effect",
                                  "identified_on", "active"])  # fmt: skip
PARTY = form_for(m.InterestedParty, ["name", "category", "needs", "addressed", "how_addressed",
                                     "engagement", "contact"])  # fmt: skip
PURPOSE = form_for(m.PurposeChoice, ["purpose", "chosen", "rationale", "reviewed_on"])
DOMAIN = form_for(m.DomainQuestion, ["domain", "purpose", "question", "answer", "answered_on"])
DEPARTMENT = form_for(m.EsgDepartment, ["name", "kind", "area", "head", "duties"])


class MemberForm(EsgForm):
    class Meta:
        model = m.GroupMember
        fields = ["user", "name", "position", "group_role", "department", "internal_auditor",
                  "duties", "appointed_on"]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("group_role") == "leader":
            if data.get("position") not in enums.LEADER_POSITIONS:
                self.add_error(
                    "position", _("组长应由管委会主任或运营机构最高管理者担任（T/ESC 001 5.1）")
                )
            others = m.GroupMember.objects.filter(organisation_id=self.user.organisation_id,
                                                  group_role="leader").exclude(pk=self.instance.pk)  # fmt: skip
            if others.exists():
                self.add_error("group_role", _("领导小组已有组长"))
        return data


RISK = form_for(m.RiskOpportunity, ["kind", "category", "title", "description", "purpose",
                                    "timing", "severity", "urgency", "measures", "issues",
                                    "parties", "reviewed_on", "reviewed_with"])  # fmt: skip
CORE_ISSUE = form_for(m.CoreIssue, ["title", "domain", "impact", "purpose_fit", "attention",
                                    "in_jurisdiction", "in_domain", "core", "rationale",
                                    "achievements", "measures", "assessed_on"])  # fmt: skip


class KpiForm(EsgForm):
    class Meta:
        model = m.Kpi
        fields = ["core_issue", "indicator_id", "code", "name", "unit", "direction", "nature"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator_id"] = forms.ChoiceField(
            label=_("表A.1 指标"), required=False,
            choices=[("", _("（园区自定指标，填写下方编号、名称、单位）")), *kpis.choices()],
        )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("indicator_id") and not (data.get("code") and data.get("name")):
            raise forms.ValidationError(_("请选择表A.1 指标，或填写自定指标的编号和名称"))
        if data.get("indicator_id"):
            data["code"] = data["name"] = data["unit"] = ""
        return data


class ReadingForm(EsgForm):
    class Meta:
        model = m.KpiReading
        fields = ["kpi", "year", "value", "source", "evidence", "evidence_file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = self.fields["kpi"].queryset.filter(indicator_id="")  # type: ignore[attr-defined]


class TargetForm(EsgForm):
    class Meta:
        model = m.KpiTarget
        fields = ["kpi", "baseline_year", "baseline_period", "baseline", "policy_review",
                  "collection_method", "target_year", "target", "legal_basis", "actions",
                  "communication", "monitoring", "change_note"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["kpi"].disabled = True
        elif not self.is_bound:
            self.initial.update(self.previous())

    def previous(self) -> dict[str, Any]:
        """A new version starts from the one in force (``?kpi=<id>``)."""
        kpi = self.initial.get("kpi")
        t = (m.KpiTarget.objects.filter(kpi_id=kpi, organisation_id=self.user.organisation_id)
             .order_by("-version").first()) if kpi else None  # fmt: skip
        if t is None:
            return {}
        names = [f for f in self.Meta.fields if f not in ("kpi", "change_note")]
        return {f: getattr(t, f) for f in names}


PROGRAMME = form_for(m.Programme, ["core_issue", "kpis", "name", "content", "department", "owner",
                                   "due", "evaluation_method", "evidence_file"])  # fmt: skip
RESOURCE = form_for(m.EsgResource, ["kind", "description", "amount", "year", "department",
                                    "provided_by"])  # fmt: skip
COMPETENCE = form_for(m.Competence, ["function", "person", "department", "required", "meets",
                                     "basis", "evidence_file"])  # fmt: skip
TRAINING = form_for(m.TrainingRecord, ["title", "held_on", "audience", "participants", "hours",
                                       "trainer", "content", "evidence_file"])  # fmt: skip
AWARENESS = form_for(m.AwarenessActivity, ["title", "held_on", "audience", "channel",
                                           "importance", "objectives", "contribution",
                                           "consequences", "reached", "evidence_file"])  # fmt: skip
COMM_PLAN = form_for(m.CommunicationPlan, ["topic", "timing", "audience", "channel", "direction",
                                           "department"])  # fmt: skip


class CommRecordForm(EsgForm):
    class Meta:
        model = m.CommunicationRecord
        fields = ["plan", "held_on", "direction", "audience", "channel", "summary", "document",
                  "evidence_file"]  # fmt: skip

    def narrow(self, model: type[models.Model], org_id: int | None) -> Any:
        qs = super().narrow(model, org_id)
        return qs.exclude(status="draft") if model is Document else qs


OPERATION = form_for(m.OperationCheck, ["item_kind", "item", "core_issues", "kpis", "checked_on",
                                        "department", "verdict", "finding", "follow_up",
                                        "evidence_file"])  # fmt: skip
MONITORING = form_for(m.MonitoringItem, ["subject", "scope", "kpi", "method", "timing",
                                         "analysis", "source", "department"])  # fmt: skip
SATISFACTION = form_for(m.SatisfactionSurvey, ["party", "surveyed_on", "method", "respondents",
                                               "score", "summary", "evidence_file"])  # fmt: skip
SUPERVISION = form_for(m.SupervisedUnitCheck, ["unit", "unit_name", "requirement", "checked_on",
                                               "verdict", "note", "evidence_file"])  # fmt: skip
REPORT = form_for(m.EsgReport, ["kind", "core_issue", "title", "year", "period", "scope",
                                "basis", "publication", "history", "honours", "outlook"])  # fmt: skip
AUDIT_PROGRAMME = form_for(m.AuditProgramme, ["year", "frequency", "methods", "responsibilities",
                                              "criteria", "scope", "importance", "reporting"])  # fmt: skip


class AuditForm(EsgForm):
    class Meta:
        model = m.InternalAudit
        fields = ["programme", "title", "planned_on", "criteria", "scope", "departments",
                  "auditors", "requirements_met", "plans_effective", "issues_improved",
                  "report_file"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        auditors = self.fields["auditors"]
        auditors.queryset = auditors.queryset.filter(internal_auditor=True)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        audited = {d.pk for d in data.get("departments") or []}
        own = [a.name for a in data.get("auditors") or [] if a.department_id in audited]
        if own:
            self.add_error(
                "auditors", _("审核员不能审核本部门（T/ESC 001 9.2.2 d）：") + "、".join(own)
            )
        return data


class FindingForm(EsgForm):
    class Meta:
        model = m.AuditFinding
        fields = ["audit", "grade", "clause", "department", "description", "evidence"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        audits = self.fields["audit"]
        audits.queryset = audits.queryset.filter(state="fieldwork",  # type: ignore[attr-defined]
                                                 auditors__user_id=self.user.pk)  # fmt: skip


class ReviewForm(EsgForm):
    class Meta:
        model = m.ManagementReview
        fields = ["title", "held_on", "chair", "attendees", "input_a", "input_b", "input_c",
                  "input_d", "input_e", "minutes_file"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chair = self.fields["chair"]
        chair.queryset = chair.queryset.filter(group_role__in=("leader", "deputy"))  # type: ignore[attr-defined]
        if self.instance._state.adding and not self.is_bound and self.user.organisation_id:
            from parkesg.web.esg.services.evaluation import prefill

            self.initial.update(prefill(self.user.organisation))


class NonconformityForm(EsgForm):
    class Meta:
        model = m.Nonconformity
        fields = ["source", "grade", "title", "description", "clause", "department", "raised_on",
                  "correction", "operation_check", "review"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grade = self.fields["grade"]
        grade.choices = [c for c in grade.choices if c[0] != "observation"]  # type: ignore[attr-defined]


class ActionForm(EsgForm):
    class Meta:
        model = m.CorrectiveAction
        fields = ["nonconformity", "description", "owner", "department", "due", "evidence_file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ncs = self.fields["nonconformity"]
        ncs.queryset = ncs.queryset.filter(state__in=("open", "analysed", "actioned"))  # type: ignore[attr-defined]


IMPROVEMENT = form_for(m.ImprovementItem, ["review", "kind", "core_issue", "title", "content",
                                           "department", "due", "state", "result"])  # fmt: skip
