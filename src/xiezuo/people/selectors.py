"""Reads of the people app: what a person's page shows beside their facts.

A person's postings, teams, mentorships, engagements, activities and trainings, each read
from the model of the app that owns it and starting from `scoped()`: a reader sees only
the records they may see (a coordinator of 巫山 sees the person's postings in 巫山, not
those elsewhere). Each list is cut at `LIMIT` rows and says how many there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from xiezuo.activities.models import Activity, Trainee, TrainingClass
from xiezuo.core.scoping import scoped
from xiezuo.core.types import Actor
from xiezuo.exchange.models import Engagement, Mentorship, Posting, Team
from xiezuo.exchange.selectors import postings_for
from xiezuo.people.models import Person

LIMIT = 20  # rows per section on the person's page


@dataclass(frozen=True)
class Listing:
    """The first rows of one section and how many there are in all."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def _listing(queryset: QuerySet[Any], limit: int = LIMIT) -> Listing:
    rows = list(queryset[:limit])
    total = len(rows) if len(rows) < limit else queryset.count()
    return Listing(rows=rows, total=total)


@dataclass(frozen=True)
class MentorshipRow:
    mentorship: Mentorship
    as_mentor: bool


@dataclass(frozen=True)
class TrainingRow:
    """An enrolment; `linked` when the reader may open the class's page (an enrolment of a
    county's doctor is seen by the county even in a class it does not see)."""

    trainee: Trainee
    linked: bool


def person_postings(person: Person, *, user: Actor) -> Listing:
    """The person's postings (选派, 挂职, 进修 …) the user may see, latest first."""
    postings = postings_for(user, Posting.objects.filter(person=person))
    return _listing(postings.select_related("host__region", "team").order_by("-planned_start", "pk"))


def person_teams(person: Person, *, user: Actor) -> Listing:
    """The person's places in teams: their postings that belong to a team the user sees."""
    postings = scoped(Posting.objects.filter(person=person, team__isnull=False), user).filter(
        team__in=scoped(Team, user).values("pk"))
    return _listing(postings.select_related("team__host", "team__sending_org")
                    .order_by("-team__planned_start", "pk"))


def person_mentorships(person: Person, *, user: Actor) -> Listing:
    """Mentorships with the person as mentor or as apprentice."""
    found = scoped(Mentorship, user).filter(Q(mentor=person) | Q(apprentices=person)).distinct()
    listing = _listing(found.select_related("mentor", "host").order_by("-start", "pk"))
    rows = [MentorshipRow(m, m.mentor_id == person.pk) for m in listing.rows]
    return Listing(rows=rows, total=listing.total)


def person_engagements(person: Person, *, user: Actor) -> Listing:
    found = scoped(Engagement, user).filter(person=person)
    return _listing(found.select_related("organisation").order_by("-start", "pk"))


def person_activities(person: Person, *, user: Actor) -> Listing:
    found = scoped(Activity, user).filter(people=person)
    return _listing(found.select_related("host").order_by("-date", "pk"))


def person_trainings(person: Person, *, user: Actor) -> Listing:
    """The classes the person was enrolled in, with attendance and completion (结业)."""
    found = scoped(Trainee, user).filter(person=person)
    listing = _listing(found.select_related("training_class").order_by("-training_class__start", "pk"))
    classes = {t.training_class_id for t in listing.rows}
    visible = set(scoped(TrainingClass, user).filter(pk__in=classes).values_list("pk", flat=True))
    rows = [TrainingRow(t, t.training_class_id in visible) for t in listing.rows]
    return Listing(rows=rows, total=listing.total)


def person_records(person: Person, *, user: Actor) -> dict[str, Listing]:
    """Every section of the person's page, by name."""
    return {
        "postings": person_postings(person, user=user),
        "teams": person_teams(person, user=user),
        "mentorships": person_mentorships(person, user=user),
        "engagements": person_engagements(person, user=user),
        "activities": person_activities(person, user=user),
        "trainings": person_trainings(person, user=user),
    }
