"""Scope: another county's postings are not found and appear in no list, export or calendar;
both the western host side and the eastern sending side see a posting."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from xiezuo.exchange import services
from xiezuo.exchange.models import Goal, Posting, Team

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world, make_posting):
    wushan_posting = make_posting(person="shi", host="wushan")
    kaizhou_posting = make_posting(person="wang", host="kaizhou", kind="education")
    team = Team.objects.create(name="开州支教团", host=world["kaizhou"], domain="education",
                               planned_start=D(2025, 3, 1), planned_end=D(2026, 2, 28))
    goal = Goal.objects.create(posting=kaizhou_posting, kind="free", title="开州目标")
    return {**world, "ws_posting": wushan_posting, "kz_posting": kaizhou_posting,
            "team": team, "goal": goal}


PAGES = ["/exchange/postings/{kz_posting.pk}/", "/exchange/teams/{team.pk}/",
         "/api/postings/{kz_posting.pk}", "/api/postings/{kz_posting.pk}/events",
         "/api/teams/{team.pk}", "/api/goals/{goal.pk}", "/exchange/goals/{goal.pk}/evidence/",
         "/exchange/hosts/{kaizhou.pk}/"]
POSTS = ["/api/postings/{kz_posting.pk}/approve", "/exchange/postings/{kz_posting.pk}/approve/",
         "/api/teams/{team.pk}/start", "/exchange/teams/{team.pk}/start/"]


@pytest.mark.parametrize("url", PAGES)
def test_other_county_is_not_found(scene, make_user, client_for, url):
    client = client_for(make_user("ws", region="500237"))
    assert client.get(url.format(**scene)).status_code == 404


@pytest.mark.parametrize("url", POSTS)
def test_other_county_transitions_are_not_found(scene, make_user, client_for, url):
    client = client_for(make_user("ws", region="500237"))
    assert client.post(url.format(**scene), content_type="application/json").status_code == 404
    assert Posting.objects.get(pk=scene["kz_posting"].pk).state == "planned"


@pytest.mark.parametrize("url", ["/exchange/postings/", "/exchange/postings/?q=王", "/exchange/",
                                 "/exchange/timeline/", "/exchange/teams/",
                                 "/exchange/timeline/?region=500154"])
def test_lists_leave_out_other_county(scene, make_user, client_for, url):
    client = client_for(make_user("ws", region="500237"))
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "王医生" not in body and "开州区人民医院" not in body and "开州支教团" not in body


def test_api_lists_export_and_calendar_are_scoped(scene, make_user, client_for):
    client = client_for(make_user("ws", region="500237"))
    items = client.get("/api/postings/").json()["items"]
    assert [p["person_name"] for p in items] == ["施宏志"]
    assert client.get("/api/teams/").json()["count"] == 0
    assert client.get("/api/goals/").json()["count"] == 0
    sheet = openpyxl.load_workbook(io.BytesIO(
        client.get("/exchange/postings/export.xlsx").content)).active
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == ["施宏志"]
    ics = client.get("/exchange/calendar.ics").content.decode()
    assert ics.count("BEGIN:VEVENT") == 1 and "施宏志" in ics and "王医生" not in ics


def test_both_sides_see_a_posting(scene, make_user, client_for):
    east = client_for(make_user("sd", region="370000"))
    names = sorted(p["person_name"] for p in east.get("/api/postings/").json()["items"])
    assert names == ["施宏志", "王医生"]
    hospital = client_for(make_user("ytsh", organisation=scene["yantai"]))
    assert hospital.get(f"/api/postings/{scene['kz_posting'].pk}").status_code == 200
    west = client_for(make_user("kz", region="500154"))
    assert west.get(f"/api/postings/{scene['kz_posting'].pk}").status_code == 200
    assert west.get(f"/exchange/teams/{scene['team'].pk}/").status_code == 200


def test_cannot_name_unknown_people_or_write_outside_scope(scene, make_user, client_for):
    client = client_for(make_user("ws", region="500237"))
    # 王医生 is neither in 巫山 nor posted there: unknown to the 巫山 user.
    response = client.post("/api/postings/", {
        "person": scene["wang"].pk, "host": scene["wushan"].pk, "kind": "medical",
        "planned_start": "2027-01-01", "planned_end": "2027-12-31"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "person"]
    # 施宏志 is posted in 巫山, so known; but a posting of his to 开州 lies outside the scope.
    response = client.post("/api/postings/", {
        "person": scene["shi"].pk, "host": scene["kaizhou"].pk, "kind": "medical",
        "planned_start": "2027-01-01", "planned_end": "2027-12-31"}, content_type="application/json")
    assert response.status_code == 403
    assert Posting.objects.count() == 2


def test_successor_must_be_visible(scene, make_user):
    user = make_user("ws", region="500237")
    Posting.objects.filter(pk=scene["ws_posting"].pk).update(state="on_post",
                                                             actual_start=D(2025, 3, 1))
    scene["ws_posting"].refresh_from_db()

    with pytest.raises(ValidationError) as err:
        services.hand_over(actor=user, posting=scene["ws_posting"], successor=scene["kz_posting"])
    assert "successor" in err.value.message_dict
