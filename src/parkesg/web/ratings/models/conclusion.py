"""The conclusion and what follows it (T/JDFA01 6.4 e, 6.12): the certificate register,
published grades (what is published, no more) and objections."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.tenancy import TenantModel
from parkesg.web.ratings.kinds import ObjectionState, RatingKind, RatingType, Status
from parkesg.web.ratings.models.project import (
    SHOWN_TO_COMMISSIONER,
    PortfolioMember,
    RatingProject,
)


class Certificate(TenantModel):
    """6.4 e: one certificate per enterprise and conclusion; numbers never reused."""

    number = models.CharField(_("证书编号"), max_length=40)
    project = models.ForeignKey(RatingProject, on_delete=models.PROTECT,
                                related_name="certificates", verbose_name=_("评价项目"))  # fmt: skip
    member = models.ForeignKey(PortfolioMember, on_delete=models.PROTECT,
                               related_name="certificates", verbose_name=_("评价对象"))  # fmt: skip
    result = models.ForeignKey("ratings.RatingResult", on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("评价结果"))  # fmt: skip
    enterprise_name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    grade = models.CharField(_("等级"), max_length=4)
    rating_kind = models.CharField(_("评价方式"), max_length=14, choices=RatingKind.choices)
    rating_type = models.CharField(_("评价类型"), max_length=12, choices=RatingType.choices)
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.valid)  # fmt: skip
    superseded_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="supersedes", verbose_name=_("取代它的证书"))  # fmt: skip
    status_note = models.CharField(_("状态说明"), max_length=300, blank=True)
    content_sha256 = models.CharField(_("内容 SHA-256"), max_length=64)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("评价证书")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="certificate_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.enterprise_name} {self.grade}"

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        org = user.organisation_id
        if not org:
            return None
        return Q(member__enterprise_id=org) | Q(
            project__commissioned_by_id=org, project__state__in=SHOWN_TO_COMMISSIONER
        )


class PublishedGrade(TenantModel):
    """What a publication (6.12 a) makes public — grade, date, rating organisation, type,
    certificate number of a named enterprise — copied from the frozen publication snapshot.
    Anyone may read these rows; ``published.published_grades`` is their one query."""

    project = models.ForeignKey(RatingProject, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("评价项目"))  # fmt: skip
    member = models.ForeignKey(PortfolioMember, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("评价对象"))  # fmt: skip
    enterprise = models.ForeignKey("orgs.Organisation", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("平台企业"))  # fmt: skip
    snapshot = models.ForeignKey("documents.Document", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("公示快照"))  # fmt: skip
    enterprise_name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    industry = models.CharField(_("行业代码"), max_length=5, blank=True)
    region = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    grade = models.CharField(_("等级"), max_length=4)
    rated_on = models.DateField(_("评价日期"))
    rating_org = models.CharField(_("评价机构"), max_length=200)
    rating_type = models.CharField(_("评价类型"), max_length=12, choices=RatingType.choices)
    certificate_number = models.CharField(_("证书编号"), max_length=40)
    published_on = models.DateField(_("公示日期"))
    window_ends_on = models.DateField(_("异议期截止"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.valid)  # fmt: skip
    superseded_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="supersedes", verbose_name=_("更新后的公示"))  # fmt: skip

    class Meta:
        ordering = ["-published_on", "enterprise_name", "-id"]
        verbose_name = _("公示的评价结果")
        indexes = [models.Index(fields=["credit_code"]), models.Index(fields=["status"]),
                   # an enterprise's grade in force (newest valid), asked per row by the portal
                   models.Index(fields=["enterprise", "status", "-published_on",
                                        "enterprise_name", "-id"], name="grade_in_force")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.enterprise_name} {self.grade}（{self.certificate_number}）"

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        return Q(pk__isnull=False)  # published: every signed-in person may read it


class Objection(TenantModel):
    """6.12 b: the enterprise's objection to a published result, kept by the rating
    organisation; reviewed by evaluators who were not on the original team."""

    project = models.ForeignKey(RatingProject, on_delete=models.PROTECT,
                                related_name="objections", verbose_name=_("评价项目"))  # fmt: skip
    member = models.ForeignKey(PortfolioMember, on_delete=models.PROTECT,
                               related_name="objections", verbose_name=_("评价对象"))  # fmt: skip
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("异议的证书"))  # fmt: skip
    reasons = models.TextField(_("异议理由"))
    evidence = models.ManyToManyField("collection.EvidenceFile", blank=True, related_name="+",
                                      verbose_name=_("证明材料"))  # fmt: skip
    state = models.CharField(_("状态"), max_length=10, choices=ObjectionState.choices,
                             default=ObjectionState.filed)  # fmt: skip
    reviewers = models.ManyToManyField("ratings.Evaluator", blank=True, related_name="+",
                                       verbose_name=_("复核人员"))  # fmt: skip
    decision = models.TextField(_("处理意见"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("决定人"))  # fmt: skip
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    rerun = models.ForeignKey("ratings.RatingRun", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("复评运行"))  # fmt: skip
    diff = models.JSONField(_("复评前后对比"), null=True, blank=True)
    new_certificate = models.ForeignKey(Certificate, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("新证书"))  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("异议")

    def __str__(self) -> str:
        return f"{self.member} · {self.certificate.number}"

    @classmethod
    def extra_view_q(cls, user: Any) -> Q | None:
        org = user.organisation_id
        return Q(member__enterprise_id=org) if org else None

    @property
    def original_people(self) -> Any:
        """Who made, checked or signed the rating objected to (a queryset): none of them
        reviews it."""
        from parkesg.web.orgs.models import User

        p = self.project
        q = Q(pk__in=p.team.values("evaluator__user_id"))
        for u in (p.reviewed_by_id, p.signed_by_id):
            if u is not None:
                q |= Q(pk=u)
        return User.objects.filter(q)
