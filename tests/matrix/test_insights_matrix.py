"""Permission matrix of the dashboard, drill-down, coverage and annual report (API and pages).

A user may look at a pairing's figures when the pairing is in their scope (coordinators and
auditors of its regions, users of its organisations, administrators); otherwise 404.
The figures themselves are counted through each user's scope (tests in
src/xiezuo/insights/tests)."""

import pytest

from tests.matrix import test_api_matrix, test_page_matrix
from tests.matrix.world import ROLES, build_world, check, client_for

pytestmark = pytest.mark.django_db
SEES_PAIRING = {"admin", "coordinator", "auditor", "org_user"}
API = [("get", "/api/insights/dashboard"), ("get", "/api/insights/annual-report"),
       ("get", "/api/insights/records")]
PAGES = {"insights:dashboard": "/insights/", "insights:records": "/insights/records/",
         "insights:coverage": "/insights/coverage/", "insights:report": "/insights/report/",
         "insights:map": "/insights/map/",
         "insights:report_docx": "/insights/report.docx", "insights:report_xlsx": "/insights/report.xlsx"}
test_api_matrix.EXTRA_COVERED |= set(API)
test_page_matrix.EXTRA_COVERED |= set(PAGES)


def expected(role, side, *, api):
    if role == "anonymous":
        return {401} if api else {302}
    if role == "admin" or (side == "in" and role in SEES_PAIRING):
        return {200}
    return {404}


@pytest.mark.parametrize("role", ROLES)
def test_insights_api(refdata, role):
    world = build_world()
    client = client_for(world, role)
    for _method, path in API:
        for side in ("in", "out"):
            query = f"pairing={world[side]['pairing'].pk}&year=2025&measure=professionals_sent"
            check(client.get(f"{path}?{query}"), expected(role, side, api=True), (path, side))


@pytest.mark.parametrize("role", ROLES)
def test_insights_pages(refdata, role):
    world = build_world()
    client = client_for(world, role)
    for name, url in PAGES.items():
        for side in ("in", "out"):
            query = f"pairing={world[side]['pairing'].pk}&year=2025&measure=professionals_sent"
            check(client.get(f"{url}?{query}"), expected(role, side, api=False), (name, side))
