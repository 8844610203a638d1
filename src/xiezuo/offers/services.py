"""Writes of offers and of the places approved rounds gave them; one transaction each.

The only writer of the offers app: pages, API and Excel call these; the approval of a
matching round (`needs.services`) calls `create_placements` and `record_match` inside its
own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from xiezuo.core.cache import changed
from xiezuo.core.errors import Conflict
from xiezuo.core.scoping import ensure_in_scope
from xiezuo.core.services import delete_record, save_changes, save_new, transition
from xiezuo.core.types import Actor
from xiezuo.exchange import services as exchange
from xiezuo.exchange.choices import kind_for
from xiezuo.exchange.models import Posting
from xiezuo.offers.choices import OfferStatus, PlacementState
from xiezuo.offers.models import Offer, Placement
from xiezuo.offers.rules import placement_problems
from xiezuo.offers.selectors import offer_people
from xiezuo.offers.transitions import ACTIONS, OFFERS
from xiezuo.people.models import Person

LOCKED = frozenset({"status", "matched", "region"})
# What can no longer change once the offer is matched (the places were given for it).
MATCHED_FIXED = frozenset({"organisation", "domain", "specialty", "specialty_text",
                           "min_title_level", "start", "end", "modes"})


def _placed(fields: dict[str, Any]) -> dict[str, Any]:
    """The offer's region is its organisation's (a city offers without one)."""
    organisation = fields.get("organisation")
    if organisation is not None:
        fields["region"] = organisation.region
    return fields


def create_offer(*, actor: Actor, **fields: Any) -> Offer:
    region = fields.pop("region", None)
    fields = {k: v for k, v in fields.items() if k not in LOCKED}
    fields = _placed(fields)
    if "region" not in fields:
        if region is None:
            raise ValidationError({"organisation": _("Give the offering organisation or city.")})
        fields["region"] = region
    return save_new(actor=actor, instance=Offer(**fields))


def update_offer(*, actor: Actor, instance: Offer, changes: dict[str, Any],
                 expected_version: int | None = None) -> Offer:
    region = changes.pop("region", None)
    changes = _placed({k: v for k, v in changes.items() if k not in LOCKED - {"region"}})
    if region is not None and "region" not in changes and instance.organisation_id is None:
        changes["region"] = region
    if instance.status == OfferStatus.CLOSED and changes:
        ensure_in_scope(instance, actor)
        raise Conflict(_("The offer is closed and cannot be changed."))
    if instance.matched:
        fixed = sorted(k for k in changes if k in MATCHED_FIXED
                       and changes[k] != getattr(instance, k))
        if fixed:
            ensure_in_scope(instance, actor)
            raise ValidationError({fixed[0]: _(
                "Places were already given to this offer; only the number of people and the "
                "note can change now.")})
        if "count" in changes and changes["count"] is not None and changes["count"] < instance.matched:
            raise ValidationError({"count": _(
                "%(matched)d people of this offer are already matched; the number cannot be "
                "smaller.") % {"matched": instance.matched}})
    offer = save_changes(actor=actor, instance=instance, changes=changes,
                         expected_version=expected_version)
    if offer.matched and offer.status in (OfferStatus.PARTIALLY_MATCHED, OfferStatus.MATCHED):
        status = OfferStatus.MATCHED if offer.matched >= offer.count else OfferStatus.PARTIALLY_MATCHED
        if status != offer.status:
            Offer.objects.filter(pk=offer.pk).update(status=status)
            offer.status = status
    return offer


def delete_offer(*, actor: Actor, instance: Offer) -> None:
    ensure_in_scope(instance, actor)
    if instance.matched or instance.placements.exists():
        raise Conflict(_("Places were given to this offer; close it instead of deleting it."))
    delete_record(actor=actor, instance=instance)


def transition_offer(*, actor: Actor, offer: Offer, action: str) -> Offer:
    """Publish or close an offer (matching is the rounds' business)."""
    if action not in ACTIONS:
        raise ValidationError({"action": _("Unknown action.")})

    def record(current: Offer, from_state: str) -> None:
        # closing keeps the places still waiting for a name: their round was approved
        current.save()

    return transition(OFFERS, actor=actor, record=offer, action=action, field="status",
                       then=record, offer=offer)


# --- rounds --------------------------------------------------------------------------


def record_match(*, offer: Offer, count: int) -> Offer:
    """Count `count` more people of the offer as matched (inside a round's approval)."""
    offer.matched += count
    action = "match" if offer.matched >= offer.count else "match_partly"
    offer.status = OFFERS.target(action, offer.status, offer=offer)
    offer.save(update_fields=["matched", "status", "version"])
    changed(offer)
    return offer


def create_placements(*, rows: Sequence[tuple[Any, Offer]], round_: Any) -> list[Placement]:
    """One place to name per (need, offer) match of an approved round; the offers counted.

    Runs inside the approval's transaction (the caller checked the actor and the round)."""
    placements = [Placement(offer=offer, need=need, round=round_, planned_start=need.start,
                            planned_end=need.end) for need, offer in rows]
    placements = bulk_create_with_history(placements, Placement)  # each with its history
    counts: dict[int, int] = {}
    offers: dict[int, Offer] = {}
    for _need, offer in rows:
        counts[offer.pk] = counts.get(offer.pk, 0) + 1
        offers[offer.pk] = offer
    for pk, n in counts.items():
        record_match(offer=Offer.objects.select_for_update().get(pk=pk), count=n)
    if placements:
        changed(placements[0])
    return placements


def name_person(*, actor: Actor, placement: Placement, person: Person | int | str) -> Posting:
    """Name the person who takes a place: checked against the need (specialty, title,
    management, mode, availability, other postings) and the offer (its organisation or
    city); creates the approved posting. Refused with a message naming what is wrong."""
    with transaction.atomic():
        ensure_in_scope(placement, actor)
        current = (Placement.objects.select_for_update(of=("self",))
                   .select_related("offer__organisation", "offer__region",
                                   "need__organisation", "need__specialty", "round")
                   .get(pk=placement.pk))
        ensure_in_scope(current.offer, actor)  # the offering side names the person
        if current.state != PlacementState.OPEN:
            raise Conflict(_("This place already has its person (or was cancelled)."))
        chosen = _person(actor, current, person)
        problems = placement_problems(current, chosen)
        if problems:
            raise ValidationError({"person": problems})
        posting = exchange.create_posting(
            actor=actor, person=chosen, host=current.need.organisation, direction="east_west",
            kind=kind_for(domain=current.need.domain, mode=current.need.mode), planned_start=current.planned_start,
            planned_end=current.planned_end, need_ref=current.need_id,
            note=_("Offer “%(offer)s”") % {"offer": current.offer})
        posting = exchange.approve_posting(actor=actor, posting=posting)
        current.person, current.posting = chosen, posting
        current.state = PlacementState.NAMED
        current.named_by_id = actor.pk or None
        current.named_at = timezone.now()
        current.save()
        changed(current)
    placement.refresh_from_db()
    return posting


def _person(actor: Actor, placement: Placement, person: Person | int | str) -> Person:
    """The person named: one of the offering organisation (or of an organisation in the
    offering city), found by primary key."""
    pk = person.pk if isinstance(person, Person) else person
    offer = placement.offer
    candidates = offer_people(offer, Person.objects.select_related("organisation__region",
                                                                   "specialty"))
    try:
        return candidates.get(pk=int(str(pk)))
    except (ValueError, Person.DoesNotExist):
        raise ValidationError({"person": _(
            "Name a person of %(offerer)s, the organisation that made the offer.")
            % {"offerer": offer.offerer_name}}) from None
