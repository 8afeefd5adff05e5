"""The Word report of a stored assessment (``parkesg.reports.write.write_report``), written
into a temporary directory on request from the inputs the run stored — the same approved
values, years and framework — and handed back as bytes for streaming.

The engagement (team, plan, narratives) is not kept by the platform yet: the report is
written with the organisation's name and shows （待填写：…） where a narrative is missing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from parkesg.engagement import KIND_FRAMEWORKS, Engagement, EngagementKind, Profile, RatingProfile
from parkesg.frameworks import fields_for, load_framework
from parkesg.frameworks.schema import Kind
from parkesg.reports.pdf import OfficeMissing, soffice
from parkesg.reports.write import REPORT_KINDS, write_report
from parkesg.web.assessments.models import Assessment

KIND_OF_FRAMEWORK = {fw: kind for kind, fw in KIND_FRAMEWORKS.items()}
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


def file_name(run: Assessment, suffix: str) -> str:
    kind = report_kind(run)
    title = REPORT_KINDS[kind.value].split("（")[0] if kind else run.framework_title
    years = "-".join(str(y) for y in run.years)
    # a "/" (T/CPPC) would cut the name at a path separator in browsers and Django alike
    return f"{run.organisation.name}-{title}-{years}{suffix}".replace("/", "-")


def engagement(run: Assessment, kind: EngagementKind) -> Engagement:
    if kind in ENGAGEMENTS:
        return ENGAGEMENTS[kind](run)
    org = run.organisation
    if kind == EngagementKind.jdfa:
        profile: Profile | RatingProfile = RatingProfile(
            enterprise_name=org.name, credit_code=org.credit_code or None
        )
    else:
        profile = Profile(park_name=org.name, managing_body=org.name)
    return Engagement(kind=kind, profile=profile)


def stored_frames(run: Assessment) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The wide input and the LONG observations the run stored, with the engine's dtypes."""
    wide = pd.DataFrame(run.results["wide"])
    for f in fields_for(load_framework(run.framework_id)):
        if f.id in wide.columns and f.kind != Kind.ordinal:
            wide[f.id] = wide[f.id].astype("float64")
    wide["year"] = wide["year"].astype("int64")
    obs = pd.DataFrame(run.results["obs"])
    return wide, obs


def write(run: Assessment, *, pdf: bool = False) -> tuple[bytes, str]:
    """(file content, file name) of the report of ``run``; ``pdf`` needs LibreOffice."""
    kind = report_kind(run)
    if kind is None:
        raise ValueError(f"评价体系 {run.framework_id} 没有对应的报告")
    wide, obs = stored_frames(run)
    stored = run.results.get("targets") or []
    targets = pd.DataFrame(stored) if stored else None  # the targets the run read
    with tempfile.TemporaryDirectory(prefix="parkesg-web-report-") as tmp:
        out = Path(tmp) / "report.docx"
        written = write_report(kind.value, wide, obs, engagement(run, kind), out, pdf=pdf,
                               years=list(run.years), entity=str(run.organisation_id),
                               targets=targets)  # fmt: skip
        target = out.with_suffix(".pdf") if pdf else written[0]
        return target.read_bytes(), file_name(run, target.suffix)
