from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from xiezuo.orgs.models import HospitalGrade, OrgKind
from xiezuo.reference.models import SchoolStage


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrgKind
    region: str = Field(..., alias="region.code")
    region_name: str = Field(..., alias="region.full_name")
    parent: int | None = Field(None, alias="parent_id")
    hospital_grade: HospitalGrade | None = None
    school_stage: SchoolStage | None = None
    note: str
    version: int

    @staticmethod
    def resolve_hospital_grade(obj):
        return obj.hospital_grade or None

    @staticmethod
    def resolve_school_stage(obj):
        return obj.school_stage or None


class OrganisationIn(Schema):
    name: str = Field(..., min_length=1, max_length=128)
    kind: OrgKind
    region: str = Field(..., description="six-digit division code")
    parent: int | None = None
    hospital_grade: HospitalGrade | None = None
    school_stage: SchoolStage | None = None
    note: str = ""


class OrganisationFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["name__icontains"])] = None
    kind: OrgKind | None = None
    region: Annotated[str | None, FilterLookup(q="region__code__startswith")] = None
    parent: Annotated[int | None, FilterLookup(q="parent_id")] = None
