"""The registers behind the city's 2027 targets (常州方案 一、主要目标; issue 19 item 7).

Each entry belongs to a government organisation (``organisation``: the city or a district
government that entered it), names the district it counts for (``district``, GB/T 2260) and
says where it comes from (``source``: the list, notice or statistic, with its number) and,
where there is one, the evidence file (``evidence_file``, checked by the evidence store).
A government sees the entries of the governments of its region (a city sees its districts').
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkesg.web.city import kinds
from parkesg.web.core.tenancy import TenantModel


class CityRecord(TenantModel):
    district = models.CharField(_("所属辖区"), max_length=6,
                                help_text=_("GB/T 2260 行政区划代码，如 320412（武进区）"))  # fmt: skip
    year = models.PositiveSmallIntegerField(_("年份"))
    source = models.CharField(_("来源"), max_length=300,
                              help_text=_("名单、文件或统计的名称和文号"))  # fmt: skip
    evidence_file = models.ForeignKey(
        "collection.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("证明材料文件"),
    )  # fmt: skip
    note = models.CharField(_("备注"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    shared_by_grants = False  # a government's registers: no grant shares them

    class Meta:
        abstract = True

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        """A government sees what the governments of its region entered."""
        from parkesg.web.orgs.models import OrgKind, region_prefix

        org = getattr(user, "organisation", None)
        if org is None or org.kind != OrgKind.government:
            return None
        return Q(organisation__kind=OrgKind.government,
                 organisation__region__startswith=region_prefix(org.region))  # fmt: skip


class Pilot(CityRecord):
    """方案 8: (近)零碳园区（工厂）试点、绿色工业园区、绿色工厂、绿色供应链管理企业."""

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=24, choices=kinds.PilotKind.choices)
    level = models.CharField(_("级别"), max_length=12, choices=kinds.PilotLevel.choices)
    status = models.CharField(_("状态"), max_length=12, choices=kinds.PilotStatus.choices)
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("零碳与绿色试点")

    def __str__(self) -> str:
        return self.name


class ServiceInstitution(CityRecord):
    """方案 13: ESG 披露、鉴证、评级等专业服务机构（引进或本土培育）."""

    name = models.CharField(_("机构名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True,
                                   help_text=_("与平台上的评价组织相同的代码只计一次"))  # fmt: skip
    kind = models.CharField(_("服务类别"), max_length=12, choices=kinds.InstitutionKind.choices)
    origin = models.CharField(_("来源方式"), max_length=12,
                              choices=kinds.InstitutionOrigin.choices)  # fmt: skip

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("ESG 专业服务机构")

    def __str__(self) -> str:
        return self.name


class EsgStandard(CityRecord):
    """主要目标: 主导或参与制定的 ESG 相关标准规范."""

    title = models.CharField(_("标准名称"), max_length=200)
    code = models.CharField(_("标准编号"), max_length=60, blank=True)
    level = models.CharField(_("标准层级"), max_length=14, choices=kinds.StandardLevel.choices)
    role = models.CharField(_("参与方式"), max_length=6, choices=kinds.StandardRole.choices)
    status = models.CharField(_("状态"), max_length=10, choices=kinds.StandardStatus.choices)
    units = models.CharField(_("本市参与单位"), max_length=300)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("ESG 标准")

    def __str__(self) -> str:
        return self.title


class EsgProjects(CityRecord):
    """主要目标: 每年招引 ESG 重点项目 — one district's count of one year."""

    count = models.PositiveIntegerField(_("项目数（个）"))

    class Meta:
        ordering = ["-year", "district"]
        verbose_name = _("ESG 重点项目（年度）")
        constraints = [models.UniqueConstraint(fields=["organisation", "district", "year"],
                                               name="city_projects_once")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.district} {self.year}：{self.count}"


class EsgTalents(CityRecord):
    """主要目标: 每年引进 ESG 领域专业人才 — one district's count of one year."""

    count = models.PositiveIntegerField(_("人才数（名）"))

    class Meta:
        ordering = ["-year", "district"]
        verbose_name = _("ESG 专业人才（年度）")
        constraints = [models.UniqueConstraint(fields=["organisation", "district", "year"],
                                               name="city_talents_once")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.district} {self.year}：{self.count}"


class CarbonOfficer(CityRecord):
    """主要目标、方案 17: 企业首席双碳官（培训和认证）."""

    person = models.CharField(_("姓名"), max_length=60)
    enterprise = models.CharField(_("所在企业"), max_length=200)
    certified_by = models.CharField(_("认证机构"), max_length=200)
    certified_on = models.DateField(_("认证日期"))

    class Meta:
        ordering = ["-year", "enterprise"]
        verbose_name = _("企业首席双碳官")

    def __str__(self) -> str:
        return f"{self.person}（{self.enterprise}）"


class TargetReading(CityRecord):
    """A target's figure from outside the platform (e.g. the listed enterprises' disclosure
    rate from the securities regulator), used where no app measures the target."""

    target = models.CharField(_("目标"), max_length=40)
    value = models.FloatField(_("数值"))

    class Meta:
        ordering = ["-year", "target"]
        verbose_name = _("目标的登记数值")

    def __str__(self) -> str:
        return f"{self.target} {self.year}"

    def get_target_display(self) -> str:
        from parkesg.web.city.targets import target_label

        return target_label(self.target)


class ZoneEvaluation(TenantModel):
    """A park's high-tech-zone ESG evaluation (方案 二（一）3, ``cz-hitech-zone-esg``) submitted
    to the governments of its region: the figures of one stored run, frozen when submitted
    (the run itself stays the park's; a government reads only these). Owned by the park; a
    later submission of a newer run supersedes it on the dashboard, this one stays."""

    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.PROTECT,
                                      related_name="zone_evaluation",
                                      verbose_name=_("评价结果"))  # fmt: skip
    year = models.PositiveSmallIntegerField(_("评价年份"))
    total = models.FloatField(_("总分"), null=True)
    dimensions = models.JSONField(_("维度得分"), default=list)  # [{"id", "name", "score"}]
    framework_sha256 = models.CharField(_("评价体系文件 SHA-256"), max_length=64)
    published_at = models.DateTimeField(_("报送时间"))

    shared_by_grants = False  # a park's own figures, reported to its governments only

    class Meta:
        ordering = ["-year", "-published_at"]
        verbose_name = _("高新区 ESG 评价报送")

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"
