"""Writes of events, activities (with their metrics), training classes and trainees.

Keyword-only functions, one transaction each: either everything given is stored or
nothing is. Validation errors name the field (for metrics: ``metrics[i].field``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeAlias

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.activities import lookups  # noqa: F401  (its references' lookups, before any write)
from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.core.scoping import ensure_in_scope
from xiezuo.core.services import delete_record, save_changes, save_new
from xiezuo.core.types import Actor
from xiezuo.people.models import Person

METRIC_FIELDS = ("indicator", "subject", "value", "unit")

# A figure as given: a metric (from a form) or its fields {indicator, subject, value, unit}.
MetricInput: TypeAlias = ActivityMetric | Mapping[str, Any]


# --- events ---------------------------------------------------------------------------


def create_event(*, actor: Actor, **fields: Any) -> Event:
    return save_new(actor=actor, instance=Event(**fields))


def update_event(
    *, actor: Actor, instance: Event, changes: dict[str, Any], expected_version: int | None = None
) -> Event:
    with transaction.atomic():
        event = save_changes(actor=actor, instance=instance, changes=changes,
                             expected_version=expected_version)
        outside = event.activities.exclude(date__gte=event.start, date__lte=event.end)
        if outside.exists():
            raise ValidationError({"start": _(
                "Activities of this event lie outside the new dates (%(activity)s); move them first.")
                % {"activity": outside.first()}})
    return event


def delete_event(*, actor: Actor, instance: Event) -> None:
    delete_record(actor=actor, instance=instance)


# --- activities and their metrics -----------------------------------------------------


def _metric_value(item: MetricInput, name: str) -> Any:
    if isinstance(item, ActivityMetric):
        return getattr(item, name)
    return item.get(name)


def build_metrics(metrics: Iterable[MetricInput] | None) -> list[ActivityMetric]:
    """Validate a list of figures ({indicator, subject, value, unit}) without storing them."""
    built: list[ActivityMetric] = []
    errors: dict[str, list[str]] = {}
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(metrics or []):
        values = {name: _metric_value(item, name) for name in METRIC_FIELDS}
        for name in ("subject", "unit"):
            values[name] = str(values[name] or "").strip()
        raw = values["value"]
        try:
            values["value"] = None if raw in (None, "") else Decimal(str(raw))
        except (InvalidOperation, ValueError):
            errors[f"metrics[{index}].value"] = [_("“%(value)s” is not a number.") % {"value": raw}]
            continue
        metric = ActivityMetric(**values)
        try:
            metric.full_clean(exclude=["activity"], validate_unique=False, validate_constraints=False)
            if metric.value is not None and not metric.value.is_finite():
                raise ValidationError({"value": _("Give a finite number.")})
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"metrics[{index}].{name}"] = messages
            continue
        key = (metric.indicator, metric.subject)
        if key in seen:
            errors[f"metrics[{index}].subject"] = [
                _("The same figure is given twice (also as figure %(n)s).") % {"n": seen[key] + 1}]
            continue
        seen[key] = index
        built.append(metric)
    if errors:
        raise ValidationError(errors)
    return built


def _write_metrics(activity: Activity, metrics: list[ActivityMetric]) -> None:
    activity.metrics.all().delete()
    for metric in metrics:
        metric.pk = None
        metric.activity = activity
        metric.save()


def create_activity(*, actor: Actor, metrics: Iterable[MetricInput] | None = None,
                    people: Iterable[Person] | None = None, **fields: Any) -> Activity:
    """An activity with its figures, stored together or not at all."""
    built = build_metrics(metrics or [])
    with transaction.atomic():
        activity = save_new(actor=actor, instance=Activity(**fields))
        _write_metrics(activity, built)
        if people is not None:
            activity.people.set(list(people))
    return activity


def update_activity(*, actor: Actor, instance: Activity, changes: dict[str, Any],
                    expected_version: int | None = None,
                    metrics: Iterable[MetricInput] | None = None,
                    people: Iterable[Person] | None = None) -> Activity:
    """Change an activity; a given list of metrics replaces all its figures."""
    changes = dict(changes)
    metrics = changes.pop("metrics", metrics)
    people = changes.pop("people", people)
    ensure_in_scope(instance, actor)  # read-only roles: 403 before any field error
    built = build_metrics(metrics) if metrics is not None else None
    with transaction.atomic():
        activity = save_changes(actor=actor, instance=instance, changes=changes,
                                expected_version=expected_version)
        if built is not None:
            _write_metrics(activity, built)
        if people is not None:
            activity.people.set(list(people))
    return activity


def delete_activity(*, actor: Actor, instance: Activity) -> None:
    delete_record(actor=actor, instance=instance)


# --- training classes and trainees ----------------------------------------------------


def create_training_class(*, actor: Actor, **fields: Any) -> TrainingClass:
    return save_new(actor=actor, instance=TrainingClass(**fields))


def update_training_class(*, actor: Actor, instance: TrainingClass, changes: dict[str, Any],
                          expected_version: int | None = None) -> TrainingClass:
    with transaction.atomic():
        klass = save_changes(actor=actor, instance=instance, changes=changes,
                             expected_version=expected_version)
        over = klass.trainees.filter(sessions_attended__gt=klass.sessions).count()
        if over:
            raise ValidationError({"sessions": _(
                "%(n)s trainees attended more sessions than this; correct their attendance first.")
                % {"n": over}})
    return klass


def delete_training_class(*, actor: Actor, instance: TrainingClass) -> None:
    delete_record(actor=actor, instance=instance)


def _fill_trainee(trainee: Trainee, given: set[str]) -> None:
    """Names follow the registry: the person's name and organisation, the organisation's name."""
    person = trainee.person if trainee.person_id else None
    if person is not None:
        if not (trainee.name or "").strip():
            trainee.name = person.name
        if not trainee.organisation_id and person.organisation_id:
            trainee.organisation = person.organisation
    organisation = trainee.organisation if trainee.organisation_id else None
    if organisation is not None and (
            not (trainee.organisation_name or "").strip()
            or ("organisation" in given and "organisation_name" not in given)):
        trainee.organisation_name = organisation.name
    trainee.name = (trainee.name or "").strip()
    trainee.organisation_name = (trainee.organisation_name or "").strip()


def create_trainee(*, actor: Actor, **fields: Any) -> Trainee:
    trainee = Trainee(**fields)
    _fill_trainee(trainee, set(fields))
    with transaction.atomic():
        if trainee.training_class_id:
            ensure_in_scope(trainee.training_class, actor)  # trainees follow their class
        return save_new(actor=actor, instance=trainee)


def update_trainee(*, actor: Actor, instance: Trainee, changes: dict[str, Any],
                   expected_version: int | None = None) -> Trainee:
    ensure_in_scope(instance, actor)
    with transaction.atomic():
        ensure_in_scope(instance.training_class, actor)
        for field, value in changes.items():
            setattr(instance, field, value)
        _fill_trainee(instance, set(changes))
        if "training_class" in changes and instance.training_class_id:
            ensure_in_scope(instance.training_class, actor)
        derived = {name: getattr(instance, name)
                   for name in ("name", "organisation", "organisation_name")}
        return save_changes(actor=actor, instance=instance, changes={**changes, **derived},
                            expected_version=expected_version)


def delete_trainee(*, actor: Actor, instance: Trainee) -> None:
    with transaction.atomic():
        ensure_in_scope(instance.training_class, actor)
        delete_record(actor=actor, instance=instance)
