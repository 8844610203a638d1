"""The posting state machine as data: which action leads from which states to which state.

planned → approved → on_post → completed; while on post a posting can be extended
(new end date), ended early, or handed over to a successor. Finished states are final.
"""

from django.utils.translation import gettext_lazy

from xiezuo.core.transitions import Action, StateMachine, label_of
from xiezuo.exchange.choices import PostingState as S

ON_POST_STATES = frozenset({S.ON_POST, S.EXTENDED})
OPEN_STATES = frozenset({S.PLANNED, S.APPROVED, S.ON_POST, S.EXTENDED})
FINISHED_STATES = frozenset({S.COMPLETED, S.ENDED_EARLY, S.HANDED_OVER})


POSTINGS = StateMachine(
    states=tuple(S.values),
    actions={
        "approve": Action(frozenset({S.PLANNED}), S.APPROVED),
        "start": Action(frozenset({S.APPROVED}), S.ON_POST),
        "extend": Action(ON_POST_STATES, S.EXTENDED),
        "complete": Action(ON_POST_STATES, S.COMPLETED),
        "end_early": Action(ON_POST_STATES, S.ENDED_EARLY),
        "hand_over": Action(ON_POST_STATES, S.HANDED_OVER),
    },
    refused=gettext_lazy(
        "A posting that is “%(state)s” cannot be %(action)s (only from: %(allowed)s)."),
    state_label=label_of(S),
    action_labels={
        "approve": gettext_lazy("approved"),
        "start": gettext_lazy("started"),
        "extend": gettext_lazy("extended"),
        "complete": gettext_lazy("completed"),
        "end_early": gettext_lazy("ended early"),
        "hand_over": gettext_lazy("handed over"),
    },
)

# action → (the states it may start from, the state it leads to)
ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    name: (action.sources, action.target) for name, action in POSTINGS.actions.items()
}
# state → the states reachable from it in one step
TRANSITIONS: dict[str, frozenset[str]] = POSTINGS.transitions()
allowed_actions = POSTINGS.allowed_actions
