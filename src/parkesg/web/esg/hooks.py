"""What the ESG system gives the assessments app: the targets of a T/ESC run (the approved
versions, 6.3.1 / 6.3.2, so the engine computes each KPI's progress) and the engagement of
the T/ESC report (the registers, ``engagement``) — so the report downloaded from a T/ESC run
reads the park's live records."""

from __future__ import annotations

from typing import Any

from parkesg.engagement import Engagement, EngagementKind


def report_engagement(run: Any) -> Engagement:
    """The engagement of a T/ESC run's report: the report generated from this run, else the
    park's latest report's narrative."""
    from parkesg.web.esg import engagement
    from parkesg.web.esg.models import EsgReport

    report = EsgReport.objects.filter(organisation=run.organisation, assessment=run).first()
    return engagement.engagement(run.organisation, report)


def register() -> None:
    from parkesg.web.assessments import report, services
    from parkesg.web.esg.kpis import FRAMEWORK
    from parkesg.web.esg.services.planning import targets_frame

    services.TARGETS[FRAMEWORK] = targets_frame
    report.ENGAGEMENTS[EngagementKind.esc] = report_engagement
