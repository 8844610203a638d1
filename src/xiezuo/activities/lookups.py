"""Events named in input: by id, or by name when one event of the actor's bears it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from xiezuo.activities.models import Activity, Event, Trainee, TrainingClass
from xiezuo.core.lookups import Lookup, by_field, by_id, register, register_reference
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON
from xiezuo.regions.lookups import PAIRING, REGION

EVENT: Lookup[Event] = register(Lookup(
    Event, keys=(by_id, by_field("name")), ambiguous=gettext_lazy("Give the event's number."),
    label=lambda e: f"{e.name}（{e.start:%Y-%m-%d}）" if e.start else e.name,
    names=lambda e: (e.name,)))

# The references of activities and trainings (what a write may name: see `core.lookups`).
# The host, sending side and organiser are any organisations (the other side of the
# pairing); where the record lies is decided by `ensure_placement` and the scope.
register_reference(Event, "pairing", PAIRING)
register_reference(Event, "host_region", REGION)
register_reference(Event, "sending_org", ANY_ORGANISATION)
register_reference(Activity, "host", ANY_ORGANISATION)
register_reference(Activity, "sending_org", ANY_ORGANISATION)
register_reference(Activity, "pairing", PAIRING)
register_reference(Activity, "event", EVENT)
register_reference(TrainingClass, "organiser", ANY_ORGANISATION)
register_reference(TrainingClass, "pairing", PAIRING)
register_reference(TrainingClass, "trainee_region", REGION)
# A trainee's workplace: any organisation (their person's, or one given).
register_reference(Trainee, "person", PERSON)
register_reference(Trainee, "organisation", ANY_ORGANISATION)
