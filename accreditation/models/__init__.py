from .bodies import Body, Committee, Session
from .organisations import (
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
    "AreaOfExpertise", "Body", "Committee", "EntityKind", "FundingSource", "Network", "Organisation",
    "OrganisationMembership", "Session", "StatusCategory", "StatusChange", "StatusState",
]
