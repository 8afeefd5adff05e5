"""Whole-file checks of a framework: what pydantic cannot see key by key.

Formulas name only known fields; selection groups exist and are used; weights add up;
grade bands cover 0–100 exactly once; each scoring method has what it needs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from parkesg.errors import FormulaError, FrameworkError
from parkesg.formula.parse import fields as formula_fields
from parkesg.formula.parse import parse
from parkesg.frameworks.schema import (
    CatalogueFile,
    EvidenceRule,
    FieldDef,
    Framework,
    Indicator,
    Kind,
    Method,
    Node,
)
from parkesg.frameworks.segment_checks import check_segments, segment_fields

WEIGHT_TOLERANCE = 1e-9
PEER_METHODS = {Method.peer_percentile, Method.peer_normal, Method.peer_poisson}


def iter_nodes(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from iter_nodes(node.children)


def _indicators(fw: Framework) -> Iterator[Indicator]:
    for node in iter_nodes(fw.tree):
        yield from node.indicators


def check_catalogue(cat: CatalogueFile, file: str) -> None:
    seen: set[str] = set()
    for f in cat.fields:
        if f.id in seen:
            raise FrameworkError("字段编号重复定义", file=file, key=f"fields[{f.id}]")
        seen.add(f.id)
        _check_unit(f.unit, file, f"fields[{f.id}].unit")
        if f.kind == Kind.ordinal and len(f.categories) < 2:
            raise FrameworkError(
                "有序分类字段至少需要两个类别", file=file, key=f"fields[{f.id}].categories"
            )
        _check_bounds(f, file)


def _check_bounds(f: FieldDef, file: str) -> None:
    """``minimum`` / ``maximum`` / ``signed`` belong to quantitative fields and must agree."""
    key = f"fields[{f.id}]"
    given = [k for k in ("minimum", "maximum", "signed") if k in f.model_fields_set]
    if given and f.kind != Kind.quantitative:
        raise FrameworkError(
            f"只有数值字段可以设定取值范围（{given[0]}），本字段为 {f.kind}", file=file,
            key=f"{key}.{given[0]}",
        )  # fmt: skip
    if f.signed and f.minimum is not None:
        raise FrameworkError(
            "signed: true（可为负）与 minimum 只能写一个", file=file, key=f"{key}.signed"
        )
    if f.minimum is not None and f.maximum is not None and f.minimum > f.maximum:
        raise FrameworkError(
            f"取值下限 {f.minimum:g} 大于上限 {f.maximum:g}", file=file, key=f"{key}.maximum"
        )
    low, high = f.bounds()
    if low is not None and high is not None and high < low:
        raise FrameworkError(
            f"取值上限 {high:g} 小于下限 {low:g}（未写 minimum 的数值字段不能为负；可为负的量写 "
            "signed: true）", file=file, key=f"{key}.maximum",
        )  # fmt: skip


def _check_unit(unit: str, file: str, key: str) -> None:
    from parkesg.errors import DataError
    from parkesg.units import parse_unit

    try:
        parse_unit(unit)
    except DataError as exc:
        raise FrameworkError(exc.detail, file=file, key=key) from exc


def referenced_fields(fw: Framework) -> set[str]:
    used: set[str] = {r.field for r in fw.requirements}
    for ind in _indicators(fw):
        for src in [ind.formula or "", *(c.when for c in ind.cautions)]:
            used |= {name for name, _ in formula_fields(parse(src))} if src else set()
        used |= set(ind.evidence) | set(ind.violations)
    if fw.segments is not None:
        used |= segment_fields(fw.segments)
    return used


def check_framework(fw: Framework, catalogue: Mapping[str, FieldDef], file: str) -> None:
    own = {f.id: f for f in fw.fields}
    check_catalogue(CatalogueFile(catalogue=fw.id, title=fw.title, fields=fw.fields), file)
    for fid in own:
        if fid in catalogue:
            raise FrameworkError(
                "字段已在共享字段目录中定义，应直接引用", file=file, key=f"fields[{fid}]"
            )
    known = {**catalogue, **own}
    _check_ids(fw, file)
    for ind in _indicators(fw):
        _check_indicator(fw, ind, known, file)
    for req in fw.requirements:
        if req.field not in known:
            raise FrameworkError(
                f"引用了未知字段 “{req.field}”", file=file, key=f"requirements[{req.id}].field"
            )
    _check_selection(fw, file)
    check_weights(fw, file)
    _check_grades(fw, file)
    check_segments(fw, known, file)


def _check_ids(fw: Framework, file: str) -> None:
    seen_ids: set[str] = set()
    seen_nos: set[str] = set()
    for node in iter_nodes(fw.tree):
        key = f"tree[{node.id}]"
        if node.id in seen_ids:
            raise FrameworkError("编号重复", file=file, key=key)
        seen_ids.add(node.id)
        if node.children and node.indicators:
            raise FrameworkError("节点不能同时含下级节点和指标", file=file, key=key)
        if not node.children and not node.indicators:
            raise FrameworkError("节点下没有任何指标", file=file, key=key)
        for ind in node.indicators:
            if ind.id in seen_ids:
                raise FrameworkError("编号重复", file=file, key=f"indicators[{ind.id}]")
            if ind.no in seen_nos:
                raise FrameworkError(
                    f"序号 {ind.no} 重复", file=file, key=f"indicators[{ind.id}].no"
                )
            seen_ids.add(ind.id)
            seen_nos.add(ind.no)


def _check_indicator(
    fw: Framework, ind: Indicator, known: Mapping[str, FieldDef], file: str
) -> None:
    key = f"indicators[{ind.id}]"
    _check_unit(ind.unit, file, f"{key}.unit")
    formulas = [("formula", ind.formula)] if ind.formula else []
    formulas += [(f"cautions[{n}].when", c.when) for n, c in enumerate(ind.cautions)]
    for where, src in formulas:
        try:
            refs = formula_fields(parse(src))
        except FormulaError as exc:
            raise FrameworkError(str(exc), file=file, key=f"{key}.{where}") from exc
        for name, _lag in sorted(refs):
            if name not in known:
                raise FrameworkError(
                    f"公式引用了未知字段 “{name}”", file=file, key=f"{key}.{where}"
                )
    if ind.evidence_rule == EvidenceRule.any and len(ind.evidence) < 2:
        raise FrameworkError(
            "evidence_rule: any 需要至少两项 evidence", file=file, key=f"{key}.evidence_rule"
        )
    for attr in ("evidence", "violations"):
        for name in getattr(ind, attr):
            if name not in known:
                raise FrameworkError(f"引用了未知字段 “{name}”", file=file, key=f"{key}.{attr}")
    if not ind.formula and not ind.evidence and ind.method != Method.progress:
        # a directly reported indicator must still say what it reads
        raise FrameworkError("缺少 formula 或 evidence", file=file, key=key)
    t = ind.thresholds
    need = {
        Method.levels: t.required is not None or t.general is not None,
        Method.leading_ratio: t.leading is not None,
        Method.ordinal: bool(ind.categories) or bool(ind.evidence),
    }
    if not need.get(ind.method, True):
        what = {
            Method.levels: "thresholds.general 或 required",
            Method.leading_ratio: "thresholds.leading",
            Method.ordinal: "categories",
        }
        raise FrameworkError(
            f"评分方法 {ind.method.value} 需要 {what[ind.method]}", file=file, key=key
        )
    if ind.method == Method.levels and t.general is not None and t.advanced is not None:
        better = (
            t.advanced >= t.general if ind.direction.value == "higher" else t.advanced <= t.general
        )
        if not better:
            raise FrameworkError(
                "先进水平应优于一般水平（与 direction 不符）", file=file, key=f"{key}.thresholds"
            )
    if ind.method in PEER_METHODS and fw.peer is None:
        raise FrameworkError("同业比较方法需要框架的 peer 设置", file=file, key=f"{key}.method")
    if ind.method == Method.ordinal and ind.formula:
        for name, _ in formula_fields(parse(ind.formula)):
            f = known.get(name)
            if f is not None and f.kind == Kind.ordinal:
                missing = [c for c in f.categories if c not in ind.categories]
                if missing:
                    raise FrameworkError(
                        f"类别 {'、'.join(missing)} 没有分值", file=file, key=f"{key}.categories"
                    )


def _check_selection(fw: Framework, file: str) -> None:
    groups = {g.id: g for g in (fw.selection.groups if fw.selection else [])}
    used: dict[str, int] = {gid: 0 for gid in groups}
    for ind in _indicators(fw):
        if ind.selection == "mandatory":
            continue
        if ind.selection not in groups:
            raise FrameworkError(
                f"未定义的选择组 “{ind.selection}”",
                file=file,
                key=f"indicators[{ind.id}].selection",
            )
        used[ind.selection] += 1
    for gid, n in used.items():
        if n == 0:
            raise FrameworkError("选择组中没有任何指标", file=file, key=f"selection.groups[{gid}]")
        if groups[gid].min > n:
            raise FrameworkError(
                f"至少选 {groups[gid].min} 项，但组内只有 {n} 项",
                file=file,
                key=f"selection.groups[{gid}]",
            )
    if fw.selection and fw.selection.min_total > sum(1 for _ in _indicators(fw)):
        raise FrameworkError("min_total 大于指标总数", file=file, key="selection.min_total")


def _check_sibling_weights(weights: list[float | None], file: str, key: str) -> None:
    given = [w for w in weights if w is not None]
    if not given:
        return
    if len(given) != len(weights):
        raise FrameworkError("同一层级中部分有权重、部分没有", file=file, key=key)
    if any(w < 0 for w in given):
        raise FrameworkError("权重不能为负", file=file, key=key)
    total = sum(given)
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise FrameworkError(f"权重之和应为 1，实为 {total:g}", file=file, key=key)


def check_weights(fw: Framework, file: str) -> None:
    _check_sibling_weights([n.weight for n in fw.tree], file, "tree.weight")
    for node in iter_nodes(fw.tree):
        _check_sibling_weights(
            [c.weight for c in node.children], file, f"tree[{node.id}].children.weight"
        )
        _check_sibling_weights(
            [i.weight for i in node.indicators], file, f"tree[{node.id}].indicators.weight"
        )


def _check_grades(fw: Framework, file: str) -> None:
    if not fw.grades:
        return
    bands = sorted(fw.grades, key=lambda b: b.min)
    names = [b.grade for b in bands]
    if len(set(names)) != len(names):
        raise FrameworkError("等级名称重复", file=file, key="grades")
    for band in bands:
        if band.max <= band.min:
            raise FrameworkError("等级区间上限应大于下限", file=file, key=f"grades[{band.grade}]")
    if bands[0].min != 0:
        raise FrameworkError(
            f"等级区间应从 0 开始，实为 {bands[0].min:g}",
            file=file,
            key=f"grades[{bands[0].grade}]",
        )
    if bands[-1].max != 100:
        raise FrameworkError(
            f"等级区间应到 100 为止，实为 {bands[-1].max:g}",
            file=file,
            key=f"grades[{bands[-1].grade}]",
        )
    for low, high in zip(bands, bands[1:]):
        if high.min > low.max:
            raise FrameworkError(
                f"等级区间有空缺：{low.max:g}–{high.min:g}", file=file, key=f"grades[{high.grade}]"
            )
        if high.min < low.max:
            raise FrameworkError(
                f"等级区间重叠：{high.min:g}–{low.max:g}", file=file, key=f"grades[{high.grade}]"
            )
