"""`python -m parkesg.frameworks.check FILE...`: load each file strictly, print OK or the error.

A file in a ``catalogue`` folder is a field catalogue, one in a ``segments`` folder a segment
model (checked against the framework it names); any other file is a framework."""

from __future__ import annotations

import sys
from pathlib import Path

from parkesg.errors import ParkesgError
from parkesg.frameworks.loader import (
    load_catalogue_file,
    load_framework,
    load_framework_file,
    read_yaml,
    with_segments,
)


def _framework_of(path: Path) -> str:
    doc = read_yaml(path)
    return str(doc.get("framework", "")) if isinstance(doc, dict) else ""


def main(argv: list[str]) -> int:
    status = 0
    for arg in argv:
        path = Path(arg)
        try:
            if "catalogue" in path.parts:
                load_catalogue_file(path)
            elif "segments" in path.parts:  # a segment model beside its framework
                fw = with_segments(load_framework(_framework_of(path)), path)
                print(f"{path.name}: OK — {len(fw.segments.models) if fw.segments else 0} segments")
                continue
            else:
                fw = load_framework_file(path)
                from parkesg.frameworks.loader import iter_indicators

                print(f"{path.name}: OK — {len(iter_indicators(fw.tree))} indicators")
                continue
            print(f"{path.name}: OK")
        except ParkesgError as exc:
            print(f"{path.name}: {exc}")
            status = 2
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
