from ninja import Router

from xiezuo.core.crud import register_crud
from xiezuo.core.lookups import resolve
from xiezuo.orgs import services
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.orgs.models import Organisation
from xiezuo.orgs.schemas import OrganisationFilter, OrganisationIn, OrganisationOut
from xiezuo.regions.lookups import REGION

router = Router(tags=["organisations"])


def organisation_fields(data: dict, actor) -> dict:
    if "region" in data:
        data["region"] = resolve(REGION, actor, data["region"], field="region")
    if "parent" in data:
        data["parent"] = resolve(ORGANISATION, actor, data["parent"], field="parent")
    for blankable in ("hospital_grade", "school_stage"):
        if blankable in data and data[blankable] is None:
            data[blankable] = ""
    return data


register_crud(
    router,
    model=Organisation,
    out_schema=OrganisationOut,
    in_schema=OrganisationIn,
    filter_schema=OrganisationFilter,
    to_fields=organisation_fields,
    select_related=("region",),
    create=services.create_organisation,
    update=services.update_organisation,
    delete=services.delete_organisation,
)
