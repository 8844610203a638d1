"""API schemas of postings, teams, goals and outcomes (no __future__ import: ninja reads them)."""

import datetime
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from xiezuo.exchange.choices import (
    Direction,
    GoalKind,
    GoalStatus,
    OutcomeKind,
    PostingKind,
    PostingState,
    TeamRole,
)
from xiezuo.exchange.models import Team
from xiezuo.exchange.rules import check_posting, check_team
from xiezuo.exchange.transitions import allowed_actions
from xiezuo.reference.models import Domain

Ref = int | str  # a primary key, or a name (“name / organisation”) / ID number


def _warnings(obj) -> list[str]:
    found = getattr(obj, "warnings", None)
    if found is None:
        found = (check_team(obj) if isinstance(obj, Team) else check_posting(obj)).warnings
    return [w.message for w in found]


class PostingOut(Schema):
    id: int
    version: int
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    person_organisation: str = Field(..., alias="person.organisation.name")
    host: int = Field(..., alias="host_id")
    host_name: str = Field(..., alias="host.name")
    direction: Direction
    kind: PostingKind
    batch: str
    post: str
    department: str
    planned_start: datetime.date
    planned_end: datetime.date
    actual_start: datetime.date | None
    actual_end: datetime.date | None
    pairing: int | None = Field(None, alias="pairing_id")
    need_ref: int | None
    team: int | None = Field(None, alias="team_id")
    team_role: str
    programme: int | None = Field(None, alias="programme_id")
    state: PostingState
    successor: int | None = Field(None, alias="successor_id")
    end_reason: str
    note: str
    allowed_actions: list[str]
    warnings: list[str]

    @staticmethod
    def resolve_allowed_actions(obj):
        return allowed_actions(obj.state)

    @staticmethod
    def resolve_warnings(obj):
        return _warnings(obj)


class PostingIn(Schema):
    person: Ref = Field(..., description="person id, ID number, or “name / organisation”")
    host: Ref = Field(..., description="organisation id or name (“name / region”)")
    direction: Direction = Direction.EAST_TO_WEST
    kind: PostingKind
    batch: str = Field("", max_length=32)
    post: str = Field("", max_length=128)
    department: str = Field("", max_length=64)
    planned_start: datetime.date
    planned_end: datetime.date
    pairing: int | None = None
    need_ref: int | None = Field(None, description="placeholder for the need (issue 3)")
    team: int | None = None
    team_role: TeamRole | None = None
    programme: int | None = None
    successor: int | None = Field(None, description="the planned successor posting")
    note: str = ""


class PostingFilter(FilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(
            q=["person__name__icontains", "host__name__icontains", "post__icontains",
               "batch__icontains", "department__icontains"]
        ),
    ] = None
    state: PostingState | None = None
    direction: Direction | None = None
    kind: PostingKind | None = None
    host: Annotated[int | None, FilterLookup(q="host_id")] = None
    person: Annotated[int | None, FilterLookup(q="person_id")] = None
    team: Annotated[int | None, FilterLookup(q="team_id")] = None
    region: Annotated[str | None, FilterLookup(q="host__region__code__startswith")] = None
    batch: str | None = None


class StartIn(Schema):
    start: datetime.date | None = None


class CompleteIn(Schema):
    end: datetime.date | None = None


class ExtendIn(Schema):
    new_end: datetime.date
    reason: str


class EndEarlyIn(Schema):
    end: datetime.date
    reason: str
    successor: int | None = None


class HandOverIn(Schema):
    successor: int


class PostingEventOut(Schema):
    action: str
    from_state: PostingState
    to_state: PostingState
    by: str | None = Field(None, alias="by.username")
    at: datetime.datetime
    reason: str
    old_end: datetime.date | None
    new_end: datetime.date | None
    successor: int | None = Field(None, alias="successor_id")


class UncoveredOut(Schema):
    host: int
    host_name: str
    last_end: datetime.date
    last_people: list[str]


class AlertsOut(Schema):
    ending_without_successor: list[PostingOut]
    hosts_left_uncovered: list[UncoveredOut]


class MemberOut(Schema):
    posting: int = Field(..., alias="id")
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    role: str = Field(..., alias="team_role")
    state: PostingState


class TeamOut(Schema):
    id: int
    version: int
    name: str
    host: int = Field(..., alias="host_id")
    host_name: str = Field(..., alias="host.name")
    sending_org: int | None = Field(None, alias="sending_org_id")
    domain: Domain
    batch: str
    programme: int | None = Field(None, alias="programme_id")
    planned_start: datetime.date
    planned_end: datetime.date
    need_ref: int | None
    note: str
    members: list[MemberOut]
    warnings: list[str]

    @staticmethod
    def resolve_members(obj):
        return sorted(obj.postings.all(), key=lambda posting: posting.pk)  # prefetched by the API

    @staticmethod
    def resolve_warnings(obj):
        return _warnings(obj)


class TeamIn(Schema):
    name: str = Field(..., min_length=1, max_length=128)
    host: Ref
    sending_org: Ref | None = None
    domain: Domain
    batch: str = Field("", max_length=32)
    programme: int | None = None
    planned_start: datetime.date
    planned_end: datetime.date
    need_ref: int | None = Field(None, description="placeholder for the team need (issue 3)")
    note: str = ""


class TeamFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["name__icontains", "host__name__icontains"])] = None
    host: Annotated[int | None, FilterLookup(q="host_id")] = None
    region: Annotated[str | None, FilterLookup(q="host__region__code__startswith")] = None
    domain: Domain | None = None


class MemberIn(Schema):
    person: Ref
    kind: PostingKind
    role: TeamRole = TeamRole.MEMBER
    post: str = Field("", max_length=128)
    department: str = Field("", max_length=64)
    planned_start: datetime.date | None = None
    planned_end: datetime.date | None = None


class OutcomeOut(Schema):
    id: int
    goal: int = Field(..., alias="goal_id")
    kind: OutcomeKind
    title: str
    description: str
    date: datetime.date | None
    fills_gap: bool


class OutcomeIn(Schema):
    goal: int
    kind: OutcomeKind
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    date: datetime.date | None = None
    fills_gap: bool = False


class GoalOut(Schema):
    id: int
    version: int
    posting: int | None = Field(None, alias="posting_id")
    team: int | None = Field(None, alias="team_id")
    kind: GoalKind
    title: str
    status: GoalStatus
    evidence_text: str
    evidence_file: str | None
    outcomes: list[OutcomeOut]

    @staticmethod
    def resolve_evidence_file(obj):
        return obj.evidence_file.name if obj.evidence_file else None

    @staticmethod
    def resolve_outcomes(obj):
        return list(obj.outcomes.all())


class GoalIn(Schema):
    posting: int | None = None
    team: int | None = None
    kind: GoalKind
    title: str = Field(..., min_length=1, max_length=200)
    status: GoalStatus = GoalStatus.PLANNED
    evidence_text: str = ""


class GoalFilter(FilterSchema):
    posting: Annotated[int | None, FilterLookup(q="posting_id")] = None
    team: Annotated[int | None, FilterLookup(q="team_id")] = None
    status: GoalStatus | None = None
    kind: GoalKind | None = None


class OutcomeFilter(FilterSchema):
    goal: Annotated[int | None, FilterLookup(q="goal_id")] = None
    fills_gap: bool | None = None
