"""Offers (供给清单) as supply in a round: each offer is one engine person with a capacity.

An offer of N people of a specialty and a minimum title level, for a period and modes, is
scored like a person of that specialty, level and availability (the pairing preference
from its city): the engine's `Person` with `capacity` = the offer's open count and the id
`"offer-<pk>.<k>"` (`result.OFFER_PREFIX`).

The engine takes a (need, person) pair at most once — right for a person, who is one
person, but an offer of two can fill both places of one need. So an offer takes part as
k = min(N, the most places any need of the round asks for) nodes whose capacities share N
as evenly as possible (N = qk + r: r nodes of q + 1, the others q). That is exact: any use
of the offer (x_j ≤ k places of need j, Σ x_j ≤ N) is split among the nodes by dealing
the places out in turn, which gives a node at most one place per need and never more than
its capacity. Offers do not fill the roles of team needs (a
team is named people who go together), nor needs asking for management experience (an
offer cannot promise it): both are excluded pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from xiezuo.matching import Person, Window
from xiezuo.needs.models import Round
from xiezuo.needs.result import OFFER_PREFIX
from xiezuo.offers.models import Offer
from xiezuo.offers.transitions import OPEN_STATES


def engine_id(offer: Offer, node: int = 0) -> str:
    return f"{OFFER_PREFIX}{offer.pk}.{node}"


def offer_to_engine(offer: Offer, node: int = 0, capacity: int | None = None) -> Person:
    code = offer.region.code
    specialty = offer.specialty
    org = (str(offer.organisation_id) if offer.organisation_id is not None
           else f"city-{code}")
    return Person(
        id=engine_id(offer, node), org_id=org, city_code=code[:4] + "00", region_code=code,
        specialty_codes=(specialty.code,) if specialty is not None else (),
        specialty_text=offer.specialty_text or (specialty.name if specialty is not None else ""),
        title_level=offer.min_title_level, modes=frozenset(offer.modes or ()),
        availability=(Window(offer.start, offer.end),),
        capacity=offer.open_count if capacity is None else capacity,
    )


def offer_nodes(offer: Offer, most_places: int) -> list[Person]:
    """The offer's engine nodes: k = min(open count, most places of a need), sharing the
    open count as evenly as possible (see the module docstring)."""
    n = offer.open_count
    k = max(1, min(n, most_places))
    q, r = divmod(n, k)
    return [offer_to_engine(offer, i, q + 1 if i < r else q) for i in range(k)]


def round_offers(round_: Round) -> list[Offer]:
    """The round's offers that can still be matched (published, people left)."""
    offers = (round_.offers.filter(status__in=OPEN_STATES)
              .select_related("region", "specialty", "organisation").order_by("pk"))
    return [o for o in offers if o.open_count > 0]


class NeedLike(Protocol):
    """What the supply reads of a round's need (a `Need` or the adapter's row)."""

    pk: int
    team_id: int | None
    requires_management: bool


def offer_supply(round_: Round, needs: Sequence[NeedLike], most_places: int
                 ) -> tuple[list[Person], set[tuple[str, str]]]:
    """The round's offers as engine people, and the (need, offer) pairs they may not take;
    `most_places`: the most places any need of the round asks for."""
    people = [p for o in round_offers(round_) for p in offer_nodes(o, most_places)]
    barred = [str(n.pk) for n in needs if n.team_id is not None or n.requires_management]
    return people, {(n, p.id) for n in barred for p in people}
