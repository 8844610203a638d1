"""The need state machine as data: which action leads from which states to which state.

draft → published → partially_filled → filled → closed; or closed_unfillable (with a
reason). Filling happens only through the approval of a matching round.
"""

from xiezuo.needs.choices import NeedStatus as S

OPEN_STATES = frozenset({S.PUBLISHED, S.PARTIALLY_FILLED})

# action → (the states it may start from, the state it leads to)
ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "publish": (frozenset({S.DRAFT}), S.PUBLISHED),
    "close": (frozenset({S.PUBLISHED, S.PARTIALLY_FILLED, S.FILLED}), S.CLOSED),
    "close_unfillable": (frozenset({S.DRAFT, S.PUBLISHED, S.PARTIALLY_FILLED}), S.CLOSED_UNFILLABLE),
}
# Internal: an approval fills a need partly or completely.
FILL_FROM = OPEN_STATES

TRANSITIONS: dict[str, frozenset[str]] = {
    state: frozenset(target for sources, target in ACTIONS.values() if state in sources)
    | (frozenset({S.PARTIALLY_FILLED, S.FILLED}) if state in FILL_FROM else frozenset())
    for state in S.values
}


def allowed_actions(state: str) -> list[str]:
    return [action for action, (sources, _target) in ACTIONS.items() if state in sources]
