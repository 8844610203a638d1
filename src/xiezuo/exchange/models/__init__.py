from xiezuo.exchange.models.goals import Goal, Outcome
from xiezuo.exchange.models.postings import (
    Posting,
    PostingEvent,
    Programme,
    ProgrammeRule,
    Team,
)
from xiezuo.exchange.models.support import (
    Base,
    Engagement,
    EngagementSession,
    Mentorship,
    MentorshipNote,
    ServiceTeam,
)

__all__ = [
    "Base",
    "Engagement",
    "EngagementSession",
    "Goal",
    "Mentorship",
    "MentorshipNote",
    "Outcome",
    "Posting",
    "PostingEvent",
    "Programme",
    "ProgrammeRule",
    "ServiceTeam",
    "Team",
]
