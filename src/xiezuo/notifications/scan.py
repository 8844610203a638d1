"""The scheduled scan (`xiezuo notify scan`, daily from cron): postings starting within
7 days, and postings on post that end within 60 days with no successor (the exchange
overview's alert, `exchange.selectors.ending_without_successor`). Each posting is told
of once per kind (`ScanMark`), to both sides and their group robots."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from xiezuo.exchange.models import Posting
from xiezuo.exchange.selectors import coming, ending_without_successor
from xiezuo.notifications.events import Event
from xiezuo.notifications.models import ScanMark
from xiezuo.notifications.recipients import posting_parties
from xiezuo.notifications.services import notify

STARTING_DAYS = 7
ENDING_DAYS = 60


@dataclass
class ScanOutcome:
    starting: int = 0
    ending: int = 0
    notifications: int = 0


def system_reader() -> User:
    """The scan reads every posting (an unsaved superuser: `scoped` lets it see all)."""
    return User(username="xiezuo-scan", is_superuser=True, is_active=True)


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _once(event: str, posting: Posting) -> bool:
    """Mark the posting told of for this kind; False when it already was."""
    try:
        with transaction.atomic():
            ScanMark.objects.create(event=event, key=f"posting:{posting.pk}")
    except IntegrityError:
        return False
    return True


def _tell(event: str, posting: Posting, title: str) -> int:
    with transaction.atomic():
        if not _once(event, posting):
            return -1
        return notify(event=event, recipients=posting_parties(posting), title=title,
                      url=posting.get_absolute_url(), organisation=posting.host,
                      key=f"posting:{posting.pk}")


def scan(*, today: datetime.date | None = None) -> ScanOutcome:
    today = today or timezone.localdate()
    reader = system_reader()
    outcome = ScanOutcome()
    starting = coming(reader, day=today).filter(
        planned_start__gte=today, planned_start__lte=today + datetime.timedelta(days=STARTING_DAYS))
    ending = ending_without_successor(reader, today=today, within_days=ENDING_DAYS)
    with translation.override(settings.LANGUAGE_CODE):
        for posting in starting.select_related("person__organisation", "host"):
            title = _("%(person)s starts at %(host)s on %(day)s (%(kind)s)") % {
                "person": posting.person, "host": posting.host, "day": _day(posting.planned_start),
                "kind": posting.get_kind_display()}
            stored = _tell(Event.POSTING_STARTING, posting, title)
            if stored >= 0:
                outcome.starting += 1
                outcome.notifications += stored
        for posting in ending.select_related("person__organisation", "host"):
            title = _("%(person)s's posting at %(host)s ends on %(day)s and no successor is named") % {
                "person": posting.person, "host": posting.host, "day": _day(posting.eff_end)}
            stored = _tell(Event.POSTING_ENDING, posting, title)
            if stored >= 0:
                outcome.ending += 1
                outcome.notifications += stored
    return outcome
