"""The needs' to-dos on the home page (see `xiezuo.core.todos`)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from xiezuo.core.scoping import scoped
from xiezuo.core.todos import Shortcut, ToDo, register, register_shortcut
from xiezuo.core.types import Actor
from xiezuo.needs.approvals import rounds_waiting_for, waiting_for
from xiezuo.needs.filters import MINE, PAST_START
from xiezuo.needs.models import Need, Round
from xiezuo.needs.selectors import past_start_unfilled


def needs_overdue(user: Actor) -> int:
    """Published needs whose start has passed and that are not (fully) filled."""
    return past_start_unfilled(scoped(Need, user)).count()


def needs_to_approve(user: Actor) -> int:
    """Submitted needs waiting for this user's approval (their level, not their own)."""
    return waiting_for(user, scoped(Need, user)).count()


def rounds_waiting(user: Actor) -> int:
    """Matching rounds whose proposal is ready and waits for the approval of the user's side."""
    return rounds_waiting_for(user, scoped(Round, user)).count()


register(ToDo(
    key="needs.overdue", order=20, count=needs_overdue,
    url=lambda: reverse("needs:need_list") + "?" + urlencode({"timing": PAST_START}),
    label=_("%(count)s needs are past their start and not filled"),
))
register(ToDo(
    key="needs.approve", order=15, count=needs_to_approve,
    url=lambda: reverse("needs:need_list") + "?" + urlencode({"approval": MINE}),
    label=_("%(count)s needs wait for your approval"),
))
register(ToDo(
    key="needs.rounds", order=40, count=rounds_waiting,
    url=lambda: reverse("needs:round_list") + "?" + urlencode({"approval": MINE}),
    label=_("%(count)s matching proposals wait for your side's approval"),
))
register_shortcut(Shortcut(key="needs.need", order=10, label=_("New need"),
                           url_name="needs:need_create", model="needs.need"))
register_shortcut(Shortcut(key="needs.round", order=40, label=_("New matching round"),
                           url_name="needs:round_create", model="needs.round"))
