"""Offers pages: create, lifecycle, Excel, scope, naming the person of a place."""

import io

import openpyxl
import pytest

from xiezuo.core.excel import run_import
from xiezuo.core.todos import todos_for
from xiezuo.exchange.models import Posting
from xiezuo.offers.choices import OfferStatus, PlacementState
from xiezuo.offers.models import Offer, Placement
from xiezuo.offers.resources import OfferResource
from xiezuo.offers.tests.world import build, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


FORM = {"domain": "medical", "specialty": "神经外科", "count": 3, "min_title_level": 4,
        "start": "2027-03-01", "end": "2027-07-31", "modes": ["long_posting", "remote"],
        "note": "三名神经外科医生"}


def test_create_publish_and_close_through_the_pages(world, client_for):
    client = client_for(world["east_coordinator"])
    page = client.get("/offers/new/").content.decode()
    assert "烟台山医院" in page and "长期派驻" in page  # organisations and modes by name
    before = Offer.objects.count()
    bad = client.post("/offers/new/", {**FORM, "organisation": world["east"].pk,
                                       "end": "2027-01-01", "modes": []})
    assert bad.status_code == 422
    assert {"end", "modes"} <= set(bad.context["form"].errors)
    assert Offer.objects.count() == before
    response = client.post("/offers/new/", {**FORM, "organisation": world["east"].pk})
    assert response.status_code == 302
    offer = Offer.objects.latest("pk")
    assert (offer.count, offer.specialty, offer.modes) == (3, world["neuro"],
                                                           ["long_posting", "remote"])
    assert offer.region == world["east"].region and offer.status == OfferStatus.DRAFT
    page = client.get(f"/offers/{offer.pk}/").content.decode()
    assert "发布" in page and "草稿" in page and "长期派驻、远程" in page
    assert client.post(f"/offers/{offer.pk}/publish/").status_code == 302
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.PUBLISHED
    page = client.post(f"/offers/{offer.pk}/publish/", follow=True).content.decode()
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.PUBLISHED  # refused, said so
    assert 'class="messages' in page or "error" in page
    client.post(f"/offers/{offer.pk}/close/")
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.CLOSED
    listing = client.get("/offers/?status=closed").content.decode()
    assert "神经外科" in listing and "烟台山医院" in listing


def test_city_offer_names_the_city(world, client_for):
    client = client_for(world["east_coordinator"])
    response = client.post("/offers/new/", {**FORM, "organisation": "", "region": "烟台市"})
    assert response.status_code == 302
    offer = Offer.objects.latest("pk")
    assert offer.organisation is None and offer.region.code == "370600"
    missing = client.post("/offers/new/", {**FORM, "organisation": "", "region": ""})
    assert missing.status_code == 422


def test_edit_keeps_the_version(world, client_for):
    client = client_for(world["east_coordinator"])
    offer = world["offer"]
    page = client.get(f"/offers/{offer.pk}/edit/")
    assert page.status_code == 200
    data = {**FORM, "organisation": world["east"].pk, "version": offer.version, "count": 5}
    assert client.post(f"/offers/{offer.pk}/edit/", data).status_code == 302
    assert Offer.objects.get(pk=offer.pk).count == 5
    stale = client.post(f"/offers/{offer.pk}/edit/", {**data, "count": 6})
    assert stale.status_code == 409 and Offer.objects.get(pk=offer.pk).count == 5


def test_scope_and_read_only_roles(world, client_for):
    offer = world["offer"]
    stranger = client_for(world["stranger"])
    assert stranger.get(f"/offers/{offer.pk}/").status_code == 404
    assert stranger.post(f"/offers/{offer.pk}/publish/").status_code == 404
    assert "烟台山医院" not in stranger.get("/offers/").content.decode()
    auditor = client_for(world["auditor"])
    page = auditor.get(f"/offers/{offer.pk}/").content.decode()
    assert "春季可派" in page and 'id="offer-publish"' not in page
    assert auditor.post(f"/offers/{offer.pk}/publish/").status_code == 403
    assert auditor.get("/offers/new/").status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.DRAFT


def _book(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_excel_round_trip_and_bad_rows(world, client_for):
    resource = OfferResource(actor=world["east_coordinator"])
    labels = {name: resource.fields[name].column_name for name in resource.fields}
    names = ("organisation", "region", "domain", "specialty", "count", "min_title_level",
             "start", "end", "modes")
    headers = [labels[n] for n in names]
    good = ["烟台山医院", "", "医疗卫生", "神经外科", 2, "副高级", "2027/3/1", "2027年8月31日",
            "长期派驻、短期交流"]
    city = ["", "烟台市", "医疗卫生", "骨科", 1, "中级", "2027-03-01", "2027-08-31", "远程帮扶"]
    bad_mode = ["烟台山医院", "", "医疗卫生", "骨科", 1, "中级", "2027-03-01", "2027-08-31", "出差"]
    backwards = ["烟台山医院", "", "医疗卫生", "骨科", 1, "中级", "2027-08-01", "2027-03-01",
                 "远程帮扶"]
    nobody = ["", "", "医疗卫生", "骨科", 1, "中级", "2027-03-01", "2027-08-31", "远程帮扶"]
    before = Offer.objects.count()
    outcome = run_import(resource=resource,
                         data=_book([headers, good, city, bad_mode, backwards, nobody]))
    assert not outcome.applied
    found = {(e.row, e.column) for e in outcome.errors}
    assert (4, labels["modes"]) in found
    assert (5, labels["end"]) in found
    assert (6, labels["organisation"]) in found
    assert Offer.objects.count() == before  # all or nothing
    outcome = run_import(resource=resource, data=_book([headers, good, city]))
    assert outcome.applied and outcome.created == 2
    imported = Offer.objects.order_by("-pk")[:2]
    by_city = {o.organisation_id is None: o for o in imported}
    assert by_city[False].modes == ["long_posting", "short_visit"]
    assert by_city[False].min_title_level == 4 and by_city[False].status == OfferStatus.DRAFT
    assert by_city[True].region.code == "370600"
    client = client_for(world["east_coordinator"])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/offers/export.xlsx").content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:2] == ["提供单位", "提供城市"]
    assert any("长期派驻、短期交流" in r for r in rows[1:])
    assert client.get("/offers/template.xlsx").status_code == 200
    # the export reads back in
    again = run_import(resource=resource, data=client.get("/offers/export.xlsx").content)
    assert again.applied, again.errors


def test_naming_a_person_through_the_page(world, client_for):
    placement = place(world)
    client = client_for(world["east_coordinator"])
    assert [t.count for t in todos_for(world["east_coordinator"])
            if t.todo.key == "offers.places"] == [1]
    listing = client.get("/offers/places/?state=open").content.decode()
    assert "巫山县中医院" in listing
    page = client.get(f"/offers/places/{placement.pk}/").content.decode()
    assert "甲医生" in page and "丙医生" in page and "副高级" in page  # picker and requirement
    refused = client.post(f"/offers/places/{placement.pk}/", {"person": world["people"]["丙医生"].pk})
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "丙医生" in text and "职称" in text  # the reason, in plain Chinese
    assert Placement.objects.get(pk=placement.pk).state == PlacementState.OPEN
    assert not Posting.objects.filter(person=world["people"]["丙医生"]).exists()
    done = client.post(f"/offers/places/{placement.pk}/", {"person": world["people"]["甲医生"].pk})
    assert done.status_code == 302
    placement.refresh_from_db()
    assert placement.state == PlacementState.NAMED and placement.posting is not None
    assert placement.posting.person == world["people"]["甲医生"]
    assert placement.posting.host == world["west"]
    page = client.get(f"/offers/places/{placement.pk}/").content.decode()
    assert "甲医生" in page and 'id="name-form"' not in page
    assert [t.count for t in todos_for(world["east_coordinator"])
            if t.todo.key == "offers.places"] in ([], [0])


def test_places_out_of_scope(world, client_for):
    placement = place(world)
    stranger = client_for(world["stranger"])
    assert stranger.get(f"/offers/places/{placement.pk}/").status_code == 404
    assert stranger.post(f"/offers/places/{placement.pk}/",
                         {"person": world["people"]["甲医生"].pk}).status_code == 404
    west = client_for(world["coordinator"])  # the need's side sees the place, does not name
    page = west.get(f"/offers/places/{placement.pk}/").content.decode()
    assert "巫山县中医院" in page and 'id="name-form"' not in page
    assert west.post(f"/offers/places/{placement.pk}/",
                     {"person": world["people"]["甲医生"].pk}).status_code == 403
    auditor = client_for(world["auditor"])
    assert 'id="name-form"' not in auditor.get(f"/offers/places/{placement.pk}/").content.decode()
    assert auditor.post(f"/offers/places/{placement.pk}/",
                        {"person": world["people"]["甲医生"].pk}).status_code == 403
