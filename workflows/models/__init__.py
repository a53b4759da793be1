from workflows.models.access import (
    AccessLog,
    CaseExclusion,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    LegalOpinion,
    ReviewRequest,
)
from workflows.models.case import Case
from workflows.models.catalogue import (
    CompetenceRule,
    NotificationRule,
    RuleChange,
    SanctionRule,
    SuspensionRule,
)
from workflows.models.events import CaseEvent, HistoryIsAppendOnly
from workflows.models.preferences import DigestEntry, NotificationPreference
from workflows.models.rulebook import CaseDeadline, DeadlineRule, DeadlineUnit, Remedy
from workflows.models.statistics import ComparisonRelease, StatisticsSnapshot
from workflows.models.steps import (
    Appeal,
    Decision,
    Hearing,
    Notification,
    NotificationMethod,
    PreventiveSuspension,
    Sanction,
    SanctionProposal,
)

__all__ = [
    "ComparisonRelease",
    "StatisticsSnapshot",
    "AccessLog",
    "CaseExclusion",
    "CaseGroupObjectPermission",
    "CaseUserObjectPermission",
    "CompetenceRule",
    "RuleChange",
    "SanctionRule",
    "SuspensionRule",
    "SanctionProposal",
    "LegalOpinion",
    "ReviewRequest",
    "Appeal",
    "Case",
    "NotificationRule",
    "Remedy",
    "CaseDeadline",
    "CaseEvent",
    "DeadlineRule",
    "DeadlineUnit",
    "DigestEntry",
    "NotificationPreference",
    "Decision",
    "Hearing",
    "HistoryIsAppendOnly",
    "Notification",
    "NotificationMethod",
    "PreventiveSuspension",
    "Sanction",
]
