"""Postings: create, change, delete, and the state transitions with their record."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from xiezuo.core.errors import IllegalTransition
from xiezuo.core.scoping import scoped
from xiezuo.core.services import delete_record, save_changes, save_new, transition
from xiezuo.core.types import Actor
from xiezuo.exchange.choices import PostingState, RuleIssue
from xiezuo.exchange.models import Posting, PostingEvent
from xiezuo.exchange.rules import check_posting
from xiezuo.exchange.transitions import FINISHED_STATES, POSTINGS
from xiezuo.notifications.events import Event
from xiezuo.notifications.recipients import posting_parties
from xiezuo.notifications.services import notify


def _checked(posting: Posting) -> list[RuleIssue]:
    """Apply the programme rules: errors raise (and roll back), warnings are returned."""
    report = check_posting(posting)
    report.raise_errors()
    posting.warnings = report.warnings
    return report.warnings


def create_posting(*, actor: Actor, **fields: Any) -> Posting:
    fields.pop("state", None)
    with transaction.atomic():
        posting = save_new(actor=actor, instance=Posting(**fields))
        _checked(posting)
    return posting


def update_posting(
    *, actor: Actor, instance: Posting, changes: dict[str, Any],
    expected_version: int | None = None,
) -> Posting:
    changes = {k: v for k, v in changes.items() if k not in {"state", "end_reason"}}
    with transaction.atomic():
        if "successor" in changes:
            _check_successor(actor, instance, changes["successor"], required=False)
        posting = save_changes(
            actor=actor, instance=instance, changes=changes, expected_version=expected_version
        )
        _checked(posting)
    return posting


def delete_posting(*, actor: Actor, instance: Posting) -> None:
    if instance.state not in {PostingState.PLANNED, PostingState.APPROVED}:
        raise IllegalTransition(
            _("Only planned or approved postings can be deleted; this one is “%(state)s”.")
            % {"state": instance.get_state_display()}
        )
    delete_record(actor=actor, instance=instance)


def _check_successor(actor: Actor, posting: Posting, successor: Posting | None, *,
                     required: bool) -> None:
    if successor is None:
        if required:
            raise ValidationError({"successor": _("Name the successor posting.")})
        return
    if successor.pk == posting.pk:
        raise ValidationError({"successor": _("A posting cannot succeed itself.")})
    if not scoped(Posting, actor).filter(pk=successor.pk).exists():
        raise ValidationError({"successor": _("No such posting is known to you.")})
    if successor.host_id != posting.host_id:
        raise ValidationError(
            {"successor": _("The successor must be posted at the same host organisation.")}
        )
    if successor.state in FINISHED_STATES:
        raise ValidationError({"successor": _("The successor posting has already finished.")})


def _transition(*, actor: Actor, posting: Posting, action: str, reason: str = "",
                **changes: Any) -> Posting:
    """Take a posting action (POSTINGS), apply its changes and record the event."""

    def record(current: Posting, from_state: str) -> None:
        old_end = current.end
        for name, value in changes.items():
            setattr(current, name, value)
        if reason:
            current.end_reason = reason
        current.full_clean()
        _checked(current)
        current.save()
        PostingEvent.objects.create(
            posting=current,
            action=action,
            from_state=from_state,
            to_state=current.state,
            by=actor if isinstance(actor, User) and actor.pk else None,
            reason=reason,
            old_end=old_end if current.end != old_end else None,
            new_end=current.end if current.end != old_end else None,
            successor=current.successor,
        )

    return transition(POSTINGS, actor=actor, record=posting, action=action, then=record)


def approve_posting(*, actor: Actor, posting: Posting) -> Posting:
    with transaction.atomic():
        posting = _transition(actor=actor, posting=posting, action="approve")
        _notify_approved(actor, posting)
    return posting


def _notify_approved(actor: Actor, posting: Posting) -> None:
    """Tell both sides (the host's and the sending organisation's coordinators and
    organisation users) that a posting was approved; the host's group robots hear of it."""
    host = posting.host
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(person)s's posting at %(host)s (%(kind)s) was approved") % {
            "person": posting.person, "host": host, "kind": posting.get_kind_display()}
        body = _("%(start)s to %(end)s") % {"start": posting.planned_start, "end": posting.planned_end}
    notify(event=Event.POSTING_APPROVED, recipients=posting_parties(posting), title=title, body=body,
           url=posting.get_absolute_url(), actor=actor if isinstance(actor, User) else None,
           organisation=host)


def start_posting(*, actor: Actor, posting: Posting, start: datetime.date | None = None
                  ) -> Posting:
    return _transition(
        actor=actor, posting=posting, action="start", actual_start=start or posting.planned_start
    )


def complete_posting(*, actor: Actor, posting: Posting, end: datetime.date | None = None
                     ) -> Posting:
    end = end or posting.planned_end
    if posting.actual_start and end < posting.actual_start:
        raise ValidationError({"end": _("The end must not be before the start of the posting.")})
    return _transition(actor=actor, posting=posting, action="complete", actual_end=end)


def extend_posting(*, actor: Actor, posting: Posting, new_end: datetime.date, reason: str
                   ) -> Posting:
    errors = {}
    if not new_end or new_end <= posting.planned_end:
        errors["new_end"] = _("The new end date must be after the current end (%(end)s).") % {
            "end": posting.planned_end
        }
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the extension.")
    if errors and posting.state in POSTINGS.sources("extend"):
        raise ValidationError(errors)
    return _transition(
        actor=actor, posting=posting, action="extend", reason=reason.strip(), planned_end=new_end
    )


def end_posting_early(
    *,
    actor: Actor,
    posting: Posting,
    end: datetime.date,
    reason: str,
    successor: Posting | None = None,
) -> Posting:
    if posting.state in POSTINGS.sources("end_early"):
        errors = {}
        if not end or end >= posting.planned_end:
            errors["end"] = _("An early end must be before the planned end (%(end)s).") % {
                "end": posting.planned_end
            }
        elif end < posting.start:
            errors["end"] = _("The end must not be before the start of the posting.")
        if not (reason or "").strip():
            errors["reason"] = _("Give the reason for the early end.")
        if errors:
            raise ValidationError(errors)
        _check_successor(actor, posting, successor, required=False)
    return _transition(
        actor=actor,
        posting=posting,
        action="end_early",
        reason=(reason or "").strip(),
        actual_end=end,
        successor=successor or posting.successor,
    )


def hand_over(*, actor: Actor, posting: Posting, successor: Posting | None) -> Posting:
    """Hand the post over: this posting ends the day before the successor starts."""
    if posting.state in POSTINGS.sources("hand_over"):
        _check_successor(actor, posting, successor, required=True)
    end = posting.planned_end
    if successor is not None:
        end = min(max(successor.start - datetime.timedelta(days=1), posting.start), end)
    return _transition(
        actor=actor, posting=posting, action="hand_over", actual_end=end, successor=successor
    )
