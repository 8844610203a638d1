"""The exchange API: postings with their transitions, teams, goals and outcomes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.core.tests.factories import PersonFactory
from xiezuo.exchange.models import Goal, Outcome, Posting, PostingEvent, Team

D = datetime.date
pytestmark = pytest.mark.django_db
JSON = "application/json"


def post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def test_posting_lifecycle_through_the_api(world, admin_user, client_for):
    client = client_for(admin_user)
    created = post(client, "/api/postings/", {
        "person": "施宏志 / 烟台山医院", "host": "巫山县中医院", "kind": "medical",
        "batch": "第八批", "post": "科室主任", "department": "神经外科",
        "planned_start": "2025-03-01", "planned_end": "2026-02-28", "need_ref": 17,
    })
    assert created.status_code == 201, created.content
    body = created.json()
    pk = body["id"]
    assert body["state"] == "planned" and body["allowed_actions"] == ["approve"]
    assert body["person_name"] == "施宏志" and body["need_ref"] == 17
    assert post(client, f"/api/postings/{pk}/approve").json()["state"] == "approved"
    started = post(client, f"/api/postings/{pk}/start", {"start": "2025-03-02"}).json()
    assert (started["state"], started["actual_start"]) == ("on_post", "2025-03-02")
    extended = post(client, f"/api/postings/{pk}/extend",
                    {"new_end": "2026-08-31", "reason": "科室需要"}).json()
    assert (extended["state"], extended["planned_end"]) == ("extended", "2026-08-31")
    done = post(client, f"/api/postings/{pk}/complete").json()
    assert (done["state"], done["actual_end"]) == ("completed", "2026-08-31")
    events = client.get(f"/api/postings/{pk}/events").json()
    assert [e["to_state"] for e in events] == ["approved", "on_post", "extended", "completed"]
    assert events[2]["old_end"] == "2026-02-28" and events[2]["by"] == "root"


def test_illegal_transition_is_409_and_bad_input_422(world, admin_user, client_for):
    client = client_for(admin_user)
    pk = post(client, "/api/postings/", {
        "person": world["shi"].pk, "host": world["wushan"].pk, "kind": "medical",
        "planned_start": "2025-03-01", "planned_end": "2026-02-28",
    }).json()["id"]
    response = post(client, f"/api/postings/{pk}/complete")
    assert response.status_code == 409
    assert response.json()["detail"][0]["msg"]
    post(client, f"/api/postings/{pk}/approve")
    post(client, f"/api/postings/{pk}/start")
    response = post(client, f"/api/postings/{pk}/extend", {"new_end": "2025-01-01", "reason": ""})
    assert response.status_code == 422
    assert {d["loc"][1] for d in response.json()["detail"]} == {"new_end", "reason"}
    response = post(client, f"/api/postings/{pk}/hand-over", {"successor": 999999})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "successor"]
    assert Posting.objects.get(pk=pk).state == "on_post"
    assert PostingEvent.objects.filter(posting_id=pk).count() == 2


def test_bad_posting_input_names_the_field_and_stores_nothing(world, admin_user, client_for):
    client = client_for(admin_user)
    cases = [
        ({"person": "无名氏"}, "person"),
        ({"host": "不存在的医院"}, "host"),
        ({"planned_end": "2024-01-01"}, "planned_end"),
        ({"team": 424242}, "team"),
    ]
    for change, field in cases:
        payload = {"person": world["shi"].pk, "host": world["wushan"].pk, "kind": "medical",
                   "planned_start": "2025-03-01", "planned_end": "2026-02-28", **change}
        response = post(client, "/api/postings/", payload)
        assert response.status_code == 422, (change, response.content)
        assert response.json()["detail"][0]["loc"] == ["body", field]
    response = post(client, "/api/postings/", {"person": world["shi"].pk, "kind": "teleport",
                                               "host": 1, "planned_start": "x"})
    assert response.status_code == 422
    assert not Posting.objects.exists()


def test_overlap_is_422_with_field(world, admin_user, client_for):
    client = client_for(admin_user)
    payload = {"person": world["shi"].pk, "host": world["wushan"].pk, "kind": "medical",
               "planned_start": "2025-03-01", "planned_end": "2026-02-28"}
    assert post(client, "/api/postings/", payload).status_code == 201
    response = post(client, "/api/postings/", {**payload, "host": world["kaizhou"].pk})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "planned_start"]
    assert Posting.objects.count() == 1


def test_team_members_and_start(world, admin_user, client_for):
    client = client_for(admin_user)
    team = post(client, "/api/teams/", {
        "name": "烟台医疗队", "host": world["wushan"].pk, "sending_org": "烟台山医院",
        "domain": "medical", "batch": "第八批", "planned_start": "2025-03-01",
        "planned_end": "2026-02-28", "need_ref": 3,
    })
    assert team.status_code == 201, team.content
    tid = team.json()["id"]
    for person, role in (("施宏志", "leader"), ("王医生", "member")):
        response = post(client, f"/api/teams/{tid}/members",
                        {"person": person, "kind": "medical", "role": role})
        assert response.status_code == 201, response.content
        assert response.json()["team"] == tid and response.json()["host"] == world["wushan"].pk
    started = post(client, f"/api/teams/{tid}/start")
    assert [p["state"] for p in started.json()] == ["on_post", "on_post"]
    body = client.get(f"/api/teams/{tid}").json()
    assert [(m["person_name"], m["role"]) for m in body["members"]] == [
        ("施宏志", "leader"), ("王医生", "member")]
    assert Team.objects.get(pk=tid).leader == world["shi"]


def test_goals_and_outcomes_round_trip(world, admin_user, client_for, make_posting):
    client = client_for(admin_user)
    posting = make_posting()
    created = post(client, "/api/goals/", {
        "posting": posting.pk, "kind": "urgent_need", "title": "开展颅脑外伤急诊手术",
        "status": "in_progress", "evidence_text": "",
    })
    assert created.status_code == 201, created.content
    gid = created.json()["id"]
    outcome = post(client, "/api/outcomes/", {
        "goal": gid, "kind": "new_technique", "title": "首例神经内镜手术", "date": "2025-06-01",
        "fills_gap": True, "description": "填补巫山县空白",
    })
    assert outcome.status_code == 201, outcome.content
    # Achieved needs evidence: refused, nothing changes.
    response = client.patch(f"/api/goals/{gid}", {"status": "achieved", "version": 1},
                            content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "evidence_text"]
    response = client.patch(f"/api/goals/{gid}", {"status": "achieved", "version": 1,
                                                   "evidence_text": "完成手术12台"},
                            content_type=JSON)
    assert response.status_code == 200, response.content
    body = client.get(f"/api/goals/{gid}").json()
    assert body == {
        "id": gid, "version": 2, "posting": posting.pk, "team": None, "kind": "urgent_need",
        "title": "开展颅脑外伤急诊手术", "status": "achieved", "evidence_text": "完成手术12台",
        "evidence_file": None,
        "outcomes": [{"id": outcome.json()["id"], "goal": gid, "kind": "new_technique",
                      "title": "首例神经内镜手术", "description": "填补巫山县空白",
                      "date": "2025-06-01", "fills_gap": True}],
    }
    assert client.get(f"/api/goals/?posting={posting.pk}").json()["count"] == 1
    assert client.get("/api/outcomes/?fills_gap=true").json()["count"] == 1


def test_goal_needs_one_owner_and_evidence_upload(world, admin_user, client_for, make_posting,
                                                  tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(admin_user)
    response = post(client, "/api/goals/", {"kind": "free", "title": "无主目标"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "posting"]
    assert not Goal.objects.exists()
    gid = post(client, "/api/goals/", {"posting": make_posting().pk, "kind": "local_team",
                                       "title": "带出一支神经外科团队"}).json()["id"]
    upload = SimpleUploadedFile("培训记录.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = client.post(f"/api/goals/{gid}/evidence", {"file": upload, "text": "培训8次"})
    assert response.status_code == 200, response.content
    assert response.json()["evidence_file"].endswith(".pdf")
    assert response.json()["evidence_text"] == "培训8次"
    assert not Outcome.objects.exists()


def test_mentorship_engagement_base(world, admin_user, client_for):
    client = client_for(admin_user)

    second = PersonFactory(name="本地医生二", organisation=world["wushan"])
    m = post(client, "/api/mentorships/", {
        "mentor": world["shi"].pk, "apprentices": [world["local"].pk, second.pk],
        "host": world["wushan"].pk, "start": "2025-03-01", "plan": "每周带教",
        "notes": [{"date": "2025-04-01", "text": "独立完成换药"}],
    })
    assert m.status_code == 201, m.content
    assert m.json()["pairs"] == 2 and m.json()["notes"][0]["text"] == "独立完成换药"
    bad = post(client, "/api/mentorships/", {
        "mentor": world["shi"].pk, "apprentices": [world["shi"].pk],
        "host": world["wushan"].pk, "start": "2025-03-01"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "apprentices"]
    e = post(client, "/api/engagements/", {
        "person": world["zhang"].pk, "organisation": "巫山县中医院", "role": "chief_expert",
        "start": "2023-01-01", "sessions": [{"date": "2023-03-01", "topic": "骨科查房",
                                             "hours": "3.5"}]})
    assert e.status_code == 201, e.content
    assert e.json()["total_hours"] in ("3.5", 3.5)
    bad = post(client, "/api/engagements/", {
        "person": world["zhang"].pk, "organisation": world["wushan"].pk, "role": "advisor",
        "start": "2023-01-01", "sessions": [{"date": "2023-03-01", "topic": "x", "hours": 0}]})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "sessions[0].hours"]
    b = post(client, "/api/bases/", {
        "name": "烟台—巫山博士工作站", "kind": "doctoral_workstation", "host": world["wushan"].pk,
        "partner": world["yantai"].pk, "start": "2022-05-01", "experts": [world["wang"].pk],
        "service_teams": [{"name": "食用菌团队", "members": 6}]})
    assert b.status_code == 201, b.content
    assert b.json()["service_teams"] == [{"name": "食用菌团队", "members": 6}]
    assert client.get("/api/programmes/").status_code == 200
