from projects.models.projects import FundedProject
from projects.models.states import (
    AgreementState,
    ChangeKind,
    ChangeState,
    ProjectState,
    ReportKind,
    ReportState,
    TrancheState,
    TrancheTrigger,
)

__all__ = [
    "AgreementState",
    "ChangeKind",
    "ChangeState",
    "FundedProject",
    "ProjectState",
    "ReportKind",
    "ReportState",
    "TrancheState",
    "TrancheTrigger",
]
