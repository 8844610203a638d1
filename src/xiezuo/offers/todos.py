"""The offers' to-dos on the home page (see `xiezuo.core.todos`)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from xiezuo.core.scoping import Action, scoped
from xiezuo.core.todos import Shortcut, ToDo, register, register_shortcut
from xiezuo.core.types import Actor
from xiezuo.offers.choices import PlacementState
from xiezuo.offers.models import Offer, Placement


def places_to_name(user: Actor) -> int:
    """Places approved rounds gave to the offers the user may change, still without a
    person: the offering side names them."""
    return (scoped(Placement, user, Action.CHANGE).filter(state=PlacementState.OPEN)
            .filter(offer__in=scoped(Offer, user, Action.CHANGE)).count())


register(ToDo(
    key="offers.places", order=25, count=places_to_name,
    url=lambda: reverse("offers:placement_list") + "?" + urlencode({"state": PlacementState.OPEN}),
    label=_("%(count)s places wait for you to name the person"),
))
register_shortcut(Shortcut(key="offers.offer", order=15, label=_("New offer"),
                           url_name="offers:offer_create", model="offers.offer"))
