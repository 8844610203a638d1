import datetime
from typing import Annotated

from django.db.models import Q
from ninja import Field, FilterLookup, FilterSchema, Schema

from xiezuo.regions.models import PairingLevel, RegionLevel, Role


class RegionOut(Schema):
    id: int
    code: str
    name: str
    full_name: str
    level: RegionLevel
    kind: str
    role: Role
    parent_code: str | None = Field(None, alias="parent.code")
    short_names: list[str]


class RegionIn(Schema):
    code: str = Field(..., pattern=r"^\d{6}$", description="six-digit division code")
    name: str = Field(..., min_length=1, max_length=64)
    full_name: str = Field("", max_length=128)
    level: RegionLevel
    kind: str = ""
    role: Role = Role.NONE
    parent: str | None = Field(None, description="parent division code")
    short_names: list[str] = []


class RegionFilter(FilterSchema):
    q: Annotated[
        str | None, FilterLookup(q=["name__icontains", "full_name__icontains", "code__startswith"])
    ] = None
    level: RegionLevel | None = None
    role: Role | None = None
    within: Annotated[str | None, FilterLookup(q="code__startswith")] = None


class PairingOut(Schema):
    id: int
    level: PairingLevel
    east_region: str = Field(..., alias="east_region.code")
    east_region_name: str = Field(..., alias="east_region.full_name")
    west_region: str = Field(..., alias="west_region.code")
    west_region_name: str = Field(..., alias="west_region.full_name")
    east_org: int | None = Field(None, alias="east_org_id")
    west_org: int | None = Field(None, alias="west_org_id")
    parent: int | None = Field(None, alias="parent_id")
    start: datetime.date
    end: datetime.date | None
    note: str
    version: int


class PairingIn(Schema):
    level: PairingLevel
    east_region: str = Field(..., description="division code of the eastern party")
    west_region: str = Field(..., description="division code of the western party")
    east_org: int | None = None
    west_org: int | None = None
    parent: int | None = None
    start: datetime.date
    end: datetime.date | None = None
    note: str = ""


class PairingFilter(FilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(
            q=[
                "east_region__name__icontains",
                "west_region__name__icontains",
                "east_org__name__icontains",
                "west_org__name__icontains",
            ]
        ),
    ] = None
    level: PairingLevel | None = None
    east_region: Annotated[str | None, FilterLookup(q="east_region__code__startswith")] = None
    west_region: Annotated[str | None, FilterLookup(q="west_region__code__startswith")] = None
    active_on: datetime.date | None = None

    def filter_active_on(self, value: datetime.date | None) -> Q:
        if value is None:
            return Q()
        return Q(start__lte=value) & (Q(end__isnull=True) | Q(end__gte=value))
