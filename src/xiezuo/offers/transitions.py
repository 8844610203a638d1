"""The offer state machine as data.

draft → published → partially_matched → matched; published or (partly) matched → closed.
Matching happens only through the approval of a matching round (the internal actions
`match_partly` and `match`); a draft can be edited and deleted, a published offer is
matched in rounds until it is closed.
"""

from django.utils.translation import gettext_lazy

from xiezuo.core.transitions import Action, StateMachine, label_of
from xiezuo.offers.choices import OfferStatus as S

OPEN_STATES = frozenset({S.PUBLISHED, S.PARTIALLY_MATCHED})
MATCH_REFUSED = gettext_lazy("The offer “%(offer)s” is “%(state)s” and can no longer be matched.")

PUBLISH, CLOSE = "publish", "close"

OFFERS = StateMachine(
    states=tuple(S.values),
    actions={
        PUBLISH: Action(frozenset({S.DRAFT}), S.PUBLISHED),
        CLOSE: Action(frozenset({S.DRAFT, S.PUBLISHED, S.PARTIALLY_MATCHED, S.MATCHED}), S.CLOSED),
        "match_partly": Action(OPEN_STATES, S.PARTIALLY_MATCHED, internal=True,
                               refused=MATCH_REFUSED),
        "match": Action(OPEN_STATES, S.MATCHED, internal=True, refused=MATCH_REFUSED),
    },
    refused=gettext_lazy("An offer that is “%(state)s” cannot go to “%(target)s”."),
    state_label=label_of(S),
)

ACTIONS = frozenset(name for name, a in OFFERS.actions.items() if not a.internal)
allowed_actions = OFFERS.allowed_actions
