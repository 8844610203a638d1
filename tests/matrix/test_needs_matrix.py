"""Permission matrix of the needs endpoints and pages (needs, team needs, matching rounds)."""

import datetime

import pytest
from django.db.models import Max

from tests.matrix import test_api_matrix, test_page_matrix
from tests.matrix.world import (
    ADDS,
    ROLES,
    build_world,
    check,
    check_crud,
    client_for,
    crud_operations,
    expected,
    page_status,
)
from xiezuo.needs.models import Need, Round, TeamNeed
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person

pytestmark = pytest.mark.django_db
D = datetime.date
ENTITIES = {"/api/needs/": "need", "/api/team-needs/": "teamneed", "/api/rounds/": "round"}
# Needs and team needs are placed by the western organisation: coordinators, auditors and
# its organisation users see them. Rounds are placed by the coordinators' region.
SEES = {"need": {"admin", "coordinator", "auditor", "org_user"},
        "teamneed": {"admin", "coordinator", "auditor", "org_user"},
        "round": {"admin", "coordinator", "auditor"}}
CHANGES = {"need": {"admin", "coordinator", "org_user"},
           "teamneed": {"admin", "coordinator", "org_user"},
           "round": {"admin", "coordinator"}}


def build_needs_world():
    world = build_world()
    east = Organisation.objects.get(name="烟台山医院")
    world["expert"] = Person.objects.create(name="东部专家", organisation=east, domain="medical",
                                            specialty_text="骨科", title_level=4)
    for side in ("in", "out"):
        org = world[side]["organisation"]
        need = Need.objects.create(organisation=org, domain="medical", specialty_text="骨科",
                                   start=D(2030, 1, 1), end=D(2030, 6, 30), status="published")
        round_ = Round.objects.create(name=f"轮{side}", scope_region=world[side]["region"])
        round_.needs.set([need])
        world[side].update({
            "need": need, "round": round_,
            "teamneed": TeamNeed.objects.create(name=f"团队{side}", organisation=org, domain="medical",
                                                start=D(2030, 1, 1), end=D(2030, 12, 31)),
        })
    return world


def body(entity, side, world):
    org = world[side]["organisation"].pk
    return {
        "need": {"organisation": org, "domain": "medical", "specialty_text": "儿科",
                 "start": "2030-01-01", "end": "2030-06-01"},
        "teamneed": {"name": "新团队", "organisation": org, "domain": "medical",
                     "start": "2030-01-01", "end": "2030-12-31"},
        "round": {"name": "新轮", "needs": [world[side]["need"].pk]},
    }[entity]


PATCHES = {"need": {"priority": 4}, "teamneed": {"name": "改"}, "round": {"name": "改"}}


def expect(role, entity, side, write):
    return expected(role, side, write, SEES[entity], CHANGES[entity])


OPERATIONS = crud_operations(ENTITIES)
ACTION_BODIES = {
    "/api/needs/{pk}/close-unfillable": {"reason": "无法满足"},
    "/api/needs/{pk}/reject": {"reason": "请补充"},
    "/api/rounds/{pk}/reject": {"reason": "人选不合适"},
    "/api/rounds/{pk}/pin": {"need": "need", "person": "expert"},
    "/api/rounds/{pk}/exclude": {"need": "need", "person": "expert"},
    "/api/rounds/{pk}/swap": {"need": "need", "person": "expert", "replacement": "person"},
}
ACTIONS = [("post", "/api/needs/{pk}/submit"), ("post", "/api/needs/{pk}/approve"),
           ("post", "/api/needs/{pk}/reject"), ("post", "/api/needs/{pk}/publish"),
           ("post", "/api/needs/{pk}/close"),
           ("post", "/api/needs/{pk}/close-unfillable"), ("post", "/api/rounds/{pk}/run"),
           ("post", "/api/rounds/{pk}/pin"), ("post", "/api/rounds/{pk}/exclude"),
           ("post", "/api/rounds/{pk}/swap"), ("post", "/api/rounds/{pk}/approve"),
           ("post", "/api/rounds/{pk}/reject")]
# Approving or returning a need is the coordinators' (issue 14): an organisation user, who
# may change its own need, is refused (403) — whatever the need's state.
DECIDERS_ONLY = {"/api/needs/{pk}/approve", "/api/needs/{pk}/reject"}
test_api_matrix.EXTRA_COVERED |= {(m, p) for m, p, _ in OPERATIONS} | set(ACTIONS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "kind"), OPERATIONS)
def test_needs_crud(refdata, role, method, path, kind):
    world = build_needs_world()
    entity = ENTITIES[path.split("{")[0]]
    check_crud(client_for(world, role), world, role, method, path, kind, entity=entity,
               sees_roles=SEES[entity], change_roles=CHANGES[entity],
               body=lambda side: body(entity, side, world), patch=PATCHES[entity])


@pytest.mark.parametrize("role", ROLES)
def test_needs_actions(refdata, role):
    world = build_needs_world()
    client = client_for(world, role)
    for _method, path in ACTIONS:
        entity = {"needs": "need", "rounds": "round"}[path.split("/")[2]]
        for side in ("in", "out"):
            url = path.format(pk=world[side][entity].pk)
            payload = dict(ACTION_BODIES.get(path, {}))
            if "/rounds/" in path:
                payload = {key: (world[side] if value in world[side] else world)[value].pk
                           if value in world[side] or value in world else value
                           for key, value in payload.items()}
            response = client.post(url, payload, content_type="application/json")
            allowed = expect(role, entity, side, True)
            if path in DECIDERS_ONLY and role == "org_user" and side == "in":
                allowed = {403}
            check(response, allowed, (path, side))


# ---- pages --------------------------------------------------------------------------

DETAIL_PAGES = {
    "needs:need_detail": ("need", "/needs/{pk}/"),
    "needs:team_need_detail": ("teamneed", "/needs/teams/{pk}/"),
    "needs:round_detail": ("round", "/needs/rounds/{pk}/"),
    "needs:round_status": ("round", "/needs/rounds/{pk}/status/"),
    "needs:round_export": ("round", "/needs/rounds/{pk}/plan.xlsx"),
}
LIST_PAGES = {"needs:need_list": "/needs/", "needs:need_export": "/needs/export.xlsx",
              "needs:round_list": "/needs/rounds/"}
FORM_PAGES = {"needs:need_create": "/needs/new/", "needs:team_need_create": "/needs/teams/new/",
              "needs:round_create": "/needs/rounds/new/", "needs:need_template": "/needs/template.xlsx",
              "needs:need_import": "/needs/import/"}
# Pages that change one record: GET (the edit form) and POST are refused to read-only roles.
CHANGE_PAGES = {"needs:need_edit": ("need", "/needs/{pk}/edit/"),
                "needs:need_action": ("need", "/needs/{pk}/publish/"),
                "needs:round_action": ("round", "/needs/rounds/{pk}/run/")}
test_page_matrix.EXTRA_COVERED |= (set(DETAIL_PAGES) | set(LIST_PAGES) | set(FORM_PAGES)
                                   | set(CHANGE_PAGES))


@pytest.mark.parametrize("role", ROLES)
def test_needs_pages(refdata, role):
    world = build_needs_world()
    client = client_for(world, role)
    for name, (entity, url) in DETAIL_PAGES.items():
        for side in ("in", "out"):
            response = client.get(url.format(pk=world[side][entity].pk))
            if role == "anonymous":
                assert response.status_code == 302, name
                continue
            visible = role == "admin" or (side == "in" and role in SEES[entity])
            assert response.status_code == (200 if visible else 404), (name, side)
    for name, url in {**LIST_PAGES, **FORM_PAGES}.items():
        response = client.get(url)
        adds = {"coordinator"} if name == "needs:round_create" else ADDS  # rounds: coordinators
        assert response.status_code == page_status(role, name, adds), name
        if name in LIST_PAGES and role not in ("anonymous", "admin") and not url.endswith(".xlsx"):
            assert "轮out" not in response.content.decode() and "开州区人民医院" not in (
                response.content.decode())
    for name, (entity, url) in CHANGE_PAGES.items():
        for side in ("in", "out"):
            target = url.format(pk=world[side][entity].pk)
            for method in ("get", "post") if name == "needs:need_edit" else ("post",):
                response = getattr(client, method)(target, {})
                if role == "anonymous":
                    assert response.status_code == 302, name
                elif role != "admin" and (side == "out" or role not in SEES[entity]):
                    assert response.status_code == 404, (name, side, method)
                elif role not in CHANGES[entity]:
                    assert response.status_code == 403, (name, side, method)
                else:
                    assert response.status_code < 500, (name, side, method)


# ---- references outside the scope (issue 11, finding 4) ----------------------------------
# Pins, exclusions, swaps and pools of a round resolve only within what the actor may draw
# on: their scope and the eastern side of the pairings of the round's needs. Roles that may
# not change the round get 401/404/403 before any input is read; those that may get the
# SAME 422 for a person/region/organisation out of reach and for one that does not exist.

REFUSED = {"anonymous": {401}, "nobody": {404}, "self_service": {404}, "org_user": {404},
           "auditor": {403}}
PAGE_REFUSED = {"anonymous": {302}, "nobody": {404}, "self_service": {404}, "org_user": {404},
                "auditor": {403}}


@pytest.mark.parametrize("role", ROLES)
def test_round_references_outside_the_scope(refdata, role):
    world = build_needs_world()
    client = client_for(world, role)
    round_ = world["in"]["round"]
    url = f"/api/rounds/{round_.pk}"
    need, outsider = world["in"]["need"].pk, world["out"]["person"].pk
    missing = Person.objects.aggregate(m=Max("pk"))["m"] + 1000

    def answers(method, path, bodies):
        found = []
        for body in bodies:
            response = getattr(client, method)(path, body, content_type="application/json")
            if role in REFUSED:
                assert response.status_code in REFUSED[role], (path, body, response.status_code)
            else:
                found.append((response.status_code, response.json()))
            assert "在外医生" not in response.content.decode()
        return found

    for path, key, extra in (("pin", "person", {}), ("exclude", "person", {}),
                             ("swap", "replacement", {"person": world["expert"].pk})):
        found = answers("post", f"{url}/{path}", [{"need": need, key: p, **extra}
                                                   for p in (outsider, missing)])
        if found:  # admin (not in the round's pool) and coordinator alike
            assert found[0] == found[1] and found[0][0] == 422, (path, found)
            assert found[0][1]["detail"][0]["loc"] == ["body", key]
    page = client.post(f"/needs/rounds/{round_.pk}/pin/", {"need": need, "person": outsider})
    assert page.status_code in PAGE_REFUSED.get(role, {302}), (role, page.status_code)
    round_.refresh_from_db()
    assert round_.pins == [] and round_.exclusions == []
    # Pools (an administrator's wider pool is then set: pinned people follow it).
    for field, outside, nothing in (("pool_region", "440100", "999999"),
                                    ("pool_organisation", world["out"]["organisation"].pk, 10**9)):
        bodies = [{field: v, "version": Round.objects.get(pk=round_.pk).version}
                  for v in (nothing, outside)]
        found = answers("patch", url, bodies)
        if role == "coordinator":
            assert found[0] == found[1] and found[0][0] == 422, (field, found)
            assert found[0][1]["detail"][0]["loc"] == ["body", field]
        elif role == "admin":  # an administrator may pool anywhere; nothing is still nothing
            assert [status for status, _body in found] == [422, 200], (field, found)
    round_.refresh_from_db()
    if role == "coordinator":
        assert round_.pool_region is None and round_.pool_organisation is None
        assert "在外医生" not in client.get(f"/needs/rounds/{round_.pk}/").content.decode()
