"""Reads of the offers app."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from xiezuo.offers.models import Offer
from xiezuo.people.models import Person


def offer_people(offer: Offer, people: QuerySet[Person]) -> QuerySet[Person]:
    """Those of `people` who may be named for the offer's places: of the offering
    organisation (or its branches), or of an organisation in the offering city."""
    if offer.organisation_id is not None:
        return people.filter(Q(organisation_id=offer.organisation_id)
                             | Q(organisation__parent_id=offer.organisation_id))
    return people.filter(organisation__region__code__startswith=offer.region.prefix)
