from .decisions import RecommendationLine, Why
from .experts import ExpertProfile
from .panels import Panel, PanelMember, ReviewAssignment, Score
from .plans import DEFAULT_RUBRIC, Criterion, ReviewPlan
from .publicity import (
    NoticeKind,
    Objection,
    Publicity,
    PublicityNotice,
    PublishedVersion,
    VersionKind,
)
from .states import AssignmentState, ObjectionState, ScoringRule

__all__ = [
    "DEFAULT_RUBRIC",
    "AssignmentState",
    "Criterion",
    "ExpertProfile",
    "NoticeKind",
    "Objection",
    "ObjectionState",
    "Panel",
    "PanelMember",
    "Publicity",
    "PublicityNotice",
    "PublishedVersion",
    "RecommendationLine",
    "ReviewAssignment",
    "ReviewPlan",
    "Score",
    "ScoringRule",
    "VersionKind",
    "Why",
]
