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


class UploadState(models.TextChoices):
    """A workbook upload: checked and shown (pending), then saved or discarded by its uploader;
    refused when it has any problem or conflict (nothing of it saved)."""

    pending = "pending", "待确认 awaiting confirmation"
    applied = "applied", "已保存 saved"
    discarded = "discarded", "已放弃 discarded"
    refused = "refused", "未通过 refused"


class WorkbookUpload(TenantModel):
    """One upload of the Excel template: what it would change (``changes``, shown before
    anything is saved), and what became of it. A refused upload keeps its problems and the
    file's checksum, not the file."""

    file = models.ForeignKey(
        EvidenceFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("工作簿文件"),
    )  # fmt: skip
    name = models.CharField(_("文件名"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 校验值"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    state = models.CharField(
        _("状态"), max_length=10, choices=UploadState.choices, default=UploadState.pending
    )
    default_source = models.CharField(_("默认数据来源"), max_length=20, blank=True)
    created = models.PositiveIntegerField(_("新增条数"), default=0)
    changed = models.PositiveIntegerField(_("更正条数"), default=0)
    unchanged = models.PositiveIntegerField(_("未变条数"), default=0)
    problems = models.JSONField(_("问题"), default=list, blank=True)  # [{"ref", "message"}]
    decided_at = models.DateTimeField(_("保存 / 放弃 / 拒收时间"), null=True, blank=True)
    observations = models.ManyToManyField(
        "observations.Observation", related_name="+", verbose_name=_("新增或更正的数据")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("工作簿上传")

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"


class ChangeKind(models.TextChoices):
    created = "created", "新增 new"
    changed = "changed", "更正 correction"


class UploadChange(models.Model):
    """One value an upload creates or corrects: old → new, and the revisions that tell a
    conflict — ``base_revision`` (what the workbook was made from; 0: none), ``seen_revision``
    (the stored value's latest when the upload was checked) and ``written_revision`` (the one
    saving it wrote, which the reviewer approves). Read only through its upload."""

    upload = models.ForeignKey(WorkbookUpload, on_delete=models.PROTECT, related_name="changes")
    observation = models.ForeignKey(
        "observations.Observation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("类型"), max_length=10, choices=ChangeKind.choices)
    field_id = models.CharField(_("字段"), max_length=64)
    year = models.PositiveSmallIntegerField(_("年份"))
    ref = models.CharField(_("单元格"), max_length=40)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    base_revision = models.PositiveIntegerField(default=0)
    seen_revision = models.PositiveIntegerField(default=0)
    written_revision = models.PositiveIntegerField(null=True, blank=True)
    old = models.JSONField(_("原值"), null=True, blank=True)  # value, category, unit, source…
    new = models.JSONField(_("新值"))

    class Meta:
        ordering = ["upload_id", "field_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "field_id", "year"], name="change_once")
        ]

    def __str__(self) -> str:
        return f"{self.field_id} {self.year}"
