"""The vocabularies of ratings (states, types, bases, categories), each with its Chinese and
English label in ``core.vocab`` — pages show labels, code compares values."""

from __future__ import annotations

from typing import Any

from django.db import models

from parkesg.web.core import vocab


class RatingType(models.TextChoices):
    """T/JDFA01 §1: 自评、利益相关方评价、第三方评价."""

    self_rating = "self", "企业自评"
    stakeholder = "stakeholder", "利益相关方评价"
    third_party = "third_party", "第三方评价"


class ProjectState(models.TextChoices):
    planning = "planning", "评价策划"
    implementing = "implementing", "评价实施"
    reconfirming = "reconfirming", "信息再确认"
    reviewing = "reviewing", "资料复核"
    committee = "committee", "委员会审定"
    approved = "approved", "已审定"
    published = "published", "公示中"
    closed = "closed", "已结束"


class PeerBasis(models.TextChoices):
    portfolio = "portfolio", "本项目评价对象"
    reference = "reference", "同业参照表"


class MemberBasis(models.TextChoices):
    consent = "consent", "企业授权"
    public = "public", "公开信息"


class AddedVia(models.TextChoices):
    listed = "list", "逐个选择"
    filtered = "filter", "按条件筛选"
    imported = "import", "文件导入"


class Source67(models.TextChoices):
    """T/JDFA01 6.7 a)–f)."""

    a = "a", "a) 清洁生产审核验收报告"
    b = "b", "b) 环境信息 / ESG / 可持续发展 / 社会责任报告"
    c = "c", "c) 定期报告"
    d = "d", "d) 其他渠道公开披露的信息"
    e = "e", "e) 公共信用信息系统、政府部门、社会组织及第三方公开文件"
    f = "f", "f) 其它形式的可信信息"


class TeamRole(models.TextChoices):
    lead = "lead", "组长"
    member = "member", "成员"


class CommitteeRole(models.TextChoices):
    chair = "chair", "主任委员"
    member = "member", "委员"


class Status(models.TextChoices):
    """A certificate and a published grade: in force, replaced by a newer one, withdrawn."""

    valid = "valid", "有效"
    superseded = "superseded", "已被取代"
    withdrawn = "withdrawn", "已撤销"


class ObjectionState(models.TextChoices):
    filed = "filed", "已提出"
    reviewing = "reviewing", "复核中"
    upheld = "upheld", "异议成立"
    rejected = "rejected", "异议不成立"


class Response(models.TextChoices):
    pending = "pending", "待确认"
    confirmed = "confirmed", "已确认"
    disputed = "disputed", "有补充或异议"


class OnSiteKind(models.TextChoices):
    interview = "interview", "利益相关方访谈"
    site_visit = "site_visit", "现场踏勘"


class Medium(models.TextChoices):
    electronic = "electronic", "电子资料"
    paper = "paper", "纸质资料"


class RunKind(models.TextChoices):
    project = "project", "项目评价"
    objection = "objection", "异议复评"


class MissingRuleChoice(models.TextChoices):
    """T/JDFA01 6.9 b: the conservative rule for missing evidence."""

    general = "general", "取一般（60 分）"
    zero = "zero", "不给分（0 分）"
    exclude = "exclude", "剔除并重新加权"


class SmallPeersChoice(models.TextChoices):
    withhold = "withhold", "不予评级"
    issue = "issue", "照发并标注"


class SegmentChoice(models.TextChoices):
    none = "", "不分段（框架权重）"
    example = "example", "分段模型示例（行业 × 规模）"


class RatingKind(models.TextChoices):
    """6.11 b / c: the grade a certificate states."""

    written = "written", "书面评价"
    comprehensive = "comprehensive", "综合评价"


def _labels(enum: Any, en: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {str(v): (str(label), en[str(v)]) for v, label in enum.choices}


VOCABULARIES = {
    "rating_type": (RatingType, {"self": "self-rating", "stakeholder": "stakeholder rating",
                                 "third_party": "third-party rating"}),
    "rating_state": (ProjectState, {
        "planning": "planning", "implementing": "implementation",
        "reconfirming": "re-confirmation", "reviewing": "document review",
        "committee": "committee", "approved": "approved", "published": "in notice period",
        "closed": "closed"}),
    "peer_basis": (PeerBasis, {"portfolio": "the project's portfolio",
                               "reference": "reference peer table"}),
    "member_basis": (MemberBasis, {"consent": "consent", "public": "public information"}),
    "added_via": (AddedVia, {"list": "chosen one by one", "filter": "by filter",
                             "import": "imported file"}),
    "source_67": (Source67, {
        "a": "a) cleaner-production audit acceptance report",
        "b": "b) environmental / ESG / sustainability / CSR report",
        "c": "c) periodic reports", "d": "d) other public disclosures",
        "e": "e) public credit system, authorities, third parties",
        "f": "f) other credible information"}),
    "team_role": (TeamRole, {"lead": "lead", "member": "member"}),
    "committee_role": (CommitteeRole, {"chair": "chair", "member": "member"}),
    "rating_status": (Status, {"valid": "valid", "superseded": "superseded",
                               "withdrawn": "withdrawn"}),
    "objection_state": (ObjectionState, {"filed": "filed", "reviewing": "under review",
                                         "upheld": "upheld", "rejected": "rejected"}),
    "reconfirm_response": (Response, {"pending": "awaiting reply", "confirmed": "confirmed",
                                      "disputed": "additions or dispute"}),
    "onsite_kind": (OnSiteKind, {"interview": "stakeholder interview",
                                 "site_visit": "site visit"}),
    "medium": (Medium, {"electronic": "electronic", "paper": "paper"}),
    "run_kind": (RunKind, {"project": "project rating", "objection": "re-rating on objection"}),
    "missing_rule": (MissingRuleChoice, {"general": "taken as general (60)",
                                         "zero": "scores 0", "exclude": "left out, re-weighted"}),
    "small_peers": (SmallPeersChoice, {"withhold": "withheld", "issue": "issued and marked"}),
    "segment_model": (SegmentChoice, {"": "no segments (framework weights)",
                                      "example": "example segment model (industry × size)"}),
    "rating_kind": (RatingKind, {"written": "written rating",
                                 "comprehensive": "comprehensive rating"}),
}  # fmt: skip

for _name, (_enum, _en) in VOCABULARIES.items():
    vocab.register(_name, _labels(_enum, _en))
