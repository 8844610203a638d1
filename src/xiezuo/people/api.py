from ninja import Router

from xiezuo.core.crud import register_crud
from xiezuo.core.services import resolve_ref
from xiezuo.orgs.models import Organisation
from xiezuo.people import services
from xiezuo.people.models import Person
from xiezuo.people.schemas import PersonFilter, PersonIn, PersonOut

router = Router(tags=["people"])


def person_fields(data: dict, actor) -> dict:
    if "organisation" in data:
        data["organisation"] = resolve_ref(
            Organisation, actor, data["organisation"], field="organisation"
        )
    for blankable in ("specialty",):
        if blankable in data and data[blankable] in ("", None):
            data[blankable] = None
    return data


register_crud(
    router,
    model=Person,
    out_schema=PersonOut,
    in_schema=PersonIn,
    filter_schema=PersonFilter,
    to_fields=person_fields,
    select_related=("organisation", "specialty"),
    create=services.create_person,
    update=services.update_person,
    delete=services.delete_person,
)
