from ninja import Router

from xiezuo.core.crud import register_crud
from xiezuo.core.services import resolve_ref
from xiezuo.orgs.models import Organisation
from xiezuo.regions import services
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
        data["parent"] = resolve_ref(
            Region, actor, data["parent"], field="parent", lookup="code", public=True
        )
    return data


def pairing_fields(data: dict, actor) -> dict:
    for field in ("east_region", "west_region"):
        if field in data:
            data[field] = resolve_ref(
                Region, actor, data[field], field=field, lookup="code", public=True
            )
    # A pairing names the other side's institution, which the actor does not administer.
    for field in ("east_org", "west_org"):
        if field in data:
            data[field] = resolve_ref(Organisation, actor, data[field], field=field, public=True)
    if "parent" in data:
        data["parent"] = resolve_ref(Pairing, actor, data["parent"], field="parent")
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
