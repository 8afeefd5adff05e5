"""A stored assessment run: what was run (framework id, its file's sha256, years, selection),
on which inputs (observation ids and revision numbers), by whom and when, and its results.

Result pages render from ``results`` — the engine never runs again for a page — and a new
edition of a framework file never changes a closed run (DESIGN.md "Platform habits").
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.tenancy import TenantModel


class Assessment(TenantModel):
    """Owned by the assessed entity's organisation (a park committee or an enterprise);
    ``created_by`` ran it, ``created_at`` (UTC) is when."""

    framework_id = models.CharField(_("评价体系"), max_length=64)
    framework_title = models.CharField(_("评价体系名称"), max_length=200)
    framework_code = models.CharField(_("标准编号"), max_length=100)
    framework_sha256 = models.CharField(_("评价体系文件 SHA-256"), max_length=64)
    years = models.JSONField(_("评价年份"))  # [2021, 2022, 2023]
    selected = models.JSONField(_("所选指标"), null=True, blank=True)  # None: every indicator
    # [{"observation": id, "revision": no, "field": id, "year": y}, …] — what the engine read
    inputs = models.JSONField(_("输入数据快照"))
    # {"docs": explain.to_json(...), "indicators": [...], "nodes": [...], "totals": [...],
    #  "wide": [...], "obs": [...], "missing": {...}} — see ``results.pack``
    results = models.JSONField(_("评价结果"))
    page = models.JSONField(_("结果页"))  # the results page's table, formatted (``results.page``)
    # who confirmed the run's provisional values (weights, score maps, leading values), when:
    # a report then drops their marks, and a T/JDFA01 certificate may be issued
    confirmed_items = models.JSONField(_("已确认的暂定值"), default=list, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("确认人"),
    )  # fmt: skip
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("评价")

    def __str__(self) -> str:
        years = "、".join(str(y) for y in self.years)
        return f"{self.framework_title} · {self.organisation} · {years}"


class ReportStage(models.TextChoices):
    """The version of a report: T/CPPC 附件2 1.1 (1) 送审稿 / 修改稿 / 最终稿; draft / final
    for the others."""

    submitted = "送审稿", "送审稿"
    revised = "修改稿", "修改稿"
    final = "最终稿", "最终稿"
    draft = "草稿", "草稿"
    issued = "终稿", "终稿"


FINAL_STAGES = (ReportStage.final, ReportStage.issued)


def report_root() -> Path:
    return Path(settings.DATA_DIR) / "reports"


class ReportVersion(TenantModel):
    """One written version of an assessment's report: every file written together (the
    report, the Beijing forms 附件2-2 … 2-4, the T/JDFA01 certificate, their PDFs), each with
    its sha256; who wrote it is ``created_by``, when ``created_at``. Versions are kept, never
    changed; after a final one no other is written."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="versions", verbose_name=_("评价")
    )
    number = models.PositiveIntegerField(_("版本号"))
    stage = models.CharField(_("版本"), max_length=8, choices=ReportStage.choices)
    # [{"label": "报告", "name": "…docx", "sha256": "…", "size": n}] — bytes under report_root()
    files = models.JSONField(_("文件"))
    notices = models.JSONField(_("说明"), default=list, blank=True)  # e.g. why no certificate

    class Meta:
        ordering = ["assessment_id", "-number"]
        verbose_name = _("报告版本")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="report_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · 第 {self.number} 版 {self.stage}"


def blob_path(organisation_id: int, sha256: str) -> Path:
    """Where a report file's bytes live: per organisation, fanned out by the hash."""
    return report_root() / str(organisation_id) / sha256[:2] / sha256
