"""The project's JSON API: the one `XiezuoAPI` instance with every app's routers (wiring;
`xiezuo.core.api` holds the generic API class and its uniform errors)."""

from xiezuo.accounts.bearer import BearerToken
from xiezuo.activities.api import ROUTERS as activity_routers
from xiezuo.attachments.api import router as attachments_router
from xiezuo.cooperation.api import ROUTERS as cooperation_routers
from xiezuo.core.api import BrowserSession, XiezuoAPI, signed_in
from xiezuo.core.api_jobs import router as jobs_router
from xiezuo.exchange.api import goals_router, outcomes_router, postings_router, teams_router
from xiezuo.exchange.api_support import (
    bases_router,
    engagements_router,
    mentorships_router,
    programmes_router,
)
from xiezuo.insights.api import ROUTERS as insight_routers
from xiezuo.needs.api import needs_router, rounds_router, team_needs_router
from xiezuo.offers.api import offers_router, places_router
from xiezuo.orgs.api import router as orgs_router
from xiezuo.people.api import router as people_router
from xiezuo.reference.api import router as reference_router
from xiezuo.regions.api import pairings_router, regions_router
from xiezuo.reports.api import facts_router, records_router, reports_router

api = XiezuoAPI(
    title="xiezuo API",
    version="1",
    description="East–West cooperation talent exchange (东西部协作 · 人才交流).",
    urls_namespace="api",
    # A personal API token (accounts) first, then the browser session (with CSRF).
    auth=[BearerToken(), BrowserSession()],
    # The OpenAPI schema (JSON) also for a machine with a token; /api/docs for people.
    docs_decorator=signed_in(BearerToken()),
)

api.add_router("/regions", regions_router)
api.add_router("/pairings", pairings_router)
api.add_router("/organisations", orgs_router)
api.add_router("/people", people_router)
api.add_router("/reference", reference_router)
api.add_router("/postings", postings_router)
api.add_router("/teams", teams_router)
api.add_router("/goals", goals_router)
api.add_router("/outcomes", outcomes_router)
api.add_router("/mentorships", mentorships_router)
api.add_router("/engagements", engagements_router)
api.add_router("/bases", bases_router)
api.add_router("/programmes", programmes_router)
api.add_router("/needs", needs_router)
api.add_router("/team-needs", team_needs_router)
api.add_router("/rounds", rounds_router)
api.add_router("/offers", offers_router)
api.add_router("/places", places_router)
api.add_router("/reports", reports_router)
api.add_router("/facts", facts_router)
api.add_router("/fact-records", records_router)
api.add_router("/jobs", jobs_router)
api.add_router("/attachments", attachments_router)
# The activities, cooperation and insights apps list their routers as (prefix, router) pairs.
for prefix, router in (*activity_routers, *cooperation_routers, *insight_routers):
    api.add_router(prefix, router)
api.document_errors()
