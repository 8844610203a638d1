"""Hostile input that is not a file: NUL characters and deeply nested JSON (issue 11,
findings 6 and the hostile-input acceptance). Each is refused quickly, with a clear
message and bounded memory, never a server error.

PostgreSQL cannot store NUL in text (SQLite can, which would only hide it): a NUL in a
path, query, cookie, form field or JSON string is refused before any view or query sees
it — pages with 400 and a short message, the API with 422 naming the field (400 for the
path). JSON nested 100,000 deep is a 400 saying so, without a RecursionError.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.faults.memory import measured
from tests.matrix.world import build_world

pytestmark = pytest.mark.django_db
NUL_MESSAGE = "空字符"
SECONDS = 5
MEGABYTES = 100


@pytest.fixture
def world(refdata):
    return build_world()


@pytest.fixture
def admin(world):
    client = Client(raise_request_exception=False)
    client.force_login(world["users"]["admin"])
    return client


def refused_page(response):
    assert response.status_code == 400, response.content[:300]
    text = response.content.decode()
    assert NUL_MESSAGE in text
    assert "无法处理此请求" in text and 'href="/"' in text  # a page in Chinese with a way home
    assert "Content-Security-Policy" in response.headers


def refused_api(response, loc, status=422):
    assert response.status_code == status, response.content[:300]
    detail = response.json()["detail"]
    assert [item["loc"] for item in detail] == [loc]
    assert NUL_MESSAGE in detail[0]["msg"]


PAGES_WITH_NUL = [
    "/regions/%00/",
    "/regions/?q=%00",
    "/insights/records/?county=%00",
    "/insights/records/?county=500237&measure=%00",
    "/options/orgs.organisation.any/?q=%00",
    "/options/people.person/?q=%00",
    "/options/regions.region/?q=%00",
    "/options/people.person%00/?q=1",
    "/people/?q=%00",
    "/people/?q=ok&organisation=%00",
    "/organisations/?%00=1",
    "/accounts/login/?next=/%00",
]


@pytest.mark.parametrize("url", PAGES_WITH_NUL)
@pytest.mark.parametrize("role", ["admin", "coordinator", "anonymous"])
def test_nul_in_a_page_address_is_a_400(world, url, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["users"][role])
    with measured() as usage:
        refused_page(client.get(url))
    assert usage.seconds < SECONDS


def test_the_message_follows_the_language(admin):
    response = admin.get("/regions/%00/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "NUL character" in response.content.decode()


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_nul_in_a_form_field_is_a_400(world, admin, encoding):
    from urllib.parse import urlencode

    from xiezuo.activities.models import Activity

    def post(client, url, data):
        if encoding == "multipart":
            return client.post(url, data)
        return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")

    organisation = world["in"]["organisation"]
    refused_page(post(admin, "/activities/new/", {"name": "义诊\x00", "host_organisation": organisation.pk}))
    refused_page(post(Client(), "/accounts/login/", {"username": "m-admin\x00", "password": "x"}))
    assert not Activity.objects.exists()


def test_nul_in_a_cookie_is_a_400(world):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abc\x00def"
    refused_page(client.get("/people/"))
    response = client.get("/api/people/")
    assert response.status_code == 400 and response.json()["detail"][0]["loc"] == ["cookie"]


@pytest.mark.parametrize(("url", "loc"), [
    ("/api/people/?q=%00", ["query", "q"]),
    ("/api/organisations/?region=50%00", ["query", "region"]),
    ("/api/insights/records?county=%00", ["query", "county"]),
])
def test_nul_in_an_api_query_names_the_parameter(admin, url, loc):
    refused_api(admin.get(url), loc)


def test_nul_in_an_api_path_is_a_400(admin):
    refused_api(admin.get("/api/regions/%00"), ["path"], status=400)


def test_nul_in_a_json_string_names_the_field(world, admin):
    person = world["in"]["person"]
    body = {"name": "张\x00三", "organisation": world["in"]["organisation"].pk, "domain": "medical"}
    refused_api(admin.post("/api/people/", body, content_type="application/json"), ["body", "name"])
    patch = {"version": person.version, "availability": [
        {"start": "2025-01-01", "end": "2025-02-01", "modes": ["onsite\x00"]}]}
    refused_api(admin.patch(f"/api/people/{person.pk}", patch, content_type="application/json"),
                ["body", "availability", 0, "modes", 0])
    refused_api(admin.patch(f"/api/people/{person.pk}", {"version": person.version, "no\x00te": "x"},
                            content_type="application/json"), ["body", "no\\x00te"])
    person.refresh_from_db()
    assert person.name == "在内医生" and "\x00" not in person.note


def test_nul_in_a_multipart_form_field_names_it(world, admin):
    from xiezuo.exchange.models import Goal, Posting

    posting = Posting.objects.create(
        person=world["in"]["person"], host=world["out"]["organisation"], kind="medical",
        direction="east_west", planned_start=datetime.date(2025, 3, 1),
        planned_end=datetime.date(2026, 2, 28))
    goal = Goal.objects.create(posting=posting, kind="local_team", title="带出一支团队")
    response = admin.post(f"/api/goals/{goal.pk}/evidence", {
        "file": SimpleUploadedFile("记录.txt", "培训8次".encode()), "text": "说明\x00"})
    refused_api(response, ["form", "text"])
    goal.refresh_from_db()
    assert not goal.evidence_text


def deep(depth: int, kind: str) -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("kind", ["array", "object"])
@pytest.mark.parametrize(("method", "url"), [
    ("post", "/api/people/"), ("patch", "/api/people/{pk}"), ("post", "/api/rounds/"),
])
def test_deeply_nested_json_is_refused_quickly(world, admin, kind, method, url):
    url = url.format(pk=world["in"]["person"].pk)
    body = deep(100_000, kind)
    with measured() as usage:
        response = getattr(admin, method)(url, body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert "嵌套" in response.json()["detail"]
    assert usage.seconds < SECONDS and usage.growth_mb < MEGABYTES, usage


@pytest.mark.parametrize("depth", [50, 500, 900])
def test_nested_json_inside_a_field_is_a_field_error(world, admin, depth):
    """Nesting the parser accepts, placed where a value is expected: 422, not 500."""
    person = world["in"]["person"]
    value = deep(depth, "array")
    body = f'{{"version": {person.version}, "note": {value}, "availability": {value}}}'
    with measured() as usage:
        response = admin.patch(f"/api/people/{person.pk}", body, content_type="application/json")
    assert response.status_code in (400, 422), response.content[:300]
    assert usage.seconds < SECONDS and usage.growth_mb < MEGABYTES, usage


def test_deep_json_with_a_nul_inside_is_refused(admin):
    body = "[" * 100_000 + '"\\u0000"' + "]" * 100_000
    with measured() as usage:
        response = admin.post("/api/people/", body, content_type="application/json")
    assert response.status_code == 400
    assert usage.seconds < SECONDS and usage.growth_mb < MEGABYTES, usage


def test_a_database_nul_error_is_not_called_a_number_out_of_range(rf):
    """The probe saw PostgreSQL's NUL error answered as “a number is out of range”; should
    one get past the middleware, it is named for what it is."""
    import json

    from django.db import DataError

    from xiezuo.config.api import api

    nul = api.on_out_of_range(rf.get("/api/people/"), DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"))
    number = api.on_out_of_range(rf.get("/api/people/"), DataError("integer out of range"))
    assert nul.status_code == number.status_code == 422
    assert NUL_MESSAGE in json.loads(nul.content)["detail"][0]["msg"]
    assert json.loads(number.content)["detail"][0]["msg"] == "数值超出范围。"
