"""Documented information (T/ESC 001 7.5; DESIGN.md “one documented-information model”): one
model for everything that has versions, approval and retention — a scope, a policy, a
report, a signed pledge, a certificate, a disclosure.

A document is identified (kind, number, title, author, date), has a form and medium, is
reviewed and approved before it is in force, keeps its versions (each version a row that
``supersedes`` the one before, with its change note), its access level, its retention and
disposal dates, and whether it comes from outside. Its content is a file (an evidence blob,
with sha256) and/or a structured snapshot (``content`` JSON, with its own sha256). From
approval on, a version is frozen: its content, file and hashes never change — a correction
is a new version. Public pages read published versions only.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.tenancy import TenantModel


class DocStatus(models.TextChoices):
    draft = "draft", _("草稿")
    review = "review", _("审核中")
    approved = "approved", _("已批准（现行）")
    published = "published", _("已发布")
    superseded = "superseded", _("已被新版本取代")
    withdrawn = "withdrawn", _("已撤回")


FROZEN = frozenset({DocStatus.approved, DocStatus.published, DocStatus.superseded,
                    DocStatus.withdrawn})  # fmt: skip
FROZEN_FIELDS = ("kind", "number", "title", "version", "content", "content_sha256", "file_id",
                 "supersedes_id", "organisation_id")  # fmt: skip


class Access(models.TextChoices):
    public = "public", _("公开")
    internal = "internal", _("内部")
    restricted = "restricted", _("受限")


def content_digest(content: Any) -> str:
    """sha256 of a structured snapshot, canonical JSON (sorted keys, UTF-8)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Document(TenantModel):
    kind = models.CharField(_("类别"), max_length=60)  # e.g. esc.policy, cppc.report
    number = models.CharField(_("编号"), max_length=80)  # the same across versions
    title = models.CharField(_("标题"), max_length=200)
    version = models.PositiveIntegerField(_("版本"), default=1)
    stage = models.CharField(_("稿次"), max_length=30, blank=True)  # 送审稿 / 修改稿 / 最终稿 …
    status = models.CharField(
        _("状态"), max_length=12, choices=DocStatus.choices, default=DocStatus.draft
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("编写人"),
    )  # fmt: skip
    issued_on = models.DateField(_("日期"), null=True, blank=True)
    medium = models.CharField(_("形式与载体"), max_length=60, default="电子文档")
    access = models.CharField(
        _("访问"), max_length=12, choices=Access.choices, default=Access.internal
    )
    external = models.BooleanField(_("外来文件"), default=False)
    change_note = models.CharField(_("变更说明"), max_length=500, blank=True)
    file = models.ForeignKey(
        "collection.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("文件"),
    )  # fmt: skip
    content = models.JSONField(_("内容快照"), null=True, blank=True)
    content_sha256 = models.CharField(_("内容 SHA-256"), max_length=64, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by",
        verbose_name=_("取代的版本"),
    )  # fmt: skip
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("批准人"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    review_due = models.DateField(_("下次评审日期"), null=True, blank=True)
    retention_until = models.DateField(_("保存期限"), null=True, blank=True)
    disposed_on = models.DateField(_("处置日期"), null=True, blank=True)
    # the record it documents (an engagement, a rating, a management system …)
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        ordering = ["kind", "number", "-version"]
        verbose_name = _("成文信息")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "number", "version"], name="document_version"
            )
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.number} 第 {self.version} 版）"

    @property
    def sha256(self) -> str:
        """The digest a reader checks: the file's, else the snapshot's."""
        return self.file.sha256 if self.file is not None else self.content_sha256

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.content is not None:
            self.content_sha256 = content_digest(self.content)
        if not self._state.adding:
            before = type(self).objects.filter(pk=self.pk).values(*FROZEN_FIELDS, "status").get()
            if before["status"] in FROZEN:
                changed = [f for f in FROZEN_FIELDS if before[f] != getattr(self, f)]
                if changed:
                    raise ValidationError(
                        "已批准或发布的版本不能修改，请新建版本 / an approved version is frozen"
                    )
        super().save(*args, **kwargs)
