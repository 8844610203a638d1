"""The access chokepoint: a user scoped to one county sees nothing of another."""

import io

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from xiezuo.core.scoping import SCOPE_RULES, scoped, signed_in
from xiezuo.core.tests.factories import OrganisationFactory, PairingFactory, PersonFactory, region
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Pairing, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_counties(refdata):
    wushan = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    kaizhou = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    return {
        "wushan": wushan, "kaizhou": kaizhou,
        "wushan_person": PersonFactory(name="巫山医生", organisation=wushan),
        "kaizhou_person": PersonFactory(name="开州医生", organisation=kaizhou),
        "wushan_pairing": PairingFactory(east_region=region("370600"), west_region=region("500237")),
        "kaizhou_pairing": PairingFactory(east_region=region("370700"), west_region=region("500154")),
    }


def test_every_model_of_ours_has_a_scope_rule():
    # Historical rows (django-simple-history) are only shown on their record's page,
    # which is scoped; user scopes are administered in the back office.
    ours = [m for m in apps.get_models() if m.__module__.startswith("xiezuo.")
            and m._meta.app_label not in {"accounts"} and not m.__name__.startswith("Historical")]
    missing = [m._meta.label_lower for m in ours if m._meta.label_lower not in SCOPE_RULES]
    assert missing == []


def test_querysets_are_scoped(two_counties, make_user):
    user = make_user("ws", region="500237")
    assert list(scoped(Organisation, user)) == [two_counties["wushan"]]
    assert list(scoped(Person, user)) == [two_counties["wushan_person"]]
    assert list(scoped(Pairing, user)) == [two_counties["wushan_pairing"]]
    assert list(scoped(Region, user).values_list("code", flat=True)) == ["500237"]


def test_user_without_scope_sees_nothing_and_superuser_everything(two_counties, make_user):
    nobody = make_user("nobody")
    assert not scoped(Person, nobody).exists()
    root = make_user("root2", superuser=True)
    assert scoped(Person, root).count() == 2


def test_province_scope_covers_its_counties(two_counties, make_user):
    user = make_user("cq", region="500000")
    assert scoped(Person, user).count() == 2


def test_organisation_scope(two_counties, make_user):
    user = make_user("org", organisation=two_counties["kaizhou"])
    assert list(scoped(Person, user)) == [two_counties["kaizhou_person"]]


PAGES_OF_OTHER = [
    "/organisations/{kaizhou.pk}/", "/people/{kaizhou_person.pk}/",
    "/regions/pairings/{kaizhou_pairing.pk}/", "/regions/500154/",
]
API_OF_OTHER = [
    "/api/organisations/{kaizhou.pk}", "/api/people/{kaizhou_person.pk}",
    "/api/pairings/{kaizhou_pairing.pk}", "/api/regions/{kaizhou.region_id}",
]


@pytest.mark.parametrize("url", PAGES_OF_OTHER + API_OF_OTHER)
def test_other_county_records_are_not_found(two_counties, make_user, client_for, url):
    client = client_for(make_user("ws", region="500237"))
    assert client.get(url.format(**two_counties)).status_code == 404


@pytest.mark.parametrize(("url", "hidden"), [
    ("/organisations/", "开州区人民医院"), ("/people/", "开州医生"), ("/regions/pairings/", "开州区"),
    ("/organisations/?q=开州", "开州区人民医院"), ("/people/?q=开州", "开州医生"),
])
def test_lists_and_searches_leave_out_other_county(two_counties, make_user, client_for, url, hidden):
    client = client_for(make_user("ws", region="500237"))
    body = client.get(url).content.decode()
    assert hidden not in body


def test_api_lists_and_counts_are_scoped(two_counties, make_user, client_for):
    client = client_for(make_user("ws", region="500237"))
    people = client.get("/api/people/").json()
    assert people["count"] == 1 and people["items"][0]["name"] == "巫山医生"
    assert client.get("/api/people/?q=开州").json()["count"] == 0
    assert client.get("/api/organisations/").json()["count"] == 1


def test_people_export_is_scoped(two_counties, make_user, client_for):
    client = client_for(make_user("ws", region="500237"))
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/people/export.xlsx").content)).active
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == ["巫山医生"]


def test_cannot_write_outside_scope(two_counties, make_user, client_for):
    client = client_for(make_user("ws", region="500237"))
    # A new organisation in another county is refused and not stored.
    response = client.post("/api/organisations/", {"name": "越权单位", "kind": "hospital", "region": "500154"},
                           content_type="application/json")
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="越权单位").exists()
    # A person in an organisation outside the scope: the organisation is unknown to the user.
    response = client.post("/api/people/", {"name": "甲", "organisation": two_counties["kaizhou"].pk,
                                            "domain": "medical", "specialty_text": "骨科"},
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "organisation"]
    # Moving an own record out of scope is refused and changes nothing.
    pk = two_counties["wushan"].pk
    response = client.patch(f"/api/organisations/{pk}", {"region": "500154", "version": 1}, content_type="application/json")
    assert response.status_code == 403
    assert Organisation.objects.get(pk=pk).region.code == "500237"
    # Deleting another county's record: not found.
    assert client.delete(f"/api/people/{two_counties['kaizhou_person'].pk}").status_code == 404
    assert Person.objects.count() == 2


def test_anonymous_is_sent_to_login(client):
    assert client.get("/people/").status_code == 302
    assert client.get("/api/people/").status_code == 401


def test_signed_in_gives_the_user_and_refuses_an_anonymous_one(make_user):
    user = make_user("someone")
    assert signed_in(user) is user
    with pytest.raises(PermissionDenied):
        signed_in(AnonymousUser())


def test_an_anonymous_user_sees_nothing(two_counties):
    assert not scoped(Person, AnonymousUser()).exists()
    assert not scoped(Organisation.objects.all(), AnonymousUser()).exists()
