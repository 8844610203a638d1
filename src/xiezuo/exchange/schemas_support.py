"""API schemas of mentorships, engagements, bases and programmes."""

import datetime
import decimal
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from xiezuo.exchange.choices import BaseKind, Direction, EngagementRole, PostingKind, Severity

Ref = int | str


class NamedRef(Schema):
    id: int
    name: str


class NoteIO(Schema):
    date: datetime.date
    text: str = Field(..., min_length=1)


class MentorshipOut(Schema):
    id: int
    version: int
    mentor: int = Field(..., alias="mentor_id")
    mentor_name: str = Field(..., alias="mentor.name")
    apprentices: list[NamedRef]
    pairs: int
    host: int = Field(..., alias="host_id")
    host_name: str = Field(..., alias="host.name")
    posting: int | None = Field(None, alias="posting_id")
    start: datetime.date
    end: datetime.date | None
    plan: str
    result: str
    notes: list[NoteIO]

    @staticmethod
    def resolve_apprentices(obj):
        return [{"id": p.pk, "name": p.name} for p in obj.apprentices.all()]

    @staticmethod
    def resolve_pairs(obj):
        return len(obj.apprentices.all())  # prefetched by the API's queryset

    @staticmethod
    def resolve_notes(obj):
        return list(obj.notes.all())


class MentorshipIn(Schema):
    mentor: Ref
    apprentices: list[Ref] = Field(..., min_length=1)
    host: Ref
    posting: int | None = None
    start: datetime.date
    end: datetime.date | None = None
    plan: str = ""
    result: str = ""
    notes: list[NoteIO] = []


class MentorshipFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["mentor__name__icontains", "host__name__icontains"])] = None
    host: Annotated[int | None, FilterLookup(q="host_id")] = None
    mentor: Annotated[int | None, FilterLookup(q="mentor_id")] = None


class SessionIO(Schema):
    date: datetime.date
    topic: str = Field(..., min_length=1, max_length=200)
    hours: decimal.Decimal


class EngagementOut(Schema):
    id: int
    version: int
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    organisation: int = Field(..., alias="organisation_id")
    organisation_name: str = Field(..., alias="organisation.name")
    role: EngagementRole
    start: datetime.date
    end: datetime.date | None
    note: str
    sessions: list[SessionIO]
    total_hours: decimal.Decimal

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.all())

    @staticmethod
    def resolve_total_hours(obj):
        return sum((s.hours for s in obj.sessions.all()), decimal.Decimal(0))


class EngagementIn(Schema):
    person: Ref
    organisation: Ref
    role: EngagementRole
    start: datetime.date
    end: datetime.date | None = None
    note: str = ""
    sessions: list[SessionIO] = []


class EngagementFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["person__name__icontains", "organisation__name__icontains"])] = None
    role: EngagementRole | None = None
    organisation: Annotated[int | None, FilterLookup(q="organisation_id")] = None


class ServiceTeamIO(Schema):
    name: str = Field(..., min_length=1, max_length=128)
    members: int = Field(0, ge=0)


class BaseOut(Schema):
    id: int
    version: int
    name: str
    kind: BaseKind
    host: int = Field(..., alias="host_id")
    host_name: str = Field(..., alias="host.name")
    partner: int | None = Field(None, alias="partner_id")
    start: datetime.date
    end: datetime.date | None
    experts: list[NamedRef]
    service_teams: list[ServiceTeamIO]
    note: str

    @staticmethod
    def resolve_experts(obj):
        return [{"id": p.pk, "name": p.name} for p in obj.experts.all()]

    @staticmethod
    def resolve_service_teams(obj):
        return list(obj.service_teams.all())


class BaseIn(Schema):
    name: str = Field(..., min_length=1, max_length=128)
    kind: BaseKind
    host: Ref
    partner: Ref | None = None
    start: datetime.date
    end: datetime.date | None = None
    experts: list[Ref] = []
    service_teams: list[ServiceTeamIO] = []
    note: str = ""


class BaseFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["name__icontains", "host__name__icontains"])] = None
    kind: BaseKind | None = None
    host: Annotated[int | None, FilterLookup(q="host_id")] = None


class RuleOut(Schema):
    kind: PostingKind | None = None
    direction: Direction | None = None
    team_members_only: bool
    min_days: int
    severity: Severity

    @staticmethod
    def resolve_kind(obj):
        return obj.kind or None

    @staticmethod
    def resolve_direction(obj):
        return obj.direction or None


class ProgrammeOut(Schema):
    id: int
    version: int
    name: str
    is_default: bool
    need_approval_levels: int
    team_min_days: int | None
    team_severity: Severity
    rules: list[RuleOut]

    @staticmethod
    def resolve_rules(obj):
        return list(obj.rules.all())
