"""API schemas of needs, team needs and matching rounds (no __future__: ninja reads them)."""

import datetime
from typing import Annotated, Any

from ninja import Field, FilterLookup, FilterSchema, Schema

from xiezuo.needs.choices import NeedStatus, NeedStep, RoundStatus, SameSource, Side, Verdict
from xiezuo.needs.liveness import stall_message
from xiezuo.needs.result import RoundResult, read_pairs, write_pairs
from xiezuo.needs.transitions import allowed_actions
from xiezuo.reference.models import Domain, Mode, TitleLevel

Ref = int | str  # a primary key, or a name


class NeedDecisionOut(Schema):
    step: NeedStep
    level: int | None
    by: str | None = None
    at: datetime.datetime
    comment: str
    current: bool

    @staticmethod
    def resolve_by(obj):
        return obj.by.username if obj.by_id else None


class NeedOut(Schema):
    id: int
    version: int
    organisation: int = Field(..., alias="organisation_id")
    organisation_name: str = Field(..., alias="organisation.name")
    team: int | None = Field(None, alias="team_id")
    role: str
    domain: Domain
    specialty: str | None = None
    specialty_text: str
    slots: int
    filled: int
    min_title_level: TitleLevel
    requires_management: bool
    mode: Mode
    start: datetime.date
    end: datetime.date
    min_days: int
    priority: int
    problem: str
    status: NeedStatus
    closed_reason: str
    allowed_actions: list[str]
    decisions: list[NeedDecisionOut] = Field(default_factory=list, description=(
        "the approval record: submitted / approved (level) / returned / published"))

    @staticmethod
    def resolve_specialty(obj):
        return obj.specialty.code if obj.specialty_id else None

    @staticmethod
    def resolve_allowed_actions(obj):
        return allowed_actions(obj.status)

    @staticmethod
    def resolve_decisions(obj):
        return sorted(obj.decisions.all(), key=lambda d: (d.at, d.pk))  # prefetched by the API


class NeedIn(Schema):
    organisation: Ref
    team: int | None = None
    role: str = Field("", max_length=64)
    domain: Domain
    specialty: str | None = Field(None, max_length=40, description="specialty code")
    specialty_text: str = Field("", max_length=128)
    slots: int = Field(1, ge=1, le=10_000)
    min_title_level: TitleLevel = TitleLevel.INTERMEDIATE
    requires_management: bool = False
    mode: Mode = Mode.LONG_POSTING
    start: datetime.date
    end: datetime.date
    min_days: int = Field(0, ge=0, le=100_000)
    priority: int = Field(3, ge=1, le=5)
    problem: str = ""


class NeedFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["specialty_text__icontains", "specialty__name__icontains",
                                             "organisation__name__icontains", "problem__icontains"])] = None
    organisation: Annotated[int | None, FilterLookup(q="organisation_id")] = None
    region: Annotated[str | None, FilterLookup(q="organisation__region__code__startswith")] = None
    domain: Domain | None = None
    status: NeedStatus | None = None
    team: Annotated[int | None, FilterLookup(q="team_id")] = None


class TransitionIn(Schema):
    reason: str = Field("", max_length=2000, description="required to reject or close as unfillable")
    comment: str = Field("", max_length=2000, description="an approver's or submitter's comment")




class TeamNeedOut(Schema):
    id: int
    version: int
    name: str
    organisation: int = Field(..., alias="organisation_id")
    organisation_name: str = Field(..., alias="organisation.name")
    domain: Domain
    start: datetime.date
    end: datetime.date
    min_days: int
    same_source: SameSource
    problem: str
    status: NeedStatus
    roles: list[int]

    @staticmethod
    def resolve_roles(obj):
        return sorted(role.pk for role in obj.roles.all())  # prefetched by the API


class TeamNeedIn(Schema):
    name: str = Field(..., min_length=1, max_length=128)
    organisation: Ref
    domain: Domain
    start: datetime.date
    end: datetime.date
    min_days: int = Field(365, ge=0, le=100_000)
    same_source: SameSource = SameSource.NONE
    problem: str = ""


class TeamNeedFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["name__icontains", "organisation__name__icontains"])] = None
    organisation: Annotated[int | None, FilterLookup(q="organisation_id")] = None
    domain: Domain | None = None


class WeightsIn(Schema):
    specialty: float = Field(35.0, ge=0, le=1000, allow_inf_nan=False)
    title: float = Field(10.0, ge=0, le=1000, allow_inf_nan=False)
    pairing: float = Field(20.0, ge=0, le=1000, allow_inf_nan=False)
    availability: float = Field(10.0, ge=0, le=1000, allow_inf_nan=False)
    continuity: float = Field(5.0, ge=0, le=1000, allow_inf_nan=False)
    fairness: float = Field(5.0, ge=0, le=1000, allow_inf_nan=False)
    priority: float = Field(15.0, ge=0, le=1000, allow_inf_nan=False)


class RoundOut(Schema):
    id: int
    version: int
    name: str
    scope_region: str = Field(..., alias="scope_region.code")
    needs: list[int]
    offers: list[int] = Field(default_factory=list)
    pool_region: str | None = None
    pool_organisation: int | None = Field(None, alias="pool_organisation_id")
    weights: dict[str, float]
    pins: list[list[int]]
    exclusions: list[list[int]]
    status: RoundStatus
    progress: int
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    error: str
    inputs_hash: str
    result: dict[str, Any] | None  # needs/result.py: ids as the strings of primary keys
    stalled: bool = Field(False, description="queued or running, but its run has died")
    east_region: str | None = Field(None, description=(
        "the region holding every proposed person: its coordinators approve the eastern side"))
    decisions: list["RoundDecisionOut"] = Field(default_factory=list, description=(
        "each side's current approval or return (cleared when the round runs again)"))

    @staticmethod
    def resolve_east_region(obj):
        return obj.east_region.code if obj.east_region_id else None

    @staticmethod
    def resolve_decisions(obj):
        return sorted((d for d in obj.decisions.all() if d.current), key=lambda d: (d.at, d.pk))

    @staticmethod
    def resolve_needs(obj):
        return sorted(need.pk for need in obj.needs.all())  # prefetched by the API

    @staticmethod
    def resolve_offers(obj):
        return sorted(offer.pk for offer in obj.offers.all())  # prefetched by the API

    # Pins, exclusions and the result are read and written by their one typed reader.
    @staticmethod
    def resolve_pins(obj):
        return write_pairs(read_pairs(obj.pins))

    @staticmethod
    def resolve_exclusions(obj):
        return write_pairs(read_pairs(obj.exclusions))

    @staticmethod
    def resolve_result(obj):
        result = RoundResult.read(obj.result)
        return None if result is None else result.to_json()

    @staticmethod
    def resolve_stalled(obj):
        return stall_message(obj) is not None

    @staticmethod
    def resolve_pool_region(obj):
        return obj.pool_region.code if obj.pool_region_id else None


class RoundIn(Schema):
    name: str = Field(..., min_length=1, max_length=128)
    needs: list[int] = Field(..., min_length=1, max_length=5000)
    pool_region: str | None = Field(None, max_length=6, description="division code")
    pool_organisation: Ref | None = None
    preset: str | None = Field(None, max_length=32, description=(
        "weight preset: balanced | specialty_first | pairing_first (decides the weights), "
        "or custom (the weights given)"))
    weights: WeightsIn | None = None
    offers: list[int] | None = Field(None, max_length=5000, description=(
        "published offers (供给清单) matched beside the named people; each is a supply of "
        "its open count"))


class RoundFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q="name__icontains")] = None
    status: RoundStatus | None = None


class PairIn(Schema):
    need: int = Field(..., ge=1, le=2**62)
    person: int = Field(..., ge=1, le=2**62)
    on: bool = True


class SwapIn(Schema):
    need: int = Field(..., ge=1, le=2**62)
    person: int = Field(..., ge=1, le=2**62)
    replacement: int = Field(..., ge=1, le=2**62)


class RoundDecisionOut(Schema):
    side: Side
    verdict: Verdict
    by: str | None = None
    at: datetime.datetime
    comment: str

    @staticmethod
    def resolve_by(obj):
        return obj.by.username if obj.by_id else None


RoundOut.model_rebuild()


class RoundDecisionIn(Schema):
    side: Side | None = Field(None, description="the side decided for (default: every side of yours)")
    comment: str = Field("", max_length=2000)
    reason: str = Field("", max_length=2000, description="required to return the proposal")
    version: int | None = Field(None, ge=1, le=2**62, description="the round's version you looked at")


class ApprovedOut(Schema):
    round: int
    postings: list[int] = Field(..., description="created when both sides have approved")
    placements: list[int] = Field(default_factory=list, description=(
        "places given to offers, waiting for the offering side to name the person "
        "(/api/places)"))
    sides: list[Side] = Field(..., description="the sides this call approved")
    waiting: list[Side] = Field(..., description="the sides still to approve")
