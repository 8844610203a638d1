"""Permission matrix of the offers (供给清单) and their places to name: API and pages."""

import datetime

import pytest

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
from xiezuo.needs.models import Need
from xiezuo.offers.models import Offer, Placement

pytestmark = pytest.mark.django_db
D = datetime.date
ENTITIES = {"/api/offers/": "offer"}
# An offer is placed by its organisation (and its region): coordinators of the region,
# its auditors and the organisation's users see it; a place also by the need's side.
SEES = {"offer": {"admin", "coordinator", "auditor", "org_user"},
        "placement": {"admin", "coordinator", "auditor", "org_user"}}
CHANGES = {"offer": {"admin", "coordinator", "org_user"},
           "placement": {"admin", "coordinator", "org_user"}}


def build_offers_world():
    world = build_world()
    for side in ("in", "out"):
        org = world[side]["organisation"]
        offer = Offer.objects.create(organisation=org, region=org.region, domain="medical",
                                     specialty_text="骨科", count=2, start=D(2030, 1, 1),
                                     end=D(2030, 12, 31), modes=["long_posting"],
                                     status="published")
        need = Need.objects.create(organisation=org, domain="medical", specialty_text="骨科",
                                   start=D(2030, 1, 1), end=D(2030, 6, 30), status="filled",
                                   filled=1)
        world[side].update({"offer": offer, "placement": Placement.objects.create(
            offer=offer, need=need, planned_start=need.start, planned_end=need.end)})
    return world


def body(side, world):
    return {"organisation": world[side]["organisation"].pk, "domain": "medical",
            "specialty_text": "儿科", "count": 2, "start": "2030-01-01", "end": "2030-06-01",
            "modes": ["long_posting"]}


OPERATIONS = crud_operations(ENTITIES)
ACTIONS = [("post", "/api/offers/{pk}/transition", "offer", {"action": "close"}),
           ("get", "/api/places/{pk}", "placement", None),
           ("post", "/api/places/{pk}/name", "placement", {"person": "person"})]
test_api_matrix.EXTRA_COVERED |= ({(m, p) for m, p, _ in OPERATIONS}
                                  | {(m, p) for m, p, _e, _b in ACTIONS}
                                  | {("get", "/api/places/")})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "kind"), OPERATIONS)
def test_offers_crud(refdata, role, method, path, kind):
    world = build_offers_world()
    check_crud(client_for(world, role), world, role, method, path, kind, entity="offer",
               sees_roles=SEES["offer"], change_roles=CHANGES["offer"],
               body=lambda side: body(side, world), patch={"note": "改"})


@pytest.mark.parametrize("role", ROLES)
def test_offers_actions_and_places(refdata, role):
    world = build_offers_world()
    client = client_for(world, role)
    for method, path, entity, payload in ACTIONS:
        for side in ("in", "out"):
            url = path.format(pk=world[side][entity].pk)
            data = {k: world[side][v].pk if v in world[side] else v
                    for k, v in (payload or {}).items()}
            response = (client.get(url) if method == "get" else
                        client.post(url, data, content_type="application/json"))
            check(response, expected(role, side, method == "post", SEES[entity],
                                     CHANGES[entity]), (path, side))
    response = client.get("/api/places/")
    if role == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == 200
        ids = {row["id"] for row in response.json()["items"]}
        for side in ("in", "out"):
            visible = role == "admin" or (side == "in" and role in SEES["placement"])
            assert (world[side]["placement"].pk in ids) == visible, side


DETAIL_PAGES = {
    "offers:offer_detail": ("offer", "/offers/{pk}/"),
    "offers:placement_detail": ("placement", "/offers/places/{pk}/"),
}
LIST_PAGES = {"offers:offer_list": "/offers/", "offers:offer_export": "/offers/export.xlsx",
              "offers:placement_list": "/offers/places/"}
FORM_PAGES = {"offers:offer_create": "/offers/new/", "offers:offer_template": "/offers/template.xlsx",
              "offers:offer_import": "/offers/import/"}
CHANGE_PAGES = {"offers:offer_edit": ("offer", "/offers/{pk}/edit/"),
                "offers:offer_action": ("offer", "/offers/{pk}/close/")}
test_page_matrix.EXTRA_COVERED |= (set(DETAIL_PAGES) | set(LIST_PAGES) | set(FORM_PAGES)
                                   | set(CHANGE_PAGES))


@pytest.mark.parametrize("role", ROLES)
def test_offers_pages(refdata, role):
    world = build_offers_world()
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
        assert response.status_code == page_status(role, name, ADDS), name
        if name in LIST_PAGES and role not in ("anonymous", "admin") and not url.endswith(".xlsx"):
            assert "开州区人民医院" not in response.content.decode(), name
    for name, (entity, url) in CHANGE_PAGES.items():
        for side in ("in", "out"):
            target = url.format(pk=world[side][entity].pk)
            for method in ("get", "post") if name == "offers:offer_edit" else ("post",):
                response = getattr(client, method)(target, {})
                if role == "anonymous":
                    assert response.status_code == 302, name
                elif role != "admin" and (side == "out" or role not in SEES[entity]):
                    assert response.status_code == 404, (name, side, method)
                elif role not in CHANGES[entity]:
                    assert response.status_code == 403, (name, side, method)
                else:
                    assert response.status_code < 500, (name, side, method)
