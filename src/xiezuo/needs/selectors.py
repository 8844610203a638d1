"""Reads: what a round may draw on, and its proposal as display rows (people and needs
resolved, only those the reader may see)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.core.scoping import scope_filter, scoped
from xiezuo.core.types import Actor  # also imported from here by the app's modules
from xiezuo.exchange.models import Posting
from xiezuo.matching import Weights
from xiezuo.needs import approvals
from xiezuo.needs.adapter import NeedLike, paired, pool_queryset, round_needs, weights_of
from xiezuo.needs.choices import NeedStatus, Side
from xiezuo.needs.explanation import FunnelStep, ScorePart, funnel, reason_line, score_parts
from xiezuo.needs.models import Need, Round
from xiezuo.needs.result import OfferMatch, Pair, RoundResult, read_pairs
from xiezuo.offers.models import Offer
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Region

M = TypeVar("M", bound=Model)

REASONS = {
    "no_specialty": _("Nobody has this or a related specialty"),
    "title_too_low": _("Not enough candidates with the required title level"),
    "mode_not_accepted": _("Not enough candidates accept this mode"),
    "not_available": _("Candidates are busy or unavailable in this period"),
    "excluded": _("The remaining candidates are excluded for this need"),
    "source_constraint": _("No single eastern source can supply the whole team"),
    "capacity": _("Candidates exist but were taken by better-scoring needs or organisation caps"),
    "empty_pool": _("Nobody is in the pool: no active pairing of the needs' regions, or the "
                    "chosen region or organisation has no people"),
    "team_incomplete": _("Another role of the team cannot be filled, so the team was not formed"),
}
PARTS = ("specialty", "title", "pairing", "availability", "continuity", "fairness", "priority")


# --- what a round may draw on ----------------------------------------------------------
#
# A round is run by the coordinators of a western region, but its pool is eastern people,
# whom those coordinators do not administer. What a round may legitimately draw on is
# therefore: what the actor may see (`scoped`), plus everything under the eastern side
# of a pairing (active in the needs' period) whose western side holds one of the round's
# needs — the same area as the default pool. Nothing else: not another province's
# doctors, not a prefecture the round's needs are not paired with.


def past_start_unfilled(needs: QuerySet[Need]) -> QuerySet[Need]:
    """Published needs whose start has passed and that are not (fully) filled — the home
    page's to-do and the needs list's “已过开始日期仍未满足” filter count the same ones."""
    return needs.filter(status__in=(NeedStatus.PUBLISHED, NeedStatus.PARTIALLY_FILLED),
                        start__lt=timezone.localdate())


def east_prefixes(needs: Iterable[NeedLike]) -> set[str]:
    """Code prefixes of the eastern sides of the pairings of the needs' regions."""
    return {p.east_region.prefix for p in paired(list(needs))}


def _drawable(model: type[M], actor: Actor, needs: Iterable[NeedLike], code_path: str) -> QuerySet[M]:
    if scope_filter(model, actor) is None:  # administrators
        return model._default_manager.all()
    condition = Q(pk__in=scoped(model, actor).values("pk"))
    for prefix in east_prefixes(needs):
        condition |= Q(**{f"{code_path}__startswith": prefix})
    return model._default_manager.filter(condition)


def drawable_people(actor: Actor, needs: Iterable[NeedLike]) -> QuerySet[Person]:
    """People a round over `needs` may name for this actor (pool, pins, display, approval)."""
    return _drawable(Person, actor, needs, "organisation__region__code")


def drawable_offers(actor: Actor, needs: Iterable[NeedLike]) -> QuerySet[Offer]:
    """Offers a round over `needs` may match for this actor (like its people)."""
    return _drawable(Offer, actor, needs, "region__code")


def drawable_regions(actor: Actor, needs: Iterable[NeedLike]) -> QuerySet[Region]:
    """Regions a round over `needs` may take as its pool for this actor."""
    return _drawable(Region, actor, needs, "code")


def drawable_organisations(actor: Actor, needs: Iterable[NeedLike]) -> QuerySet[Organisation]:
    """Organisations a round over `needs` may take as its pool for this actor."""
    return _drawable(Organisation, actor, needs, "region__code")


def round_candidates(actor: Actor, round_: Round,
                     needs: Sequence[Need] | None = None) -> QuerySet[Person]:
    """The round's pool as this actor may use it: who can be pinned, excluded, swapped in."""
    needs = round_needs(round_) if needs is None else needs
    return pool_queryset(round_, needs).filter(pk__in=drawable_people(actor, needs).values("pk"))


# --- the stored result -----------------------------------------------------------------


def round_result(round_: Round) -> RoundResult | None:
    """The round's stored proposal, typed (`needs/result.py`); None before a run."""
    return RoundResult.read(round_.result)


def round_pins(round_: Round) -> tuple[Pair, ...]:
    return read_pairs(round_.pins)


def round_exclusions(round_: Round) -> tuple[Pair, ...]:
    return read_pairs(round_.exclusions)


# --- the proposal ----------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A proposed match as the reader sees it."""

    need: Need
    person: Person
    score: float
    parts: tuple[float, ...]  # in the order of PARTS
    runner_up: Person | None
    runner_up_score: float | None
    pinned: bool
    team: int | None  # the team need whose role the need is
    score_parts: tuple[ScorePart, ...] = ()  # labelled, with a verdict in words
    reason: str = ""  # one line: 专业相同，职称达标，结对单位，可派期覆盖需求期


@dataclass(frozen=True)
class OfferMatchRow:
    """Slots of a need proposed to an offer (the person is named after approval)."""

    need: Need
    offer: Offer
    slots: int
    score: float
    score_parts: tuple[ScorePart, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class OpenNeed:
    """A need the proposal leaves (partly) open, and why."""

    need: Need
    slots: int
    code: str
    reason: str
    funnel: tuple[FunnelStep, ...] = ()  # people left after each filter, as the engine counted


@dataclass(frozen=True)
class Proposal:
    """The stored result with records instead of ids, as one reader may see it."""

    result: RoundResult | None  # None: the round has not run (or changed since)
    matches: tuple[Match, ...]
    unfilled: tuple[OpenNeed, ...]
    pins: tuple[tuple[Need, Person], ...]
    exclusions: tuple[tuple[Need, Person], ...]
    hidden: int  # entries naming needs or people the reader may not see
    weights: Weights = Weights()  # the weights the round runs with
    offer_matches: tuple[OfferMatchRow, ...] = ()


def proposal(round_: Round, actor: Actor) -> Proposal:
    """Matches and unfilled needs of the stored result, with records instead of ids.

    Only the round's needs and the people the actor may draw on are resolved: rows naming
    anybody else (a result of an older, wider pool) are left out and counted in `hidden`.
    """
    result = round_result(round_)
    pins, exclusions = round_pins(round_), round_exclusions(round_)
    round_need_list = round_needs(round_)
    need_ids = result.need_ids() if result else set()
    need_ids |= {pair.need for pair in pins + exclusions}
    need_ids &= {n.pk for n in round_need_list}
    person_ids = result.person_ids() if result else set()
    person_ids |= {pair.person for pair in pins + exclusions}
    needs = round_needs_for(round_, actor).select_related("organisation", "specialty").in_bulk(need_ids)
    people = (drawable_people(actor, round_need_list).select_related("organisation")
              .in_bulk(person_ids))
    pinned = set(pins)
    weights = weights_of(round_.weights)
    matches = []
    hidden = 0
    for a in result.assignments if result else ():
        need, person = needs.get(a.need), people.get(a.person)
        if need is None or person is None:
            hidden += 1
            continue
        runner = people.get(a.runner_up.person) if a.runner_up else None
        explained = score_parts(a.parts, weights)
        matches.append(Match(
            need=need, person=person, score=a.score, parts=tuple(a.part(p) for p in PARTS),
            runner_up=runner,
            runner_up_score=a.runner_up.score if runner is not None and a.runner_up else None,
            pinned=Pair(need.pk, person.pk) in pinned, team=a.team,
            score_parts=explained, reason=reason_line(explained)))

    offers = (drawable_offers(actor, round_need_list).select_related("organisation", "region",
                                                                      "specialty")
              .in_bulk(result.offer_ids() if result else set()))
    grouped: dict[tuple[int, int], list[OfferMatch]] = {}
    for m in result.offer_matches if result else ():
        grouped.setdefault((m.need, m.offer), []).append(m)
    offer_rows = []
    for (need_pk, offer_pk), same in grouped.items():
        need, offer = needs.get(need_pk), offers.get(offer_pk)
        if need is None or offer is None:
            hidden += len(same)
            continue
        explained = score_parts(same[0].parts, weights)
        offer_rows.append(OfferMatchRow(need=need, offer=offer, slots=len(same),
                                        score=same[0].score, score_parts=explained,
                                        reason=reason_line(explained)))

    def review(pairs: tuple[Pair, ...]) -> tuple[tuple[Need, Person], ...]:
        return tuple((needs[p.need], people[p.person]) for p in pairs
                     if p.need in needs and p.person in people)

    shown_pins, shown_exclusions = review(pins), review(exclusions)
    hidden += len(pins) - len(shown_pins) + len(exclusions) - len(shown_exclusions)
    return Proposal(
        result=result,
        matches=tuple(matches),
        unfilled=tuple(
            OpenNeed(need=needs[u.need], slots=u.slots, code=u.reason_code,
                     reason=str(REASONS[u.reason_code]) if u.reason_code in REASONS else u.reason,
                     funnel=funnel(u.details, needs[u.need].slots, reason_code=u.reason_code,
                                   requires_management=needs[u.need].requires_management,
                                   mode=needs[u.need].get_mode_display()))
            for u in (result.unfilled if result else ()) if u.need in needs),
        pins=shown_pins,
        exclusions=shown_exclusions,
        hidden=hidden,
        weights=weights,
        offer_matches=tuple(offer_rows),
    )


def round_needs_for(round_: Round, actor: Actor) -> QuerySet[Need]:
    """The round's needs as this reader may see them: those in their scope, or all of them
    for the round's eastern side (who approves the proposal for those needs)."""
    if Side.EAST in approvals.round_sides(actor, round_):
        return round_.needs.all()
    return scoped(Need, actor).filter(pk__in=round_.needs.values("pk"))


def round_postings(round_: Round, actor: Actor) -> QuerySet[Posting]:
    """The postings an approved round created (one per proposed match: the match's need and
    person), as far as the reader may see them."""
    result = round_result(round_)
    if result is None or not result.assignments:
        return scoped(Posting, actor).none()
    condition = Q()
    for a in result.assignments:
        condition |= Q(need_ref=a.need, person_id=a.person)
    return (scoped(Posting, actor).filter(condition)
            .select_related("person__organisation", "host").order_by("pk"))


def visible_ids(model: type[M], actor: Actor, ids: Iterable[int]) -> set[int]:
    """Which of these records the reader may open (their page answers, not 404)."""
    return set(scoped(model, actor).filter(pk__in=set(ids)).values_list("pk", flat=True))


def round_candidate(actor: Actor, round_: Round, person_pk: int) -> Person | None:
    """A person the round names or may draw on, for the reader's candidate page (a
    coordinator of the western side may not open eastern people's own pages)."""
    result = round_result(round_)
    named = result.person_ids() if result else set()
    named |= {p.person for p in round_pins(round_) + round_exclusions(round_)}
    if person_pk not in named:
        return None
    needs = round_needs(round_)
    return (drawable_people(actor, needs).filter(pk=person_pk)
            .select_related("organisation__region", "specialty")
            .prefetch_related("availability").first())
