"""The reports of a stored assessment (``parkesg.reports.write``), written from the documents
the run stored — the results, the framework edition, years, selection and options it was run
with — never by running the engine again under today's framework files.

The engagement (team, plan, narratives) is not kept by the platform yet: a report is written
with the organisation's name and shows （待填写：…） where a record is missing; the one
``Engagement`` structure the CLI's workbook fills is what a platform engagement will fill.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parkesg.engagement import KIND_FRAMEWORKS, Engagement, EngagementKind, Profile, RatingProfile
from parkesg.reports.pdf import OfficeMissing, soffice
from parkesg.reports.write import Report, write_report
from parkesg.stored import Confirmation, StoredRun
from parkesg.web.assessments.models import Assessment

KIND_OF_FRAMEWORK = {fw: kind for kind, fw in KIND_FRAMEWORKS.items()}
FILE_TITLES = {"cppc": "清洁生产审核报告", "beijing": "绿色诊断评估报告", "esc": "ESG报告",
               "jdfa": "ESG评价报告"}  # fmt: skip
LEGACY_NOTE = "（该评价记录早于评价体系版本随结果保存的做法，部分指标属性取自当前评价体系文件。）"
# report kind → (run) → the engagement filled from the platform's own records (``esg`` fills
# the T/ESC report's from the park's ESG management system); otherwise the blank one below
ENGAGEMENTS: dict[EngagementKind, Callable[[Assessment], Engagement]] = {}


def report_kind(run: Assessment) -> EngagementKind | None:
    return KIND_OF_FRAMEWORK.get(run.framework_id)


def pdf_available() -> bool:
    try:
        soffice()
    except OfficeMissing:
        return False
    return True


def file_name(run: Assessment, suffix: str, label: str = "") -> str:
    kind = report_kind(run)
    title = FILE_TITLES[kind.value] if kind else run.framework_title
    years = "-".join(str(y) for y in run.years)
    extra = f"-{label}" if label else ""
    # a "/" (T/CPPC) would cut the name at a path separator in browsers and Django alike
    return f"{run.organisation.name}-{title}-{years}{extra}{suffix}".replace("/", "-")


def engagement(
    run: Assessment, kind: EngagementKind, *, stage: str | None = None, photo: str | None = None
) -> Engagement:
    """The engagement record of a platform report: filled from the platform's own records
    where an app registered one (``ENGAGEMENTS``), else the organisation, the report's stage
    and cover photo with everything else blank."""
    if kind in ENGAGEMENTS:
        filled = ENGAGEMENTS[kind](run)
        return filled.model_copy(update={"cover_photo": photo}) if photo else filled
    org = run.organisation
    if kind == EngagementKind.jdfa:
        profile: Profile | RatingProfile = RatingProfile(
            enterprise_name=org.name, credit_code=org.credit_code or None
        )
    else:
        cppc_stage = stage if kind == EngagementKind.cppc else None
        profile = Profile(park_name=org.name, managing_body=org.name, report_stage=cppc_stage)
    return Engagement(kind=kind, profile=profile, cover_photo=photo)


def _legacy(docs: list[dict[str, Any]], run: Assessment) -> tuple[list[dict[str, Any]], list[str]]:
    """A run stored before documents carried their edition: fill what a report arranges by
    from the current framework file, and say so in the report."""
    if all("edition" in d for d in docs):
        return docs, []
    from parkesg.frameworks import load_framework
    from parkesg.stored import edition

    fw = load_framework(run.framework_id)
    ed = {**edition(fw), "sha256": run.framework_sha256}
    meta = {}
    for node in _nodes(fw.tree):
        for i in node.indicators:
            meta[i.id] = {"kind": i.kind.value, "direction": i.direction.value,
                          "selection": i.selection, "node": node.id}  # fmt: skip
    out = []
    for d in docs:
        inds = [{**meta.get(i["id"], {}), **i} for i in d["indicators"]]
        out.append({**d, "indicators": inds, "edition": ed,
                    "options": {"years": run.years, "selected": run.selected}})  # fmt: skip
    return out, [LEGACY_NOTE]


def _nodes(nodes: list[Any]) -> list[Any]:
    out = []
    for n in nodes:
        out.append(n)
        out.extend(_nodes(n.children))
    return out


def stored_run(run: Assessment) -> StoredRun:
    """The run as a report reads it: its stored documents, every approved year of data it
    read (a T/CPPC baseline table), and the confirmation recorded on it."""
    docs, notes = _legacy(list(run.results["docs"]), run)
    extra: dict[int, dict[str, Any]] = {}
    for row in run.results.get("wide") or []:
        values = {k: v for k, v in row.items() if k not in ("entity_id", "year") and v is not None}
        extra[int(row["year"])] = values
    stored = StoredRun(sorted(docs, key=lambda d: int(d["year"])), notes, extra)
    who = run.confirmed_by
    if who is not None and run.confirmed_items:
        stored = stored.with_confirmation(Confirmation(
            by=who.get_full_name() or who.get_username(),
            date=run.confirmed_at.date().isoformat() if run.confirmed_at else "",
            items=tuple(run.confirmed_items), organisation=run.organisation.name,
        ))  # fmt: skip
    return stored


def write_files(
    run: Assessment, folder: Path, *, stage: str | None = None, photo: str | None = None,
    pdf: bool = False,
) -> Report:  # fmt: skip
    """Write the report of ``run`` and every file beside it into ``folder``."""
    kind = report_kind(run)
    if kind is None:
        raise ValueError(f"评价体系 {run.framework_id} 没有对应的报告")
    out = folder / file_name(run, ".docx")
    eng = engagement(run, kind, stage=stage, photo=photo)
    return write_report(kind.value, stored_run(run), eng, out, pdf=pdf)


def write(run: Assessment, *, pdf: bool = False) -> tuple[bytes, str]:
    """(content, file name) of the report itself, written now and not kept (a preview)."""
    with tempfile.TemporaryDirectory(prefix="parkesg-web-report-") as tmp:
        report = write_files(run, Path(tmp), pdf=pdf)
        target = report.files[0].with_suffix(".pdf") if pdf else report.files[0]
        return target.read_bytes(), target.name
