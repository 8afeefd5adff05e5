"""A stored assessment run: what was run (framework id, its file's sha256, years, selection),
on which inputs (observation ids and revision numbers), by whom and when, and its results.

Result pages render from ``results`` — the engine never runs again for a page — and a new
edition of a framework file never changes a closed run (DESIGN.md "Platform habits").
"""

from __future__ import annotations

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

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("评价")

    def __str__(self) -> str:
        years = "、".join(str(y) for y in self.years)
        return f"{self.framework_title} · {self.organisation} · {years}"
