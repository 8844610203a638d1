"""Mentorships, engagements and bases, with their notes, sessions and service teams."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from xiezuo.core.scoping import ensure_in_scope
from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.core.types import Actor
from xiezuo.exchange.models import (
    Base,
    Engagement,
    EngagementSession,
    Mentorship,
    MentorshipNote,
    ServiceTeam,
)
from xiezuo.people.models import Person


def _children(owner: Model, model: type[Model], related: str, rows: list[dict[str, Any]],
              prefix: str, fk: str) -> None:
    """Replace an owner's child rows; errors name the row (`sessions[1].hours`)."""
    getattr(owner, related).all().delete()
    for index, values in enumerate(rows):
        child = model(**{fk: owner}, **values)
        try:
            child.full_clean(exclude=[fk])
        except ValidationError as exc:
            raise ValidationError(
                {f"{prefix}[{index}].{f}": msgs for f, msgs in exc.message_dict.items()}
            ) from exc
        child.save()


# ---- mentorships ---------------------------------------------------------------------


def _set_apprentices(mentorship: Mentorship, apprentices: Iterable[Person]) -> None:
    apprentices = list(apprentices)
    if not apprentices:
        raise ValidationError({"apprentices": _("Name at least one apprentice.")})
    if any(a.pk == mentorship.mentor_id for a in apprentices):
        raise ValidationError({"apprentices": _("The mentor cannot be their own apprentice.")})
    mentorship.apprentices.set(apprentices)


def create_mentorship(*, actor: Actor, apprentices: Iterable[Person],
                      notes: list[dict[str, Any]] | None = None, **fields: Any) -> Mentorship:
    with transaction.atomic():
        mentorship = save_new(actor=actor, instance=Mentorship(**fields))
        _set_apprentices(mentorship, apprentices)
        _children(mentorship, MentorshipNote, "notes", notes or [], "notes", "mentorship")
    return mentorship


def update_mentorship(
    *, actor: Actor, instance: Mentorship, changes: dict[str, Any],
    expected_version: int | None = None,
) -> Mentorship:
    changes = dict(changes)
    apprentices = changes.pop("apprentices", None)
    notes = changes.pop("notes", None)
    with transaction.atomic():
        mentorship = save_changes(
            actor=actor, instance=instance, changes=changes, expected_version=expected_version
        )
        if apprentices is not None:
            _set_apprentices(mentorship, apprentices)
        if notes is not None:
            _children(mentorship, MentorshipNote, "notes", notes, "notes", "mentorship")
    return mentorship


def add_mentorship_note(*, actor: Actor, mentorship: Mentorship, date: datetime.date, text: str
                        ) -> MentorshipNote:
    with transaction.atomic():
        ensure_in_scope(mentorship, actor)
        note = MentorshipNote(mentorship=mentorship, date=date, text=text)
        note.full_clean()
        note.save()
    return note


def delete_mentorship(*, actor: Actor, instance: Mentorship) -> None:
    delete_record(actor=actor, instance=instance)


# ---- engagements ---------------------------------------------------------------------


def create_engagement(*, actor: Actor, sessions: list[dict[str, Any]] | None = None,
                      **fields: Any) -> Engagement:
    with transaction.atomic():
        engagement = save_new(actor=actor, instance=Engagement(**fields))
        _children(
            engagement, EngagementSession, "sessions", sessions or [], "sessions", "engagement"
        )
    return engagement


def update_engagement(
    *, actor: Actor, instance: Engagement, changes: dict[str, Any],
    expected_version: int | None = None,
) -> Engagement:
    changes = dict(changes)
    sessions = changes.pop("sessions", None)
    with transaction.atomic():
        engagement = save_changes(
            actor=actor, instance=instance, changes=changes, expected_version=expected_version
        )
        if sessions is not None:
            _children(engagement, EngagementSession, "sessions", sessions, "sessions", "engagement")
    return engagement


def add_session(*, actor: Actor, engagement: Engagement, date: datetime.date, topic: str,
                hours: Decimal) -> EngagementSession:
    with transaction.atomic():
        ensure_in_scope(engagement, actor)
        session = EngagementSession(engagement=engagement, date=date, topic=topic, hours=hours)
        session.full_clean()
        session.save()
    return session


def delete_engagement(*, actor: Actor, instance: Engagement) -> None:
    delete_record(actor=actor, instance=instance)


# ---- bases ---------------------------------------------------------------------------


def create_base(*, actor: Actor, experts: Iterable[Person] = (),
                service_teams: list[dict[str, Any]] | None = None, **fields: Any) -> Base:
    with transaction.atomic():
        base = save_new(actor=actor, instance=Base(**fields))
        base.experts.set(list(experts))
        _children(base, ServiceTeam, "service_teams", service_teams or [], "service_teams", "base")
    return base


def update_base(
    *, actor: Actor, instance: Base, changes: dict[str, Any], expected_version: int | None = None
) -> Base:
    changes = dict(changes)
    experts = changes.pop("experts", None)
    teams = changes.pop("service_teams", None)
    with transaction.atomic():
        base = save_changes(
            actor=actor, instance=instance, changes=changes, expected_version=expected_version
        )
        if experts is not None:
            base.experts.set(list(experts))
        if teams is not None:
            _children(base, ServiceTeam, "service_teams", teams, "service_teams", "base")
    return base


def add_service_team(*, actor: Actor, base: Base, name: str, members: int) -> ServiceTeam:
    with transaction.atomic():
        ensure_in_scope(base, actor)
        team = ServiceTeam(base=base, name=name, members=members)
        team.full_clean()
        team.save()
    return team


def delete_base(*, actor: Actor, instance: Base) -> None:
    delete_record(actor=actor, instance=instance)
