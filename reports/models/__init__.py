from .evaluations import (
    CallEvaluationSettings,
    Evaluation,
    EvaluationQuerySet,
    Evidence,
    FieldActivity,
    IndicatorScore,
)
from .reports import GenerationBatch, PerformanceReport, ReportVersion
from .schemes import EvaluationScheme, GradeBand, Indicator
from .states import (
    ActivityKind,
    EvaluationState,
    IndicatorKind,
    IndicatorSource,
    JobState,
    ReportState,
    SchemeMethod,
    Stage,
)
from .surveys import (
    CodeChannel,
    OfflineSurveyMethod,
    OfflineSurveyResult,
    SatisfactionSurvey,
    SurveyCode,
    SurveyResponse,
)

__all__ = [
    "ActivityKind",
    "CallEvaluationSettings",
    "CodeChannel",
    "Evaluation",
    "EvaluationQuerySet",
    "EvaluationScheme",
    "EvaluationState",
    "Evidence",
    "FieldActivity",
    "GenerationBatch",
    "GradeBand",
    "Indicator",
    "IndicatorKind",
    "IndicatorScore",
    "IndicatorSource",
    "JobState",
    "OfflineSurveyMethod",
    "OfflineSurveyResult",
    "PerformanceReport",
    "ReportState",
    "ReportVersion",
    "SatisfactionSurvey",
    "SchemeMethod",
    "Stage",
    "SurveyCode",
    "SurveyResponse",
]
