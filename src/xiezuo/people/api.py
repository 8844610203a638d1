from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from xiezuo.core.crud import register_crud
from xiezuo.core.errors import DomainError
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import scoped
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.people import services
from xiezuo.people.models import Person
from xiezuo.people.privacy import Channel, decide_page, erase_person, export_person_data
from xiezuo.people.schemas import PersonFilter, PersonIn, PersonOut

router = Router(tags=["people"])


def person_fields(data: dict, actor) -> dict:
    if "organisation" in data:
        data["organisation"] = resolve(ORGANISATION, actor, data["organisation"],
                                       field="organisation")
    for blankable in ("specialty",):
        if blankable in data and data[blankable] in ("", None):
            data[blankable] = None
    return data


@router.get("/{int:pk}/personal-data", operation_id="person_personal_data_export")
def export_personal_data(request, pk: int):
    """Everything stored about a person (subject-access request); the access is logged."""
    person = get_object_or_404(scoped(Person, request.user), pk=pk)
    try:
        return export_person_data(actor=request.user, person=person)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc


@router.post("/{int:pk}/erase", response={204: None}, operation_id="person_erase")
def erase(request, pk: int):
    """Erase a person's identifying data, keeping anonymised statistics (administrators)."""
    person = get_object_or_404(scoped(Person, request.user), pk=pk)
    try:
        erase_person(actor=request.user, person=person)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    return Status(204, None)


register_crud(
    router,
    model=Person,
    out_schema=PersonOut,
    in_schema=PersonIn,
    filter_schema=PersonFilter,
    to_fields=person_fields,
    select_related=("organisation", "specialty"),
    prefetch_related=("availability",),
    prepare_page=lambda people, actor: decide_page(actor, people, channel=Channel.API),
    create=services.create_person,
    update=services.update_person,
    delete=services.delete_person,
)
