"""The need state machine as data: which action leads from which states to which state.

draft → published → partially_filled → filled → closed; or closed_unfillable (with a
reason). Filling happens only through the approval of a matching round (the internal
actions `fill_partly` and `fill`).
"""

from django.utils.translation import gettext_lazy

from xiezuo.core.transitions import Action, StateMachine, label_of
from xiezuo.needs.choices import NeedStatus as S

OPEN_STATES = frozenset({S.PUBLISHED, S.PARTIALLY_FILLED})
# An approval fills a need partly or completely.
FILL_FROM = OPEN_STATES
FILL_REFUSED = gettext_lazy("The need “%(need)s” is “%(state)s” and can no longer be filled.")


NEEDS = StateMachine(
    states=tuple(S.values),
    actions={
        "publish": Action(frozenset({S.DRAFT}), S.PUBLISHED),
        "close": Action(frozenset({S.PUBLISHED, S.PARTIALLY_FILLED, S.FILLED}), S.CLOSED),
        "close_unfillable": Action(frozenset({S.DRAFT, S.PUBLISHED, S.PARTIALLY_FILLED}),
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
