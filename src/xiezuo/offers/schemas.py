"""API schemas of offers and of the places to name (no __future__: ninja reads them)."""

import datetime
from typing import Annotated, Any

from ninja import Field, FilterLookup, FilterSchema, Schema

from xiezuo.offers.choices import OfferStatus, PlacementState
from xiezuo.offers.transitions import allowed_actions
from xiezuo.reference.models import Domain, Mode, TitleLevel

Ref = int | str  # a primary key, or a name


class OfferOut(Schema):
    id: int
    version: int
    organisation: int | None = Field(None, alias="organisation_id")
    region: str = Field(..., alias="region.code")
    offerer_name: str
    domain: Domain
    specialty: str | None = None
    specialty_text: str
    specialty_label: str
    count: int
    matched: int
    min_title_level: TitleLevel
    start: datetime.date
    end: datetime.date
    modes: list[Mode]
    note: str
    status: OfferStatus
    allowed_actions: list[str]

    @staticmethod
    def resolve_specialty(obj: Any) -> str | None:
        return obj.specialty.code if obj.specialty_id else None

    @staticmethod
    def resolve_allowed_actions(obj: Any) -> list[str]:
        return allowed_actions(obj.status)


class OfferIn(Schema):
    organisation: Ref | None = Field(None, description="the offering organisation (id or name)")
    region: Ref | None = Field(None, description="the offering city (code or name), for an "
                                                 "offer without an organisation")
    domain: Domain
    specialty: str | None = Field(None, max_length=40, description="specialty code")
    specialty_text: str = Field("", max_length=128)
    count: int = Field(1, ge=1, le=10_000)
    min_title_level: TitleLevel = TitleLevel.INTERMEDIATE
    start: datetime.date
    end: datetime.date
    modes: list[Mode] = Field(..., min_length=1, max_length=len(Mode.choices))
    note: str = ""


class OfferFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["specialty_text__icontains", "specialty__name__icontains",
                                             "organisation__name__icontains",
                                             "region__name__icontains", "note__icontains"])] = None
    organisation: Annotated[int | None, FilterLookup(q="organisation_id")] = None
    region: Annotated[str | None, FilterLookup(q="region__code__startswith")] = None
    domain: Domain | None = None
    status: OfferStatus | None = None


class OfferTransitionIn(Schema):
    action: str = Field(..., description="publish or close", max_length=20)


class PlacementOut(Schema):
    id: int
    version: int
    offer: int = Field(..., alias="offer_id")
    offer_label: str = Field(..., alias="offer.full_label")
    need: int = Field(..., alias="need_id")
    need_label: str
    round: int | None = Field(None, alias="round_id")
    planned_start: datetime.date
    planned_end: datetime.date
    state: PlacementState
    person: int | None = Field(None, alias="person_id")
    person_name: str | None = None
    posting: int | None = Field(None, alias="posting_id")
    named_at: datetime.datetime | None = None

    @staticmethod
    def resolve_need_label(obj: Any) -> str:
        return f"{obj.need.organisation.name} · {obj.need.specialty_label}"

    @staticmethod
    def resolve_person_name(obj: Any) -> str | None:
        return obj.person.name if obj.person_id else None


class PlacementFilter(FilterSchema):
    state: PlacementState | None = None
    offer: Annotated[int | None, FilterLookup(q="offer_id")] = None
    need: Annotated[int | None, FilterLookup(q="need_id")] = None


class NameIn(Schema):
    person: int = Field(..., description="the person named (id), of the offering organisation")
