"""Notification preferences: per kind, e-mail at once, in the daily digest, or not at all
(in the app always). A user without a stored choice gets the kind's default."""

from __future__ import annotations

from collections.abc import Iterable

from xiezuo.notifications.events import Event
from xiezuo.notifications.models import EmailChoice, Preference

# What asks for someone's action is e-mailed at once; the rest stays in the app.
DEFAULTS: dict[str, str] = {
    Event.NEED_SUBMITTED: EmailChoice.INSTANT,
    Event.NEED_APPROVED: EmailChoice.OFF,
    Event.NEED_REJECTED: EmailChoice.INSTANT,
    Event.ROUND_WAITING: EmailChoice.INSTANT,
    Event.ROUND_APPROVED: EmailChoice.OFF,
    Event.POSTING_APPROVED: EmailChoice.OFF,
    Event.POSTING_STARTING: EmailChoice.DIGEST,
    Event.POSTING_ENDING: EmailChoice.DIGEST,
    Event.FACTS_WAITING: EmailChoice.DIGEST,
    Event.JOB_FINISHED: EmailChoice.OFF,
    Event.JOB_FAILED: EmailChoice.OFF,
}
# The kinds a user chooses for (the digest itself is chosen through the others).
CHOOSABLE: tuple[str, ...] = tuple(DEFAULTS)


def default_for(event: str) -> str:
    return DEFAULTS.get(event, EmailChoice.OFF)


def choices_for(user_ids: Iterable[int], event: str) -> dict[int, str]:
    """Each user's e-mail choice for one kind (one query)."""
    ids = list(user_ids)
    chosen = dict(Preference.objects.filter(user_id__in=ids, event=event).values_list("user_id", "email"))
    return {pk: chosen.get(pk, default_for(event)) for pk in ids}


def choices_of(user_id: int) -> dict[str, str]:
    """One user's e-mail choice for every kind."""
    chosen = dict(Preference.objects.filter(user_id=user_id).values_list("event", "email"))
    return {event: chosen.get(event, default_for(event)) for event in CHOOSABLE}


def digest_kinds(user_id: int) -> list[str]:
    return [event for event, choice in choices_of(user_id).items() if choice == EmailChoice.DIGEST]
