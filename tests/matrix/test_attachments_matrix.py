"""Permission matrix of attachments: the pages (upload, download, remove) and the API, for
every kind of record that carries them, every role, in and out of scope. The record's
own rule decides: who sees it sees its files, who may change it uploads; outside → 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import test_api_matrix, test_page_matrix
from tests.matrix.world import ROLES, client_for
from xiezuo.attachments.models import Attachment
from xiezuo.attachments.tests.conftest import PDF, build_attachment_world

pytestmark = pytest.mark.django_db
KINDS = ["posting", "activity", "event", "agreement", "goal"]
# The in-scope records lie at 巫山县中医院 (postings, goals, activities, groups) and on its
# pairing (agreements): 巫山's coordinator and auditor and the hospital's users see them all.
SEES = {"admin", "coordinator", "auditor", "org_user"}
CHANGES = {"admin", "coordinator", "org_user"}
# Who removes a file someone else uploaded (organisation users remove only their own).
REMOVES_ANY = {"admin", "coordinator"}

test_page_matrix.EXTRA_COVERED |= {"attachments:upload", "attachments:download", "attachments:remove"}
API = [("get", "/api/attachments/of/{parent}/{parent_id}"), ("post", "/api/attachments/of/{parent}/{parent_id}"),
       ("get", "/api/attachments/{pk}"), ("get", "/api/attachments/{pk}/file"),
       ("delete", "/api/attachments/{pk}")]
test_api_matrix.EXTRA_COVERED |= set(API)


@pytest.fixture
def world(refdata, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_attachment_world()
    admin = client_for(world, "admin")
    for side in ("in", "out"):
        for key in KINDS:
            admin.post(f"/attachments/{key}/{world[side][key].pk}/upload/",
                       {"files": [SimpleUploadedFile(f"{key}{side}.pdf", PDF)], "kind": "notice"})
    assert Attachment.objects.count() == 2 * len(KINDS)
    return world


def expected(role, side, write, remove_other=False):
    if role == "anonymous":
        return "login"
    if role != "admin" and (side == "out" or role not in SEES):
        return 404
    if write and role not in CHANGES:
        return 403
    if remove_other and role not in REMOVES_ANY:
        return 403
    return "ok"


@pytest.mark.parametrize("role", ROLES)
def test_attachment_pages(world, role):
    client = client_for(world, role)
    for key in KINDS:
        for side in ("in", "out"):
            record = world[side][key]
            attachment = Attachment.objects.get(original_name=f"{key}{side}.pdf")
            download = client.get(f"/attachments/{attachment.pk}/")
            posted = client.post(f"/attachments/{key}/{record.pk}/upload/",
                                 {"files": [SimpleUploadedFile("新.pdf", PDF)], "kind": "photo"})
            removed = client.post(f"/attachments/{attachment.pk}/remove/")
            for response, write, other in ((download, False, False), (posted, True, False),
                                           (removed, True, True)):
                want = expected(role, side, write, other)
                if want == "login":
                    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
                elif want == "ok":
                    assert response.status_code in (200, 302), (key, side, response.status_code)
                else:
                    assert response.status_code == want, (key, side, response.status_code)
            if role != "anonymous" and expected(role, side, False) == "ok":
                page = record.owner.get_absolute_url() if key == "goal" else record.get_absolute_url()
                html = client.get(page).content.decode()
                assert ("上传附件" in html) == (role in CHANGES), (key, side)


@pytest.mark.parametrize("role", ROLES)
def test_attachment_api(world, role):
    client = client_for(world, role)
    for key in KINDS:
        for side in ("in", "out"):
            record = world[side][key]
            attachment = Attachment.objects.get(original_name=f"{key}{side}.pdf")
            calls = [
                (client.get(f"/api/attachments/of/{key}/{record.pk}"), False, False),
                (client.get(f"/api/attachments/{attachment.pk}"), False, False),
                (client.get(f"/api/attachments/{attachment.pk}/file"), False, False),
                (client.post(f"/api/attachments/of/{key}/{record.pk}",
                             {"files": [SimpleUploadedFile("新.pdf", PDF)]}), True, False),
                (client.delete(f"/api/attachments/{attachment.pk}"), True, True),
            ]
            for response, write, other in calls:
                want = expected(role, side, write, other)
                if want == "login":
                    assert response.status_code == 401
                elif want == "ok":
                    assert response.status_code in (200, 201, 204), (key, side, response.status_code)
                else:
                    assert response.status_code == want, (key, side, response.status_code,
                                                          response.content[:200])
