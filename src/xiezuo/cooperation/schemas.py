"""API schemas of the cooperation records (no __future__: ninja reads the annotations)."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import Q
from ninja import Field, FilterLookup, FilterSchema, Schema

from xiezuo.cooperation.models import (
    AgreementKind,
    JobFairKind,
    ProjectCategory,
    ProjectStatus,
)
from xiezuo.reference.models import Measure
from xiezuo.regions.lookups import pairing_label

Ref = int | str  # a primary key, or a name (“烟台市—巫山县” for a pairing)
Year = Annotated[int, Field(ge=2000, le=2100)]
Money = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
Count = Annotated[int, Field(ge=0, le=2_000_000_000)]


class PairingNamed(Schema):
    pairing: int = Field(..., alias="pairing_id")
    pairing_name: str

    @staticmethod
    def resolve_pairing_name(obj):
        return pairing_label(obj.pairing)


class RegionFilter(FilterSchema):
    pairing: Annotated[int | None, FilterLookup(q="pairing_id")] = None
    region: str | None = Field(None, max_length=6, description="division code of either side")

    def filter_region(self, value):
        if not value:
            return Q()
        return Q(pairing__east_region__code__startswith=value) | Q(pairing__west_region__code__startswith=value)


# --- agreements ------------------------------------------------------------------------


class TargetOut(Schema):
    id: int
    year: int
    measure: Measure
    target: Decimal


class TargetIn(Schema):
    year: Year
    measure: Measure
    target: Money


class AgreementOut(PairingNamed):
    id: int
    version: int
    title: str
    kind: AgreementKind
    east_party: int | None = Field(None, alias="east_party_id")
    east_party_name: str | None = None
    west_party: int | None = Field(None, alias="west_party_id")
    west_party_name: str | None = None
    signed_on: datetime.date | None
    start: datetime.date
    end: datetime.date
    reference: str
    note: str
    targets: list[TargetOut]

    @staticmethod
    def resolve_east_party_name(obj):
        return obj.east_party.name if obj.east_party_id else None

    @staticmethod
    def resolve_west_party_name(obj):
        return obj.west_party.name if obj.west_party_id else None

    @staticmethod
    def resolve_targets(obj):
        return list(obj.targets.all())


class AgreementIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: AgreementKind
    pairing: Ref = Field(..., description="pairing id, or “东部—西部”")
    east_party: Ref | None = Field(None, description="organisation id or name")
    west_party: Ref | None = Field(None, description="organisation id or name")
    signed_on: datetime.date | None = None
    start: datetime.date
    end: datetime.date
    reference: str = Field("", max_length=64)
    note: str = Field("", max_length=10_000)
    targets: list[TargetIn] = Field([], max_length=500, description="replaces all targets when given")


class AgreementFilter(RegionFilter):
    q: Annotated[str | None, FilterLookup(q=["title__icontains", "reference__icontains",
                                             "note__icontains"])] = None
    kind: AgreementKind | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="agreements in force in this year")

    def filter_year(self, value):
        return Q(start__year__lte=value, end__year__gte=value) if value else Q()


# --- projects --------------------------------------------------------------------------


class ProjectOut(PairingNamed):
    id: int
    version: int
    name: str
    category: ProjectCategory
    organisation: int | None = Field(None, alias="organisation_id")
    organisation_name: str | None = None
    year: int
    funds: Decimal
    status: ProjectStatus
    start: datetime.date | None
    end: datetime.date | None
    note: str

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name if obj.organisation_id else None


class ProjectIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    category: ProjectCategory
    pairing: Ref
    organisation: Ref | None = None
    year: Year
    funds: Money = Decimal(0)
    status: ProjectStatus = ProjectStatus.PLANNED
    start: datetime.date | None = None
    end: datetime.date | None = None
    note: str = Field("", max_length=10_000)


class ProjectFilter(RegionFilter):
    q: Annotated[str | None, FilterLookup(q=["name__icontains", "organisation__name__icontains",
                                             "note__icontains"])] = None
    year: int | None = Field(None, ge=2000, le=2100)
    category: ProjectCategory | None = None
    status: ProjectStatus | None = None
    organisation: Annotated[int | None, FilterLookup(q="organisation_id")] = None


# --- labour cooperation ----------------------------------------------------------------


class LabourOut(PairingNamed):
    id: int
    version: int
    title: str
    kind: JobFairKind
    date: datetime.date
    positions_offered: int
    people_hired: int
    employed_locally: int
    employed_in_east: int
    note: str


class LabourIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: JobFairKind
    pairing: Ref
    date: datetime.date
    positions_offered: Count = 0
    people_hired: Count = 0
    employed_locally: Count = 0
    employed_in_east: Count = 0
    note: str = Field("", max_length=10_000)


class LabourFilter(RegionFilter):
    q: Annotated[str | None, FilterLookup(q=["title__icontains", "note__icontains"])] = None
    kind: JobFairKind | None = None
    year: Annotated[int | None, FilterLookup(q="date__year")] = Field(None, ge=2000, le=2100)


# --- consumption assistance ------------------------------------------------------------


class ConsumptionOut(PairingNamed):
    id: int
    version: int
    title: str
    year: int
    companies_registered: int
    cooperatives_registered: int
    sales: Decimal
    note: str


class ConsumptionIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    pairing: Ref
    year: Year
    companies_registered: Count = 0
    cooperatives_registered: Count = 0
    sales: Money = Decimal(0)
    note: str = Field("", max_length=10_000)


class ConsumptionFilter(RegionFilter):
    q: Annotated[str | None, FilterLookup(q=["title__icontains", "note__icontains"])] = None
    year: int | None = Field(None, ge=2000, le=2100)
