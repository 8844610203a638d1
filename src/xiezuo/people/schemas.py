import datetime
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from xiezuo.people.models import Gender
from xiezuo.people.privacy import PERSONAL_CACHE, Channel, personal_data
from xiezuo.reference.models import Domain, Mode, TitleLevel


class AvailabilityOut(Schema):
    start: datetime.date
    end: datetime.date
    modes: list[Mode]


class AvailabilityIn(Schema):
    start: datetime.date
    end: datetime.date
    modes: list[Mode] = Field(..., min_length=1)


class PersonOut(Schema):
    id: int
    name: str
    gender: Gender
    organisation: int = Field(..., alias="organisation_id")
    organisation_name: str = Field(..., alias="organisation.name")
    domain: Domain
    specialty: str | None = Field(None, alias="specialty.code")
    specialty_name: str | None = Field(None, alias="specialty.name")
    specialty_text: str
    title: str
    title_level: TitleLevel | None
    position: str
    phone: str
    id_number: str
    birth_date: datetime.date | None
    availability: list[AvailabilityOut]
    note: str
    version: int
    personal_data_masked: bool

    @staticmethod
    def resolve_availability(obj):
        return list(obj.availability.all())

    # Personal data is masked unless the caller's role may see it; unmasked reads are logged.
    @staticmethod
    def _personal(obj, context) -> dict:
        cache = obj.__dict__.setdefault(PERSONAL_CACHE, {})  # or decided for a page: decide_page
        if "data" not in cache:
            cache["data"] = personal_data(context["request"].user, obj, channel=Channel.API)
        return cache["data"]

    @staticmethod
    def resolve_phone(obj, context):
        return PersonOut._personal(obj, context)["phone"]

    @staticmethod
    def resolve_id_number(obj, context):
        return PersonOut._personal(obj, context)["id_number"]

    @staticmethod
    def resolve_birth_date(obj, context):
        return PersonOut._personal(obj, context)["birth_date"]

    @staticmethod
    def resolve_personal_data_masked(obj, context):
        return PersonOut._personal(obj, context)["masked"]


class PersonIn(Schema):
    name: str = Field(..., min_length=1, max_length=64)
    gender: Gender = Gender.UNSPECIFIED
    organisation: int
    domain: Domain
    specialty: str | None = Field(None, description="specialty code or name from the vocabulary")
    specialty_text: str = ""
    title: str = ""
    title_level: TitleLevel | None = Field(None, description="derived from the title when omitted")
    position: str = ""
    phone: str = ""
    id_number: str = ""
    birth_date: datetime.date | None = None
    availability: list[AvailabilityIn] = []
    note: str = ""


class PersonFilter(FilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(
            q=[
                "name__icontains",
                "specialty_text__icontains",
                "specialty__name__icontains",
                "organisation__name__icontains",
            ]
        ),
    ] = None
    organisation: Annotated[int | None, FilterLookup(q="organisation_id")] = None
    region: Annotated[str | None, FilterLookup(q="organisation__region__code__startswith")] = None
    domain: Domain | None = None
    specialty: Annotated[str | None, FilterLookup(q="specialty__code")] = None
    min_title_level: Annotated[int | None, FilterLookup(q="title_level__gte")] = None
