"""Evidence files (content-addressed, one blob per content within an organisation) and the
record of each accepted workbook upload (who, when, which file, what it changed)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.tenancy import TenantModel


class EvidenceKind(models.TextChoices):
    """The allow-list of evidence types, each with the content type it is served as."""

    pdf = "pdf", "PDF"
    png = "png", "PNG 图片"
    jpeg = "jpeg", "JPEG 图片"
    xlsx = "xlsx", "Excel 工作簿 (.xlsx)"
    docx = "docx", "Word 文档 (.docx)"
    text = "text", "文本 / CSV (UTF-8)"


CONTENT_TYPES = {
    EvidenceKind.pdf: "application/pdf",
    EvidenceKind.png: "image/png",
    EvidenceKind.jpeg: "image/jpeg",
    EvidenceKind.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    EvidenceKind.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    EvidenceKind.text: "text/plain; charset=utf-8",
}


def evidence_root() -> Path:
    return Path(settings.DATA_DIR) / "evidence"


class EvidenceFile(TenantModel):
    """A stored file backing observations. The bytes live under the data dir at a path made
    of the organisation and the sha256 (``blob_path``); the name is only a label."""

    sha256 = models.CharField(_("SHA-256 校验值"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    kind = models.CharField(_("类型"), max_length=10, choices=EvidenceKind.choices)
    name = models.CharField(_("文件名"), max_length=200)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("证明材料")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sha256"], name="evidence_org_sha256")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.sha256[:8]}）"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[EvidenceKind(self.kind)]

    def blob_path(self) -> Path:
        return blob_path(self.organisation_id, self.sha256)


def blob_path(organisation_id: int, sha256: str) -> Path:
    """Where a content lives: per organisation, fanned out by the hash's first two digits."""
    return evidence_root() / str(organisation_id) / sha256[:2] / sha256


class WorkbookUpload(TenantModel):
    """One accepted upload of the Excel template (a rejected one stores nothing)."""

    file = models.ForeignKey(
        EvidenceFile, on_delete=models.PROTECT, related_name="+", verbose_name=_("工作簿文件")
    )
    created = models.PositiveIntegerField(_("新增条数"))
    changed = models.PositiveIntegerField(_("更正条数"))
    unchanged = models.PositiveIntegerField(_("未变条数"))
    observations = models.ManyToManyField(
        "observations.Observation", related_name="+", verbose_name=_("新增或更正的数据")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("工作簿上传")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file.name}"
