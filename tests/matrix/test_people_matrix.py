"""Permission matrix rows of the people and trainee forms (issue 13, item 5): the person's
create and edit pages, the specialty names offered to the person form, and a class's
trainee add / edit / remove."""

import pytest

from tests.matrix import test_page_matrix
from tests.matrix.test_activities_matrix import CHANGES as ACTIVITY_CHANGES
from tests.matrix.test_activities_matrix import SEES as ACTIVITY_SEES
from tests.matrix.test_activities_matrix import build_activities_world
from tests.matrix.world import ROLES, build_world, changes, check_post_pages, client_for, sees

pytestmark = pytest.mark.django_db

ADDS_PEOPLE = {"admin", "coordinator", "org_user"}  # self-service keeps only its own record
PEOPLE_PAGES = {"people:person_create", "people:person_edit", "people:specialty_options"}
TRAINEE_POST_PAGES = {
    "activities:trainee_add": ("trainingclass", "/activities/trainings/{pk}/trainees/"),
    "activities:trainee_remove": ("trainee", "/activities/trainees/{pk}/remove/"),
}
TRAINEE_EDIT = ("trainee", "/activities/trainees/{pk}/edit/")
test_page_matrix.EXTRA_COVERED |= PEOPLE_PAGES | set(TRAINEE_POST_PAGES) | {
    "activities:trainee_edit"}


@pytest.mark.parametrize("role", ROLES)
def test_person_create_page(refdata, role):
    world = build_world()
    client = client_for(world, role)
    for method in ("get", "post"):
        status = getattr(client, method)("/people/new/", {}).status_code
        if role == "anonymous":
            assert status == 302
        elif role in ADDS_PEOPLE:
            assert status == (200 if method == "get" else 422), (method, status)
        else:  # auditors, self-service users, users without a scope: no form, no write
            assert status == 403, (method, status)


@pytest.mark.parametrize("role", ROLES)
def test_person_edit_page(refdata, role):
    world = build_world()
    client = client_for(world, role)
    for side in ("in", "out"):
        url = f"/people/{world[side]['person'].pk}/edit/"
        for method in ("get", "post"):
            status = getattr(client, method)(url, {}).status_code
            if role == "anonymous":
                assert status == 302
            elif not sees(role, "person", side):
                assert status == 404, (side, method, status)
            elif not changes(role, "person", side):
                assert status == 403, (side, method, status)
            else:
                assert status == (200 if method == "get" else 422), (side, method, status)


@pytest.mark.parametrize("role", ROLES)
def test_specialty_names(refdata, role):
    world = build_world()
    response = client_for(world, role).get("/people/options/specialties/?specialty=神经")
    assert response.status_code == (302 if role == "anonymous" else 200)
    if role != "anonymous":
        assert "神经外科" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_trainee_pages(refdata, role):
    world = build_activities_world()
    client = client_for(world, role)
    entity, url = TRAINEE_EDIT
    for side in ("in", "out"):
        for method in ("get", "post"):
            status = getattr(client, method)(url.format(pk=world[side][entity].pk), {}).status_code
            if role == "anonymous":
                assert status == 302
            elif role != "admin" and (side == "out" or role not in ACTIVITY_SEES[entity]):
                assert status == 404, (side, method, status)
            elif role not in ACTIVITY_CHANGES[entity]:
                assert status == 403, (side, method, status)
            else:
                assert status == (200 if method == "get" else 422), (side, method, status)
    check_post_pages(client, role, world, TRAINEE_POST_PAGES, ACTIVITY_SEES["trainee"],
                     ACTIVITY_CHANGES["trainee"])
