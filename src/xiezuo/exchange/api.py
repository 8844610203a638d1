"""API of postings (CRUD + one POST per transition), teams, goals and outcomes."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from xiezuo.core.crud import register_crud
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import get_for_change, scoped
from xiezuo.exchange import rules, selectors, services
from xiezuo.exchange.models import Goal, Outcome, Posting, Programme, Team
from xiezuo.exchange.schemas import (
    AlertsOut,
    CompleteIn,
    EndEarlyIn,
    ExtendIn,
    GoalFilter,
    GoalIn,
    GoalOut,
    HandOverIn,
    MemberIn,
    OutcomeFilter,
    OutcomeIn,
    OutcomeOut,
    PostingEventOut,
    PostingFilter,
    PostingIn,
    PostingOut,
    StartIn,
    TeamFilter,
    TeamIn,
    TeamOut,
)
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON
from xiezuo.regions.lookups import PAIRING

postings_router = Router(tags=["exchange: postings"])
teams_router = Router(tags=["exchange: teams"])
goals_router = Router(tags=["exchange: goals"])
outcomes_router = Router(tags=["exchange: outcomes"])

POSTING_RELATED = ("person__organisation", "host", "team", "programme", "successor")


def posting_fields(data: dict, actor) -> dict:
    if "person" in data:
        data["person"] = resolve(PERSON, actor, data["person"], field="person")
    if "host" in data:
        data["host"] = resolve(ANY_ORGANISATION, actor, data["host"], field="host")
    if "pairing" in data:
        data["pairing"] = resolve(PAIRING, actor, data["pairing"], field="pairing")
    if "team" in data:
        data["team"] = resolve(Team, actor, data["team"], field="team")
    if "programme" in data:
        data["programme"] = resolve(Programme, actor, data["programme"], field="programme")
    if "successor" in data:
        data["successor"] = resolve(Posting, actor, data["successor"], field="successor")
    if "team_role" in data and data["team_role"] is None:
        data["team_role"] = ""
    return data


register_crud(
    postings_router,
    model=Posting,
    out_schema=PostingOut,
    in_schema=PostingIn,
    filter_schema=PostingFilter,
    to_fields=posting_fields,
    select_related=POSTING_RELATED,
    prepare_page=lambda postings, actor: rules.annotate_warnings(postings),
    create=services.create_posting,
    update=services.update_posting,
    delete=services.delete_posting,
)


def _posting(request, pk: int) -> Posting:
    return get_object_or_404(scoped(Posting, request.user), pk=pk)


def _posting_for_change(request, pk: int) -> Posting:
    return get_for_change(Posting, request.user, pk=pk)


def _done(request, posting: Posting) -> Posting:
    fresh = scoped(Posting, request.user).select_related(*POSTING_RELATED).get(pk=posting.pk)
    if hasattr(posting, "warnings"):  # else the schema checks the rules itself
        fresh.warnings = posting.warnings
    return fresh


@postings_router.post("/{int:pk}/approve", response=PostingOut, operation_id="posting_approve")
def approve(request, pk: int):
    posting = services.approve_posting(actor=request.user, posting=_posting_for_change(request, pk))
    return _done(request, posting)


@postings_router.post("/{int:pk}/start", response=PostingOut, operation_id="posting_start")
def start(request, pk: int, payload: StartIn | None = None):
    posting = services.start_posting(
        actor=request.user, posting=_posting_for_change(request, pk), start=payload.start if payload else None
    )
    return _done(request, posting)


@postings_router.post("/{int:pk}/complete", response=PostingOut, operation_id="posting_complete")
def complete(request, pk: int, payload: CompleteIn | None = None):
    posting = services.complete_posting(
        actor=request.user, posting=_posting_for_change(request, pk), end=payload.end if payload else None
    )
    return _done(request, posting)


@postings_router.post("/{int:pk}/extend", response=PostingOut, operation_id="posting_extend")
def extend(request, pk: int, payload: ExtendIn):
    posting = services.extend_posting(
        actor=request.user,
        posting=_posting_for_change(request, pk),
        new_end=payload.new_end,
        reason=payload.reason,
    )
    return _done(request, posting)


@postings_router.post("/{int:pk}/end-early", response=PostingOut, operation_id="posting_end_early")
def end_early(request, pk: int, payload: EndEarlyIn):
    posting = services.end_posting_early(
        actor=request.user,
        posting=_posting_for_change(request, pk),
        end=payload.end,
        reason=payload.reason,
        successor=resolve(Posting, request.user, payload.successor, field="successor"),
    )
    return _done(request, posting)


@postings_router.post("/{int:pk}/hand-over", response=PostingOut, operation_id="posting_hand_over")
def hand_over(request, pk: int, payload: HandOverIn):
    posting = services.hand_over(
        actor=request.user,
        posting=_posting_for_change(request, pk),
        successor=resolve(Posting, request.user, payload.successor, field="successor"),
    )
    return _done(request, posting)


@postings_router.get("/{int:pk}/events", response=list[PostingEventOut], operation_id="posting_events")
def events(request, pk: int):
    return list(_posting(request, pk).events.select_related("by"))


@postings_router.get("/alerts", response=AlertsOut, operation_id="posting_alerts")
def alerts(request, today: datetime.date | None = None, within_days: int = 60,
           lookback_days: int = 90):
    today = today or datetime.date.today()
    uncovered = selectors.hosts_left_uncovered(request.user, today=today,
                                               lookback_days=lookback_days)
    ending = list(selectors.ending_without_successor(request.user, today=today,
                                                     within_days=within_days))
    rules.annotate_warnings(ending)
    return {
        "ending_without_successor": ending,
        "hosts_left_uncovered": [
            {"host": u.host.pk, "host_name": u.host.name, "last_end": u.last_end,
             "last_people": [p.name for p in u.last_people]}
            for u in uncovered
        ],
    }


# ---- teams ---------------------------------------------------------------------------


def team_fields(data: dict, actor) -> dict:
    if "host" in data:
        data["host"] = resolve(ANY_ORGANISATION, actor, data["host"], field="host")
    if "sending_org" in data:
        data["sending_org"] = resolve(ANY_ORGANISATION, actor, data["sending_org"], field="sending_org")
    if "programme" in data:
        data["programme"] = resolve(Programme, actor, data["programme"], field="programme")
    return data


register_crud(
    teams_router,
    model=Team,
    out_schema=TeamOut,
    in_schema=TeamIn,
    filter_schema=TeamFilter,
    to_fields=team_fields,
    select_related=("host", "sending_org", "programme"),
    prefetch_related=("postings__person",),
    prepare_page=lambda teams, actor: rules.annotate_team_warnings(teams),
    create=services.create_team,
    update=services.update_team,
    delete=services.delete_team,
)


@teams_router.post("/{int:pk}/members", response={201: PostingOut}, operation_id="team_add_member")
def add_member(request, pk: int, payload: MemberIn):
    team = get_for_change(Team, request.user, pk=pk)
    data = payload.dict()
    person = resolve(PERSON, request.user, data.pop("person"), field="person")
    fields = {k: v for k, v in data.items() if v is not None}  # no dates: the team's period
    posting = services.add_member(actor=request.user, team=team, person=person, **fields)
    return Status(201, _done(request, posting))


@teams_router.post("/{int:pk}/start", response=list[PostingOut], operation_id="team_start")
def start_team(request, pk: int, payload: StartIn | None = None):
    team = get_for_change(Team, request.user, pk=pk)
    started = services.start_team(
        actor=request.user, team=team, start=payload.start if payload else None
    )
    return [_done(request, p) for p in started]


# ---- goals and outcomes --------------------------------------------------------------


def goal_fields(data: dict, actor) -> dict:
    if "posting" in data:
        data["posting"] = resolve(Posting, actor, data["posting"], field="posting")
    if "team" in data:
        data["team"] = resolve(Team, actor, data["team"], field="team")
    return data


register_crud(
    goals_router,
    model=Goal,
    out_schema=GoalOut,
    in_schema=GoalIn,
    filter_schema=GoalFilter,
    to_fields=goal_fields,
    prefetch_related=("outcomes",),
    create=services.create_goal,
    update=services.update_goal,
    delete=services.delete_goal,
)


@goals_router.post("/{int:pk}/evidence", response=GoalOut, operation_id="goal_evidence")
def upload_evidence(request, pk: int, file: UploadedFile = File(...),  # noqa: B008
                    text: str | None = Form(None)):  # noqa: B008
    """Attach an evidence file (PDF, JPG/PNG, Word, Excel, PowerPoint, .txt/.csv; at most
    `XIEZUO_EVIDENCE_MAX_MB`), replacing the goal's earlier file; 422 names `file` when
    it is too large or not of an accepted kind (checked by extension and content)."""
    goal = get_for_change(Goal, request.user, pk=pk)
    services.attach_evidence(actor=request.user, goal=goal, file=file, text=text, field="file")
    return scoped(Goal, request.user).get(pk=pk)


def outcome_fields(data: dict, actor) -> dict:
    if "goal" in data:
        data["goal"] = resolve(Goal, actor, data["goal"], field="goal")
    return data


register_crud(
    outcomes_router,
    model=Outcome,
    out_schema=OutcomeOut,
    in_schema=OutcomeIn,
    filter_schema=OutcomeFilter,
    to_fields=outcome_fields,
    create=services.create_outcome,
    update=services.update_outcome,
    delete=services.delete_outcome,
)
