"""API of mentorships, engagements, bases (CRUD) and programmes (read only)."""

from django.shortcuts import get_object_or_404
from ninja import Router

from xiezuo.core.crud import register_crud
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import scoped
from xiezuo.exchange import services
from xiezuo.exchange.models import Base, Engagement, Mentorship, Posting, Programme
from xiezuo.exchange.schemas_support import (
    BaseFilter,
    BaseIn,
    BaseOut,
    EngagementFilter,
    EngagementIn,
    EngagementOut,
    MentorshipFilter,
    MentorshipIn,
    MentorshipOut,
    ProgrammeOut,
)
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON

mentorships_router = Router(tags=["exchange: mentorships"])
engagements_router = Router(tags=["exchange: engagements"])
bases_router = Router(tags=["exchange: bases"])
programmes_router = Router(tags=["exchange: programmes"])


def _people(actor, refs, field):
    return [resolve(PERSON, actor, ref, field=f"{field}[{i}]") for i, ref in enumerate(refs)]


def mentorship_fields(data: dict, actor) -> dict:
    if "mentor" in data:
        data["mentor"] = resolve(PERSON, actor, data["mentor"], field="mentor")
    if data.get("apprentices") is not None:
        data["apprentices"] = _people(actor, data["apprentices"], "apprentices")
    if "host" in data:
        data["host"] = resolve(ANY_ORGANISATION, actor, data["host"], field="host")
    if "posting" in data:
        data["posting"] = resolve(Posting, actor, data["posting"], field="posting")
    return data


register_crud(
    mentorships_router,
    model=Mentorship,
    out_schema=MentorshipOut,
    in_schema=MentorshipIn,
    filter_schema=MentorshipFilter,
    to_fields=mentorship_fields,
    select_related=("mentor", "host"),
    prefetch_related=("apprentices", "notes"),
    create=services.create_mentorship,
    update=services.update_mentorship,
    delete=services.delete_mentorship,
)


def engagement_fields(data: dict, actor) -> dict:
    if "person" in data:
        data["person"] = resolve(PERSON, actor, data["person"], field="person")
    if "organisation" in data:
        data["organisation"] = resolve(ANY_ORGANISATION, actor, data["organisation"], field="organisation")
    return data


register_crud(
    engagements_router,
    model=Engagement,
    out_schema=EngagementOut,
    in_schema=EngagementIn,
    filter_schema=EngagementFilter,
    to_fields=engagement_fields,
    select_related=("person", "organisation"),
    prefetch_related=("sessions",),
    create=services.create_engagement,
    update=services.update_engagement,
    delete=services.delete_engagement,
)


def base_fields(data: dict, actor) -> dict:
    if "host" in data:
        data["host"] = resolve(ANY_ORGANISATION, actor, data["host"], field="host")
    if "partner" in data:
        data["partner"] = resolve(ANY_ORGANISATION, actor, data["partner"], field="partner")
    if data.get("experts") is not None:
        data["experts"] = _people(actor, data["experts"], "experts")
    return data


register_crud(
    bases_router,
    model=Base,
    out_schema=BaseOut,
    in_schema=BaseIn,
    filter_schema=BaseFilter,
    to_fields=base_fields,
    select_related=("host", "partner"),
    prefetch_related=("experts", "service_teams"),
    create=services.create_base,
    update=services.update_base,
    delete=services.delete_base,
)


@programmes_router.get("/", response=list[ProgrammeOut], operation_id="programme_list")
def list_programmes(request):
    return list(scoped(Programme, request.user).prefetch_related("rules"))


@programmes_router.get("/{int:pk}", response=ProgrammeOut, operation_id="programme_read")
def read_programme(request, pk: int):
    return get_object_or_404(scoped(Programme, request.user), pk=pk)
