"""What offers may name (see `core.lookups`): the offering organisation among those the
actor sees, the offering city among the regions, a specialty of the vocabulary."""

from __future__ import annotations

from xiezuo.core.lookups import register_reference
from xiezuo.offers.models import Offer
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.reference.lookups import SPECIALTY
from xiezuo.regions.lookups import REGION

register_reference(Offer, "organisation", ORGANISATION)
register_reference(Offer, "region", REGION)
register_reference(Offer, "specialty", SPECIALTY)
