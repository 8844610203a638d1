"""What needs and rounds may name (see `core.lookups`): a need's organisation among those
the actor sees; a round's regions, any; its pool organisation, any — the service itself
resolves it among the organisations the round may draw on (`services._pool_organisation`).
"""

from __future__ import annotations

from xiezuo.core.lookups import register_reference
from xiezuo.needs.models import Need, Round, TeamNeed
from xiezuo.orgs.lookups import ANY_ORGANISATION, ORGANISATION
from xiezuo.reference.lookups import SPECIALTY
from xiezuo.regions.lookups import REGION

register_reference(Need, "organisation", ORGANISATION)
register_reference(Need, "specialty", SPECIALTY)
register_reference(TeamNeed, "organisation", ORGANISATION)
register_reference(Round, "scope_region", REGION)
register_reference(Round, "pool_region", REGION)
register_reference(Round, "pool_organisation", ANY_ORGANISATION)
