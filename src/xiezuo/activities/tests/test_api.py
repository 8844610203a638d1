"""API: round trip with nested metrics, totals, counts, bad input, scope and roles."""

import datetime

import pytest

from xiezuo.activities import services
from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.activities.tests.world import build

pytestmark = pytest.mark.django_db
D = datetime.date
JSON = "application/json"


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def _post(client, url, body):
    return client.post(url, body, content_type=JSON)


def test_event_and_activity_round_trip(world, client_for):
    client = client_for(world["coordinator"])
    r = _post(client, "/api/events/", {"name": "烟台专家组巫山行", "host_region": "500237",
                                       "sending_org": "烟台山医院", "start": "2025-05-12",
                                       "end": "2025-05-15", "pairing": world["pairing"].pk})
    assert r.status_code == 201, r.content
    event = r.json()
    assert event["host_region"] == "500237" and event["sending_org_name"] == "烟台山医院"
    body = {"kind": "clinic", "title": "义诊", "date": "2025-05-13", "domain": "medical",
            "host": world["ws"].pk, "sending_org": "烟台山医院", "event": event["id"],
            "people": [world["doctor"].pk],
            "metrics": [{"indicator": "medical_services", "value": "202", "unit": "人次"},
                        {"indicator": "outcomes", "subject": "问题", "value": 32}]}
    r = _post(client, "/api/activities/", body)
    assert r.status_code == 201, r.content
    activity = r.json()
    assert {(m["indicator"], m["subject"], float(m["value"])) for m in activity["metrics"]} == {
        ("medical_services", "", 202.0), ("outcomes", "问题", 32.0)}
    assert activity["people"] == [world["doctor"].pk]
    r = client.get(f"/api/events/{event['id']}/totals")
    assert r.status_code == 200
    assert {t["indicator"]: float(t["total"]) for t in r.json()["totals"]} == {
        "medical_services": 202.0, "outcomes": 32.0}
    # PATCH replaces the metrics; without metrics they stay.
    url = f"/api/activities/{activity['id']}"
    r = client.patch(url, {"version": activity["version"], "metrics": [
        {"indicator": "training_person_times", "value": 320, "unit": "人次"}]}, content_type=JSON)
    assert r.status_code == 200, r.content
    assert [m["indicator"] for m in r.json()["metrics"]] == ["training_person_times"]
    r = client.patch(url, {"version": r.json()["version"], "title": "义诊（改）"}, content_type=JSON)
    assert r.status_code == 200 and len(r.json()["metrics"]) == 1
    # stale version: 409, nothing changed
    r = client.patch(url, {"version": 1, "title": "旧"}, content_type=JSON)
    assert r.status_code == 409
    assert client.get("/api/activities/", {"kind": "clinic"}).json()["count"] == 1
    assert client.get("/api/activities/", {"date_from": "2026-01-01"}).json()["count"] == 0
    assert client.delete(url).status_code == 204
    assert ActivityMetric.objects.count() == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"metrics": [{"indicator": "outcomes", "value": -1}]}, "value"),
    ({"metrics": [{"indicator": "outcomes", "value": 1}, {"indicator": "outcomes", "value": 2}]},
     "metrics[1].subject"),
    ({"host": "没有这个单位"}, "host"),
    ({"date": "2030-01-01", "event": "EVENT"}, "date"),
    ({"people": [999999]}, "people"),
])
def test_bad_activity_input_stores_nothing(world, client_for, change, field):
    client = client_for(world["coordinator"])
    event = services.create_event(actor=world["admin"], name="e", host_region=world["ws"].region,
                                  start=D(2025, 5, 1), end=D(2025, 5, 2))
    body = {"kind": "clinic", "title": "义诊", "date": "2025-05-01", "domain": "medical",
            "host": world["ws"].pk, **change}
    if body.get("event") == "EVENT":
        body["event"] = event.pk
    r = _post(client, "/api/activities/", body)
    assert r.status_code == 422, r.content
    assert any(field in str(item["loc"]) for item in r.json()["detail"]), r.json()
    assert Activity.objects.count() == 0 and ActivityMetric.objects.count() == 0


def test_training_class_counts_and_trainees(world, client_for):
    client = client_for(world["coordinator"])
    r = _post(client, "/api/training-classes/", {
        "name": "乡村医生培训班", "category": "rural_doctor", "organiser": "巫山县中医院",
        "trainee_region": "500237", "start": "2025-07-01", "end": "2025-07-05", "sessions": 4})
    assert r.status_code == 201, r.content
    klass = r.json()
    assert klass["counts"] == {"distinct_people": 0, "person_times": 0, "completed": 0,
                               "enrolments": 0}
    for body in ({"person": world["doctor"].pk, "sessions_attended": 4, "completed": True},
                 {"name": "演示学员", "organisation_name": "某村卫生室", "sessions_attended": 0}):
        r = _post(client, "/api/trainees/", {"training_class": klass["id"], **body})
        assert r.status_code == 201, r.content
    assert r.json()["organisation_name"] == "某村卫生室"
    r = client.get(f"/api/training-classes/{klass['id']}")
    assert r.json()["counts"] == {"distinct_people": 1, "person_times": 1, "completed": 1,
                                  "enrolments": 2}
    listed = client.get("/api/trainees/", {"training_class": klass["id"]}).json()
    assert listed["count"] == 2
    first = next(t for t in listed["items"] if t["person"])
    assert first["name"] == "演示医生甲" and first["organisation_name"] == "巫山县中医院"
    # bad: more sessions than the class held; completed without attending
    for body, field in (({"name": "x", "sessions_attended": 9}, "sessions_attended"),
                        ({"name": "y", "completed": True}, "completed"),
                        ({"name": "z", "training_class": 999999}, "training_class")):
        r = _post(client, "/api/trainees/", {"training_class": klass["id"], **body})
        assert r.status_code == 422 and field in str(r.json()), (field, r.content)
    assert Trainee.objects.count() == 2


def test_scope_and_roles(world, client_for):
    event = services.create_event(actor=world["admin"], name="巫山活动周", host_region=world["ws"].region,
                                  start=D(2025, 5, 1), end=D(2025, 5, 2))
    activity = services.create_activity(actor=world["admin"], kind="lecture", title="讲座",
                                        date=D(2025, 5, 1), domain="medical", host=world["ws"],
                                        event=event,
                                        metrics=[{"indicator": "training_person_times", "value": 3}])
    klass = services.create_training_class(actor=world["admin"], name="巫山班", category="teacher",
                                           organiser=world["ws"], start=D(2025, 5, 1),
                                           end=D(2025, 5, 1))
    trainee = services.create_trainee(actor=world["admin"], training_class=klass, name="甲")
    outsider = client_for(world["outsider"])
    for url in (f"/api/events/{event.pk}", f"/api/events/{event.pk}/totals",
                f"/api/activities/{activity.pk}", f"/api/training-classes/{klass.pk}",
                f"/api/trainees/{trainee.pk}"):
        assert outsider.get(url).status_code == 404, url
    for url in ("/api/events/", "/api/activities/", "/api/training-classes/", "/api/trainees/"):
        assert outsider.get(url).json()["count"] == 0, url
    auditor = client_for(world["auditor"])
    assert auditor.get(f"/api/activities/{activity.pk}").status_code == 200
    r = auditor.patch(f"/api/activities/{activity.pk}", {"version": activity.version, "title": "改"},
                      content_type=JSON)
    assert r.status_code == 403
    assert auditor.delete(f"/api/trainees/{trainee.pk}").status_code == 403
    r = _post(auditor, "/api/activities/", {"kind": "lecture", "title": "x", "date": "2025-05-01",
                                             "domain": "medical", "host": world["ws"].pk})
    assert r.status_code == 403
    assert Activity.objects.count() == 1 and Event.objects.count() == 1
    assert TrainingClass.objects.count() == 1
