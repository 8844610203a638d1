"""API of needs (CRUD + transitions), team needs (CRUD + roles) and matching rounds."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from xiezuo.core.crud import register_crud
from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.core.services import resolve_ref
from xiezuo.exchange.refs import resolve_org
from xiezuo.needs import services
from xiezuo.needs.approval import approve_round
from xiezuo.needs.models import Need, Round, TeamNeed
from xiezuo.needs.schemas import (
    ApprovedOut,
    NeedFilter,
    NeedIn,
    NeedOut,
    PairIn,
    RoundFilter,
    RoundIn,
    RoundOut,
    SwapIn,
    TeamNeedFilter,
    TeamNeedIn,
    TeamNeedOut,
    TransitionIn,
)
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.reference.models import Specialty
from xiezuo.regions.models import Region

needs_router = Router(tags=["needs"])
team_needs_router = Router(tags=["needs: team needs"])
rounds_router = Router(tags=["needs: matching rounds"])


def _org(actor, value):
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return resolve_ref(Organisation, actor, int(value), field="organisation")
    return resolve_ref(Organisation, actor, value, field="organisation", lookup="name")


def need_fields(data: dict, actor) -> dict:
    if "organisation" in data:
        data["organisation"] = _org(actor, data["organisation"])
    if "specialty" in data:
        data["specialty"] = resolve_ref(Specialty, actor, data["specialty"], field="specialty",
                                        lookup="code")
    if "team" in data:
        data["team"] = resolve_ref(TeamNeed, actor, data["team"], field="team")
    return data


def team_need_fields(data: dict, actor) -> dict:
    if "organisation" in data:
        data["organisation"] = _org(actor, data["organisation"])
    return data


def round_fields(data: dict, actor) -> dict:
    if "needs" in data:
        ids = sorted(set(data["needs"] or []))
        found = list(scoped(Need, actor).filter(pk__in=[i for i in ids if 0 < i < 2**62]))
        if len(found) != len(ids):
            raise ValidationError({"needs": _("Some of these needs are not known to you.")})
        data["needs"] = found
    if "pool_region" in data:
        data["pool_region"] = resolve_ref(Region, actor, data["pool_region"], field="pool_region",
                                          lookup="code", public=True)
    if "pool_organisation" in data:
        value = data["pool_organisation"]
        data["pool_organisation"] = (resolve_org(value, field="pool_organisation")
                                     if value not in (None, "") else None)
    if "weights" in data:
        data["weights"] = dict(data["weights"] or {})
    return data


register_crud(needs_router, model=Need, out_schema=NeedOut, in_schema=NeedIn,
              filter_schema=NeedFilter, to_fields=need_fields,
              select_related=("organisation", "specialty"), create=services.create_need,
              update=services.update_need, delete=services.delete_need)
register_crud(team_needs_router, model=TeamNeed, out_schema=TeamNeedOut, in_schema=TeamNeedIn,
              filter_schema=TeamNeedFilter, to_fields=team_need_fields,
              select_related=("organisation",), create=services.create_team_need,
              update=services.update_team_need, delete=services.delete_team_need)
register_crud(rounds_router, model=Round, out_schema=RoundOut, in_schema=RoundIn,
              filter_schema=RoundFilter, to_fields=round_fields,
              select_related=("scope_region", "pool_region"), create=services.create_round,
              update=services.update_round, delete=services.delete_round)


def _need_action(action):
    def view(request, pk: int, payload: TransitionIn | None = None):
        need = get_for_change(Need, request.user, pk=pk)
        reason = payload.reason if payload else ""
        services.transition_need(actor=request.user, need=need, action=action, reason=reason)
        return scoped(Need, request.user).select_related("organisation", "specialty").get(pk=pk)

    return view


for _action, _path in (("publish", "publish"), ("close", "close"),
                       ("close_unfillable", "close-unfillable")):
    needs_router.post(f"/{{int:pk}}/{_path}", response=NeedOut,
                      operation_id=f"need_{_action}")(_need_action(_action))


def _round(request, pk: int) -> Round:
    return scoped(Round, request.user).select_related("scope_region", "pool_region").get(pk=pk)


def _check_pair(round_: Round, need: int, *people: int) -> None:
    if not round_.needs.filter(pk=need).exists() and not Need.objects.filter(
            pk=need, team__roles__in=round_.needs.all()).exists():
        raise ValidationError({"need": _("This need is not part of the round.")})
    if Person.objects.filter(pk__in=people).count() != len(set(people)):
        raise ValidationError({"person": _("No such person.")})


@rounds_router.post("/{int:pk}/run", response={202: RoundOut, 200: RoundOut}, operation_id="round_run")
def run(request, pk: int):
    round_ = services.start_round(actor=request.user, round_=get_for_change(Round, request.user, pk=pk))
    return Status(202 if round_.status == "queued" else 200, _round(request, round_.pk))


@rounds_router.post("/{int:pk}/pin", response=RoundOut, operation_id="round_pin")
def pin(request, pk: int, payload: PairIn):
    round_ = get_for_change(Round, request.user, pk=pk)
    _check_pair(round_, payload.need, payload.person)
    services.set_pin(actor=request.user, round_=round_, need_id=payload.need,
                     person_id=payload.person, pinned=payload.on)
    return _round(request, pk)


@rounds_router.post("/{int:pk}/exclude", response=RoundOut, operation_id="round_exclude")
def exclude(request, pk: int, payload: PairIn):
    round_ = get_for_change(Round, request.user, pk=pk)
    _check_pair(round_, payload.need, payload.person)
    services.set_exclusion(actor=request.user, round_=round_, need_id=payload.need,
                           person_id=payload.person, excluded=payload.on)
    return _round(request, pk)


@rounds_router.post("/{int:pk}/swap", response=RoundOut, operation_id="round_swap")
def swap(request, pk: int, payload: SwapIn):
    round_ = get_for_change(Round, request.user, pk=pk)
    _check_pair(round_, payload.need, payload.person, payload.replacement)
    if payload.person == payload.replacement:
        raise ValidationError({"replacement": _("Choose another person.")})
    services.swap(actor=request.user, round_=round_, need_id=payload.need,
                  person_id=payload.person, replacement_id=payload.replacement)
    return _round(request, pk)


@rounds_router.post("/{int:pk}/approve", response=ApprovedOut, operation_id="round_approve")
def approve(request, pk: int):
    round_ = get_for_change(Round, request.user, pk=pk)
    postings = approve_round(actor=request.user, round_=round_)
    return {"round": pk, "postings": [p.pk for p in postings]}
