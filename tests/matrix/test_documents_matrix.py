"""Permission matrix of the documents pages: a posting's 选派通知 and the offices' templates,
every role, in and out of scope. Postings: who sees the posting gets its notice, outside → 404;
templates: listed by scope, uploaded and retired by coordinators (and administrators)."""

import datetime

import pytest

from tests.matrix import test_page_matrix
from tests.matrix.world import ROLES, build_world, client_for, region
from xiezuo.documents import services
from xiezuo.documents.default_templates import posting_notice
from xiezuo.documents.models import DocumentTemplate
from xiezuo.exchange.models import Posting
from xiezuo.people.models import Person

pytestmark = pytest.mark.django_db
test_page_matrix.EXTRA_COVERED |= {"documents:posting_notice", "documents:templates", "documents:template_download",
                                   "documents:template_retire", "documents:default_template"}
# Who sees postings at 巫山县中医院 (the host): its coordinator, auditor, the hospital's users and the
# posted person (self-service).
SEES_POSTING = {"admin", "coordinator", "auditor", "org_user", "self_service"}
SEES_TEMPLATE = {"admin", "coordinator", "auditor"}  # a region's template: the region's people
CHANGES_TEMPLATE = {"admin", "coordinator"}


@pytest.fixture
def world(refdata, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    for side in ("in", "out"):
        world[side]["posting"] = Posting.objects.create(
            person=world[side]["person"] if side == "in" else Person.objects.create(
                name="外县医生", organisation=world["out"]["organisation"], domain="medical"),
            host=world[side]["organisation"], kind="medical", direction="east_west", state="approved",
            planned_start=datetime.date(2026, 3, 1), planned_end=datetime.date(2027, 2, 28))
        world[side]["template"] = services.upload_template(
            actor=world["users"]["admin"], data=posting_notice(), file_name=f"{side}.docx",
            region=world[side]["region"])
    return world


def status(role, side, sees, write=False, changes=frozenset()):
    if role == "anonymous":
        return 302
    if role != "admin" and (side == "out" or role not in sees):
        return 404
    if write and role not in changes:
        return 403
    return None  # allowed


@pytest.mark.parametrize("role", ROLES)
def test_documents_pages(world, role):
    client = client_for(world, role)
    for side in ("in", "out"):
        response = client.get(f"/documents/postings/{world[side]['posting'].pk}/notice.docx")
        assert response.status_code == (status(role, side, SEES_POSTING) or 200), ("notice", side)
        template = world[side]["template"]
        response = client.get(f"/documents/templates/{template.pk}.docx")
        assert response.status_code == (status(role, side, SEES_TEMPLATE) or 200), ("template", side)
    listing = client.get("/documents/templates/")
    assert listing.status_code == (302 if role == "anonymous" else 200)
    if role != "anonymous":
        text = listing.content.decode()
        assert ("in.docx" in text) == (role in SEES_TEMPLATE)
        assert ("out.docx" in text) == (role == "admin")
        assert ('id="template-form"' in text) == (role in CHANGES_TEMPLATE)
        assert client.get("/documents/templates/default/posting_notice.docx").status_code == 200
    for side in ("out", "in"):
        template = world[side]["template"]
        response = client.post(f"/documents/templates/{template.pk}/retire/")
        expected = status(role, side, SEES_TEMPLATE, write=True, changes=CHANGES_TEMPLATE)
        assert response.status_code == (expected or 302), ("retire", side)
        template.refresh_from_db()
        assert template.active == (expected is not None), ("retire", side)
    upload = client.post("/documents/templates/", {"kind": "posting_notice", "region": ""})
    assert upload.status_code == {"anonymous": 302, "admin": 400, "coordinator": 400}.get(role, 403)
    assert DocumentTemplate.objects.filter(region=region("500237")).count() == 1
