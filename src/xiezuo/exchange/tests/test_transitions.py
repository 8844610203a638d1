"""Every posting transition, legal and illegal; each one is recorded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.core.errors import IllegalTransition
from xiezuo.exchange import services
from xiezuo.exchange.choices import PostingState as S
from xiezuo.exchange.models import Posting, PostingEvent
from xiezuo.exchange.transitions import ACTIONS, TRANSITIONS

D = datetime.date
pytestmark = pytest.mark.django_db


def put_in(posting, state, successor=None):
    Posting.objects.filter(pk=posting.pk).update(
        state=state, actual_start=posting.planned_start if state != S.PLANNED else None
    )
    posting.refresh_from_db()
    return posting


def test_transition_table_is_data():
    assert TRANSITIONS[S.PLANNED] == {S.APPROVED}
    assert TRANSITIONS[S.APPROVED] == {S.ON_POST}
    assert TRANSITIONS[S.ON_POST] == {S.EXTENDED, S.COMPLETED, S.ENDED_EARLY, S.HANDED_OVER}
    assert TRANSITIONS[S.COMPLETED] == frozenset()
    assert set(ACTIONS) == {"approve", "start", "extend", "complete", "end_early", "hand_over"}


def test_happy_path_is_recorded(make_posting, admin_user):
    posting = make_posting()
    posting = services.approve_posting(actor=admin_user, posting=posting)
    assert posting.state == S.APPROVED
    posting = services.start_posting(actor=admin_user, posting=posting, start=D(2025, 3, 3))
    assert posting.state == S.ON_POST and posting.actual_start == D(2025, 3, 3)
    posting = services.extend_posting(
        actor=admin_user, posting=posting, new_end=D(2026, 8, 31), reason="科室需要"
    )
    assert posting.state == S.EXTENDED and posting.planned_end == D(2026, 8, 31)
    posting = services.extend_posting(
        actor=admin_user, posting=posting, new_end=D(2026, 12, 31), reason="再延长"
    )
    posting = services.complete_posting(actor=admin_user, posting=posting)
    assert posting.state == S.COMPLETED and posting.actual_end == D(2026, 12, 31)
    events = list(PostingEvent.objects.filter(posting=posting).values_list(
        "from_state", "to_state", "old_end", "new_end", "reason"))
    assert events == [
        (S.PLANNED, S.APPROVED, None, None, ""),
        (S.APPROVED, S.ON_POST, None, None, ""),
        (S.ON_POST, S.EXTENDED, D(2026, 2, 28), D(2026, 8, 31), "科室需要"),
        (S.EXTENDED, S.EXTENDED, D(2026, 8, 31), D(2026, 12, 31), "再延长"),
        (S.EXTENDED, S.COMPLETED, None, None, ""),
    ]
    assert all(e.by == admin_user for e in PostingEvent.objects.all())


def test_end_early_with_successor_and_hand_over(make_posting, admin_user):
    first = put_in(make_posting(), S.ON_POST)
    successor = make_posting(person="wang", start=D(2025, 9, 1), end=D(2026, 8, 31))
    first = services.end_posting_early(
        actor=admin_user, posting=first, end=D(2025, 8, 31), reason="家庭原因",
        successor=successor,
    )
    assert first.state == S.ENDED_EARLY and first.actual_end == D(2025, 8, 31)
    assert first.successor == successor and first.end_reason == "家庭原因"
    event = first.events.last()
    assert (event.old_end, event.new_end, event.successor) == (
        D(2026, 2, 28), D(2025, 8, 31), successor)

    second = put_in(make_posting(person="zhang", kind="cadre"), S.ON_POST)
    heir = make_posting(person="wang", kind="cadre", start=D(2026, 9, 1), end=D(2027, 8, 31))
    second = services.hand_over(actor=admin_user, posting=second, successor=heir)
    assert second.state == S.HANDED_OVER and second.successor == heir
    assert second.actual_end == D(2026, 2, 28)  # the successor starts after the planned end


ILLEGAL = [(state, action) for action, (sources, _t) in ACTIONS.items()
           for state in S.values if state not in sources]
LEGAL = [(state, action) for action, (sources, _t) in ACTIONS.items() for state in sorted(sources)]


def _call(action, admin_user, posting, successor):
    return {
        "approve": lambda: services.approve_posting(actor=admin_user, posting=posting),
        "start": lambda: services.start_posting(actor=admin_user, posting=posting),
        "complete": lambda: services.complete_posting(actor=admin_user, posting=posting),
        "extend": lambda: services.extend_posting(
            actor=admin_user, posting=posting, new_end=D(2027, 1, 1), reason="x"),
        "end_early": lambda: services.end_posting_early(
            actor=admin_user, posting=posting, end=D(2025, 6, 1), reason="x"),
        "hand_over": lambda: services.hand_over(
            actor=admin_user, posting=posting, successor=successor),
    }[action]


@pytest.mark.parametrize(("state", "action"), LEGAL)
def test_every_legal_transition_is_applied_and_recorded(make_posting, admin_user, state, action):
    posting = put_in(make_posting(), state)
    successor = make_posting(person="wang", start=D(2027, 3, 1), end=D(2028, 2, 28))
    done = _call(action, admin_user, posting, successor)()
    assert done.state == ACTIONS[action][1]
    event = PostingEvent.objects.get(posting=posting)
    assert (event.action, event.from_state, event.to_state) == (action, state, done.state)


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_every_illegal_transition_is_refused_and_changes_nothing(
    make_posting, admin_user, state, action
):
    posting = put_in(make_posting(), state)
    successor = make_posting(person="wang", start=D(2026, 3, 1), end=D(2027, 2, 28))
    call = _call(action, admin_user, posting, successor)
    before = Posting.objects.filter(pk=posting.pk).values().get()
    with pytest.raises(IllegalTransition) as err:
        call()
    assert err.value.status_code == 409
    assert "cannot be" in err.value.message or "不能" in err.value.message
    assert Posting.objects.filter(pk=posting.pk).values().get() == before
    assert not PostingEvent.objects.exists()


def test_bad_transition_input_names_the_field(make_posting, admin_user):
    posting = put_in(make_posting(), S.ON_POST)
    with pytest.raises(ValidationError) as err:
        services.extend_posting(actor=admin_user, posting=posting, new_end=D(2025, 12, 1),
                                reason="")
    assert set(err.value.message_dict) == {"new_end", "reason"}
    with pytest.raises(ValidationError) as err:
        services.end_posting_early(actor=admin_user, posting=posting, end=D(2026, 3, 31),
                                   reason="x")
    assert "end" in err.value.message_dict
    other_host = make_posting(person="wang", host="kaizhou", start=D(2026, 3, 1),
                              end=D(2027, 2, 28))
    with pytest.raises(ValidationError) as err:
        services.hand_over(actor=admin_user, posting=posting, successor=other_host)
    assert "successor" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.hand_over(actor=admin_user, posting=posting, successor=posting)
    assert "successor" in err.value.message_dict
    posting.refresh_from_db()
    assert posting.state == S.ON_POST and not PostingEvent.objects.exists()


def test_transitions_of_an_out_of_scope_posting_are_refused(make_posting, make_user):
    posting = make_posting(host="kaizhou")
    outsider = make_user("ws", region="500237")
    with pytest.raises(PermissionDenied):
        services.approve_posting(actor=outsider, posting=posting)
    posting.refresh_from_db()
    assert posting.state == S.PLANNED
