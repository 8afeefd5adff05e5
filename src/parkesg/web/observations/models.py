"""An observation is tidy (entity, year, field, value, unit, source, evidence — DESIGN.md
"Data"); the owning organisation *is* the entity (a park committee or an enterprise)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.frameworks import load_catalogue
from parkesg.web.core.appendonly import AppendOnlyModel
from parkesg.web.core.review import Reviewable, ReviewState
from parkesg.web.core.tenancy import TenantModel


class SourceCategory(models.TextChoices):
    """Monitoring data sources of T/ESC 001—2024 9.1.2 a)–e)."""

    official = "official", "a) 主管部门公开数据 official publication"
    research = "research", "b) 研究机构数据 research institution"
    stakeholder = "stakeholder", "c) 利益相关方反馈 stakeholder feedback"
    park_statistics = "park_statistics", "d) 园区统计部门数据 park statistics"
    other = "other", "e) 其他具有公信力的数据 other credible source"


def field_label(field_id: str) -> str:
    """The catalogue's Chinese name beside the id (lists and pages show this)."""
    field = load_catalogue().get(field_id)
    return f"{field.name.zh}（{field_id}）" if field else field_id


class Observation(TenantModel, Reviewable):
    year = models.PositiveSmallIntegerField(_("年份"))
    field_id = models.CharField(_("字段"), max_length=64)  # id in the shared field catalogue
    value = models.FloatField(_("数值"), null=True, blank=True)  # quantitative; boolean as 1 / 0
    category = models.CharField(_("类别"), max_length=100, blank=True)  # ordinal fields
    unit = models.CharField(_("填报单位"), max_length=40, blank=True)
    value_std = models.FloatField(_("按目录单位换算值"), null=True, blank=True)
    source = models.CharField(_("数据来源"), max_length=20, choices=SourceCategory.choices)
    evidence = models.CharField(_("证明材料"), max_length=300, blank=True)
    evidence_file = models.ForeignKey(
        "collection.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("证明材料文件"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["organisation_id", "year", "field_id"]
        verbose_name = _("观测数据")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "field_id"], name="observation_entity_year_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_field_id_display()} {self.year}"

    def get_field_id_display(self) -> str:
        return field_label(self.field_id)


class ObservationRevision(AppendOnlyModel):
    """Every state an observation has been in — the value history (never changed)."""

    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, related_name="revisions")
    no = models.PositiveIntegerField(_("版本"))
    event = models.CharField(_("操作"), max_length=10)  # edit, submit, approve, reject
    value = models.FloatField(null=True)
    category = models.CharField(max_length=100, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    value_std = models.FloatField(null=True)
    source = models.CharField(max_length=20)
    evidence = models.CharField(max_length=300, blank=True)
    evidence_file = models.ForeignKey(
        "collection.EvidenceFile", null=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=10, choices=ReviewState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["observation_id", "no"]
        constraints = [
            models.UniqueConstraint(fields=["observation", "no"], name="revision_observation_no")
        ]
