"""The picker (issue 13, item 2): suggestions per lookup (short forms, scope), the options
endpoint, reference filters by name (an unknown name is an error, never ignored) and the
forms that render the picker."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import load_workbook

from xiezuo.activities.models import Activity
from xiezuo.core.lookups import picker_lookup, resolve
from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region
from xiezuo.exchange.models import Posting
from xiezuo.needs.models import Need
from xiezuo.orgs.lookups import ANY_ORGANISATION, ORGANISATION
from xiezuo.people.lookups import PERSON
from xiezuo.regions.lookups import PAIRING, REGION
from xiezuo.regions.models import Pairing

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(refdata, make_user):
    yantai = OrganisationFactory(name="烟台山医院", region=region("370602"))
    wushan = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    kaizhou = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    yt_ws = Pairing.objects.create(level="city_county", east_region=region("370600"),
                                   west_region=region("500237"), start=D(2021, 4, 1))
    wf_kz = Pairing.objects.create(level="city_county", east_region=region("370700"),
                                   west_region=region("500154"), start=D(2021, 4, 1))
    people = {
        "visitor": PersonFactory(name="施宏志", organisation=yantai),
        "local": PersonFactory(name="巫山本地医生", organisation=wushan),
        "kz": PersonFactory(name="开州本地医生", organisation=kaizhou),
        "twin_ws": PersonFactory(name="张同名", organisation=wushan),
        "twin_kz": PersonFactory(name="张同名", organisation=kaizhou),
    }
    posting = Posting.objects.create(person=people["visitor"], host=wushan, kind="medical",
                                     direction="east_west", planned_start=D(2025, 3, 1),
                                     planned_end=D(2026, 2, 28))
    Posting.objects.create(person=people["kz"], host=kaizhou, kind="medical",
                           direction="east_west", planned_start=D(2025, 3, 1),
                           planned_end=D(2026, 2, 28), post="开州岗位")
    for org, title in ((wushan, "巫山义诊"), (kaizhou, "开州义诊")):
        Activity.objects.create(kind="clinic", title=title, date=D(2025, 5, 1),
                                domain="medical", host=org,
                                pairing=yt_ws if org == wushan else wf_kz)
    for org, specialty in ((wushan, "巫山缺神经外科"), (kaizhou, "开州缺骨科")):
        Need.objects.create(organisation=org, domain="medical", specialty_text=specialty,
                            slots=1, min_title_level=3, mode="long_posting",
                            start=D(2027, 3, 1), end=D(2027, 8, 31))
    return {"yantai": yantai, "wushan": wushan, "kaizhou": kaizhou, "yt_ws": yt_ws,
            "wf_kz": wf_kz, "posting": posting, **people,
            "admin": make_user("picker-root", superuser=True),
            "coordinator": make_user("ws-coord", region="500237"),
            "outsider": make_user("kz-coord", region="500154")}


def values(suggestions):
    return [s.value for s in suggestions]


# ---- suggest(), per lookup -------------------------------------------------------------


@pytest.mark.parametrize(("text", "value", "label"), [
    ("巫山", "重庆市巫山县", "巫山县（重庆市）"),
    ("巫山县", "重庆市巫山县", "巫山县（重庆市）"),
    ("开州", "重庆市开州区", "开州区（重庆市）"),
    ("黔南州", "贵州省黔南布依族苗族自治州", "黔南布依族苗族自治州（贵州省）"),
    ("重庆市巫", "重庆市巫山县", "巫山县（重庆市）"),
    ("500237", "重庆市巫山县", "巫山县（重庆市）"),
    ("重庆", "重庆市", "重庆市"),
])
def test_regions_by_short_form_name_or_code(world, text, value, label):
    first = REGION.suggest(world["coordinator"], text)[0]
    assert (first.value, first.label) == (value, label)
    # The value names the same region again, as a form or a filter receives it.
    assert resolve(REGION, world["coordinator"], first.value, field="region").code == (
        resolve(REGION, world["coordinator"], label.partition("（")[0], field="r").code)


def test_a_prefix_offers_every_region_starting_with_it(world):
    assert values(REGION.suggest(world["admin"], "巫"))[:2] == ["重庆市巫山县", "重庆市巫溪县"]
    assert len(REGION.suggest(world["admin"], "县", limit=4)) == 4


@pytest.mark.parametrize("text", ["", "   ", "巫\x00山", "巫" * 400, "不存在的地方"])
def test_no_suggestions_for_empty_hostile_or_unknown_text(world, text):
    assert REGION.suggest(world["admin"], text) == []
    assert PERSON.suggest(world["admin"], text) == []


def test_a_coordinator_is_not_offered_another_countys_people(world):
    coordinator = world["coordinator"]
    offered = values(PERSON.suggest(coordinator, "本地医生"))
    assert offered == ["巫山本地医生 / 巫山县中医院"]
    # The eastern doctor posted to 巫山 may be named there; 开州's people may not.
    assert values(PERSON.suggest(coordinator, "施")) == ["施宏志 / 烟台山医院"]
    assert PERSON.suggest(world["outsider"], "施") == []
    assert PERSON.suggest(AnonymousUser(), "施") == []
    assert len(PERSON.suggest(world["admin"], "本地医生")) == 2


def test_people_who_share_a_name_are_told_apart(world):
    offered = PERSON.suggest(world["admin"], "张同名")
    assert sorted(values(offered)) == ["张同名 / 巫山县中医院", "张同名 / 开州区人民医院"]
    assert sorted(s.label for s in offered) == ["张同名（巫山县中医院）", "张同名（开州区人民医院）"]
    for s in offered:
        assert resolve(PERSON, world["admin"], s.value, field="person").name == "张同名"
    assert values(PERSON.suggest(world["coordinator"], "张同名")) == ["张同名 / 巫山县中医院"]


def test_organisations_in_scope_or_any(world):
    coordinator = world["coordinator"]
    assert values(ORGANISATION.suggest(coordinator, "医院")) == ["巫山县中医院"]
    assert ORGANISATION.suggest(coordinator, "开州") == []
    # A host across the pairing: any organisation may be named.
    anywhere = ANY_ORGANISATION.suggest(coordinator, "医院")
    assert {s.value for s in anywhere} == {"烟台山医院", "巫山县中医院", "开州区人民医院"}
    assert "烟台山医院（山东省烟台市芝罘区）" in {s.label for s in anywhere}


def test_organisations_that_share_a_name_get_their_region(world):
    OrganisationFactory(name="巫山县中医院", region=region("500154"))
    offered = values(ANY_ORGANISATION.suggest(world["admin"], "巫山县中医院"))
    assert sorted(offered) == ["巫山县中医院 / 重庆市巫山县", "巫山县中医院 / 重庆市开州区"]
    for value in offered:
        assert resolve(ANY_ORGANISATION, world["admin"], value, field="host") is not None


@pytest.mark.parametrize("text", ["烟台—巫山", "烟台市—巫山县", "巫山", "烟台", "烟台-巫山县"])
def test_pairings_by_their_sides(world, text):
    offered = PAIRING.suggest(world["coordinator"], text)
    assert [(s.value, s.label) for s in offered] == [("烟台市—巫山县", "烟台市—巫山县（市 ↔ 县）")]
    assert resolve(PAIRING, world["coordinator"], offered[0].value, field="p") == world["yt_ws"]


def test_pairings_outside_the_scope_are_not_offered(world):
    assert PAIRING.suggest(world["outsider"], "巫山") == []
    assert values(PAIRING.suggest(world["outsider"], "开州")) == ["潍坊市—开州区"]


# ---- the endpoint ---------------------------------------------------------------------


def test_the_endpoint_needs_a_login(world, client):
    response = client.get("/options/regions.region/", {"q": "巫山"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["people.nobody", "auth.user", "xx", "accounts.userscope"])
def test_an_unknown_picker_is_not_found(world, client_for, name):
    assert client_for(world["admin"]).get(f"/options/{name}/", {"q": "a"}).status_code == 404


def test_the_endpoint_gives_options_of_the_users_scope(world, client_for):
    page = client_for(world["coordinator"]).get("/options/people.person/",
                                                {"q": "本地医生"}).content.decode().strip()
    assert page == ('<li role="option" aria-selected="false" '
                    'data-value="巫山本地医生 / 巫山县中医院">巫山本地医生（巫山县中医院）</li>')
    assert "开州" not in page
    data = json.loads(client_for(world["outsider"]).get(
        "/options/people.person/", {"q": "本地医生", "format": "json"}).content)
    assert data == {"results": [{"value": "开州本地医生 / 开州区人民医院",
                                 "label": "开州本地医生（开州区人民医院）"}]}


def test_the_endpoint_says_when_nothing_matches_and_escapes_names(world, client_for):
    client = client_for(world["admin"])
    page = client.get("/options/regions.region/", {"q": "<b>无"}).content.decode()
    assert 'aria-disabled="true"' in page and "&lt;b&gt;无" in page and "<b>" not in page
    OrganisationFactory(name="<script>坏</script>医院", region=region("500237"))
    page = client.get("/options/orgs.organisation.any/", {"q": "坏"}).content.decode()
    assert "<script>" not in page and "&lt;script&gt;坏" in page
    assert client.get("/options/regions.region/").content.decode().strip() == ""


# ---- filters by name --------------------------------------------------------------------


@pytest.mark.parametrize(("url", "ours", "theirs"), [
    ("/exchange/postings/", "施宏志", "开州本地医生"),
    ("/needs/", "巫山缺神经外科", "开州缺骨科"),
    ("/people/", "巫山本地医生", "开州本地医生"),
    ("/activities/", "巫山义诊", "开州义诊"),
])
def test_wushan_narrows_the_list(world, client_for, url, ours, theirs):
    client = client_for(world["admin"])
    everything = client.get(url).content.decode()
    assert ours in everything and theirs in everything
    for typed in ("巫山", "重庆市巫山县"):
        narrowed = client.get(url, {"region": typed}).content.decode()
        assert ours in narrowed and theirs not in narrowed
    unknown = client.get(url, {"region": "巫溪山"}).content.decode()
    assert 'id="filter-errors"' in unknown and "巫溪山" in unknown
    assert ours not in unknown and theirs not in unknown


def test_the_region_filter_renders_as_a_combobox(world, client_for):
    page = client_for(world["admin"]).get("/exchange/postings/").content.decode()
    assert 'role="combobox"' in page and 'aria-autocomplete="list"' in page
    assert 'aria-controls="id_region_options"' in page
    assert '<ul class="picker-options" role="listbox" id="id_region_options" hidden>' in page
    assert 'data-picker-url="/options/regions.region/"' in page


@pytest.mark.parametrize(("url", "params", "ours", "theirs"), [
    ("/activities/", {"pairing": "烟台—巫山"}, "巫山义诊", "开州义诊"),
    ("/activities/", {"host": "巫山县中医院"}, "巫山义诊", "开州义诊"),
    ("/exchange/postings/", {"host": "巫山县中医院"}, "施宏志", "开州本地医生"),
    ("/exchange/postings/", {"person": "施宏志 / 烟台山医院"}, "施宏志", "开州本地医生"),
    ("/people/", {"organisation": "巫山县中医院"}, "巫山本地医生", "开州本地医生"),
    ("/needs/", {"organisation": "巫山县"}, "巫山缺神经外科", "开州缺骨科"),
])
def test_references_by_name_narrow_the_list(world, client_for, url, params, ours, theirs):
    page = client_for(world["admin"]).get(url, params).content.decode()
    assert 'id="filter-errors"' not in page
    assert ours in page and theirs not in page


def test_the_pairing_filter_still_takes_a_links_id(world, client_for):
    page = client_for(world["admin"]).get("/activities/", {"pairing": world["yt_ws"].pk})
    assert "巫山义诊" in page.content.decode() and "开州义诊" not in page.content.decode()


@pytest.mark.parametrize(("url", "params", "field"), [
    ("/activities/", {"pairing": "潍坊—巫山"}, "结对关系"),
    ("/activities/", {"host": "没有的医院"}, "举办单位"),
    ("/exchange/postings/", {"person": "无此人"}, "人员"),
    ("/people/", {"organisation": "开州区人民医院"}, "单位"),  # outside the coordinator's scope
])
def test_a_reference_that_names_nothing_is_an_error_naming_the_filter(
        world, client_for, url, params, field):
    page = client_for(world["coordinator"]).get(url, params).content.decode()
    errors = page.split('id="filter-errors"', 1)
    assert len(errors) == 2, "no error shown"
    shown = errors[1].split("</div>", 1)[0]
    assert f"{field}：" in shown and next(iter(params.values())) in shown
    assert "巫山义诊" not in page and "施宏志</a>" not in page and "巫山本地医生" not in page


def test_an_export_without_a_request_filters_by_name_too(world, client_for):
    response = client_for(world["admin"]).get("/activities/export.xlsx", {"pairing": "烟台—巫山"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    titles = [r[1] for r in rows[1:]]
    assert any("巫山义诊" in str(r) for r in rows) and not any("开州义诊" in str(r) for r in rows)
    assert titles


# ---- forms ------------------------------------------------------------------------------


def test_forms_render_pickers_for_their_references(world, client_for):
    client = client_for(world["admin"])
    posting = client.get("/exchange/postings/new/").content.decode()
    assert 'data-picker-url="/options/people.person/"' in posting
    assert 'data-picker-url="/options/orgs.organisation.any/"' in posting
    activity = client.get("/activities/new/", {"pairing": world["yt_ws"].pk}).content.decode()
    assert 'data-picker-url="/options/regions.pairing/"' in activity
    assert 'value="烟台市—巫山县"' in activity  # the page's ?pairing=12 shown by name
    event = client.get("/activities/events/new/").content.decode()
    assert 'data-picker-url="/options/regions.region/"' in event


def test_an_activity_saved_with_a_pairing_typed_by_name(world, client_for):
    client = client_for(world["coordinator"])
    data = {"kind": "clinic", "title": "按名称结对的义诊", "date": "2025-06-01",
            "domain": "medical", "host": "巫山县中医院", "pairing": "烟台—巫山",
            "form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0",
            "metrics-TOTAL_FORMS": "0", "metrics-INITIAL_FORMS": "0"}
    response = client.post("/activities/new/", data)
    assert response.status_code == 302, response.content.decode().split("<main>")[1][:3000]
    assert Activity.objects.get(title="按名称结对的义诊").pairing == world["yt_ws"]
    refused = client.post("/activities/new/", {**data, "title": "别处的结对", "pairing": "潍坊—开州"})
    assert refused.status_code == 422
    assert not Activity.objects.filter(title="别处的结对").exists()


def test_pickers_are_found_by_model_label_or_name():
    assert picker_lookup("regions.region") is REGION
    assert picker_lookup("regions.pairing") is PAIRING
    assert picker_lookup("orgs.organisation") is ORGANISATION
    assert picker_lookup("orgs.organisation.any") is ANY_ORGANISATION
    assert picker_lookup("people.person") is PERSON
    assert picker_lookup("people.nobody") is None
