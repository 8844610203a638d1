"""Writes of the exchange; every function is keyword-only and owns its transaction."""

from xiezuo.exchange.services.goals import (
    attach_evidence,
    create_goal,
    create_outcome,
    delete_goal,
    delete_outcome,
    update_goal,
    update_outcome,
)
from xiezuo.exchange.services.postings import (
    approve_posting,
    complete_posting,
    create_posting,
    delete_posting,
    end_posting_early,
    extend_posting,
    hand_over,
    start_posting,
    update_posting,
)
from xiezuo.exchange.services.support import (
    add_mentorship_note,
    add_session,
    create_base,
    create_engagement,
    create_mentorship,
    delete_base,
    delete_engagement,
    delete_mentorship,
    update_base,
    update_engagement,
    update_mentorship,
)
from xiezuo.exchange.services.teams import (
    add_member,
    create_team,
    delete_team,
    start_team,
    update_team,
)

__all__ = [
    "add_member", "add_mentorship_note", "add_session", "approve_posting", "attach_evidence",
    "complete_posting", "create_base", "create_engagement", "create_goal", "create_mentorship",
    "create_outcome", "create_posting", "create_team", "delete_base", "delete_engagement",
    "delete_goal", "delete_mentorship", "delete_outcome", "delete_posting", "delete_team",
    "end_posting_early", "extend_posting", "hand_over", "start_posting", "start_team",
    "update_base", "update_engagement", "update_goal", "update_mentorship", "update_outcome",
    "update_posting", "update_team",
]
