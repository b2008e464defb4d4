from .application_parts import (
    ApplicationAttachment,
    AttachmentKind,
    BudgetLine,
    FundingSource,
    Qualification,
    TeamMember,
    exact_amount,
)
from .applications import Application, snapshot_of
from .calls import Call, CallCategory, RequiredAttachment
from .receipts import SubmissionCounter, SubmissionReceipt
from .states import ApplicationState, CallKind, CallState

__all__ = [
    "Application",
    "ApplicationAttachment",
    "ApplicationState",
    "AttachmentKind",
    "BudgetLine",
    "Call",
    "CallCategory",
    "CallKind",
    "CallState",
    "FundingSource",
    "Qualification",
    "RequiredAttachment",
    "SubmissionCounter",
    "SubmissionReceipt",
    "TeamMember",
    "exact_amount",
    "snapshot_of",
]
