"""Whole-file checks of a framework's ``segments:`` block (issue 5 item 3).

Dimensions read known fields or entity columns; every segment names only declared dimensions,
with values a dimension can take; each segment's weights name known nodes or indicators and
add up per node (T/JDFA01 6.8 formula (1)), checked on the framework as that segment sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from parkesg.errors import FrameworkError
from parkesg.frameworks.schema import (
    SIZE_CLASSES,
    DimensionKind,
    FieldDef,
    Framework,
    Segments,
)

ENTITY_COLUMNS = ("industry", "region", "size", "size_class")  # entity attributes (io ENTITY_ATTRS)
DEFAULT_SEGMENT = "default"  # entities no segment takes: the framework's own weights
ROOT = "segments"


def segment_fields(segments: Segments) -> set[str]:
    """The fields the dimensions read (entity columns such as ``region`` are not fields)."""
    from parkesg.frameworks.size_classes import load_size_classification

    used: set[str] = set()
    for dim in segments.dimensions:
        if dim.column and dim.column not in ENTITY_COLUMNS:
            used.add(dim.column)
        if dim.kind == DimensionKind.size_class:
            used |= load_size_classification().fields()
    return used


def entity_columns(segments: Segments) -> list[str]:
    """Entity columns (not fields) a dimension reads, e.g. ``size_class`` given directly."""
    return sorted({d.column for d in segments.dimensions if d.column in ENTITY_COLUMNS})


def check_segments(fw: Framework, known: Mapping[str, FieldDef], file: str) -> None:
    seg = fw.segments
    if seg is None:
        return
    dims = {d.id: d for d in seg.dimensions}
    if len(dims) != len(seg.dimensions):
        raise FrameworkError("分段维度编号重复", file=file, key=f"{ROOT}.dimensions")
    for dim in seg.dimensions:
        key = f"{ROOT}.dimensions[{dim.id}].column"
        if dim.kind == DimensionKind.field and not dim.column:
            raise FrameworkError("field 维度需要 column（读取的字段或列）", file=file, key=key)
        if dim.column and dim.column not in known and dim.column not in ENTITY_COLUMNS:
            raise FrameworkError(f"引用了未知字段 “{dim.column}”", file=file, key=key)
    absent = sorted(segment_fields(seg) - set(known) - set(ENTITY_COLUMNS))
    if absent:
        raise FrameworkError(
            f"企业规模划分需要字段 “{absent[0]}”，字段目录中没有",
            file=file,
            key=f"{ROOT}.dimensions",
        )
    _check_dims_named(seg.peer_by, dims, file, f"{ROOT}.peer_by")
    seen: set[str] = set()
    for model in seg.models:
        key = f"{ROOT}.models[{model.id}]"
        if model.id in seen or model.id == DEFAULT_SEGMENT:
            why = "分段编号重复" if model.id in seen else f"“{DEFAULT_SEGMENT}” 为保留的分段编号"
            raise FrameworkError(why, file=file, key=key)
        seen.add(model.id)
        for dim_id, values in model.when.items():
            _check_dims_named([dim_id], dims, file, f"{key}.when")
            _check_values(dims[dim_id].kind, dims[dim_id].prefix, values, file, f"{key}.when")
        _check_dims_named(model.peer_by or [], dims, file, f"{key}.peer_by")
        segment_framework(fw, model.id, file=file)


def _check_dims_named(
    names: Iterable[str], dims: Mapping[str, object], file: str, key: str
) -> None:
    for name in names:
        if name not in dims:
            raise FrameworkError(f"未定义的分段维度 “{name}”", file=file, key=f"{key}.{name}")


def _check_values(kind: DimensionKind, prefix: int, values: list[str], file: str, key: str) -> None:
    for value in values:
        if kind == DimensionKind.size_class and value not in SIZE_CLASSES:
            raise FrameworkError(
                f"企业规模 “{value}” 无效，可选 {'、'.join(SIZE_CLASSES)}", file=file, key=key
            )
        pattern = rf"[A-T][0-9]{{{prefix - 1}}}"
        if kind == DimensionKind.industry and not re.fullmatch(pattern, value):
            raise FrameworkError(
                f"行业代码 “{value}” 应为 GB/T 4754 代码的前 {prefix} 位", file=file, key=key
            )


def segment_framework(fw: Framework, segment: str, *, file: str = "") -> Framework:
    """``fw`` as one segment sees it: its weight overrides applied and checked again."""
    from parkesg.frameworks.checks import iter_nodes
    from parkesg.frameworks.loader import with_weights

    if segment == DEFAULT_SEGMENT or fw.segments is None:
        return fw
    model = next((m for m in fw.segments.models if m.id == segment), None)
    if model is None:
        raise FrameworkError(f"未定义的分段 “{segment}”", file=file or fw.id, key=ROOT)
    if not model.weights:
        return fw
    key = f"{ROOT}.models[{model.id}].weights"
    nodes = list(iter_nodes(fw.tree))
    known = {n.id for n in nodes} | {i.id for n in nodes for i in n.indicators}
    for child in model.weights:
        if child not in known:
            raise FrameworkError("没有这个节点或指标", file=file or fw.id, key=f"{key}.{child}")
    try:
        return with_weights(fw, model.weights, file=file or fw.id)
    except FrameworkError as exc:  # the segment's key, and the siblings whose sum is wrong
        raise FrameworkError(f"{exc.detail}（{exc.key}）", file=exc.file, key=key) from exc
