from ninja import Router

from xiezuo.core.crud import register_crud
from xiezuo.core.lookups import resolve
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.regions import services
from xiezuo.regions.lookups import PAIRING, REGION
from xiezuo.regions.models import Pairing, Region
from xiezuo.regions.schemas import (
    PairingFilter,
    PairingIn,
    PairingOut,
    RegionFilter,
    RegionIn,
    RegionOut,
)

regions_router = Router(tags=["regions"])
pairings_router = Router(tags=["pairings"])


def region_fields(data: dict, actor) -> dict:
    if "parent" in data:
        data["parent"] = resolve(REGION, actor, data["parent"], field="parent")
    return data


def pairing_fields(data: dict, actor) -> dict:
    for field in ("east_region", "west_region"):
        if field in data:
            data[field] = resolve(REGION, actor, data[field], field=field)
    # A pairing names the other side's institution, which the actor does not administer.
    for field in ("east_org", "west_org"):
        if field in data:
            data[field] = resolve(ANY_ORGANISATION, actor, data[field], field=field)
    if "parent" in data:
        data["parent"] = resolve(PAIRING, actor, data["parent"], field="parent")
    return data


register_crud(
    regions_router,
    model=Region,
    out_schema=RegionOut,
    in_schema=RegionIn,
    filter_schema=RegionFilter,
    to_fields=region_fields,
    select_related=("parent",),
    create=services.create_region,
    update=services.update_region,
    delete=services.delete_region,
)
register_crud(
    pairings_router,
    model=Pairing,
    out_schema=PairingOut,
    in_schema=PairingIn,
    filter_schema=PairingFilter,
    to_fields=pairing_fields,
    select_related=("east_region", "west_region"),
    create=services.create_pairing,
    update=services.update_pairing,
    delete=services.delete_pairing,
)
