"""core.transitions: state machines as data, one IllegalTransition, and the runner
(core.services.transition) that moves a stored record along."""

from __future__ import annotations

import datetime

import pytest

from xiezuo.core.errors import Conflict, IllegalTransition
from xiezuo.core.services import transition
from xiezuo.core.tests.factories import OrganisationFactory, region
from xiezuo.core.transitions import Action, StateMachine
from xiezuo.exchange.transitions import POSTINGS
from xiezuo.needs.choices import NeedStatus
from xiezuo.needs.models import Need
from xiezuo.needs.transitions import NEEDS

DOOR = StateMachine(
    states=("closed", "open", "locked"),
    actions={
        "open": Action(frozenset({"closed"}), "open"),
        "close": Action(frozenset({"open"}), "closed"),
        "lock": Action(frozenset({"closed"}), "locked"),
        "break": Action(frozenset({"locked"}), "open", internal=True,
                        refused="%(door)s is %(state)s: nothing to break"),
    },
    refused="a door that is %(state)s cannot be %(action)s (only from: %(allowed)s)",
    state_label=str.upper,
    action_labels={"open": "opened", "lock": "locked"},
)


def test_allowed_actions_leave_out_internal_ones():
    assert DOOR.allowed_actions("closed") == ["open", "lock"]
    assert DOOR.allowed_actions("locked") == []
    assert DOOR.sources("close") == {"open"}


def test_transitions_include_internal_ones():
    assert DOOR.transitions() == {"closed": {"open", "locked"}, "open": {"closed"},
                                  "locked": {"open"}}


def test_target_or_an_illegal_transition_naming_action_and_state():
    assert DOOR.target("open", "closed") == "open"
    with pytest.raises(IllegalTransition) as exc:
        DOOR.target("lock", "open")
    assert exc.value.message == "a door that is OPEN cannot be locked (only from: CLOSED)"
    assert exc.value.status_code == 409 and isinstance(exc.value, Conflict)
    with pytest.raises(IllegalTransition) as exc:
        DOOR.target("break", "open", door="the front door")
    assert exc.value.message == "the front door is OPEN: nothing to break"


def test_a_machine_names_only_its_states():
    with pytest.raises(ValueError, match="unknown states"):
        StateMachine(states=("a",), actions={"go": Action(frozenset({"a"}), "b")}, refused="")


def test_the_apps_machines():
    assert POSTINGS.allowed_actions("planned") == ["approve"]
    assert POSTINGS.allowed_actions("on_post") == ["extend", "complete", "end_early", "hand_over"]
    assert NEEDS.allowed_actions("published") == ["close", "close_unfillable"]
    assert NEEDS.transitions()["published"] == {"closed", "closed_unfillable", "partially_filled",
                                                "filled"}
    with pytest.raises(IllegalTransition):
        NEEDS.target("fill", "draft", need="N")


@pytest.mark.django_db
def test_the_runner_locks_checks_and_hands_over(refdata, make_user):
    organisation = OrganisationFactory(region=region("500237"))
    need = Need.objects.create(organisation=organisation, domain="medical", specialty_text="骨科",
                               start=datetime.date(2026, 3, 1), end=datetime.date(2026, 9, 1))
    user = make_user("wushan", region="500237")
    seen = []

    def then(current: Need, from_state: str) -> None:
        seen.append((from_state, current.status))
        current.save()

    done = transition(NEEDS, actor=user, record=need, action="submit", field="status", then=then)
    assert seen == [("draft", "submitted")]
    assert Need.objects.get(pk=need.pk).status == done.status == NeedStatus.SUBMITTED
    with pytest.raises(IllegalTransition):
        transition(NEEDS, actor=user, record=need, action="submit", field="status", then=then)
    assert len(seen) == 1
