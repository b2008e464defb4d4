"""Incubation: bases, admissions and the life cycle up to graduation (issue 8)."""

from .states import (  # noqa: I001 - states first: the rules and conditions import them
    AssessmentStage,
    ExitReason,
    IncubationDocumentKind,
    IncubationState,
    Need,
    Placement,
    SupportKind,
)
from .bases import AssessmentItem, IncubationBase, ReminderLog
from .admissions import Incubation
from .files import Founder, IncubationDocument
from .records import Assessment, SupportRecord

__all__ = [
    "Assessment",
    "AssessmentItem",
    "AssessmentStage",
    "ExitReason",
    "Founder",
    "Incubation",
    "IncubationBase",
    "IncubationDocument",
    "IncubationDocumentKind",
    "IncubationState",
    "Need",
    "Placement",
    "ReminderLog",
    "SupportKind",
    "SupportRecord",
]
