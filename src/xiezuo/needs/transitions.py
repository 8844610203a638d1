"""The need state machine as data: which action leads from which states to which state.

draft → submitted → (reviewed →) approved → published → partially_filled → filled →
closed; or closed_unfillable (with a reason). A need is submitted by its unit (or a
coordinator on its behalf), approved by the coordinators (one or two levels, as the
need's programme says: `needs/approvals.py`), then published. `reject` returns a
submitted need to draft with a reason. Filling happens only through the approval of a
matching round (the internal actions `fill_partly` and `fill`). `approve_first` is the
first of two levels; the service chooses it (the user's action is `approve`).
"""

from django.utils.translation import gettext_lazy

from xiezuo.core.transitions import Action, StateMachine, label_of
from xiezuo.needs.choices import NeedStatus as S

OPEN_STATES = frozenset({S.PUBLISHED, S.PARTIALLY_FILLED})
# Waiting for a coordinator's decision (first or second level).
IN_REVIEW = frozenset({S.SUBMITTED, S.REVIEWED})
# An approval fills a need partly or completely.
FILL_FROM = OPEN_STATES
FILL_REFUSED = gettext_lazy("The need “%(need)s” is “%(state)s” and can no longer be filled.")

# The actions' names, used by the services, pages and API (no magic strings elsewhere).
SUBMIT, APPROVE, APPROVE_FIRST, REJECT, PUBLISH = (
    "submit", "approve", "approve_first", "reject", "publish")
CLOSE, CLOSE_UNFILLABLE = "close", "close_unfillable"
# Actions that decide on a submitted need (taken by its approvers).
DECISIONS = frozenset({APPROVE, REJECT})

NEEDS = StateMachine(
    states=tuple(S.values),
    actions={
        SUBMIT: Action(frozenset({S.DRAFT}), S.SUBMITTED),
        APPROVE: Action(IN_REVIEW, S.APPROVED),
        APPROVE_FIRST: Action(frozenset({S.SUBMITTED}), S.REVIEWED, internal=True),
        REJECT: Action(IN_REVIEW, S.DRAFT),
        PUBLISH: Action(frozenset({S.APPROVED}), S.PUBLISHED),
        CLOSE: Action(frozenset({S.PUBLISHED, S.PARTIALLY_FILLED, S.FILLED}), S.CLOSED),
        CLOSE_UNFILLABLE: Action(frozenset({S.DRAFT, S.APPROVED, S.PUBLISHED, S.PARTIALLY_FILLED}),
                                 S.CLOSED_UNFILLABLE),
        "fill_partly": Action(FILL_FROM, S.PARTIALLY_FILLED, internal=True, refused=FILL_REFUSED),
        "fill": Action(FILL_FROM, S.FILLED, internal=True, refused=FILL_REFUSED),
    },
    refused=gettext_lazy("A need that is “%(state)s” cannot go to “%(target)s”."),
    state_label=label_of(S),
)

# The actions users take: action → (the states it may start from, the state it leads to)
ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    name: (action.sources, action.target) for name, action in NEEDS.actions.items()
    if not action.internal
}
# state → the states reachable from it in one step (fills included)
TRANSITIONS: dict[str, frozenset[str]] = NEEDS.transitions()
allowed_actions = NEEDS.allowed_actions
