"""Strict loading of framework and catalogue files: every error names the file and the key.

Modelled on OpenFisca's parameter loader: YAML is read with a loader that refuses duplicate
keys, validated by the pydantic models of ``schema.py``, then cross-checked as a whole by
``checks.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from parkesg.errors import FrameworkError
from parkesg.frameworks import checks, segment_checks
from parkesg.frameworks.schema import (
    CatalogueFile,
    FieldDef,
    Framework,
    Indicator,
    Node,
    SegmentsFile,
)

MAX_FILE_BYTES = 2 * 1024 * 1024


# libyaml's parser when PyYAML was built with it (reading every framework file takes ~0.06 s
# instead of ~0.34 s in pure Python); the constructor and resolver below are Python either way
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that refuses a key given twice in one mapping and reads booleans as in
    YAML 1.2 (only true / false): ``no:`` is the serial-number key, never ``False``."""


def _refuse_aliases(text: str) -> None:
    """No ``*alias``: a framework never needs one, and nested aliases make a tiny file expand
    exponentially (a “billion laughs” for YAML). Checked on the parser's events, before any
    node is composed."""
    for event in yaml.parse(text, Loader=_UniqueKeyLoader):
        if isinstance(event, yaml.AliasEvent):
            mark: Any = event.start_mark  # libyaml's Mark or PyYAML's: line and column alike
            raise yaml.composer.ComposerError(None, None, "不允许使用 YAML 别名（*alias）", mark)


_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_UniqueKeyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键 “{key}”", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, refusing duplicate keys and oversize files."""
    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FrameworkError("文件过大", file=name)
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkError(f"无法读取：{exc.strerror}", file=name) from exc
    except UnicodeDecodeError as exc:
        raise FrameworkError("不是 UTF-8 编码的文本", file=name) from exc
    try:
        _refuse_aliases(text)
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"（第 {mark.line + 1} 行）" if mark else ""
        key = str(exc.problem).split("“")[-1].rstrip("”") if "重复" in str(exc.problem) else ""
        raise FrameworkError(f"{exc.problem}{line}", file=name, key=key) from exc
    except yaml.YAMLError as exc:
        raise FrameworkError(f"YAML 语法错误：{exc}", file=name) from exc


def _key_path(loc: tuple[int | str, ...], doc: Any) -> str:
    """Turn a pydantic location into a readable key path, naming list items by their id."""
    parts: list[str] = []
    node = doc
    for item in loc:
        if isinstance(item, int) and isinstance(node, list) and 0 <= item < len(node):
            node = node[item]
            ident = node.get("id") if isinstance(node, dict) else None
            parts[-1:] = [f"{parts[-1] if parts else ''}[{ident or item}]"]
            continue
        parts.append(str(item))
        node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts)


def _validate(model: type[Any], doc: Any, name: str) -> Any:
    if not isinstance(doc, dict):
        raise FrameworkError("顶层应为映射（键: 值）", file=name)
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = {
            "extra_forbidden": "未知的键",
            "missing": "缺少必填的键",
        }.get(err["type"], err["msg"])
        raise FrameworkError(msg, file=name, key=_key_path(err["loc"], doc)) from exc


def _catalogue_dir() -> Path:
    return Path(str(resources.files("parkesg.frameworks").joinpath("catalogue")))


def _framework_dir() -> Path:
    return Path(str(resources.files("parkesg.frameworks").joinpath("data")))


def load_catalogue_file(path: Path) -> CatalogueFile:
    cat: CatalogueFile = _validate(CatalogueFile, read_yaml(path), path.name)
    checks.check_catalogue(cat, path.name)
    return cat


@lru_cache(maxsize=1)
def load_catalogue() -> Mapping[str, FieldDef]:
    """Every catalogue file merged; a field id defined twice is an error."""
    merged: dict[str, FieldDef] = {}
    where: dict[str, str] = {}
    for path in sorted(_catalogue_dir().glob("*.yaml")):
        for field in load_catalogue_file(path).fields:
            if field.id in merged:
                raise FrameworkError(
                    f"字段已在 {where[field.id]} 中定义", file=path.name, key=f"fields[{field.id}]"
                )
            merged[field.id], where[field.id] = field, path.name
    return merged


def load_framework_file(path: Path, catalogue: Mapping[str, FieldDef] | None = None) -> Framework:
    """Load, validate and cross-check one framework file."""
    fw: Framework = _validate(Framework, read_yaml(path), path.name)
    checks.check_framework(fw, catalogue if catalogue is not None else load_catalogue(), path.name)
    return fw


def list_frameworks() -> list[str]:
    return sorted(p.stem for p in _framework_dir().glob("*.yaml"))


@lru_cache(maxsize=32)
def _load_builtin(framework_id: str) -> Framework:
    return load_framework_file(_framework_dir() / f"{framework_id}.yaml")


def load_framework(ref: str | Path) -> Framework:
    """A shipped framework by id, or a framework file by path."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return load_framework_file(path)
    if str(ref) not in list_frameworks():
        known = "、".join(list_frameworks())
        raise FrameworkError(f"没有名为 “{ref}” 的评价体系；可用：{known}")
    return _load_builtin(str(ref))


def iter_indicators(nodes: list[Node]) -> list[Indicator]:
    out: list[Indicator] = []
    for node in nodes:
        out.extend(node.indicators)
        out.extend(iter_indicators(node.children))
    return out


def fields_for(fw: Framework) -> list[FieldDef]:
    """The fields a framework reads, in catalogue order (then its own fields)."""
    used = checks.referenced_fields(fw)
    catalogue = load_catalogue()
    own = {f.id: f for f in fw.fields}
    ordered = [f for fid, f in catalogue.items() if fid in used]
    return ordered + [f for fid, f in own.items() if fid in used and fid not in catalogue]


def with_weights(fw: Framework, weights: Mapping[str, float], *, file: str = "") -> Framework:
    """A copy of ``fw`` whose node or indicator weights are replaced, checked again."""
    known = {n.id for n in checks.iter_nodes(fw.tree)} | {i.id for i in iter_indicators(fw.tree)}
    for key in weights:
        if key not in known:
            raise FrameworkError("权重文件中的节点或指标不存在", file=file, key=key)

    def node(n: Node) -> Node:
        return n.model_copy(
            update={
                "weight": weights.get(n.id, n.weight),
                "children": [node(c) for c in n.children],
                "indicators": [
                    i.model_copy(update={"weight": weights.get(i.id, i.weight)})
                    for i in n.indicators
                ],
            }
        )

    new = fw.model_copy(update={"tree": [node(n) for n in fw.tree]})
    checks.check_weights(new, file or fw.id)
    return new


def with_segments(fw: Framework, path: str | Path) -> Framework:
    """A copy of ``fw`` with the segment model of a segments file (``SegmentsFile``), checked
    as if it were written in the framework; errors name the segments file."""
    path = Path(path)
    doc: SegmentsFile = _validate(SegmentsFile, read_yaml(path), path.name)
    if doc.framework != fw.id:
        raise FrameworkError(
            f"分段模型属于评价体系 {doc.framework}，不是 {fw.id}", file=path.name, key="framework"
        )
    new = fw.model_copy(update={"segments": doc.segments})
    own = {f.id: f for f in fw.fields}
    segment_checks.check_segments(new, {**load_catalogue(), **own}, path.name)
    return new
