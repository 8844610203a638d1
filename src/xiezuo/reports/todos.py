"""The reports' to-dos on the home page (see `xiezuo.core.todos`)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from xiezuo.core.scoping import scoped
from xiezuo.core.todos import Shortcut, ToDo, register, register_shortcut
from xiezuo.core.types import Actor
from xiezuo.reports.models import Fact, FactStatus


def facts_waiting(user: Actor) -> int:
    """Extracted facts waiting for review in the reports the user sees."""
    return scoped(Fact, user).filter(status=FactStatus.PENDING).count()


register(ToDo(
    key="reports.facts", order=30, count=facts_waiting,
    url=lambda: reverse("reports:fact_queue") + "?" + urlencode({"status": FactStatus.PENDING}),
    label=_("%(count)s facts from reports wait for review"),
))
register_shortcut(Shortcut(key="reports.upload", order=20, label=_("Upload reports"),
                           url_name="reports:upload", model="reports.reportdocument"))
