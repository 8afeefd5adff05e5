"""The strict loader refuses every deliberately broken file in ``tests/broken/``.

Each file there is ``valid_minimal.yaml`` (or ``valid_catalogue.yaml``) with exactly one
defect. Loading it must raise ``FrameworkError`` — never another exception, never a silent
load — and the message must name the file and the key (OpenFisca's habit: a folder of broken
files, each tested for its message). The table below lists, next to each file, the exact key
the error must name and a substring of what it must say.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parkesg.errors import FrameworkError
from parkesg.frameworks.loader import load_catalogue_file, load_framework_file

BROKEN = Path(__file__).parent / "broken"

FW = "framework"
CAT = "catalogue"

E1 = "indicators[energy_intensity]"
W2 = "indicators[water_intensity]"

# file name → (loader, key the error names (None: a file-level error has no key), substring
# of the message). The key appears in the message as "键 <key>", the file as "文件 <name>".
CASES: dict[str, tuple[str, str | None, str]] = {
    # schema (pydantic, extra="forbid")
    "unknown_top_level_key.yaml": (FW, "colour", "未知的键"),
    "unknown_indicator_key.yaml": (FW, "tree[E].indicators[energy_intensity].treshold", "未知的键"),
    # YAML reading
    "duplicate_key.yaml": (FW, "formula", "重复的键 “formula”（第 29 行）"),
    "not_utf8.yaml": (FW, None, "不是 UTF-8 编码的文本"),
    "yaml_syntax_error.yaml": (FW, None, "（第 80 行）"),
    "top_level_list.yaml": (FW, None, "顶层应为映射"),
    "yaml_alias.yaml": (FW, None, "不允许使用 YAML 别名（*alias）（第 67 行）"),
    # formulas
    "formula_unknown_field.yaml": (FW, f"{E1}.formula", "未知字段 “industrial_value_addded”"),
    "formula_plus_times.yaml": (FW, f"{E1}.formula", "实为 “*”（第 21 个字符）"),
    "formula_import.yaml": (FW, f"{E1}.formula", "含不允许的字符 “'”（第 12 个字符）"),
    "formula_attribute.yaml": (FW, f"{E1}.formula", "含不允许的字符 “.”（第 19 个字符）"),
    "formula_lambda.yaml": (FW, f"{E1}.formula", "含不允许的字符 “:”（第 7 个字符）"),
    "formula_subscript.yaml": (FW, f"{E1}.formula", "此处应为 “-”，实为 “1”（第 20 个字符）"),
    "formula_lag_zero.yaml": (FW, f"{E1}.formula", "年份偏移应为 1 到 10 的整数"),
    # 150 nested parentheses (318 characters, well under the 2000-character limit)
    "formula_too_deep.yaml": (FW, f"{E1}.formula", "公式"),
    # selection groups
    "selection_group_unused.yaml": (FW, "selection.groups[optional_b]", "选择组中没有任何指标"),
    "selection_group_undefined.yaml": (FW, f"{W2}.selection", "未定义的选择组 “optional_z”"),
    # weights
    "weights_sum.yaml": (FW, "tree.weight", "权重之和应为 1，实为 1.1"),
    "weights_partial.yaml": (FW, "tree.weight", "部分有权重、部分没有"),
    "weights_partial_indicators.yaml": (FW, "tree[E].indicators.weight", "部分有权重、部分没有"),
    # grade bands
    "grades_gap.yaml": (FW, "grades[优]", "等级区间有空缺：55–60"),
    "grades_overlap.yaml": (FW, "grades[优]", "等级区间重叠：60–65"),
    "grades_not_from_zero.yaml": (FW, "grades[差]", "应从 0 开始，实为 5"),
    "grades_not_to_100.yaml": (FW, "grades[优]", "应到 100 为止，实为 95"),
    # identifiers
    "duplicate_indicator_id.yaml": (FW, E1, "编号重复"),
    "duplicate_no.yaml": (FW, f"{W2}.no", "序号 1 重复"),
    # methods
    "levels_without_thresholds.yaml": (FW, E1, "评分方法 levels 需要 thresholds.general"),
    "leading_ratio_without_leading.yaml": (
        FW,
        W2,
        "评分方法 leading_ratio 需要 thresholds.leading",
    ),
    "peer_without_peer_block.yaml": (FW, "indicators[penalties].method", "peer"),
    "ordinal_category_missing.yaml": (FW, "indicators[standard_system].categories", "不完善"),
    # units and fields
    "unit_unparsable.yaml": (FW, f"{E1}.unit", "无法识别的单位 “tce/万园”"),
    "own_field_unit_unparsable.yaml": (FW, "fields[test_penalties].unit", "次每年"),
    "own_field_duplicate.yaml": (FW, "fields[test_penalties]", "重复"),
    "field_duplicates_catalogue.yaml": (FW, "fields[energy_consumption]", "共享字段目录"),
    # segment models (issue 5 item 3); each is valid_segments.yaml with one defect
    "segments_unknown_dimension.yaml": (
        FW,
        "segments.models[large].when.sector",
        "未定义的分段维度 “sector”",
    ),
    "segments_weights_sum.yaml": (
        FW,
        "segments.models[large].weights",
        "权重之和应为 1，实为 1.1（tree.weight）",
    ),
    "segments_unknown_node.yaml": (FW, "segments.models[large].weights.X", "没有这个节点或指标"),
    "segments_unknown_field.yaml": (
        FW,
        "segments.dimensions[section].column",
        "引用了未知字段 “ent_sector_code”",
    ),
    "segments_size_value.yaml": (FW, "segments.models[large].when", "企业规模 “巨” 无效"),
    "segments_peer_by_unknown.yaml": (FW, "segments.peer_by.scale", "未定义的分段维度 “scale”"),
    "segments_reserved_id.yaml": (FW, "segments.models[default]", "保留的分段编号"),
    # catalogues
    "catalogue_duplicate_field.yaml": (CAT, "fields[test_area]", "字段编号重复"),
    "catalogue_unit_unparsable.yaml": (CAT, "fields[test_area].unit", "无法识别的单位 “平方公理”"),
    "catalogue_unknown_key.yaml": (CAT, "fields[test_area].unti", "未知的键"),
    "catalogue_bounds_reversed.yaml": (CAT, "fields[test_area].maximum", "下限 100 大于上限 10"),
    "catalogue_bounds_negative_maximum.yaml": (
        CAT,
        "fields[test_area].maximum",
        "上限 -5 小于下限 0",
    ),  # fmt: skip
    "catalogue_bounds_on_ordinal.yaml": (
        CAT,
        "fields[test_rating].maximum",
        "只有数值字段可以设定取值范围",
    ),  # fmt: skip
    "catalogue_bounds_not_a_number.yaml": (CAT, "fields[test_area].maximum", "valid number"),
    "catalogue_ordinal_one_category.yaml": (
        CAT,
        "fields[test_rating].categories",
        "至少需要两个类别",
    ),
}

VALID = {"valid_minimal.yaml": FW, "valid_catalogue.yaml": CAT, "valid_segments.yaml": FW}


def _load(kind: str, path: Path) -> object:
    return load_catalogue_file(path) if kind == CAT else load_framework_file(path)


def test_every_file_in_the_folder_is_in_the_table() -> None:
    on_disk = {p.name for p in BROKEN.glob("*.yaml")}
    assert on_disk == set(CASES) | set(VALID)


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_file_loads(name: str) -> None:
    loaded = _load(VALID[name], BROKEN / name)
    assert loaded is not None


def test_valid_minimal_content() -> None:
    fw = load_framework_file(BROKEN / "valid_minimal.yaml")
    assert fw.id == "broken-minimal"
    assert [n.id for n in fw.tree] == ["E", "G"]
    assert [i.id for n in fw.tree for i in n.indicators] == [
        "energy_intensity",
        "water_intensity",
        "standard_system",
        "penalties",
    ]


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_file_is_refused_naming_file_and_key(name: str) -> None:
    kind, key, detail = CASES[name]
    with pytest.raises(FrameworkError) as info:
        _load(kind, BROKEN / name)
    err = info.value
    message = str(err)
    assert err.file == name
    assert f"文件 {name}" in message
    if key is None:
        assert err.key == ""
    else:
        assert err.key == key
        assert f"键 {key}" in message
    assert detail in message
    assert "\n" not in message  # one clear line


def test_each_broken_framework_differs_from_the_valid_one() -> None:
    """Guard the folder itself: no broken file is a copy of the valid one."""
    valid = (BROKEN / "valid_minimal.yaml").read_bytes()
    for name, (kind, _key, _detail) in CASES.items():
        if kind == FW:
            assert (BROKEN / name).read_bytes() != valid, name
