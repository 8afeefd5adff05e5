"""What every report says alike: the edition of the framework it rests on, the names of the
framework's nodes as the run stored them, and the note under a proposed (not yet decided)
table."""

from __future__ import annotations

from typing import Any

from parkesg.stored import StoredRun, file_sha256, shipped_path


def nodes(run: StoredRun) -> list[dict[str, Any]]:
    """The framework's nodes as the run used them: id, name, parent, depth, in tree order."""
    return list(run.edition.get("nodes") or [])


def node_names(run: StoredRun) -> dict[str, str]:
    names = {g["id"]: g["name_zh"].replace("\n", "") for g in run.last.get("groups") or []}
    return names | {n["id"]: n["name_zh"] for n in nodes(run)}


def proposed(what: str) -> str:
    return f"注：{what}。"


def edition_note(run: StoredRun) -> str:
    """Which edition of the framework the stored run used (its file's SHA-256), and whether
    the file has changed since: the report keeps the edition of the run."""
    ed = run.edition
    sha = ed.get("sha256") or ""
    status = {"draft": "（征求意见稿）"}.get(ed.get("status") or "", "")
    years = "、".join(str(y) for y in run.years)
    code, title = ed.get("code", ""), ed.get("title", "")
    basis = (
        title if code and code in title else f"《{code}》" if title in code else f"{code} {title}"
    )
    text = (f"本报告的评价结果依据 {basis}{status}，"
            f"评价年份 {years} 年，评价时所用评价体系文件版本 SHA-256 {sha[:16]}。")  # fmt: skip
    current = shipped_path(run.framework_id)
    same_file = current is not None and ed.get("file") in ("", current.name)
    if sha and same_file and file_sha256(current) != sha:  # type: ignore[arg-type]
        text += "该评价体系文件此后已更新；本报告仍按评价时的版本和结果编制，未重新计算。"
    return text + "".join(run.notes)
