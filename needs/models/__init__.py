from needs.models.matching import (
    ApplicationNeed,
    MeetingMatch,
    NeedInterest,
    RecommendationMeeting,
)
from needs.models.needs import Need, NeedAttachment
from needs.models.states import (
    MeetingState,
    NeedSource,
    NeedState,
    ServiceCategory,
    Urgency,
)

__all__ = [
    "ApplicationNeed",
    "MeetingMatch",
    "MeetingState",
    "Need",
    "NeedAttachment",
    "NeedInterest",
    "NeedSource",
    "NeedState",
    "RecommendationMeeting",
    "ServiceCategory",
    "Urgency",
]
