"""The vocabularies of the city registers (常州方案 二（三）8、（五）13、17), each with its
Chinese and English label in ``core.vocab``."""

from __future__ import annotations

from django.db import models

from parkesg.web.core import vocab


class PilotKind(models.TextChoices):
    """方案 8: (近)零碳园区（工厂）试点, 绿色工业园区, 绿色工厂, 绿色供应链管理企业."""

    zero_carbon_park = "zero_carbon_park", "（近）零碳园区"
    zero_carbon_factory = "zero_carbon_factory", "（近）零碳工厂"
    green_park = "green_park", "绿色工业园区"
    green_factory = "green_factory", "绿色工厂"
    green_supply_chain = "green_supply_chain", "绿色供应链管理企业"


class PilotLevel(models.TextChoices):
    national = "national", "国家级"
    provincial = "provincial", "省级"
    city = "city", "市级"


class PilotStatus(models.TextChoices):
    applying = "applying", "申报中"
    building = "building", "建设中"
    recognised = "recognised", "已认定"
    revoked = "revoked", "已撤销"


class InstitutionKind(models.TextChoices):
    """方案 主要目标 and 13: ESG 披露、鉴证、评级等专业服务机构."""

    disclosure = "disclosure", "披露（报告编制、咨询）"
    assurance = "assurance", "鉴证（认证、审验）"
    rating = "rating", "评级"


class InstitutionOrigin(models.TextChoices):
    introduced = "introduced", "引进（分支机构、区域总部）"
    local = "local", "本土培育"


class StandardLevel(models.TextChoices):
    international = "international", "国际标准"
    national = "national", "国家标准"
    industry = "industry", "行业标准"
    local = "local", "地方标准"
    group = "group", "团体标准"
    enterprise = "enterprise", "企业标准"


class StandardRole(models.TextChoices):
    lead = "lead", "主导制定"
    joined = "join", "参与制定"


class StandardStatus(models.TextChoices):
    drafting = "drafting", "制定中"
    published = "published", "已发布"


_EN = {
    "zero_carbon_park": "(near-)zero-carbon park", "zero_carbon_factory": "(near-)zero-carbon factory",
    "green_park": "green industrial park", "green_factory": "green factory",
    "green_supply_chain": "green supply-chain enterprise",
    "national": "national", "provincial": "provincial", "city": "city",
    "applying": "applying", "building": "being built", "recognised": "recognised",
    "revoked": "revoked", "disclosure": "disclosure (reporting, consulting)",
    "assurance": "assurance (certification, verification)", "rating": "rating",
    "introduced": "introduced (branch, regional HQ)", "local": "local", "international":
    "international standard", "industry": "industry standard", "group": "group standard",
    "enterprise": "enterprise standard", "lead": "led", "join": "joined",
    "drafting": "being drafted", "published": "published",
}  # fmt: skip
_LOCAL_STANDARD = {"local": "local standard", "national": "national standard"}

for _name, _enum in (("city_pilot_kind", PilotKind), ("city_pilot_level", PilotLevel),
                     ("city_pilot_status", PilotStatus), ("city_institution_kind", InstitutionKind),
                     ("city_institution_origin", InstitutionOrigin),
                     ("city_standard_level", StandardLevel), ("city_standard_role", StandardRole),
                     ("city_standard_status", StandardStatus)):  # fmt: skip
    _words = _LOCAL_STANDARD if _enum is StandardLevel else {}
    vocab.register(_name, {v: (str(lbl), _words.get(v) or _EN[v]) for v, lbl in _enum.choices})

GREEN_BASIS = vocab.register("city_green_basis", {
    "grade": ("公示等级", "published grade"), "score": ("绿色得分", "green score"),
    "both": ("等级和得分", "grade and score"),
})  # fmt: skip
