"""What the exchange's records may name (see `core.lookups`): people the actor may name,
any organisation as a host, sending side or partner, pairings the actor sees; the
exchange's own records (teams, programmes, postings, goals) by id in the actor's scope.
"""

from __future__ import annotations

from xiezuo.core.lookups import register_reference
from xiezuo.exchange.models import Base, Engagement, Mentorship, Posting, Team
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON
from xiezuo.regions.lookups import PAIRING

register_reference(Posting, "person", PERSON)
register_reference(Posting, "host", ANY_ORGANISATION)
register_reference(Posting, "pairing", PAIRING)
register_reference(Team, "host", ANY_ORGANISATION)
register_reference(Team, "sending_org", ANY_ORGANISATION)
register_reference(Mentorship, "mentor", PERSON)
register_reference(Mentorship, "host", ANY_ORGANISATION)
register_reference(Engagement, "person", PERSON)
register_reference(Engagement, "organisation", ANY_ORGANISATION)
register_reference(Base, "host", ANY_ORGANISATION)
register_reference(Base, "partner", ANY_ORGANISATION)
