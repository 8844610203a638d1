"""API of offers (CRUD + publish/close) and of the places to name (list, read, name)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from xiezuo.core.crud import Page, register_crud
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import ensure_in_scope, get_for_change, scoped
from xiezuo.core.types import Actor
from xiezuo.offers import services
from xiezuo.offers.models import Offer, Placement
from xiezuo.offers.schemas import (
    NameIn,
    OfferFilter,
    OfferIn,
    OfferOut,
    OfferTransitionIn,
    PlacementFilter,
    PlacementOut,
)
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.reference.lookups import SPECIALTY
from xiezuo.regions.lookups import REGION

offers_router = Router(tags=["offers"])
places_router = Router(tags=["offers: places to name"])

OFFER_RELATED = ("organisation", "region", "specialty")
PLACEMENT_RELATED = ("offer__organisation", "offer__region", "offer__specialty",
                     "need__organisation", "need__specialty", "person")


def offer_fields(data: dict[str, Any], actor: Actor) -> dict[str, Any]:
    if "organisation" in data:
        data["organisation"] = resolve(ORGANISATION, actor, data["organisation"],
                                       field="organisation")
    if "region" in data:
        data["region"] = resolve(REGION, actor, data["region"], field="region")
        if data["region"] is None:
            del data["region"]  # an organisation's offer takes its region from it
    if "specialty" in data:
        data["specialty"] = resolve(SPECIALTY, actor, data["specialty"], field="specialty")
    if "modes" in data and data["modes"] is not None:
        data["modes"] = [str(m.value if hasattr(m, "value") else m) for m in data["modes"]]
    return data


register_crud(offers_router, model=Offer, out_schema=OfferOut, in_schema=OfferIn,
              filter_schema=OfferFilter, to_fields=offer_fields, select_related=OFFER_RELATED,
              create=services.create_offer, update=services.update_offer,
              delete=services.delete_offer)


@offers_router.post("/{int:pk}/transition", response=OfferOut, operation_id="offer_transition")
def transition(request: HttpRequest, pk: int, payload: OfferTransitionIn) -> Offer:
    """Publish a draft offer (it is then matched in rounds) or close an offer."""
    offer = get_for_change(Offer, request.user, pk=pk)
    services.transition_offer(actor=request.user, offer=offer, action=payload.action)
    return scoped(Offer, request.user).select_related(*OFFER_RELATED).get(pk=pk)


def _places(request: HttpRequest) -> QuerySet[Placement]:
    return scoped(Placement, request.user).select_related(*PLACEMENT_RELATED)


@places_router.get("/", response=list[PlacementOut], operation_id="placement_list")
@paginate(Page)
def list_places(request: HttpRequest,
                filters: PlacementFilter = Query(...)) -> QuerySet[Placement]:  # noqa: B008
    """The places approved rounds gave to offers: `state=open` wait for a person's name."""
    return filters.filter(_places(request))


@places_router.get("/{int:pk}", response=PlacementOut, operation_id="placement_read")
def read_place(request: HttpRequest, pk: int) -> Placement:
    return get_object_or_404(_places(request), pk=pk)


@places_router.post("/{int:pk}/name", response=PlacementOut, operation_id="placement_name")
def name_place(request: HttpRequest, pk: int, payload: NameIn) -> Placement:
    """Name the person who takes the place: checked against the need; a refusal (422) says
    what is wrong. Creates the approved posting (`posting`)."""
    placement = get_for_change(Placement, request.user, pk=pk)
    ensure_in_scope(placement.offer, request.user)  # the offering side names (403 otherwise)
    services.name_person(actor=request.user, placement=placement, person=payload.person)
    return _places(request).get(pk=pk)
