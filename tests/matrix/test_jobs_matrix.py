"""Permission matrix of background jobs: pages and API. A job is seen by the user who
started it and by administrators; everyone else gets 404 (a user without a scope sees
nothing, as with import batches)."""

import pytest

from tests.matrix import test_api_matrix, test_page_matrix
from tests.matrix.world import ROLES, build_world, check, client_for
from xiezuo.core.models import Job

pytestmark = pytest.mark.django_db

API = [("get", "/api/jobs/"), ("get", "/api/jobs/{pk}")]
PAGES = {
    "job_list": "/jobs/",
    "job_detail": "/jobs/{pk}/",
    "job_status": "/jobs/{pk}/status/",
    "job_download": "/jobs/{pk}/download",
}
test_api_matrix.EXTRA_COVERED |= set(API)
test_page_matrix.EXTRA_COVERED |= set(PAGES)


def build_jobs_world():
    world = build_world()

    def job(user, name):
        return Job.objects.create(kind="export", resource="orgs.organisation", file_name=name,
                                  actor=user, status="succeeded", total=1, done=1,
                                  result=b"PK-workbook")

    world["in"]["job"] = {r: job(u, f"own-{r}.xlsx") for r, u in world["users"].items()}
    world["out"]["job"] = job(world["users"]["admin"], "someone-else.xlsx")
    return world


def expect(role, side):
    if role == "admin":
        return {200}
    if side == "out" or role == "nobody":
        return {404}
    return {200}


@pytest.mark.parametrize("role", ROLES)
def test_jobs_api(refdata, role):
    world = build_jobs_world()
    client = client_for(world, role)
    listed = client.get("/api/jobs/")
    if role == "anonymous":
        assert listed.status_code == 401
        assert client.get(f"/api/jobs/{world['out']['job'].pk}").status_code == 401
        return
    ids = {item["id"] for item in listed.json()["items"]}
    own, other = world["in"]["job"][role], world["out"]["job"]
    assert (own.pk in ids) == (role != "nobody")
    assert (other.pk in ids) == (role == "admin")
    for side, job in (("in", own), ("out", other)):
        check(client.get(f"/api/jobs/{job.pk}"), expect(role, side), ("read", side))


@pytest.mark.parametrize("role", ROLES)
def test_jobs_pages(refdata, role):
    world = build_jobs_world()
    client = client_for(world, role)
    if role == "anonymous":
        for url in PAGES.values():
            assert client.get(url.format(pk=world["out"]["job"].pk)).status_code == 302, url
        return
    listing = client.get("/jobs/").content.decode()
    assert ("someone-else.xlsx" in listing) == (role == "admin")
    assert (f"own-{role}.xlsx" in listing) == (role != "nobody")
    own, other = world["in"]["job"][role], world["out"]["job"]
    for name, url in PAGES.items():
        if name == "job_list":
            continue
        for side, job in (("in", own), ("out", other)):
            check(client.get(url.format(pk=job.pk)), expect(role, side), (name, side))
