from projects.models.adjustments import BudgetAdjustment, BudgetAdjustmentLine
from projects.models.budget import ProjectBudgetLine
from projects.models.changes import BudgetShift, ChangeRequest
from projects.models.notices import PaymentNotice
from projects.models.projects import FundedProject
from projects.models.reports import ProgressReport, ReportActivity, ReportPhoto, ReportSpending
from projects.models.states import (
    AdjustmentState,
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
    "AdjustmentState",
    "AgreementState",
    "BudgetAdjustment",
    "BudgetAdjustmentLine",
    "BudgetShift",
    "ChangeKind",
    "ChangeRequest",
    "ChangeState",
    "FundedProject",
    "PaymentNotice",
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
