"""Forms of the engagement pages: they narrow every dropdown to what the user may see (parks
that engaged the provider, the park's enterprises, the provider's own people) and label
choices from ``core.vocab`` in the reader's language. Saving is the services' job."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parkesg.engagement import Profile
from parkesg.web.core import vocab
from parkesg.web.core.roles import Action, role_allows
from parkesg.web.engagements import choices as c
from parkesg.web.engagements import records as r
from parkesg.web.engagements import services, targets
from parkesg.web.engagements.models import Engagement
from parkesg.web.engagements.registry import Spec
from parkesg.web.orgs.models import Organisation, OrgKind, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def label_choices(form: forms.BaseForm) -> None:
    """Choice fields labelled from their vocabulary (current language)."""
    for f in form.fields.values():
        choices = getattr(f, "choices", None)
        if choices is None or isinstance(f, forms.ModelChoiceField):
            continue
        values = [v for v, _l in choices if v != ""]
        words = vocab.for_choices(values)
        if words is not None:
            blank = [("", "---------")] if any(v == "" for v, _l in choices) else []
            cast(Any, f).choices = blank + words.choices()


def _f(form: forms.BaseForm, name: str) -> Any:
    """A field with its type's attributes (queryset, choices) for the type checker."""
    return form.fields[name]


def _dates(form: forms.BaseForm) -> None:
    for f in form.fields.values():
        if isinstance(f, forms.DateField):
            f.widget = DATE


class EngagementForm(forms.ModelForm):  # type: ignore[type-arg]
    district_code = forms.CharField(label=_("区级主管部门统一社会信用代码"), max_length=18,
                                    required=False)  # fmt: skip
    district_name = forms.CharField(label=_("区级主管部门名称"), max_length=200, required=False)

    class Meta:
        model = Engagement
        fields = ["kind", "title", "park", "starts_on", "ends_on", "base_year", "scope",
                  "boundary", "enterprises", "depth", "special_topics", "approval_body",
                  "approval_ref", "approval_on", "lead"]  # fmt: skip
        widgets = {"boundary": TEXT, "special_topics": TEXT,
                   "enterprises": forms.CheckboxSelectMultiple}  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parks = services.parks_for(user)
        inst = self.instance
        if inst.pk:
            parks = Organisation.objects.filter(pk=inst.park_id)
            for name in ("kind", "park"):
                self.fields[name].disabled = True
            if inst.district_id:
                self.initial.setdefault("district_code", inst.district.credit_code)
                self.initial.setdefault("district_name", inst.district.name)
        _f(self, "park").queryset = parks
        _f(self, "enterprises").queryset = Organisation.objects.filter(
            kind=OrgKind.enterprise, park__in=parks).order_by("name")  # fmt: skip
        self.fields["enterprises"].required = False
        for name, hint in (("base_year", _("近三年基准的最后一年，如 2023（基准 2021—2023）")),
                           ("depth", _("北京绿色诊断")), ("special_topics", _("北京：专项诊断")),
                           ("approval_body", _("北京：只涉及部分区域时须经批准")),
                           ("lead", _("签核各阶段；不能签核自己提交的阶段")),
                           ("district_code", _("报送对象（北京：区经济和信息化部门）；按代码和全称识别"))):  # fmt: skip
            self.fields[name].help_text = hint
        people = User.objects.for_user(user, Action.view).filter(is_active=True)
        _f(self, "lead").queryset = people.filter(
            pk__in=[u.pk for u in people if role_allows(u.role, Action.change)])  # fmt: skip
        _f(self, "lead").label_from_instance = lambda u: u.get_full_name() or u.get_username()
        label_choices(self)
        _dates(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, name = data.get("district_code", ""), data.get("district_name", "")
        self.instance.district = None
        if code or name:
            try:
                self.instance.district = services.find_district(credit_code=code, name=name)
            except ValidationError as exc:
                for k, v in exc.message_dict.items():
                    self.add_error(k, v)
        return data


def profile_form(data: Any = None, initial: dict[str, Any] | None = None) -> forms.Form:
    """One field per own profile item of ``parkesg.engagement.Profile`` (its Chinese title)."""
    form = forms.Form(data, initial=initial)
    for name in services.PROFILE_FIELDS:
        f = Profile.model_fields[name]
        extra: Any = f.json_schema_extra or {}
        long = extra.get("width", 16) >= 36 or name in (
            "preface", "background", "leadership", "training", "survey", "process", "measures",
            "scope", "history", "honours", "mission", "esg_organisation", "basis")  # fmt: skip
        choices = extra.get("choices") or []
        if choices:
            field: forms.Field = forms.ChoiceField(choices=[("", "—"), *[(x, x) for x in choices]],
                                                   required=False)  # fmt: skip
        else:
            field = forms.CharField(required=False, widget=TEXT if long else forms.TextInput,
                                    max_length=4000)  # fmt: skip
        english = (get_language() or "zh").startswith("en")
        field.label = f"{extra['en']}（{f.title}）" if english else f.title
        field.help_text = extra.get("hint", "")
        form.fields[name] = field
    return form


class RecordForm(forms.ModelForm):  # type: ignore[type-arg]
    """The form of one kind of record (``registry.Spec``); ``late`` leaves only the fields
    still open after the record's stage closed."""

    def __init__(self, *args: Any, engagement: Engagement, user: Any,
                 late: tuple[str, ...] = (), **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        e = engagement
        if late:
            for name in list(self.fields):
                if name not in late:
                    del self.fields[name]
        if "user" in self.fields:
            people = User.objects.for_user(user, Action.view).filter(
                organisation_id=e.organisation_id, is_active=True)  # fmt: skip
            _f(self, "user").queryset = people
        if "enterprise" in self.fields:
            _f(self, "enterprise").queryset = Organisation.objects.filter(
                kind=OrgKind.enterprise, park_id=e.park_id).order_by("name")  # fmt: skip
        if "focus" in self.fields:
            _f(self, "focus").queryset = r.Focus.objects.filter(engagement=e)
        if "option" in self.fields:
            _f(self, "option").queryset = r.Option.objects.filter(engagement=e)
        if "indicator" in self.fields:
            self.fields["indicator"] = forms.ChoiceField(
                label=self.fields["indicator"].label, required=False,
                choices=[("", "—"), *targets.choices()])  # fmt: skip
        if "phase" in self.fields:
            phases = c.CPPC_PHASES if e.is_cppc else (*c.BEIJING_PHASES, c.Phase.follow)
            _f(self, "phase").choices = [(p, c.Phase(p).label) for p in phases]
        if "team" in self.fields and not e.is_cppc:
            _f(self, "team").choices = [(c.Team.diagnosis, c.Team.diagnosis.label)]
        elif "team" in self.fields:
            self.fields["team"].help_text = _(
                "T/CPPC 5.1.2：审核领导小组或审核（工作）小组；同一人在两个小组任职时各记一条"
            )
        if "unit_name" in self.fields:
            self.fields["unit_name"].help_text = _(
                "所在企业尚未在平台登记时，填写企业名称；其他成员填写所在单位"
            )
        for name, f in self.fields.items():
            if isinstance(f.widget, forms.Textarea):
                f.widget.attrs["rows"] = 3
            if name == "text":
                f.widget.attrs["rows"] = 8
        label_choices(self)
        _dates(self)


def record_form(spec: Spec) -> type[RecordForm]:
    return forms.modelform_factory(spec.model, form=RecordForm, fields=list(spec.fields))  # type: ignore[return-value]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("筛选结论"), choices=c.Decision.choices)
    criteria = forms.CharField(label=_("筛选依据（技术、环境、经济可行性）"), max_length=300)
    note = forms.CharField(label=_("筛选说明"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label_choices(self)


class FileForm(forms.Form):
    # an empty file reaches the evidence store, which refuses it with its own message
    file = forms.FileField(label=_("文件（PDF、PNG、JPEG）"), allow_empty_file=True)
    label = forms.CharField(label=_("说明"), max_length=200, required=False)


class WorkbookForm(forms.Form):
    workbook = forms.FileField(label=_("项目信息填报表（.xlsx）"), allow_empty_file=True)


class RunForm(forms.Form):
    indicators = forms.MultipleChoiceField(label=_("可选指标（附件1：可选指标至少 6 项）"),
                                           widget=forms.CheckboxSelectMultiple, required=False)  # fmt: skip

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if engagement.is_cppc:
            english = (get_language() or "zh").startswith("en")
            _f(self, "indicators").choices = [
                (i.id, f"{i.no} {i.name.en if english else i.name.zh}")
                for i in targets.indicators().values() if i.selection != "mandatory"
            ]  # fmt: skip
        else:
            del self.fields["indicators"]


class IssueForm(forms.Form):
    stage = forms.ChoiceField(label=_("稿次"), choices=[(s, s) for s in ("送审稿", "修改稿", "最终稿")],
                              required=False)  # fmt: skip
    note = forms.CharField(label=_("变更说明"), max_length=300, required=False)


class NextRoundForm(forms.Form):
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("计划完成日期"), widget=DATE)
    base_year = forms.IntegerField(label=_("基准年"), min_value=2000, max_value=2100)


class TextForm(forms.Form):
    text = forms.CharField(label=_("园区下一步提升计划"), widget=TEXT, max_length=4000)
