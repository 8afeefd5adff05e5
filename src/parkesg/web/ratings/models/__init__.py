"""The models of ratings, by part of the process (each module small)."""

from parkesg.web.ratings.models.body import CommitteeMember, Evaluator, RatingBody
from parkesg.web.ratings.models.conclusion import Certificate, Objection, PublishedGrade
from parkesg.web.ratings.models.onsite import (
    Adjustment,
    CollectedItem,
    OnSiteRecord,
    Reconfirmation,
)
from parkesg.web.ratings.models.project import (
    ConflictDeclaration,
    Correction,
    DataSource,
    PortfolioImport,
    PortfolioMember,
    RatingProject,
    TeamMember,
)
from parkesg.web.ratings.models.run import (
    BenchmarkTable,
    RatingResult,
    RatingRun,
    ReferenceTable,
)

__all__ = [
    "Adjustment", "BenchmarkTable", "Certificate", "CollectedItem", "CommitteeMember",
    "ConflictDeclaration", "Correction", "DataSource", "Evaluator", "Objection", "OnSiteRecord",
    "PortfolioImport", "PortfolioMember", "PublishedGrade", "RatingBody", "RatingProject",
    "RatingResult", "RatingRun", "Reconfirmation", "ReferenceTable", "TeamMember",
]  # fmt: skip
