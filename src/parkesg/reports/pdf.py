"""Word → PDF through headless LibreOffice (Debian ``libreoffice-writer``, ``make office``).

Each conversion gets its own LibreOffice profile directory, so parallel conversions cannot
collide on a shared profile lock, and its own fontconfig file (``fonts.conf``) mapping the
template fonts (仿宋, 宋体, 黑体 …) to Noto CJK, so that no glyph is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from parkesg.errors import ParkesgError

FONTS_CONF = Path(__file__).parent / "fonts.conf"
TIMEOUT_S = 180


class OfficeMissing(ParkesgError):
    """LibreOffice is not installed."""


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise OfficeMissing(
        "未找到 LibreOffice，无法生成 PDF：请安装 libreoffice-writer 与 fonts-noto-cjk"
        "（make office，或 sudo apt-get install libreoffice-writer fonts-noto-cjk）"
    )


def to_pdf(docx: Path, pdf: Path | None = None) -> Path:
    """Convert ``docx`` to PDF beside it (or at ``pdf``); returns the PDF path."""
    exe = soffice()
    target = pdf or docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="parkesg-lo-") as work:
        profile = Path(work, "profile").as_uri()
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": work}
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", work, str(docx)]  # fmt: skip
        try:
            done = subprocess.run(
                cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ParkesgError(f"LibreOffice 转换 PDF 超时（{TIMEOUT_S} 秒）：{docx.name}") from exc
        made = Path(work, docx.with_suffix(".pdf").name)
        if done.returncode != 0 or not made.exists():
            why = (done.stderr or done.stdout).strip().splitlines()
            raise ParkesgError(f"LibreOffice 未能转换 {docx.name}：{why[-1] if why else '无输出'}")
        shutil.move(str(made), target)
    return target
