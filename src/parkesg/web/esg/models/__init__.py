"""The park ESG management system (T/ESC 001—2024 clauses 4–10) as living registers."""

from parkesg.web.esg.models.context import (
    ContextIssue,
    DomainQuestion,
    InterestedParty,
    PurposeChoice,
)
from parkesg.web.esg.models.evaluation import (
    AuditFinding,
    AuditProgramme,
    EsgReport,
    InternalAudit,
    ManagementReview,
    MonitoringItem,
    SatisfactionSurvey,
    SupervisedUnitCheck,
)
from parkesg.web.esg.models.improvement import CorrectiveAction, ImprovementItem, Nonconformity
from parkesg.web.esg.models.leadership import EsgDepartment, GroupMember
from parkesg.web.esg.models.operation import OperationCheck
from parkesg.web.esg.models.planning import (
    CoreIssue,
    Kpi,
    KpiReading,
    KpiTarget,
    Programme,
    RiskOpportunity,
)
from parkesg.web.esg.models.support import (
    AwarenessActivity,
    CommunicationPlan,
    CommunicationRecord,
    Competence,
    EsgResource,
    TrainingRecord,
)

__all__ = [
    "AuditFinding", "AuditProgramme", "AwarenessActivity", "CommunicationPlan",
    "CommunicationRecord", "Competence", "ContextIssue", "CoreIssue", "CorrectiveAction",
    "DomainQuestion", "EsgDepartment", "EsgReport", "EsgResource", "GroupMember",
    "ImprovementItem", "InterestedParty", "InternalAudit", "Kpi", "KpiReading", "KpiTarget",
    "ManagementReview", "MonitoringItem", "Nonconformity", "OperationCheck", "Programme",
    "PurposeChoice", "RiskOpportunity", "SatisfactionSurvey", "SupervisedUnitCheck",
    "TrainingRecord",
]  # fmt: skip
