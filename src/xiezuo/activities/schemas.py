"""API schemas of events, activities (metrics nested), training classes and trainees.

No `from __future__ import annotations`: django-ninja reads the annotations.
"""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from xiezuo.activities.models import ActivityKind, TrainingCategory, TrainingClass, TrainingMode
from xiezuo.activities.selectors import COUNTS_KEY, training_counts
from xiezuo.reference.models import Domain, Indicator

Ref = int | str  # a primary key, or a name (“name / region” when several share it)
Id = Annotated[int, Field(ge=1, le=2**62)]


# --- events ---------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    version: int
    name: str
    pairing: int | None = Field(None, alias="pairing_id")
    host_region: str = Field(..., alias="host_region.code")
    host_region_name: str = Field(..., alias="host_region.full_name")
    sending_org: int | None = Field(None, alias="sending_org_id")
    sending_org_name: str | None = None
    start: datetime.date
    end: datetime.date
    place: str
    description: str

    @staticmethod
    def resolve_sending_org_name(obj):
        return obj.sending_org.name if obj.sending_org_id else None


class EventIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    pairing: Id | None = None
    host_region: str = Field(..., min_length=2, max_length=6, description="division code")
    sending_org: Ref | None = None
    start: datetime.date
    end: datetime.date
    place: str = Field("", max_length=200)
    description: str = Field("", max_length=20_000)


class EventFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["name__icontains", "place__icontains",
                                             "description__icontains"])] = None
    pairing: Annotated[int | None, FilterLookup(q="pairing_id")] = None
    host_region: Annotated[str | None, FilterLookup(q="host_region__code__startswith")] = None
    start_from: Annotated[datetime.date | None, FilterLookup(q="end__gte")] = None
    start_until: Annotated[datetime.date | None, FilterLookup(q="start__lte")] = None


class TotalOut(Schema):
    indicator: Indicator
    label: str
    total: Decimal


class EventFigureOut(Schema):
    indicator: Indicator
    subject: str
    unit: str
    total: Decimal


class EventTotalsOut(Schema):
    event: int
    totals: list[TotalOut]
    figures: list[EventFigureOut]


# --- activities -----------------------------------------------------------------------


class MetricIn(Schema):
    indicator: Indicator
    subject: str = Field("", max_length=64, description="what is counted, e.g. 问题, 建议")
    value: Decimal = Field(..., ge=0, max_digits=16, decimal_places=2, allow_inf_nan=False)
    unit: str = Field("", max_length=16)


class MetricOut(Schema):
    indicator: Indicator
    subject: str
    value: Decimal
    unit: str


class ActivityOut(Schema):
    id: int
    version: int
    kind: ActivityKind
    title: str
    date: datetime.date
    domain: Domain
    host: int = Field(..., alias="host_id")
    host_name: str = Field(..., alias="host.name")
    sending_org: int | None = Field(None, alias="sending_org_id")
    sending_org_name: str | None = None
    pairing: int | None = Field(None, alias="pairing_id")
    event: int | None = Field(None, alias="event_id")
    place: str
    people: list[int]
    description: str
    metrics: list[MetricOut]

    @staticmethod
    def resolve_sending_org_name(obj):
        return obj.sending_org.name if obj.sending_org_id else None

    @staticmethod
    def resolve_people(obj):
        return sorted(p.pk for p in obj.people.all())

    @staticmethod
    def resolve_metrics(obj):
        return list(obj.metrics.all())


class ActivityIn(Schema):
    kind: ActivityKind
    title: str = Field(..., min_length=1, max_length=200)
    date: datetime.date
    domain: Domain
    host: Ref
    sending_org: Ref | None = None
    pairing: Id | None = None
    event: Id | None = None
    place: str = Field("", max_length=200)
    people: list[Id] = Field([], max_length=500)
    description: str = Field("", max_length=20_000)
    metrics: list[MetricIn] = Field([], max_length=200)


class ActivityFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["title__icontains", "place__icontains",
                                             "host__name__icontains", "description__icontains"])] = None
    kind: ActivityKind | None = None
    domain: Domain | None = None
    host: Annotated[int | None, FilterLookup(q="host_id")] = None
    pairing: Annotated[int | None, FilterLookup(q="pairing_id")] = None
    event: Annotated[int | None, FilterLookup(q="event_id")] = None
    date_from: Annotated[datetime.date | None, FilterLookup(q="date__gte")] = None
    date_until: Annotated[datetime.date | None, FilterLookup(q="date__lte")] = None


# --- training classes and trainees ----------------------------------------------------


class TrainingCountsOut(Schema):
    distinct_people: int = Field(..., description="distinct trainees who attended at least once")
    person_times: int = Field(..., description="enrolments with at least one session attended")
    completed: int = Field(..., description="enrolments completed (结业)")
    enrolments: int


class TrainingClassOut(Schema):
    id: int
    version: int
    name: str
    category: TrainingCategory
    mode: TrainingMode
    organiser: int = Field(..., alias="organiser_id")
    organiser_name: str = Field(..., alias="organiser.name")
    pairing: int | None = Field(None, alias="pairing_id")
    trainee_region: str | None = None
    place: str
    start: datetime.date
    end: datetime.date
    sessions: int
    description: str
    counts: TrainingCountsOut

    @staticmethod
    def resolve_trainee_region(obj):
        return obj.trainee_region.code if obj.trainee_region_id else None

    @staticmethod
    def resolve_counts(obj):
        counted = obj.__dict__.get(COUNTS_KEY)  # annotate_counts, for a page of the list
        return counted if counted is not None else training_counts(
            TrainingClass.objects.filter(pk=obj.pk))


class TrainingClassIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    category: TrainingCategory
    mode: TrainingMode = TrainingMode.ON_SITE
    organiser: Ref
    pairing: Id | None = None
    trainee_region: str | None = Field(None, max_length=6, description="division code")
    place: str = Field("", max_length=200)
    start: datetime.date
    end: datetime.date
    sessions: int = Field(1, ge=1, le=100_000)
    description: str = Field("", max_length=20_000)


class TrainingClassFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["name__icontains", "place__icontains",
                                             "organiser__name__icontains"])] = None
    category: TrainingCategory | None = None
    mode: TrainingMode | None = None
    organiser: Annotated[int | None, FilterLookup(q="organiser_id")] = None
    pairing: Annotated[int | None, FilterLookup(q="pairing_id")] = None
    year: Annotated[int | None, FilterLookup(q="start__year")] = Field(None, ge=1900, le=2200)


class TraineeOut(Schema):
    id: int
    version: int
    training_class: int = Field(..., alias="training_class_id")
    training_class_name: str = Field(..., alias="training_class.name")
    person: int | None = Field(None, alias="person_id")
    name: str
    organisation: int | None = Field(None, alias="organisation_id")
    organisation_name: str
    sessions_attended: int
    completed: bool
    note: str


class TraineeIn(Schema):
    training_class: Id
    person: Ref | None = Field(None, description="registry person: id or “name / organisation”")
    name: str = Field("", max_length=64, description="blank: the person's name")
    organisation: Ref | None = None
    organisation_name: str = Field("", max_length=128, description="blank: the organisation's name")
    sessions_attended: int = Field(0, ge=0, le=100_000)
    completed: bool = False
    note: str = Field("", max_length=200)


class TraineeFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["name__icontains", "organisation_name__icontains"])] = None
    training_class: Annotated[int | None, FilterLookup(q="training_class_id")] = None
    person: Annotated[int | None, FilterLookup(q="person_id")] = None
    completed: bool | None = None
