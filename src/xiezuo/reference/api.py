from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from xiezuo.core.crud import Page
from xiezuo.core.scoping import scoped
from xiezuo.reference.models import Domain, Specialty

router = Router(tags=["reference"])


class SpecialtyOut(Schema):
    id: int
    code: str
    domain: Domain
    name: str
    parent: str | None = Field(None, alias="parent.code")
    aliases: list[str]


class SpecialtyFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(q=["name__icontains", "code__startswith"])] = None
    domain: Domain | None = None


@router.get("/specialties", response=list[SpecialtyOut], operation_id="specialty_list")
@paginate(Page)
def list_specialties(request, filters: SpecialtyFilter = Query(...)):  # noqa: B008
    return filters.filter(scoped(Specialty, request.user).select_related("parent"))


@router.get("/specialties/{code}", response=SpecialtyOut, operation_id="specialty_read")
def read_specialty(request, code: str):
    return get_object_or_404(scoped(Specialty, request.user).select_related("parent"), code=code)
