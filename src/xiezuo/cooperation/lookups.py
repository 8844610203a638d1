"""What the cooperation records may name (see `core.lookups`): a pairing the actor sees, and
any organisation as a party or a project's organisation (the other side of the pairing).
"""

from __future__ import annotations

from xiezuo.cooperation.models import Agreement, ConsumptionAssistance, LabourCooperation, Project
from xiezuo.core.lookups import register_reference
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.regions.lookups import PAIRING

for _model in (Agreement, Project, LabourCooperation, ConsumptionAssistance):
    register_reference(_model, "pairing", PAIRING)
register_reference(Agreement, "east_party", ANY_ORGANISATION)
register_reference(Agreement, "west_party", ANY_ORGANISATION)
register_reference(Project, "organisation", ANY_ORGANISATION)
