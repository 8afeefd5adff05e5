"""A project's criteria (T/JDFA01 6.2 a): the framework edition, its weights or segment model,
the missing-data rule, the peer basis and benchmark tables — as one snapshot that is
confirmed before publication. The shipped weights and score maps are provisional (暂定):
the confirmation names each provisional item the organisation adopts as its own criterion."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from parkesg.errors import ParkesgError
from parkesg.frameworks import iter_indicators, load_framework, with_segments
from parkesg.frameworks.schema import Framework
from parkesg.peers import settings_digest
from parkesg.web.assessments.results import framework_sha256
from parkesg.web.core.workflow import Problems
from parkesg.web.documents.models import DocStatus, content_digest
from parkesg.web.ratings.kinds import PeerBasis, SegmentChoice
from parkesg.web.ratings.models import RatingProject

SEGMENT_FILES: dict[str, str] = {SegmentChoice.example.value: "t-jdfa-01-2025-example.yaml"}


def segments_path(choice: str) -> Path:
    root = resources.files("parkesg.frameworks").joinpath("segments", SEGMENT_FILES[choice])
    return Path(str(root))


@cache
def framework_of(framework_id: str, segments: str = "") -> Framework:
    """The framework a project rates under (with its segment model, when chosen)."""
    fw = load_framework(framework_id)
    return with_segments(fw, segments_path(segments)) if segments else fw


def provisional_items(fw: Framework) -> list[str]:
    """What the framework marks 暂定: weights, peer settings, indicators' methods or maps."""
    items = []
    if fw.aggregation.weights is not None and fw.aggregation.weights.provisional:
        items.append("权重 a_ij（6.8 c）")
    if fw.peer is not None and fw.peer.provisional:
        items.append("同业组划分、最小样本量和分档分值（6.8 b）")
    if fw.segments is not None and fw.segments.provisional:
        items.append("分段模型的权重与同业键")
    items += [f"{i.no} {i.name.zh}" for i in iter_indicators(fw.tree) if i.provisional]
    return items


def content(p: RatingProject) -> dict[str, Any]:
    """The criteria as confirmed: what a rating under them depends on, nothing else."""
    fw = framework_of(p.framework_id, p.segments)
    return {
        "framework": p.framework_id,
        "framework_sha256": framework_sha256(p.framework_id),
        "standard": fw.source.code,
        "segments": p.segments or None,
        "missing_rule": p.missing_rule,
        "small_peers": p.small_peers,
        "peer_basis": p.peer_basis,
        "reference": p.reference.sha256 if p.reference is not None else None,
        "benchmarks": sorted(f"{b.standard}:{b.pk}" for b in p.benchmarks.all()) if p.pk else [],
        "comprehensive": p.comprehensive,
        "provisional_adopted": provisional_items(fw),
    }


def criteria_problems(p: RatingProject) -> Problems:
    out = []
    try:
        fw = framework_of(p.framework_id, p.segments)
    except ParkesgError as exc:
        return [f"评价体系无法载入：{exc}"]
    if fw.entity_kind != "enterprise" or fw.aggregation.method != "weighted_sum":
        out.append(f"{fw.title.zh} 不是企业 ESG 评级体系")
    ref = p.reference
    if p.peer_basis == PeerBasis.reference and ref is not None:
        if ref.framework_id != fw.id or ref.settings_digest != settings_digest(fw):
            out.append("同业参照表是在其他评价体系或同业设置下生成的，不能用于本项目（6.8 b）")
    known = {i.id for i in iter_indicators(fw.tree)}
    for table in p.benchmarks.all() if p.pk else []:
        unknown = sorted({r["indicator_id"] for r in table.rows} - known)
        if unknown:
            out.append(f"对标标准表 {table} 含评价体系中没有的指标：{'、'.join(unknown)}")
    return out


def confirmation_problems(p: RatingProject) -> Problems:
    doc = p.criteria_doc
    if doc is None:
        return ["评价准则尚未确认（框架版本、权重或分段模型、缺失数据规则）"]
    if doc.status not in (DocStatus.approved, DocStatus.published):
        return ["评价准则确认书尚未批准（不能由编写人自己批准）"]
    if doc.content_sha256 != content_digest(content(p)):
        return ["评价准则在确认后有改动，请重新确认"]
    return []
