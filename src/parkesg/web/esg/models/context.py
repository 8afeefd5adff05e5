"""Clause 4: the context of the organisation — external and internal issues (4.1), interested
parties and their needs (4.2), the purposes of Table 1 (4.5) and the domains of 4.6 with the
park's answers to the example questions of Tables 2–4. The scope (4.3) is a document
(``documents``, kind ``esc.scope``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parkesg.web.core import vocab
from parkesg.web.esg import enums
from parkesg.web.esg.models.base import Register


class ContextIssue(Register):
    kind = models.CharField(_("类别"), max_length=12, choices=enums.ISSUE_KIND)
    domain = models.CharField(_("领域"), max_length=16, choices=enums.DOMAIN)
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    effect = models.TextField(_("对实现预期结果的影响"), blank=True)
    identified_on = models.DateField(_("识别日期"))
    active = models.BooleanField(_("仍在关注"), default=True)

    class Meta:
        ordering = ["kind", "domain", "title"]
        verbose_name = _("内外部问题（4.1）")

    def __str__(self) -> str:
        return self.title


class InterestedParty(Register):
    name = models.CharField(_("相关方"), max_length=200)
    category = models.CharField(_("类别"), max_length=16, choices=enums.PARTY_CATEGORY)
    needs = models.TextField(_("需求和期望（4.2 b）"))
    addressed = models.BooleanField(_("需通过体系落实（4.2 c）"), default=False)
    how_addressed = models.TextField(_("落实方式"), blank=True)
    engagement = models.CharField(_("沟通获取方式"), max_length=200, blank=True,
                                  help_text=_("如 访谈、调研（附录A.4）"))  # fmt: skip
    contact = models.CharField(_("联系人"), max_length=100, blank=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("相关方（4.2）")

    def __str__(self) -> str:
        return self.name


class PurposeChoice(Register):
    purpose = models.CharField(_("宗旨"), max_length=16, choices=enums.PURPOSE)
    chosen = models.BooleanField(_("采用"), default=True)
    rationale = models.TextField(_("依据"), help_text=_("产业特征、发展阶段、发展战略（4.5）"))
    reviewed_on = models.DateField(_("审核日期"))

    class Meta:
        ordering = ["purpose"]
        verbose_name = _("体系宗旨（4.5 表1）")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "purpose"], name="esg_purpose_once")
        ]

    def __str__(self) -> str:
        return vocab.label("esg_purpose", self.purpose)


# Tables 2–4 of 4.6: the example question of each domain and purpose.
EXAMPLES: dict[tuple[str, str], str] = {
    ("environment", "industry"): "如何对高污染、高耗能、高排放行业进行管理？",
    ("environment", "ecology"): "能耗和碳排放水平如何？",
    ("environment", "business"): "是否建设生态工业园区、绿色园区等绿色品牌？",
    ("environment", "sustainable"): "环境基础设施是否健全？",
    ("economic_social", "industry"): "新质生产力对经济发展的贡献？",
    ("economic_social", "ecology"): "相关方对产业园区认同感如何？",
    ("economic_social", "business"): "社会公平和包容如何助力产业园区营商环境建设？",
    ("economic_social", "sustainable"): "信息公开的渠道有哪些？都有哪些成效？",
    ("governance", "industry"): "产业园区出台了哪些产业转型相关政策？效果如何？",
    ("governance", "ecology"): "产业园区如何开展环境风险防控？",
    ("governance", "business"): "产业园区开展了哪些高效、公开、公平的服务？",
    ("governance", "sustainable"): "产业园区践行可持续发展理念的具体做法？",
}


class DomainQuestion(Register):
    domain = models.CharField(_("领域"), max_length=16, choices=enums.DOMAIN)
    purpose = models.CharField(_("宗旨"), max_length=16, choices=enums.PURPOSE)
    question = models.CharField(_("关注问题"), max_length=300)
    answer = models.TextField(_("园区情况"), blank=True)
    answered_on = models.DateField(_("更新日期"), null=True, blank=True)

    class Meta:
        ordering = ["domain", "purpose", "id"]
        verbose_name = _("体系领域（4.6）")

    def __str__(self) -> str:
        return self.question
