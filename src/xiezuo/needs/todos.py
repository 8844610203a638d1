"""The needs' to-dos on the home page (see `xiezuo.core.todos`)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from xiezuo.core.scoping import scoped
from xiezuo.core.todos import Shortcut, ToDo, register, register_shortcut
from xiezuo.core.types import Actor
from xiezuo.needs.choices import RoundStatus
from xiezuo.needs.filters import PAST_START
from xiezuo.needs.models import Need, Round
from xiezuo.needs.selectors import past_start_unfilled


def needs_overdue(user: Actor) -> int:
    """Published needs whose start has passed and that are not (fully) filled."""
    return past_start_unfilled(scoped(Need, user)).count()


def rounds_waiting(user: Actor) -> int:
    """Matching rounds whose proposal is ready and waits for approval."""
    return scoped(Round, user).filter(status=RoundStatus.DONE).count()


register(ToDo(
    key="needs.overdue", order=20, count=needs_overdue,
    url=lambda: reverse("needs:need_list") + "?" + urlencode({"timing": PAST_START}),
    label=_("%(count)s needs are past their start and not filled"),
))
register(ToDo(
    key="needs.rounds", order=40, count=rounds_waiting,
    url=lambda: reverse("needs:round_list") + "?" + urlencode({"status": RoundStatus.DONE}),
    label=_("%(count)s matching rounds wait for approval"),
))
register_shortcut(Shortcut(key="needs.need", order=10, label=_("New need"),
                           url_name="needs:need_create", model="needs.need"))
register_shortcut(Shortcut(key="needs.round", order=40, label=_("New matching round"),
                           url_name="needs:round_create", model="needs.round"))
