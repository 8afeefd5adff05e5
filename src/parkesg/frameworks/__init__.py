"""Standards as data: framework files, the shared field catalogue, and their strict loader."""

from parkesg.frameworks.loader import (
    fields_for,
    iter_indicators,
    list_frameworks,
    load_catalogue,
    load_framework,
    load_framework_file,
    with_segments,
    with_weights,
)
from parkesg.frameworks.schema import FieldDef, Framework, Indicator, Node

__all__ = [
    "FieldDef",
    "Framework",
    "Indicator",
    "Node",
    "fields_for",
    "iter_indicators",
    "list_frameworks",
    "load_catalogue",
    "load_framework",
    "load_framework_file",
    "with_segments",
    "with_weights",
]
