from projects.models.budget import ProjectBudgetLine
from projects.models.changes import BudgetShift, ChangeRequest
from projects.models.projects import FundedProject
from projects.models.reports import ProgressReport, ReportActivity, ReportPhoto, ReportSpending
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
from projects.models.terms import ProjectTerms, TrancheTemplate
from projects.models.tranches import Tranche

__all__ = [
    "AgreementState",
    "BudgetShift",
    "ChangeKind",
    "ChangeRequest",
    "ChangeState",
    "FundedProject",
    "ProgressReport",
    "ProjectBudgetLine",
    "ProjectState",
    "ProjectTerms",
    "ReportActivity",
    "ReportKind",
    "ReportPhoto",
    "ReportSpending",
    "ReportState",
    "Tranche",
    "TrancheState",
    "TrancheTemplate",
    "TrancheTrigger",
]
