"""JSON API of the cooperation app: (prefix, router) pairs registered by xiezuo.config.api."""

from ninja import Router

from xiezuo.cooperation import services
from xiezuo.cooperation.models import Agreement, ConsumptionAssistance, LabourCooperation, Project
from xiezuo.cooperation.schemas import (
    AgreementFilter,
    AgreementIn,
    AgreementOut,
    ConsumptionFilter,
    ConsumptionIn,
    ConsumptionOut,
    LabourFilter,
    LabourIn,
    LabourOut,
    ProjectFilter,
    ProjectIn,
    ProjectOut,
)
from xiezuo.core.crud import register_crud
from xiezuo.core.lookups import resolve
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.regions.lookups import PAIRING

agreements_router = Router(tags=["cooperation: agreements"])
projects_router = Router(tags=["cooperation: projects"])
labour_router = Router(tags=["cooperation: labour"])
consumption_router = Router(tags=["cooperation: consumption assistance"])

PAIRING_RELATED = ("pairing__east_region", "pairing__west_region", "pairing__east_org",
                   "pairing__west_org")


def _references(data: dict, actor, orgs: tuple[str, ...] = ()) -> dict:
    if "pairing" in data:
        data["pairing"] = resolve(PAIRING, actor, data["pairing"], field="pairing")
    for name in orgs:
        if name in data:
            data[name] = resolve(ANY_ORGANISATION, actor, data[name], field=name)
    return data


def agreement_fields(data: dict, actor) -> dict:
    if data.get("targets") is not None:
        data["targets"] = [dict(t) for t in data["targets"]]
    return _references(data, actor, ("east_party", "west_party"))


def project_fields(data: dict, actor) -> dict:
    return _references(data, actor, ("organisation",))


def plain_fields(data: dict, actor) -> dict:
    return _references(data, actor)


register_crud(agreements_router, model=Agreement, out_schema=AgreementOut, in_schema=AgreementIn,
              filter_schema=AgreementFilter, to_fields=agreement_fields,
              select_related=(*PAIRING_RELATED, "east_party", "west_party"), prefetch_related=("targets",),
              create=services.create_agreement, update=services.update_agreement,
              delete=services.delete_agreement)
register_crud(projects_router, model=Project, out_schema=ProjectOut, in_schema=ProjectIn,
              filter_schema=ProjectFilter, to_fields=project_fields,
              select_related=(*PAIRING_RELATED, "organisation"),
              create=services.create_project, update=services.update_project,
              delete=services.delete_project)
register_crud(labour_router, model=LabourCooperation, out_schema=LabourOut, in_schema=LabourIn,
              filter_schema=LabourFilter, to_fields=plain_fields, select_related=PAIRING_RELATED,
              create=services.create_labour, update=services.update_labour,
              delete=services.delete_labour)
register_crud(consumption_router, model=ConsumptionAssistance, out_schema=ConsumptionOut,
              in_schema=ConsumptionIn, filter_schema=ConsumptionFilter, to_fields=plain_fields,
              select_related=PAIRING_RELATED, create=services.create_consumption,
              update=services.update_consumption, delete=services.delete_consumption)

ROUTERS = [
    ("/agreements", agreements_router),
    ("/projects", projects_router),
    ("/labour", labour_router),
    ("/consumption", consumption_router),
]
