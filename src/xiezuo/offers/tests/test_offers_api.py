"""Offers API: CRUD, publish/close, scope, the places and naming their person."""

import pytest

from xiezuo.offers.choices import OfferStatus, PlacementState
from xiezuo.offers.models import Offer, Placement
from xiezuo.offers.tests.world import build, place

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def test_crud_and_lifecycle(world, client_for):
    client = client_for(world["east_coordinator"])
    body = {"organisation": "烟台山医院", "domain": "medical", "specialty_text": "中学数学",
            "count": 3, "min_title_level": 3, "start": "2027-02-20", "end": "2027-07-10",
            "modes": ["long_posting"], "note": "春季学期"}
    response = client.post("/api/offers/", body, content_type=JSON)
    assert response.status_code == 201, response.content
    data = response.json()
    pk = data["id"]
    assert (data["offerer_name"], data["region"], data["status"]) == ("烟台山医院", "370602", "draft")
    assert data["allowed_actions"] == ["publish", "close"]
    assert client.post("/api/offers/", {**body, "end": "2027-01-01"},
                       content_type=JSON).status_code == 422
    assert client.post("/api/offers/", {**body, "modes": []}, content_type=JSON).status_code == 422
    city = client.post("/api/offers/", {**body, "organisation": None, "region": "烟台市"},
                       content_type=JSON)
    assert city.status_code == 201 and city.json()["organisation"] is None
    assert city.json()["region"] == "370600"
    assert client.patch(f"/api/offers/{pk}", {"count": 4}, content_type=JSON).status_code == 422
    response = client.patch(f"/api/offers/{pk}", {"count": 4, "version": 1}, content_type=JSON)
    assert response.status_code == 200 and response.json()["count"] == 4
    response = client.post(f"/api/offers/{pk}/transition", {"action": "publish"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "published"
    again = client.post(f"/api/offers/{pk}/transition", {"action": "publish"}, content_type=JSON)
    assert again.status_code == 409
    unknown = client.post(f"/api/offers/{pk}/transition", {"action": "match"}, content_type=JSON)
    assert unknown.status_code == 422
    response = client.post(f"/api/offers/{pk}/transition", {"action": "close"}, content_type=JSON)
    assert response.json()["status"] == "closed"
    listed = client.get("/api/offers/?status=closed").json()
    assert [o["id"] for o in listed["items"]] == [pk]
    draft = city.json()["id"]
    assert client.delete(f"/api/offers/{draft}").status_code == 204
    assert not Offer.objects.filter(pk=draft).exists()


def test_scope_and_auditor(world, client_for):
    offer = world["offer"]
    stranger = client_for(world["stranger"])
    assert stranger.get(f"/api/offers/{offer.pk}").status_code == 404
    assert stranger.post(f"/api/offers/{offer.pk}/transition", {"action": "publish"},
                         content_type=JSON).status_code == 404
    assert stranger.get("/api/offers/").json()["count"] == 0
    auditor = client_for(world["auditor"])
    assert auditor.get(f"/api/offers/{offer.pk}").status_code == 200
    assert auditor.post(f"/api/offers/{offer.pk}/transition", {"action": "publish"},
                        content_type=JSON).status_code == 403
    assert auditor.patch(f"/api/offers/{offer.pk}", {"count": 5, "version": offer.version},
                         content_type=JSON).status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.DRAFT


def test_naming_through_the_api(world, client_for):
    placement = place(world)
    client = client_for(world["east_coordinator"])
    places = client.get("/api/places/?state=open").json()
    assert [p["id"] for p in places["items"]] == [placement.pk]
    assert places["items"][0]["need_label"] .startswith("巫山县中医院 · 神经外科")
    junior = world["people"]["丙医生"]
    refused = client.post(f"/api/places/{placement.pk}/name", {"person": junior.pk},
                          content_type=JSON)
    assert refused.status_code == 422
    [error] = refused.json()["detail"]
    assert error["loc"][-1] == "person" and "丙医生" in error["msg"] and "职称" in error["msg"]
    assert Placement.objects.get(pk=placement.pk).state == PlacementState.OPEN
    stranger = client_for(world["stranger"])
    assert stranger.post(f"/api/places/{placement.pk}/name", {"person": junior.pk},
                         content_type=JSON).status_code == 404
    assert stranger.get(f"/api/places/{placement.pk}").status_code == 404
    senior = world["people"]["甲医生"]
    west = client_for(world["coordinator"])  # the need's side sees the place, does not name
    assert west.get(f"/api/places/{placement.pk}").status_code == 200
    assert west.post(f"/api/places/{placement.pk}/name", {"person": senior.pk},
                     content_type=JSON).status_code == 403
    done = client.post(f"/api/places/{placement.pk}/name", {"person": senior.pk}, content_type=JSON)
    assert done.status_code == 200, done.content
    data = done.json()
    assert data["state"] == "named" and data["person"] == senior.pk and data["posting"]
    assert client.post(f"/api/places/{placement.pk}/name", {"person": senior.pk},
                       content_type=JSON).status_code == 409
