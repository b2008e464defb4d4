from .documents import DocumentKind, OrganizationDocument
from .membership import Invitation, MemberRole, Membership
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
from .sanctions import ProgrammeScope, Sanction
from .users import User

__all__ = [
    "AnnualReportResult",
    "CreditStatus",
    "DocumentKind",
    "Grade",
    "Invitation",
    "MemberRole",
    "Membership",
    "OrgKind",
    "OrgStatus",
    "Organization",
    "OrganizationDocument",
    "ProgrammeScope",
    "RegistrationLevel",
    "Sanction",
    "User",
    "VerificationState",
]
