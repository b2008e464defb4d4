from .documents import DocumentKind, OrganizationDocument
from .incubation import (
    Assessment,
    AssessmentItem,
    Founder,
    Incubation,
    IncubationBase,
    IncubationDocument,
    IncubationState,
    SupportRecord,
)
from .membership import Invitation, InvitationState, MemberRole, Membership
from .organizations import (
    AnnualReportResult,
    CreditStatus,
    Grade,
    Organization,
    OrgKind,
    OrgStatus,
    RegistrationLevel,
    VerificationState,
)
from .sanctions import ProgrammeScope, Sanction, SanctionState
from .users import User

__all__ = [
    "AnnualReportResult",
    "Assessment",
    "AssessmentItem",
    "CreditStatus",
    "DocumentKind",
    "Founder",
    "Grade",
    "Incubation",
    "IncubationBase",
    "IncubationDocument",
    "IncubationState",
    "Invitation",
    "InvitationState",
    "MemberRole",
    "Membership",
    "OrgKind",
    "OrgStatus",
    "Organization",
    "OrganizationDocument",
    "ProgrammeScope",
    "RegistrationLevel",
    "Sanction",
    "SanctionState",
    "SupportRecord",
    "User",
    "VerificationState",
]
