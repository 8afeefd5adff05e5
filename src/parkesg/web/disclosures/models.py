"""A disclosure is one enterprise's ESG disclosure of one year; it has versions. A version is
prepared, reviewed inside the enterprise (maker–checker) and published; publishing writes a
``PublishedVersion`` — an append-only frozen snapshot (KPI values, report file and its
sha256, assurance record, the enterprise as it was named) that the public portal reads and
nothing else. A correction is a new version with its reason; earlier snapshots stay."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.appendonly import AppendOnlyModel
from parkesg.web.core.tenancy import TenantModel


class VersionState(models.TextChoices):
    draft = "draft", "草稿 draft"
    submitted = "submitted", "待审核 submitted"
    approved = "approved", "已审核 approved"
    published = "published", "已发布 published"


class Disclosure(TenantModel):
    """The yearly disclosure of the owning enterprise (one per year)."""

    year = models.PositiveSmallIntegerField(_("披露年度"))
    template = models.CharField(_("披露模板"), max_length=40)

    shared_by_grants = False  # drafts stay inside the enterprise; the public reads snapshots

    class Meta:
        ordering = ["-year", "organisation_id"]
        verbose_name = _("ESG 信息披露")
        constraints = [models.UniqueConstraint(fields=["organisation", "year"],
                                               name="disclosure_org_year")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class DisclosureVersion(TenantModel):
    """One version being prepared, reviewed or published. ``values`` is frozen when it is
    submitted (what the checker approves is what is published); a return clears it."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="versions",
                                   verbose_name=_("ESG 信息披露"))  # fmt: skip
    no = models.PositiveSmallIntegerField(_("版本"))
    state = models.CharField(_("状态"), max_length=10, choices=VersionState.choices,
                             default=VersionState.draft)  # fmt: skip
    reason = models.CharField(_("更正原因"), max_length=500, blank=True)
    summary = models.TextField(_("披露说明"), blank=True, max_length=4000)
    values = models.JSONField(_("提交时的指标值"), default=list, blank=True)
    report = models.ForeignKey("collection.EvidenceFile", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("ESG 报告（PDF）"))  # fmt: skip
    assurer = models.CharField(_("鉴证机构"), max_length=200, blank=True)
    assurance_scope = models.CharField(_("鉴证范围"), max_length=500, blank=True)
    assurance_standard = models.CharField(_("鉴证准则"), max_length=200, blank=True)
    assurance_opinion = models.CharField(_("鉴证结论"), max_length=500, blank=True)
    assured_on = models.DateField(_("鉴证报告日期"), null=True, blank=True)
    preparer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("编制人"))  # fmt: skip
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("审核人"))  # fmt: skip
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    shared_by_grants = False

    class Meta:
        ordering = ["disclosure_id", "-no"]
        verbose_name = _("披露版本")
        constraints = [models.UniqueConstraint(fields=["disclosure", "no"],
                                               name="disclosure_version_no")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.disclosure} v{self.no}"

    @property
    def assured(self) -> bool:
        return bool(self.assurer)


class PublishedVersion(AppendOnlyModel):
    """What a publication made public, frozen: never changed, never deleted."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="published")
    version = models.OneToOneField(DisclosureVersion, on_delete=models.PROTECT,
                                   related_name="snapshot")  # fmt: skip
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    no = models.PositiveSmallIntegerField(_("版本"))
    year = models.PositiveSmallIntegerField(_("披露年度"))
    template = models.CharField(_("披露模板"), max_length=40)
    enterprise_name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    industry = models.CharField(_("行业代码"), max_length=5, blank=True)
    region = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    park_name = models.CharField(_("所在园区"), max_length=200, blank=True)
    kpis = models.JSONField(_("指标值"), default=list)
    summary = models.TextField(_("披露说明"), blank=True)
    reason = models.CharField(_("更正原因"), max_length=500, blank=True)
    report = models.ForeignKey("collection.EvidenceFile", null=True, on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    report_name = models.CharField(_("报告文件"), max_length=200, blank=True)
    report_sha256 = models.CharField(_("SHA-256 校验值"), max_length=64, blank=True)
    assurance = models.JSONField(_("第三方鉴证"), default=dict)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip

    class Meta:
        ordering = ["disclosure_id", "-no"]
        verbose_name = _("已发布的披露")
        constraints = [models.UniqueConstraint(fields=["disclosure", "no"],
                                               name="published_disclosure_no")]  # fmt: skip
        # the portal's search: its order (a page of 50 read in index order, not a sort of the
        # city), then every column its filters and its count read — they scan this narrow
        # index, never the rows with their KPI values (~2.5 KB each)
        indexes = [models.Index(fields=["-year", "enterprise_name", "-id", "industry", "region",
                                         "credit_code", "park_name", "organisation", "disclosure",
                                         "no"], name="published_search_order")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.enterprise_name} {self.year} v{self.no}"
