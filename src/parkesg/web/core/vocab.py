"""Vocabularies a person reads — states, kinds, roles, actions, engine statuses, levels,
methods, rules — with their Chinese and English labels, in one module (DESIGN.md "Pages and
numbers"). Pages show the label of the current language; nothing reads meaning back from it.

A model field with choices finds its vocabulary by its set of values (``for_choices``); a
new app adds its enums with ``register`` (a test checks every choice field has one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language


@dataclass(frozen=True)
class Vocabulary:
    name: str
    labels: Mapping[str, tuple[str, str]]  # value → (zh, en)

    def label(self, value: Any, lang: str | None = None) -> str:
        pair = self.labels.get(str(value))
        if pair is None:
            return "" if value is None else str(value)
        return pair[1] if _english(lang) else pair[0]

    def choices(self, lang: str | None = None) -> list[tuple[str, str]]:
        return [(v, self.label(v, lang)) for v in self.labels]


def _english(lang: str | None) -> bool:
    return (lang or get_language() or "zh").lower().startswith("en")


_ALL: dict[str, Vocabulary] = {}


def register(name: str, labels: Mapping[str, tuple[str, str]]) -> Vocabulary:
    """Add (or replace) a vocabulary; returns it."""
    _ALL[name] = Vocabulary(name, dict(labels))
    return _ALL[name]


def get(name: str) -> Vocabulary:
    return _ALL[name]


def for_choices(values: Iterable[Any]) -> Vocabulary | None:
    """The vocabulary whose values are exactly ``values`` (a model field's choices)."""
    wanted = {str(v) for v in values}
    return next((v for v in _ALL.values() if set(v.labels) == wanted), None)


def label(name: str, value: Any, lang: str | None = None) -> str:
    return _ALL[name].label(value, lang)


REVIEW_STATE = register("review_state", {
    "draft": ("草稿", "draft"), "submitted": ("待审核", "submitted"),
    "approved": ("已审核", "approved"), "rejected": ("已退回", "returned"),
})  # fmt: skip
REVISION_EVENT = register("revision_event", {
    "edit": ("填报 / 修改", "entered / changed"), "submit": ("提交审核", "submitted"),
    "approve": ("审核通过", "approved"), "reject": ("退回", "returned"),
})  # fmt: skip
ORG_KIND = register("org_kind", {
    "park": ("园区管委会", "park committee"), "provider": ("服务商", "service provider"),
    "enterprise": ("企业", "enterprise"), "bank": ("银行 / 评价机构", "bank or rating agency"),
    "government": ("政府", "government"),
})  # fmt: skip
ROLE = register("role", {
    "admin": ("管理员", "admin"), "editor": ("填报人", "editor"),
    "reviewer": ("审核人", "reviewer"), "viewer": ("查看者", "viewer"),
})  # fmt: skip
GRANT_KIND = register("grant_kind", {
    "park_share": ("向所在园区共享", "shared with its park"),
    "engagement": ("服务商项目", "service engagement"),
    "bank_consent": ("授权银行 / 评价机构", "consent to a bank"),
})  # fmt: skip
SOURCE = register("source_category", {
    "official": ("a) 主管部门公开数据", "a) official publication"),
    "research": ("b) 研究机构数据", "b) research institution"),
    "stakeholder": ("c) 利益相关方反馈", "c) stakeholder feedback"),
    "park_statistics": ("d) 园区统计部门数据", "d) park statistics"),
    "other": ("e) 其他具有公信力的数据", "e) other credible source"),
})  # fmt: skip
EVIDENCE_KIND = register("evidence_kind", {
    "pdf": ("PDF", "PDF"), "png": ("PNG 图片", "PNG image"), "jpeg": ("JPEG 图片", "JPEG image"),
    "xlsx": ("Excel 工作簿 (.xlsx)", "Excel workbook (.xlsx)"),
    "docx": ("Word 文档 (.docx)", "Word document (.docx)"),
    "text": ("文本 / CSV (UTF-8)", "text / CSV (UTF-8)"),
})  # fmt: skip
AUDIT_ACTION = register("audit_action", {
    "create": ("创建", "create"), "change": ("修改", "change"), "approve": ("审核通过", "approve"),
    "reject": ("退回", "return"), "submit": ("提交", "submit"), "login": ("登录", "log in"),
    "login_failed": ("登录失败", "login failed"), "logout": ("退出", "log out"),
    "denied": ("拒绝访问", "access denied"), "export": ("导出", "export"),
    "password_change": ("修改密码", "password changed"),
    "password_reset": ("重置密码", "password reset"), "unlock": ("解锁", "unlocked"),
    "otp_enrol": ("绑定动态口令", "second factor enrolled"),
    "otp_reset": ("重置动态口令", "second factor reset"),
    "refused_upload": ("拒收文件", "file refused"),
})  # fmt: skip
DUTY = register("duty", {
    "system": ("系统管理员", "system administrator"),
    "security": ("安全管理员", "security administrator"),
    "audit": ("审计管理员", "audit administrator"),
})  # fmt: skip
# The engine's words (parkesg.engine; T/CPPC 附件1 levels; methods of DESIGN.md "Scoring").
STATUS = register("status", {
    "computed": ("计算", "computed"), "reported": ("填报", "reported"),
    "missing": ("缺数据", "missing data"), "not_computable": ("不可计算", "not computable"),
})  # fmt: skip
LEVEL = register("level", {
    "先进": ("先进", "advanced"), "一般": ("一般", "general"),
    "未达一般": ("未达一般", "below general"),
})  # fmt: skip
METHOD = register("method", {
    "levels": ("对标一般/先进水平", "general / advanced levels"),
    "leading_ratio": ("对标引领值（比值×100，封顶）", "ratio to the leading value (capped)"),
    "boolean": ("是否判定", "yes or no"), "ordinal": ("分类赋分", "score by category"),
    "peer_percentile": ("同业分档排序法", "peer tiered ranking"),
    "peer_normal": ("同业正态分布拟合", "peer normal fit"),
    "peer_poisson": ("同业泊松分布拟合", "peer Poisson fit"),
    "progress": ("相对基准值的目标完成进度", "progress from baseline to target"),
})  # fmt: skip
RULE = register("rule", {
    "violation": ("违规不计分（6.9 d）", "violation scores 0 (6.9 d)"),
    "missing:zero": ("缺失不给分（6.9 b）", "missing scores 0 (6.9 b)"),
    "missing:general": ("缺失取一般（6.9 b）", "missing taken as general (6.9 b)"),
    "missing:exclude": ("缺失剔除并重新加权", "missing left out, weights renormalised"),
    "short_board": ("短板取最低（6.9 e）", "short board: the lowest counts (6.9 e)"),
    "peer_insufficient": ("同业样本不足，不予评分（6.8 b）", "too few peers: not scored (6.8 b)"),
    "peer_small": ("同业样本不足，按小组评分并标注（6.8 b）",
                   "too few peers: scored in the small group, marked (6.8 b)"),
})  # fmt: skip
PEER_LEVEL = register("peer_level", {
    "5": ("小类", "class"), "4": ("中类", "group"), "3": ("大类", "division"),
    "1": ("门类", "section"), "0": ("全部", "all"),
})  # fmt: skip

UPLOAD_STATE = register("upload_state", {
    "pending": ("待确认", "awaiting confirmation"), "applied": ("已保存", "saved"),
    "discarded": ("已放弃", "discarded"), "refused": ("未通过", "refused"),
})  # fmt: skip
CHANGE_KIND = register(
    "change_kind", {"created": ("新增", "new"), "changed": ("更正", "correction")}
)
DOCUMENT_STATUS = register("document_status", {
    "draft": ("草稿", "draft"), "review": ("审核中", "in review"),
    "approved": ("已批准（现行）", "approved (in force)"), "published": ("已发布", "published"),
    "superseded": ("已被新版本取代", "superseded"), "withdrawn": ("已撤回", "withdrawn"),
})  # fmt: skip
DOCUMENT_ACCESS = register("document_access", {
    "public": ("公开", "public"), "internal": ("内部", "internal"),
    "restricted": ("受限", "restricted"),
})  # fmt: skip
REPORT_STAGE = register("report_stage", {
    "送审稿": ("送审稿", "draft for review"), "修改稿": ("修改稿", "revised draft"),
    "最终稿": ("最终稿", "final version"), "草稿": ("草稿", "draft"), "终稿": ("终稿", "final"),
})  # fmt: skip
