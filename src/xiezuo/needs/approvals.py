"""Who may decide what in the two-sided approvals (issue 14); reads only.

Needs: submitted by the unit (an organisation user of the need's organisation, or a
coordinator / administrator on its behalf), approved by coordinators whose region covers
the need's organisation: level 1 by any of them, level 2 (where the need's programme asks
for two levels) by a coordinator of a region strictly above the need's own region (the
city or the province). Nobody approves a need they submitted themselves, nor both levels,
unless they are an administrator (an administrator may do every step). Organisation users
and auditors never approve.

Rounds: the western side is approved by a coordinator whose region covers the round's
region and every need of the round; the eastern side by a coordinator whose region covers
`Round.east_region` (the region holding every person of the proposal). An administrator
may approve both sides.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from xiezuo.accounts.models import Role
from xiezuo.core.scoping import user_role
from xiezuo.core.types import Actor
from xiezuo.exchange.models import Programme
from xiezuo.needs.choices import NeedStatus, NeedStep, RoundStatus, Side, Verdict
from xiezuo.needs.models import Need, NeedDecision, Round, RoundDecision
from xiezuo.regions.models import Pairing, Region

ONE_LEVEL = 1


# --- needs -------------------------------------------------------------------------------


def programme_of(need: Need, day: datetime.date | None = None) -> Programme | None:
    """The need's programme: that of the (most specific) pairing active today whose western
    side covers the need's region, else the default programme."""
    region = need.organisation.region
    day = day or timezone.localdate()
    programmes = [p for p in Programme.objects.filter(
        pairing__in=Pairing.objects.active_on(day)).select_related("pairing__west_region")
        if region.code.startswith(p.pairing.west_region.prefix)]  # type: ignore[union-attr]
    if programmes:
        return max(programmes, key=lambda p: len(p.pairing.west_region.prefix))  # type: ignore[union-attr]
    return Programme.objects.filter(is_default=True).first()


def approval_levels(need: Need) -> int:
    programme = programme_of(need)
    return programme.need_approval_levels if programme is not None else ONE_LEVEL


def pending_level(need: Need) -> int | None:
    """The level the need waits for (1 or 2), None when it waits for no approval."""
    levels: dict[str, int] = {NeedStatus.SUBMITTED: 1, NeedStatus.REVIEWED: 2}
    return levels.get(need.status)


def _current(need: Need, step: str) -> QuerySet[NeedDecision]:
    return need.decisions.filter(current=True, step=step)


def submitter(need: Need) -> User | None:
    """Who submitted the submission under way (or last returned one)."""
    decision = need.decisions.filter(step=NeedStep.SUBMITTED).select_related("by").last()
    return decision.by if decision is not None else None


def _coordinator_region(actor: Actor) -> Region | None:
    if user_role(actor) != Role.COORDINATOR:
        return None
    scope = getattr(actor, "scope", None)
    return scope.region if scope is not None else None


def covers(region: Region | None, other: Region | None) -> bool:
    return region is not None and other is not None and other.code.startswith(region.prefix)


def strictly_above(region: Region, other: Region) -> bool:
    """`region` covers `other` and is a larger region (the city or province of a county)."""
    return covers(region, other) and region.prefix != other.prefix


def approve_refusal(actor: Actor, need: Need) -> str | None:
    """Why `actor` may not approve (or return) the level the need waits for; None: may."""
    if user_role(actor) == Role.ADMIN:
        return None
    region = _coordinator_region(actor)
    place = need.organisation.region
    if region is None or not covers(region, place):
        return "role"  # whatever the need's state
    level = pending_level(need)
    if level is None:
        return None  # the state machine answers (409)
    if _current(need, NeedStep.SUBMITTED).filter(by_id=actor.pk).exists():
        return "own"
    if level > ONE_LEVEL:
        if not strictly_above(region, place):
            return "level"
        if _current(need, NeedStep.APPROVED).filter(by_id=actor.pk).exists():
            return "own"
    return None


def may_decide(actor: Actor, need: Need) -> bool:
    return pending_level(need) is not None and approve_refusal(actor, need) is None


def waiting_for(actor: Actor, needs: QuerySet[Need]) -> QuerySet[Need]:
    """Of `needs`, those waiting for this actor's approval (the list's filter, the to-do)."""
    role = user_role(actor)
    in_review = needs.filter(status__in=(NeedStatus.SUBMITTED, NeedStatus.REVIEWED))
    if role == Role.ADMIN:
        return in_review
    region = _coordinator_region(actor)
    if region is None:
        return needs.none()
    mine = NeedDecision.objects.filter(need=OuterRef("pk"), current=True, by=actor.pk)
    return in_review.filter(organisation__region__code__startswith=region.prefix).filter(
        Q(status=NeedStatus.SUBMITTED)
        | (Q(status=NeedStatus.REVIEWED) & ~Q(organisation__region__prefix=region.prefix))
    ).exclude(Exists(mine.filter(step__in=(NeedStep.SUBMITTED, NeedStep.APPROVED))))


# --- rounds ------------------------------------------------------------------------------


def common_region(regions: Iterable[Region]) -> Region | None:
    """The smallest region covering all of `regions` (None: nothing, or no common one)."""
    wanted = list(regions)
    if not wanted:
        return None
    candidate: Region | None = wanted[0]
    while candidate is not None and not all(covers(candidate, r) for r in wanted):
        candidate = candidate.parent
    return candidate


def round_sides(actor: Actor, round_: Round) -> list[str]:
    """The sides of the round this actor may approve or return."""
    if user_role(actor) == Role.ADMIN:
        return [Side.WEST, Side.EAST]
    region = _coordinator_region(actor)
    if region is None:
        return []
    sides: list[str] = []
    needs = round_.needs.select_related("organisation__region")
    if covers(region, round_.scope_region) and all(
            covers(region, n.organisation.region) for n in needs):
        sides.append(Side.WEST)
    if covers(region, round_.east_region):
        sides.append(Side.EAST)
    return sides


def may_run(actor: Actor, round_: Round) -> bool:
    """Only the western side (the round's region) runs and changes a round."""
    if user_role(actor) == Role.ADMIN:
        return True
    return covers(_coordinator_region(actor), round_.scope_region)


def side_states(round_: Round) -> dict[str, RoundDecision | None]:
    """Each side's current decision (approval or return), None while it waits."""
    states: dict[str, RoundDecision | None] = {side: None for side in Side.values}
    for decision in round_.decisions.filter(current=True).select_related("by").order_by("at", "pk"):
        states[decision.side] = decision
    return states


def is_approval(decision: RoundDecision | None) -> bool:
    return decision is not None and decision.verdict == Verdict.APPROVED


def rounds_waiting_for(actor: Actor, rounds: QuerySet[Round]) -> QuerySet[Round]:
    """Of `rounds`, those whose proposal is ready and waits for a side this actor approves."""
    ready = rounds.filter(status=RoundStatus.DONE)

    def undecided(side: str) -> Q:
        return ~Q(Exists(RoundDecision.objects.filter(round=OuterRef("pk"), side=side, current=True)))

    role = user_role(actor)
    if role == Role.ADMIN:
        return ready.filter(undecided(Side.WEST) | undecided(Side.EAST))
    region = _coordinator_region(actor)
    if region is None:
        return rounds.none()
    west = Q(scope_region__code__startswith=region.prefix) & undecided(Side.WEST)
    east = Q(east_region__code__startswith=region.prefix) & undecided(Side.EAST)
    return ready.filter(west | east)

