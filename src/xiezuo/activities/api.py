"""JSON API of the activities app: (prefix, router) pairs registered by xiezuo.config.api."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router

from xiezuo.activities import selectors, services
from xiezuo.activities.lookups import EVENT
from xiezuo.activities.models import Activity, Event, Trainee, TrainingClass
from xiezuo.activities.schemas import (
    ActivityFilter,
    ActivityIn,
    ActivityOut,
    EventFilter,
    EventIn,
    EventOut,
    EventTotalsOut,
    TraineeFilter,
    TraineeIn,
    TraineeOut,
    TrainingClassFilter,
    TrainingClassIn,
    TrainingClassOut,
)
from xiezuo.activities.selectors import event_totals_rows, metrics_by_subject
from xiezuo.core.crud import register_crud
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import scoped
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON, visible_people
from xiezuo.regions.lookups import PAIRING, REGION

events_router = Router(tags=["activities: events"])
activities_router = Router(tags=["activities"])
classes_router = Router(tags=["activities: training classes"])
trainees_router = Router(tags=["activities: trainees"])


def _common(data: dict, actor) -> dict:
    for name in ("host", "sending_org", "organiser", "organisation"):
        if name in data:
            data[name] = resolve(ANY_ORGANISATION, actor, data[name], field=name)
    if "pairing" in data:
        data["pairing"] = resolve(PAIRING, actor, data["pairing"], field="pairing")
    for name in ("host_region", "trainee_region"):
        if name in data:
            data[name] = resolve(REGION, actor, data[name], field=name)
    return data


def event_fields(data: dict, actor) -> dict:
    return _common(data, actor)


def activity_fields(data: dict, actor) -> dict:
    data = _common(data, actor)
    if "event" in data:
        data["event"] = resolve(EVENT, actor, data["event"], field="event")
    if "people" in data:
        ids = sorted(set(data["people"] or []))
        found = list(visible_people(actor).filter(pk__in=ids))
        if len(found) != len(ids):
            raise ValidationError({"people": _("Some of these people are not known to you.")})
        data["people"] = found
    if "metrics" in data:
        data["metrics"] = [dict(m) for m in data["metrics"] or []]
    return data


def class_fields(data: dict, actor) -> dict:
    return _common(data, actor)


def trainee_fields(data: dict, actor) -> dict:
    data = _common(data, actor)
    if "training_class" in data:
        data["training_class"] = resolve(TrainingClass, actor, data["training_class"],
                                         field="training_class")
    if "person" in data:
        data["person"] = resolve(PERSON, actor, data["person"], field="person")
    return data


register_crud(events_router, model=Event, out_schema=EventOut, in_schema=EventIn,
              filter_schema=EventFilter, to_fields=event_fields,
              select_related=("host_region", "sending_org"), create=services.create_event,
              update=services.update_event, delete=services.delete_event)
register_crud(activities_router, model=Activity, out_schema=ActivityOut, in_schema=ActivityIn,
              filter_schema=ActivityFilter, to_fields=activity_fields,
              select_related=("host", "sending_org"), prefetch_related=("people", "metrics"),
              create=services.create_activity,
              update=services.update_activity, delete=services.delete_activity)
register_crud(classes_router, model=TrainingClass, out_schema=TrainingClassOut,
              in_schema=TrainingClassIn, filter_schema=TrainingClassFilter, to_fields=class_fields,
              select_related=("organiser", "trainee_region"),
              prepare_page=lambda classes, actor: selectors.annotate_counts(classes),
              create=services.create_training_class,
              update=services.update_training_class, delete=services.delete_training_class)
register_crud(trainees_router, model=Trainee, out_schema=TraineeOut, in_schema=TraineeIn,
              filter_schema=TraineeFilter, to_fields=trainee_fields,
              select_related=("training_class",), create=services.create_trainee,
              update=services.update_trainee, delete=services.delete_trainee)


@events_router.get("/{int:pk}/totals", response=EventTotalsOut, operation_id="event_totals")
def totals(request, pk: int):
    """The event's totals per indicator: sums of its activities' metrics (those you may see)."""
    event = get_object_or_404(scoped(Event, request.user), pk=pk)
    return {"event": event.pk, "totals": event_totals_rows(event, user=request.user),
            "figures": metrics_by_subject(event, user=request.user)}


ROUTERS: list = [
    ("/events", events_router),
    ("/activities", activities_router),
    ("/training-classes", classes_router),
    ("/trainees", trainees_router),
]
