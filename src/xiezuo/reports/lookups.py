"""What reports may name (see `core.lookups`): the regions of a report, any; its
organisation, the uploader's. What the extraction finds is not given by the user
(`core.lookups.NOT_GIVEN_FIELDS`).
"""

from __future__ import annotations

from xiezuo.core.lookups import register_reference
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.regions.lookups import REGION
from xiezuo.reports.models import ReportDocument

for _field in ("region", "east_region", "west_region"):
    register_reference(ReportDocument, _field, REGION)
register_reference(ReportDocument, "organisation", ORGANISATION)
