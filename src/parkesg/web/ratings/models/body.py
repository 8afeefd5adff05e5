"""The rating organisation (T/JDFA01 6.5) and its people (6.6): its profile, committee and
evaluators. Quality documents are ``documents.Document``s of kind ``ratings.quality`` whose
subject is the profile."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core.tenancy import TenantModel
from parkesg.web.ratings.kinds import CommitteeRole


class RatingBody(TenantModel):
    """One per organisation that rates (a rating agency, a bank, an enterprise rating itself)."""

    independent = models.BooleanField(
        _("第三方评价组织"), default=False,
        help_text=_("独立于评价对象、具有良好市场信誉的专业评价机构（6.5）"),
    )  # fmt: skip
    legal_person = models.BooleanField(_("具有独立法人资格"), default=False)  # 6.5 a
    legal_basis = models.CharField(_("法人登记证明"), max_length=200, blank=True)
    description = models.TextField(_("机构简介"), blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("评价组织")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="ratingbody_one_per_org")
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class CommitteeMember(TenantModel):
    """6.5 d: the committee that supervises the rating process and approves results."""

    body = models.ForeignKey(RatingBody, on_delete=models.PROTECT, related_name="committee",
                             verbose_name=_("评价组织"))  # fmt: skip
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("委员"))  # fmt: skip
    role = models.CharField(_("职务"), max_length=10, choices=CommitteeRole.choices,
                            default=CommitteeRole.member)  # fmt: skip
    appointed_on = models.DateField(_("任命日期"))
    ends_on = models.DateField(_("任期至"), null=True, blank=True)

    class Meta:
        ordering = ["body_id", "role", "user__username"]
        verbose_name = _("评价委员会委员")
        constraints = [models.UniqueConstraint(fields=["body", "user"], name="committee_once")]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Evaluator(TenantModel):
    """6.6 a–d, recorded once per person; e (no conflict of interest) is declared per project
    (``ConflictDeclaration``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("评价人员"))  # fmt: skip
    full_time = models.BooleanField(_("专职"), default=True)  # 6.5 c
    experience_years = models.PositiveSmallIntegerField(_("ESG 相关工作年限"), default=0)
    competence = models.TextField(_("ESG 工作经验与能力"), blank=True)  # 6.6 a
    knowledge = models.TextField(_("法规标准与绿色金融知识"), blank=True)  # 6.6 b
    integrity_pledged_on = models.DateField(_("职业操守承诺日期"), null=True, blank=True)  # c
    confidentiality_pledged_on = models.DateField(_("保密承诺日期"), null=True, blank=True)  # d
    confidentiality_ref = models.CharField(_("保密承诺书编号"), max_length=100, blank=True)
    active = models.BooleanField(_("在职"), default=True)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("评价人员")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="evaluator_once")
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
