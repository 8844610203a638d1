"""State machines as data, and the one runner the services use to move a record along.

A machine lists its actions: name → (the states it may start from, the state it leads to).
`internal` actions are taken by the services themselves (an approval fills a need) and
are not offered to users. `target(action, state)` is the state the action leads to, or an
`IllegalTransition` (409) whose message names the action and the current state. The
runner that takes an action on a stored record is `core.services.transition` (this module
is plain data: the model modules may import their machine).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.functional import Promise

from xiezuo.core.errors import IllegalTransition


def label_of(choices: type[TextChoices]) -> Callable[[str], str]:
    """A machine's `state_label` for states kept as `choices`: the state's translated label."""
    def label(state: str) -> str:
        return str(choices(state).label)
    return label


@dataclass(frozen=True)
class Action:
    sources: frozenset[str]
    target: str
    # Taken by the services themselves, never offered as a user's action.
    internal: bool = False
    # A refusal message of this action's own (default: the machine's).
    refused: str | Promise | None = None


@dataclass(frozen=True)
class StateMachine:
    """The states of one field and the actions between them.

    `refused` is the message of an illegal action, formatted with %(state)s (the current
    state's label), %(action)s (the action's label), %(target)s (the target state's label),
    %(allowed)s (the labels of the states it may start from) and any context the service
    passes (`target(..., need=need)`).
    """

    states: tuple[str, ...]
    actions: Mapping[str, Action]
    refused: str | Promise
    state_label: Callable[[str], str] = str
    action_labels: Mapping[str, str | Promise] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = set(self.states)
        for name, action in self.actions.items():
            unknown = (action.sources | {action.target}) - known
            if unknown:
                raise ValueError(f"action {name} names unknown states {sorted(unknown)}")

    def sources(self, action: str) -> frozenset[str]:
        return self.actions[action].sources

    def allowed_actions(self, state: str) -> list[str]:
        """The actions a user may take from `state`, in the machine's order."""
        return [name for name, action in self.actions.items()
                if state in action.sources and not action.internal]

    def transitions(self) -> dict[str, frozenset[str]]:
        """state → the states reachable from it in one step (internal actions included)."""
        return {state: frozenset(a.target for a in self.actions.values() if state in a.sources)
                for state in self.states}

    def target(self, action: str, state: str, **context: object) -> str:
        """The state `action` leads to from `state`; IllegalTransition when it may not."""
        step = self.actions[action]
        if state not in step.sources:
            raise IllegalTransition(str(step.refused or self.refused) % {
                "state": self.state_label(state),
                "action": self.action_labels.get(action, action),
                "target": self.state_label(step.target),
                "allowed": "、".join(self.state_label(s) for s in sorted(step.sources)),
                **context,
            })
        return step.target

