"""API of needs (CRUD + transitions), team needs (CRUD + roles) and matching rounds."""

from ninja import Router, Status

from xiezuo.core.crud import register_crud
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.needs import services
from xiezuo.needs.models import Need, Round, TeamNeed
from xiezuo.needs.schemas import (
    ApprovedOut,
    NeedFilter,
    NeedIn,
    NeedOut,
    PairIn,
    RoundDecisionIn,
    RoundFilter,
    RoundIn,
    RoundOut,
    SwapIn,
    TeamNeedFilter,
    TeamNeedIn,
    TeamNeedOut,
    TransitionIn,
)
from xiezuo.needs.transitions import (
    APPROVE,
    CLOSE,
    CLOSE_UNFILLABLE,
    PUBLISH,
    REJECT,
    SUBMIT,
)
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.reference.lookups import SPECIALTY

needs_router = Router(tags=["needs"])
team_needs_router = Router(tags=["needs: team needs"])
rounds_router = Router(tags=["needs: matching rounds"])


def need_fields(data: dict, actor) -> dict:
    if "organisation" in data:
        data["organisation"] = resolve(ORGANISATION, actor, data["organisation"], field="organisation")
    if "specialty" in data:
        data["specialty"] = resolve(SPECIALTY, actor, data["specialty"], field="specialty")
    if "team" in data:
        data["team"] = resolve(TeamNeed, actor, data["team"], field="team")
    return data


def team_need_fields(data: dict, actor) -> dict:
    if "organisation" in data:
        data["organisation"] = resolve(ORGANISATION, actor, data["organisation"], field="organisation")
    return data


def round_fields(data: dict, actor) -> dict:
    """Needs, pool region and pool organisation stay references: the service resolves them
    within what the actor may draw on."""
    if "weights" in data:
        data["weights"] = dict(data["weights"] or {})
    return data


register_crud(needs_router, model=Need, out_schema=NeedOut, in_schema=NeedIn,
              filter_schema=NeedFilter, to_fields=need_fields,
              select_related=("organisation", "specialty"),
              prefetch_related=("decisions__by",),
              create=services.create_need,
              update=services.update_need, delete=services.delete_need)
register_crud(team_needs_router, model=TeamNeed, out_schema=TeamNeedOut, in_schema=TeamNeedIn,
              filter_schema=TeamNeedFilter, to_fields=team_need_fields,
              select_related=("organisation",), prefetch_related=("roles",),
              create=services.create_team_need,
              update=services.update_team_need, delete=services.delete_team_need)
register_crud(rounds_router, model=Round, out_schema=RoundOut, in_schema=RoundIn,
              filter_schema=RoundFilter, to_fields=round_fields,
              select_related=("scope_region", "pool_region", "east_region"),
              prefetch_related=("needs", "offers", "decisions__by"),
              create=services.create_round,
              update=services.update_round, delete=services.delete_round)


def _need_action(action):
    def view(request, pk: int, payload: TransitionIn | None = None):
        need = get_for_change(Need, request.user, pk=pk)
        reason = payload.reason if payload else ""
        comment = payload.comment if payload else ""
        services.transition_need(actor=request.user, need=need, action=action, reason=reason,
                                 comment=comment)
        return scoped(Need, request.user).select_related("organisation", "specialty").get(pk=pk)

    return view


for _action, _path in ((SUBMIT, "submit"), (APPROVE, "approve"), (REJECT, "reject"),
                       (PUBLISH, "publish"), (CLOSE, "close"), (CLOSE_UNFILLABLE, "close-unfillable")):
    needs_router.post(f"/{{int:pk}}/{_path}", response=NeedOut,
                      operation_id=f"need_{_action}")(_need_action(_action))


def _round(request, pk: int) -> Round:
    return scoped(Round, request.user).select_related("scope_region", "pool_region").get(pk=pk)


@rounds_router.post("/{int:pk}/run", response={202: RoundOut, 200: RoundOut}, operation_id="round_run")
def run(request, pk: int):
    round_ = services.start_round(actor=request.user, round_=get_for_change(Round, request.user, pk=pk))
    return Status(202 if round_.status == "queued" else 200, _round(request, round_.pk))


@rounds_router.post("/{int:pk}/pin", response=RoundOut, operation_id="round_pin")
def pin(request, pk: int, payload: PairIn):
    services.set_pin(actor=request.user, round_=get_for_change(Round, request.user, pk=pk),
                     need_id=payload.need, person_id=payload.person, pinned=payload.on)
    return _round(request, pk)


@rounds_router.post("/{int:pk}/exclude", response=RoundOut, operation_id="round_exclude")
def exclude(request, pk: int, payload: PairIn):
    services.set_exclusion(actor=request.user, round_=get_for_change(Round, request.user, pk=pk),
                           need_id=payload.need, person_id=payload.person, excluded=payload.on)
    return _round(request, pk)


@rounds_router.post("/{int:pk}/swap", response=RoundOut, operation_id="round_swap")
def swap(request, pk: int, payload: SwapIn):
    services.swap(actor=request.user, round_=get_for_change(Round, request.user, pk=pk),
                  need_id=payload.need, person_id=payload.person, replacement_id=payload.replacement)
    return _round(request, pk)


@rounds_router.post("/{int:pk}/approve", response=ApprovedOut, operation_id="round_approve")
def approve(request, pk: int, payload: RoundDecisionIn | None = None):
    """Approve the proposal for your side (an administrator: both sides unless `side` is
    given); the postings are created when both sides have approved."""
    payload = payload or RoundDecisionIn(side=None, comment="", reason="", version=None)
    round_ = get_for_change(Round, request.user, pk=pk)
    outcome = services.approve_round(actor=request.user, round_=round_, side=payload.side,
                                     comment=payload.comment, expected_version=payload.version)
    return {"round": pk, "postings": [p.pk for p in outcome.postings],
            "placements": [p.pk for p in outcome.placements],
            "sides": list(outcome.sides), "waiting": list(outcome.waiting)}


@rounds_router.post("/{int:pk}/reject", response=RoundOut, operation_id="round_reject")
def reject(request, pk: int, payload: RoundDecisionIn):
    """Return the proposal for your side with a `reason`; every recorded approval is cleared."""
    round_ = get_for_change(Round, request.user, pk=pk)
    services.reject_round(actor=request.user, round_=round_, side=payload.side,
                          reason=payload.reason, expected_version=payload.version)
    return _round(request, pk)
