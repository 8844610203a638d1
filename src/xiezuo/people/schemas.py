import datetime

from ninja import Field, FilterSchema, Schema

from xiezuo.people.models import Gender
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

    @staticmethod
    def resolve_availability(obj):
        return list(obj.availability.all())


class PersonIn(Schema):
    name: str = Field(..., min_length=1, max_length=64)
    gender: Gender = Gender.UNSPECIFIED
    organisation: int
    domain: Domain
    specialty: str | None = Field(None, description="specialty code or name from the vocabulary")
    specialty_text: str = ""
    title: str = ""
    title_level: TitleLevel | None = Field(
        None, description="derived from the title when omitted"
    )
    position: str = ""
    phone: str = ""
    id_number: str = ""
    birth_date: datetime.date | None = None
    availability: list[AvailabilityIn] = []
    note: str = ""


class PersonFilter(FilterSchema):
    q: str | None = Field(
        None, q=["name__icontains", "specialty_text__icontains", "specialty__name__icontains",
                 "organisation__name__icontains"],
    )
    organisation: int | None = Field(None, q="organisation_id")
    region: str | None = Field(None, q="organisation__region__code__startswith")
    domain: Domain | None = None
    specialty: str | None = Field(None, q="specialty__code")
    min_title_level: int | None = Field(None, q="title_level__gte")
