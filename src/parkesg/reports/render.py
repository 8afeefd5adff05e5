"""Render a .docx template (docxtpl) with a context, safely, and write it atomically.

Templates are the shipped ones (``templates/<name>.docx``) or a user's edited copy
(``--template``). A user's template is user text: it is rendered in Jinja's sandbox (no
attribute access to Python internals), with autoescaping so that ``<`` or ``&`` in any value
cannot break the document XML.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from parkesg.errors import DataError
from parkesg.io.safety import check_size

TEMPLATE_DIR = Path(__file__).parent / "templates"


def template_path(name: str) -> Path:
    path = TEMPLATE_DIR / f"{name}.docx"
    if not path.exists():
        shipped = "、".join(sorted(p.stem for p in TEMPLATE_DIR.glob("*.docx")))
        raise DataError(f"没有名为 “{name}” 的报告模板；可用：{shipped}")
    return path


def export_template(name: str, folder: Path) -> Path:
    """Copy a shipped template out for editing (letterhead, logo, wording)."""
    src = template_path(name)
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / src.name
    shutil.copyfile(src, dest)
    return dest


def render(
    template: Path,
    context: dict[str, Any],
    out: Path,
    *,
    images: dict[str, tuple[Path | None, float]] | None = None,
) -> Path:
    """Render ``template`` into ``out``. ``images`` maps a context key to (PNG, width in mm);
    a missing image renders as nothing (its paragraph is kept out by the template's if)."""
    check_size(template)
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except Exception as exc:  # a .docx that is not a Word document
        raise DataError(f"无法读取报告模板（{type(exc).__name__}）", file=template.name) from exc
    ctx = dict(context)
    for key, (png, width) in (images or {}).items():
        ctx[key] = InlineImage(tpl, str(png), width=Mm(width)) if png else ""
    try:
        tpl.render(ctx, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    except TemplateError as exc:
        raise DataError(
            f"报告模板有误：{exc.message or type(exc).__name__}", file=template.name
        ) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tpl.save(str(tmp))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
