"""The posting state machine as data: which action leads from which states to which state.

planned → approved → on_post → completed; while on post a posting can be extended
(new end date), ended early, or handed over to a successor. Finished states are final.
"""

from xiezuo.exchange.choices import PostingState as S

ON_POST_STATES = frozenset({S.ON_POST, S.EXTENDED})
OPEN_STATES = frozenset({S.PLANNED, S.APPROVED, S.ON_POST, S.EXTENDED})
FINISHED_STATES = frozenset({S.COMPLETED, S.ENDED_EARLY, S.HANDED_OVER})

# action → (the states it may start from, the state it leads to)
ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({S.PLANNED}), S.APPROVED),
    "start": (frozenset({S.APPROVED}), S.ON_POST),
    "extend": (ON_POST_STATES, S.EXTENDED),
    "complete": (ON_POST_STATES, S.COMPLETED),
    "end_early": (ON_POST_STATES, S.ENDED_EARLY),
    "hand_over": (ON_POST_STATES, S.HANDED_OVER),
}

# state → the states reachable from it in one step (derived from ACTIONS)
TRANSITIONS: dict[str, frozenset[str]] = {
    state: frozenset(target for sources, target in ACTIONS.values() if state in sources)
    for state in S.values
}


def allowed_actions(state: str) -> list[str]:
    return [action for action, (sources, _target) in ACTIONS.items() if state in sources]
