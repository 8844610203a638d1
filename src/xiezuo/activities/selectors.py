"""Reads of the activities app: event totals and training counts, aggregated in the database.

Counting rules (module docstring of models.py): an event's totals are the sums of its
activities' metrics per indicator; a training counts enrolments, person-times (enrolments
with at least one session attended) and distinct people (distinct trainees who attended,
the registry person when linked, otherwise name + organisation name) — never confused.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import CharField, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Concat, Trim

from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.core.scoping import scoped
from xiezuo.core.types import Actor
from xiezuo.reference.models import Indicator

ATTENDED = Q(sessions_attended__gt=0)


def event_totals(event: Event, *, user: Actor | None = None) -> dict[str, Decimal]:
    """{indicator code: sum of the values} over the event's activities (those the user
    may see, when a user is given), in the order of the indicator list."""
    activities = Activity.objects.filter(event=event)
    if user is not None:
        activities = scoped(activities, user)
    rows = (ActivityMetric.objects.filter(activity__in=activities.values("pk"))
            .values("indicator").annotate(total=Sum("value")))
    sums = {row["indicator"]: row["total"] or Decimal(0) for row in rows}
    return {code: sums[code] for code in Indicator.values if code in sums}


def event_totals_rows(event: Event, *, user: Actor | None = None) -> list[dict[str, Any]]:
    """The totals as rows with the indicator's label (for pages and the API)."""
    labels = dict(Indicator.choices)
    return [{"indicator": code, "label": str(labels[code]), "total": total}
            for code, total in event_totals(event, user=user).items()]


def metrics_by_subject(event: Event, *, user: Actor | None = None) -> list[dict[str, Any]]:
    """The event's figures per indicator, subject and unit (e.g. outcomes: 32 问题, 58 建议)."""
    activities = Activity.objects.filter(event=event)
    if user is not None:
        activities = scoped(activities, user)
    return list(ActivityMetric.objects.filter(activity__in=activities.values("pk"))
                .values("indicator", "subject", "unit").annotate(total=Sum("value"))
                .order_by("indicator", "subject", "unit"))


def identity_expression() -> Concat:
    """Trainee.identity of an unlinked trainee, in SQL (name|organisation name, trimmed)."""
    return Concat(Trim("name"), Value("|"), Trim("organisation_name"), output_field=CharField())


def training_counts(
    classes: QuerySet[TrainingClass] | None = None, *, trainees: QuerySet[Trainee] | None = None
) -> dict[str, int]:
    """Counts over the trainees of the given classes (pass a scoped queryset):

    - ``enrolments``: every trainee row (one person in two classes = 2 enrolments);
    - ``person_times``: enrolments with at least one session attended;
    - ``distinct_people``: distinct trainees among those who attended (the registry person
      when linked, otherwise name + organisation name);
    - ``completed``: enrolments completed (结业);
    - ``classes``: the number of classes.
    """
    if classes is None:
        classes = TrainingClass.objects.all()
    rows = Trainee.objects.filter(training_class__in=classes.values("pk"))
    if trainees is not None:
        rows = rows.filter(pk__in=trainees.values("pk"))
    return _shaped(rows.aggregate(**_FIGURES), classes=classes.count())


# The figures of `training_counts`, as aggregates over trainee rows.
_FIGURES = {
    "enrolments": Count("pk"),
    "person_times": Count("pk", filter=ATTENDED),
    "completed": Count("pk", filter=Q(completed=True)),
    "linked": Count("person_id", distinct=True, filter=ATTENDED & Q(person__isnull=False)),
    "unlinked": Count(identity_expression(), distinct=True, filter=ATTENDED & Q(person__isnull=True)),
}


def _shaped(figures: dict[str, int], *, classes: int) -> dict[str, int]:
    """`training_counts`' answer from the aggregates of `_FIGURES` (missing ones count 0)."""
    return {
        "distinct_people": figures.get("linked", 0) + figures.get("unlinked", 0),
        "person_times": figures.get("person_times", 0),
        "completed": figures.get("completed", 0),
        "enrolments": figures.get("enrolments", 0),
        "classes": classes,
    }


COUNTS_KEY = "_training_counts"  # set on each class by annotate_counts


def annotate_counts(classes: list[TrainingClass]) -> None:
    """`training_counts` of each class (as for that class alone), for several classes in
    one query (a page of a list; tests/budget); kept on each class (COUNTS_KEY)."""
    if not classes:
        return
    rows = (Trainee.objects.filter(training_class__in=[c.pk for c in classes])
            .values("training_class").order_by("training_class").annotate(**_FIGURES))
    figures = {row["training_class"]: row for row in rows}
    for klass in classes:
        klass.__dict__[COUNTS_KEY] = _shaped(figures.get(klass.pk, {}), classes=1)


def completion_rate(counts: dict[str, int]) -> float | None:
    """Completed enrolments per enrolment (None without enrolments)."""
    if not counts["enrolments"]:
        return None
    return counts["completed"] / counts["enrolments"]


def with_counts(classes: QuerySet[TrainingClass]) -> QuerySet[TrainingClass]:
    """Classes annotated with their enrolments, person-times and completions (for lists)."""
    return classes.annotate(
        n_enrolments=Count("trainees", distinct=True),
        n_person_times=Count("trainees", filter=Q(trainees__sessions_attended__gt=0), distinct=True),
        n_completed=Count("trainees", filter=Q(trainees__completed=True), distinct=True),
    )
