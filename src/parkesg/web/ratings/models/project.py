"""A rating project (T/JDFA01 6.2): purpose, scope (the portfolio), criteria, team and plan;
its members with their data basis (6.6 d consent or public information), data sources (6.7)
and the corrections evaluators enter with their evidence."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.tenancy import TenantModel
from parkesg.web.ratings.kinds import (
    AddedVia,
    MemberBasis,
    MissingRuleChoice,
    PeerBasis,
    ProjectState,
    RatingType,
    SegmentChoice,
    SmallPeersChoice,
    Source67,
    TeamRole,
)

FRAMEWORK = "t-jdfa-01-2025"
# what the rated enterprise sees of its project from this state on (6.4 a re-confirmation)
SHOWN_TO_ENTERPRISE = (ProjectState.reconfirming, ProjectState.reviewing, ProjectState.committee,
                       ProjectState.approved, ProjectState.published, ProjectState.closed)  # fmt: skip
# what a commissioning bank sees: the results the committee approved
SHOWN_TO_COMMISSIONER = (ProjectState.approved, ProjectState.published, ProjectState.closed)


class RatingProject(TenantModel):
    number = models.CharField(_("项目编号"), max_length=40)
    title = models.CharField(_("项目名称"), max_length=200)
    rating_type = models.CharField(_("评价类型"), max_length=12, choices=RatingType.choices)
    purpose = models.TextField(_("评价目的"), blank=True)  # 6.2 a
    scope = models.TextField(_("评价范围"), blank=True)
    commissioned_by = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("委托银行"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("评价年度（数据年份）"))
    # criteria (6.2 a): framework edition, weights and segment model, missing-data rule
    framework_id = models.CharField(_("评价体系"), max_length=64, default=FRAMEWORK)
    framework_sha256 = models.CharField(_("评价体系文件 SHA-256"), max_length=64, blank=True)
    segments = models.CharField(_("分段模型"), max_length=20, blank=True,
                                choices=SegmentChoice.choices, default=SegmentChoice.none)  # fmt: skip
    missing_rule = models.CharField(_("缺失数据规则（6.9 b）"), max_length=10,
                                    choices=MissingRuleChoice.choices,
                                    default=MissingRuleChoice.general)  # fmt: skip
    small_peers = models.CharField(_("同业样本不足时"), max_length=10,
                                   choices=SmallPeersChoice.choices,
                                   default=SmallPeersChoice.withhold)  # fmt: skip
    peer_basis = models.CharField(_("同业比较基础（6.8 b）"), max_length=10,
                                  choices=PeerBasis.choices, default=PeerBasis.portfolio)  # fmt: skip
    reference = models.ForeignKey("ratings.ReferenceTable", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("同业参照表"))  # fmt: skip
    benchmarks = models.ManyToManyField("ratings.BenchmarkTable", blank=True, related_name="+",
                                        verbose_name=_("对标标准表（6.9 c）"))  # fmt: skip
    comprehensive = models.BooleanField(_("综合评价（含现场验证，6.10）"), default=False)
    criteria_doc = models.ForeignKey("documents.Document", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("评价准则确认书"))  # fmt: skip
    # plan (6.2 c)
    starts_on = models.DateField(_("计划开始日期"))
    data_due = models.DateField(_("数据采集截止"))
    onsite_due = models.DateField(_("现场验证截止"), null=True, blank=True)
    reconfirm_deadline = models.DateField(_("信息再确认截止"), null=True, blank=True)
    report_due = models.DateField(_("报告编制截止"))
    publish_planned_on = models.DateField(_("计划公示日期"), null=True, blank=True)
    notice_days = models.PositiveSmallIntegerField(_("公示期（天）"), default=10)
    certificate_months = models.PositiveSmallIntegerField(_("证书有效期（月）"), default=12)
    # conclusion (6.4)
    state = models.CharField(_("状态"), max_length=14, choices=ProjectState.choices,
                             default=ProjectState.planning)  # fmt: skip
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("资料复核人"))  # fmt: skip
    reviewed_at = models.DateTimeField(_("资料复核时间"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("委员会审定人"))  # fmt: skip
    signed_at = models.DateTimeField(_("委员会审定时间"), null=True, blank=True)
    conclusion_doc = models.ForeignKey("documents.Document", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("评价结论"))  # fmt: skip
    publication_doc = models.ForeignKey("documents.Document", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("公示快照"))  # fmt: skip
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    window_ends_on = models.DateField(_("异议期截止"), null=True, blank=True)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="rerated_by", verbose_name=_("复评的原项目"))  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("评价项目")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="project_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        """The rated enterprise from re-confirmation on; the commissioning bank once approved."""
        org = user.organisation_id
        if not org:
            return None
        mine = PortfolioMember.objects.filter(enterprise_id=org).values("project_id")
        rated = Q(pk__in=mine, state__in=SHOWN_TO_ENTERPRISE)  # a subquery: no duplicate rows
        return rated | Q(commissioned_by_id=org, state__in=SHOWN_TO_COMMISSIONER)

    @property
    def team_users(self) -> Any:
        """The people on the team, a queryset (no one of them reviews or signs this project's
        work: ``core.workflow`` reads it through ``.all()``)."""
        from parkesg.web.orgs.models import User

        return User.objects.filter(pk__in=self.team.values("evaluator__user_id"))

    @property
    def lead(self) -> Any:
        t = self.team.filter(role=TeamRole.lead).select_related("evaluator__user").first()
        return t.evaluator.user if t else None


class TeamMember(TenantModel):
    """6.2 b: the evaluators on a project (each with a declaration of no conflict, 6.6 e)."""

    project = models.ForeignKey(RatingProject, on_delete=models.PROTECT, related_name="team",
                                verbose_name=_("评价项目"))  # fmt: skip
    evaluator = models.ForeignKey("ratings.Evaluator", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("评价人员"))  # fmt: skip
    role = models.CharField(_("组内职务"), max_length=10, choices=TeamRole.choices,
                            default=TeamRole.member)  # fmt: skip

    class Meta:
        ordering = ["project_id", "role", "id"]
        verbose_name = _("评价组成员")
        constraints = [models.UniqueConstraint(fields=["project", "evaluator"], name="team_once")]

    def __str__(self) -> str:
        return f"{self.evaluator}（{self.get_role_display()}）"


class ConflictDeclaration(TenantModel):
    """6.6 e, per project: the evaluator declares whether it has a conflict of interest with
    any enterprise of the portfolio. A declared conflict keeps it off the project."""

    project = models.ForeignKey(RatingProject, on_delete=models.PROTECT,
                                related_name="declarations", verbose_name=_("评价项目"))  # fmt: skip
    evaluator = models.ForeignKey("ratings.Evaluator", on_delete=models.PROTECT,
                                  related_name="declarations", verbose_name=_("评价人员"))  # fmt: skip
    has_conflict = models.BooleanField(_("存在利益冲突"))
    detail = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["project_id", "evaluator_id"]
        verbose_name = _("利益冲突声明")
        constraints = [
            models.UniqueConstraint(fields=["project", "evaluator"], name="declaration_once")
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} · {self.project.number}"


class PortfolioMember(TenantModel):
    """An enterprise in a project's scope: a platform enterprise (``enterprise``) or one named
    in an imported file (``entity_key`` = its id there), with the basis for using its data."""

    project = models.ForeignKey(RatingProject, on_delete=models.PROTECT, related_name="members",
                                verbose_name=_("评价项目"))  # fmt: skip
    enterprise = models.ForeignKey("orgs.Organisation", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("平台企业"))  # fmt: skip
    entity_key = models.CharField(_("主体编号"), max_length=64)
    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    industry = models.CharField(_("行业代码"), max_length=5, blank=True)
    region = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    park_name = models.CharField(_("所在园区"), max_length=200, blank=True)
    basis = models.CharField(_("数据依据"), max_length=10, choices=MemberBasis.choices)
    consent = models.ForeignKey("orgs.AccessGrant", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("企业授权"))  # fmt: skip
    basis_note = models.CharField(_("依据说明"), max_length=300, blank=True)
    added_via = models.CharField(_("加入方式"), max_length=10, choices=AddedVia.choices)

    class Meta:
        ordering = ["project_id", "name"]
        verbose_name = _("评价对象")
        constraints = [
            models.UniqueConstraint(fields=["project", "entity_key"], name="member_once")
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        org = user.organisation_id
        if not org:
            return None
        return Q(enterprise_id=org, project__state__in=SHOWN_TO_ENTERPRISE) | Q(
            project__commissioned_by_id=org, project__state__in=SHOWN_TO_COMMISSIONER
        )


class PortfolioImport(TenantModel):
    """A data file the rating organisation loaded (wide: one row per enterprise-year, the
    layout ``parkesg rate`` reads), kept in the evidence store."""

    project = models.ForeignKey(RatingProject, on_delete=models.PROTECT, related_name="imports",
                                verbose_name=_("评价项目"))  # fmt: skip
    file = models.ForeignKey("collection.EvidenceFile", on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("数据文件"))  # fmt: skip
    source = models.CharField(_("信息来源类别（6.7）"), max_length=1, choices=Source67.choices)
    rows = models.PositiveIntegerField(_("行数"))
    entities = models.PositiveIntegerField(_("企业数"))
    frame_sha256 = models.CharField(_("检查后的数据 SHA-256"), max_length=64)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("导入的数据文件")

    def __str__(self) -> str:
        return f"{self.file.name}（{self.entities}）"


class DataSource(TenantModel):
    """6.7: where the information on one enterprise comes from, with its evidence."""

    member = models.ForeignKey(PortfolioMember, on_delete=models.PROTECT,
                               related_name="sources", verbose_name=_("评价对象"))  # fmt: skip
    category = models.CharField(_("来源类别"), max_length=1, choices=Source67.choices)
    description = models.CharField(_("来源说明"), max_length=300)
    reference = models.CharField(_("出处（文号、网址）"), max_length=300, blank=True)
    evidence = models.ForeignKey("collection.EvidenceFile", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("证明材料"))  # fmt: skip

    class Meta:
        ordering = ["member_id", "category", "id"]
        verbose_name = _("评价信息来源")

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.description}"


class Correction(TenantModel):
    """A value an evaluator sets for one enterprise, year and field, with the reason and the
    evidence (re-confirmation, an objection); later runs read it over the data."""

    member = models.ForeignKey(PortfolioMember, on_delete=models.PROTECT,
                               related_name="corrections", verbose_name=_("评价对象"))  # fmt: skip
    year = models.PositiveSmallIntegerField(_("年份"))
    field_id = models.CharField(_("字段"), max_length=64)
    value = models.FloatField(_("数值"), null=True, blank=True)
    category = models.CharField(_("类别"), max_length=100, blank=True)
    reason = models.CharField(_("更正原因"), max_length=300)
    evidence = models.ForeignKey("collection.EvidenceFile", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("证明材料"))  # fmt: skip

    class Meta:
        ordering = ["member_id", "year", "field_id", "id"]
        verbose_name = _("数据更正")

    def __str__(self) -> str:
        return f"{self.member} {self.year} {self.field_id}"
