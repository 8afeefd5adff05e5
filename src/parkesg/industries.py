"""Industry names of GB/T 4754—2017 codes for what a person reads (a code alone tells a
reader nothing): ``name("C2614")`` is “有机化学原料制造”, ``label("C2614")`` “C2614 有机化学
原料制造”; a class not in the table is named by its division (“C2699（化学原料和化学制品制造业）”).
The names live in ``frameworks/classifications/gbt-4754-2017-names.yaml``."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

WHOLE = "全部"  # the widest peer group: every entity of the run


@cache
def _names() -> dict[str, dict[str, str]]:
    path = Path(str(resources.files("parkesg.frameworks").joinpath(
        "classifications", "gbt-4754-2017-names.yaml")))  # fmt: skip
    doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        k: {str(c): str(n) for c, n in doc[k].items()} for k in ("sections", "divisions", "classes")
    }


def name(code: str | None) -> str:
    """The name of a section (C), division (C26), group (C261) or class (C2614)."""
    code = (code or "").strip().upper()
    if not code:
        return ""
    n = _names()
    digits = code[1:]
    if len(digits) == 4 and digits in n["classes"]:
        return n["classes"][digits]
    if len(digits) >= 2 and digits[:2] in n["divisions"]:
        return n["divisions"][digits[:2]]
    return n["sections"].get(code[:1], "")


def label(code: str | None) -> str:
    """“C2614 有机化学原料制造”; a code deeper than its known name: “C2699（化学原料和化学
    制品制造业）”; “全部” and an empty code as they are; “大|C26” (a segment's key) keeps its key."""
    code = (code or "").strip()
    if not code or code == WHOLE:
        return code or "—"
    key, sep, tail = code.rpartition("|")
    if sep:
        return f"{key}｜{label(tail)}"
    found = name(code)
    if not found:
        return code
    known_class = len(code) == 5 and code[1:] in _names()["classes"]
    exact = len(code) <= 3 or known_class
    return f"{code} {found}" if exact else f"{code}（{found}）"
