"""`python -m parkesg.frameworks.check FILE...`: load each file strictly, print OK or the error."""

from __future__ import annotations

import sys
from pathlib import Path

from parkesg.errors import ParkesgError
from parkesg.frameworks.loader import load_catalogue_file, load_framework_file


def main(argv: list[str]) -> int:
    status = 0
    for arg in argv:
        path = Path(arg)
        try:
            if "catalogue" in path.parts:
                load_catalogue_file(path)
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
