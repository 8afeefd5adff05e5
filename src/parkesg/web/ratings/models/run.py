"""What a rating reads besides the data — reference peer tables (6.8 b) and benchmark tables
(6.9 c) — and what it stores: a run (one engine run over the portfolio) and its result per
enterprise. The run's tables (indicator rows, nodes, input rows, peer statistics, sources)
are Parquet files in the data dir named by their sha256 (``storage``); the result rows hold
what pages list, and the trace of an enterprise is rebuilt from the run's files."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.tenancy import TenantModel
from parkesg.web.ratings.kinds import RatingKind, RunKind
from parkesg.web.ratings.models.project import (
    SHOWN_TO_COMMISSIONER,
    SHOWN_TO_ENTERPRISE,
    PortfolioMember,
    RatingProject,
)


class ReferenceTable(TenantModel):
    """A reference peer table (``parkesg.peers``): the statistics of every peer group of a
    population, so that a few enterprises are scored against it, never against themselves."""

    title = models.CharField(_("名称"), max_length=200)
    framework_id = models.CharField(_("评价体系"), max_length=64)
    settings_digest = models.CharField(_("同业设置摘要"), max_length=16)
    made = models.DateField(_("生成日期"))
    source = models.CharField(_("来源"), max_length=300)
    entities = models.PositiveIntegerField(_("样本企业数"))
    groups = models.PositiveIntegerField(_("同业组数"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    upload = models.ForeignKey("collection.EvidenceFile", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("上传的文件"))  # fmt: skip

    class Meta:
        ordering = ["-made", "-id"]
        verbose_name = _("同业参照表")

    def __str__(self) -> str:
        return f"{self.title}（{self.entities}）"


class BenchmarkTable(TenantModel):
    """6.9 c: levels a national, industry or local standard sets for an indicator, by
    industry. ``rows``: [{"industry", "indicator_id", "level", "bound", "score"}]; a row
    without a bound is the score below every level."""

    title = models.CharField(_("名称"), max_length=200)
    standard = models.CharField(_("标准编号"), max_length=100)
    rows = models.JSONField(_("对标水平"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    upload = models.ForeignKey("collection.EvidenceFile", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("上传的文件"))  # fmt: skip

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("对标标准表")

    def __str__(self) -> str:
        return f"{self.title}（{self.standard}）"


class RatingRun(TenantModel):
    """One engine run: the whole portfolio (``project``) or one enterprise re-rated on an
    objection against the project's peers (``objection``)."""

    project = models.ForeignKey(RatingProject, on_delete=models.PROTECT, related_name="runs",
                                verbose_name=_("评价项目"))  # fmt: skip
    no = models.PositiveIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=10, choices=RunKind.choices,
                            default=RunKind.project)  # fmt: skip
    framework_id = models.CharField(_("评价体系"), max_length=64)
    framework_sha256 = models.CharField(_("评价体系文件 SHA-256"), max_length=64)
    criteria = models.JSONField(_("评价准则"))  # segments, missing rule, small peers, year
    peers = models.JSONField(_("同业比较基础"))  # {"basis", "reference": describe(...)}
    inputs = models.JSONField(_("输入数据快照"))  # per member: observations or file rows
    files = models.JSONField(_("结果文件"))  # name → sha256 (``storage``)
    entities = models.PositiveIntegerField(_("企业数"))
    grades = models.JSONField(_("等级分布"))
    benchmarked = models.PositiveIntegerField(_("对标评分的指标数"), default=0)
    adjusted = models.PositiveIntegerField(_("现场调整的指标数"), default=0)
    seconds = models.FloatField(_("用时（秒）"))
    own_reference = models.ForeignKey(ReferenceTable, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("本次同业统计"))  # fmt: skip

    class Meta:
        ordering = ["project_id", "-no"]
        verbose_name = _("评价运行")
        constraints = [models.UniqueConstraint(fields=["project", "no"], name="run_no")]

    def __str__(self) -> str:
        return f"{self.project.number} #{self.no}"


def _rated_q(org: int) -> Q:
    """Results of the user's own enterprise (from re-confirmation on) and of projects its bank
    commissioned (once approved)."""
    mine = PortfolioMember.objects.filter(enterprise_id=org).values("pk")
    return Q(member_id__in=mine, project__state__in=SHOWN_TO_ENTERPRISE) | Q(
        project__commissioned_by_id=org, project__state__in=SHOWN_TO_COMMISSIONER
    )


class RatingResult(TenantModel):
    """One enterprise's result of one run: written (6.11 b) and comprehensive (6.11 c)."""

    run = models.ForeignKey(RatingRun, on_delete=models.PROTECT, related_name="results",
                            verbose_name=_("评价运行"))  # fmt: skip
    project = models.ForeignKey(RatingProject, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("评价项目"))  # fmt: skip
    member = models.ForeignKey(PortfolioMember, on_delete=models.PROTECT,
                               related_name="results", verbose_name=_("评价对象"))  # fmt: skip
    year = models.PositiveSmallIntegerField(_("年份"))
    score = models.FloatField(_("书面评价得分"), null=True, blank=True)
    grade = models.CharField(_("书面评价等级"), max_length=4, blank=True)
    comprehensive_score = models.FloatField(_("综合评价得分"), null=True, blank=True)
    comprehensive_grade = models.CharField(_("综合评价等级"), max_length=4, blank=True)
    final_kind = models.CharField(_("评价方式"), max_length=14, choices=RatingKind.choices)
    withheld = models.BooleanField(_("不予评级"), default=False)
    dimensions = models.JSONField(_("一级指标得分"), default=dict)  # {"E": 71.2, …}
    segment = models.CharField(_("分段"), max_length=64, blank=True)
    peer_fallbacks = models.PositiveIntegerField(_("同业组回退数"), default=0)
    missing = models.PositiveIntegerField(_("缺数据指标数"), default=0)
    benchmarked = models.PositiveIntegerField(_("对标评分指标数"), default=0)
    previous_grade = models.CharField(_("上次等级"), max_length=4, blank=True)
    current = models.BooleanField(_("当前结果"), default=True)
    trace = models.JSONField(_("追溯"), null=True, blank=True)  # explain.to_json, built once

    class Meta:
        ordering = ["project_id", "member__name", "-run_id"]
        verbose_name = _("评价结果")
        indexes = [models.Index(fields=["project", "member", "current"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.final_grade or '—'}"

    @property
    def final_grade(self) -> str:
        if self.final_kind == RatingKind.comprehensive:
            return self.comprehensive_grade
        return self.grade

    @property
    def final_score(self) -> float | None:
        if self.final_kind == RatingKind.comprehensive:
            return self.comprehensive_score
        return self.score

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        return _rated_q(user.organisation_id) if user.organisation_id else None
