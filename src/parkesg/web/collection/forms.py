"""Upload forms. The file's name and the browser's content type are never trusted: the
services check size and content (``sniff``, ``parkesg.io.safety``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parkesg.web.observations.models import SourceCategory


class WorkbookForm(forms.Form):
    workbook = forms.FileField(label=_("填报工作簿（.xlsx）"), allow_empty_file=True)
    default_source = forms.ChoiceField(
        label=_("默认数据来源"),
        required=False,
        choices=[("", _("—（工作簿中逐行填写）"))] + list(SourceCategory.choices),
        help_text=_("“数据来源”列为空的行使用此来源（T/ESC 001—2024 9.1.2）"),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # refused by the service, with its own message
        label=_("证明材料文件"),
        help_text=_("PDF、PNG、JPEG、.xlsx、.docx 或 UTF-8 文本 / CSV；按内容识别类型"),
    )
    observation = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
