from .applications import (
    AnswerAttachment,
    Application,
    ApplicationDocument,
    CriterionResult,
    InformationRequest,
    Recommendation,
)
from .bodies import Body, CodeOfConduct, Committee, Session
from .criteria import CriteriaSet, Criterion
from .decisions import ConsolidatedList, ConsolidatedListEntry, Decision, OrganisationChange
from .organisations import (
    ELECTED_KINDS,
    PRIVATE_SECTOR_KINDS,
    AreaOfExpertise,
    EntityKind,
    FundingSource,
    Network,
    Organisation,
    OrganisationMembership,
    StatusCategory,
    StatusChange,
    StatusState,
)

__all__ = [
    "AnswerAttachment", "Application", "ApplicationDocument", "ConsolidatedList", "ConsolidatedListEntry", "CriteriaSet", "Criterion",
    "CriterionResult", "Decision", "InformationRequest", "OrganisationChange", "Recommendation",
    "ELECTED_KINDS", "PRIVATE_SECTOR_KINDS", "AreaOfExpertise", "Body", "CodeOfConduct", "Committee", "EntityKind", "FundingSource", "Network", "Organisation",
    "OrganisationMembership", "Session", "StatusCategory", "StatusChange", "StatusState",
]
