"""The exchange's to-dos on the home page (see `xiezuo.core.todos`)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.core.todos import Shortcut, ToDo, register, register_shortcut
from xiezuo.core.types import Actor
from xiezuo.exchange.selectors import ending_without_successor

ENDING_DAYS = 60


def ending(user: Actor) -> int:
    """Postings on post that end within 60 days with no successor named (scoped)."""
    return ending_without_successor(user, today=timezone.localdate(), within_days=ENDING_DAYS).count()


register(ToDo(
    key="exchange.ending", order=10, count=ending, url=lambda: reverse("exchange:overview") + "#alerts",
    label=_("%(count)s postings end within 60 days and have no successor named"),
))
register_shortcut(Shortcut(key="exchange.posting", order=30, label=_("New posting"),
                           url_name="exchange:posting_create", model="exchange.posting"))
