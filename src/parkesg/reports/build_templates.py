"""Write the shipped report templates (``templates/*.docx``) from their layouts.

    python -m parkesg.reports.build_templates [DIR]

The .docx files are committed so they can be reviewed and opened in Word; this script is how
they are made, byte for byte: fixed document properties and zip entries with a fixed time in
a fixed order, so rebuilding an unchanged layout changes nothing.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx.document import Document as DocumentObject

from parkesg.reports import layout_beijing, layout_cppc, layout_esc, layout_jdfa

TEMPLATE_DIR = Path(__file__).parent / "templates"

LAYOUTS: dict[str, Callable[[], DocumentObject]] = {
    "cppc": layout_cppc.build,
    "beijing": layout_beijing.build,
    "beijing-2-2": layout_beijing.build_pledge,
    "beijing-2-3": layout_beijing.build_confirmation,
    "beijing-2-4": layout_beijing.build_survey,
    "jdfa": layout_jdfa.build,
    "jdfa-certificate": layout_jdfa.build_certificate,
    "esc": layout_esc.build,
}
_FIXED = datetime(2026, 1, 1)


def _normalise(path: Path) -> None:
    """Rewrite the zip with sorted entries and a fixed timestamp (reproducible bytes)."""
    with zipfile.ZipFile(path) as zf:
        items = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    first = [i for i in items if i[0] == "[Content_Types].xml"]
    rest = sorted(i for i in items if i[0] != "[Content_Types].xml")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in first + rest:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def build(name: str, folder: Path = TEMPLATE_DIR) -> Path:
    doc = LAYOUTS[name]()
    props = doc.core_properties  # set per report by ``finish``; a template carries none
    props.author = props.last_modified_by = props.title = props.comments = ""
    props.created = props.modified = _FIXED
    props.revision = 1
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.docx"
    doc.save(str(path))
    _normalise(path)
    return path


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else TEMPLATE_DIR
    for name in LAYOUTS:
        print(build(name, folder))


if __name__ == "__main__":
    main()
