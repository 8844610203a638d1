"""Pages: lists with filters, details with totals and counts, forms with the metrics formset."""

import datetime

import pytest

from xiezuo.activities import services
from xiezuo.activities.models import Activity, ActivityMetric, Event, TrainingClass
from xiezuo.activities.tests.world import build

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def _seed(world):
    admin = world["admin"]
    event = services.create_event(actor=admin, name="烟台专家组巫山行", host_region=world["ws"].region,
                                  start=D(2025, 5, 12), end=D(2025, 5, 15))
    activity = services.create_activity(
        actor=admin, kind="clinic", title="巫山义诊", date=D(2025, 5, 12), domain="medical",
        host=world["ws"], event=event,
        metrics=[{"indicator": "medical_services", "value": 202, "unit": "人次"}])
    klass = services.create_training_class(actor=admin, name="乡村医生培训班", category="rural_doctor",
                                           organiser=world["ws"], start=D(2025, 7, 1),
                                           end=D(2025, 7, 5), sessions=4)
    services.create_trainee(actor=admin, training_class=klass, person=world["doctor"],
                            sessions_attended=4, completed=True)
    services.create_trainee(actor=admin, training_class=klass, name="缺席学员", sessions_attended=0)
    return event, activity, klass


def test_lists_and_details(world, client_for):
    event, activity, klass = _seed(world)
    client = client_for(world["coordinator"])
    for url, text in (("/activities/", "巫山义诊"), ("/activities/events/", "烟台专家组巫山行"),
                      ("/activities/trainings/", "乡村医生培训班")):
        r = client.get(url)
        assert r.status_code == 200 and text in r.content.decode(), url
    assert "巫山义诊" not in client.get("/activities/", {"kind": "lecture"}).content.decode()
    assert "巫山义诊" in client.get("/activities/", {"q": "义诊"}, HTTP_HX_REQUEST="true").content.decode()
    assert "乡村医生培训班" not in client.get("/activities/trainings/", {"year": 2024}).content.decode()
    page = client.get(f"/activities/events/{event.pk}/").content.decode()
    assert 'id="total-medical_services">202<' in page and "巫山义诊" in page
    page = client.get(f"/activities/{activity.pk}/").content.decode()
    assert "202" in page and 'id="history"' in page
    page = client.get(f"/activities/trainings/{klass.pk}/").content.decode()
    assert 'id="count-distinct-people">1<' in page and 'id="count-person-times">1<' in page
    assert 'id="count-enrolments">2<' in page and 'id="count-rate">50%<' in page
    assert "缺席学员" in page


def test_outsider_sees_nothing(world, client_for):
    event, activity, klass = _seed(world)
    client = client_for(world["outsider"])
    for url in (f"/activities/events/{event.pk}/", f"/activities/{activity.pk}/",
                f"/activities/trainings/{klass.pk}/", f"/activities/{activity.pk}/edit/"):
        assert client.get(url).status_code == 404, url
    for url in ("/activities/", "/activities/events/", "/activities/trainings/"):
        body = client.get(url).content.decode()
        assert "巫山义诊" not in body and "烟台专家组" not in body and "乡村医生培训班" not in body


def test_auditor_cannot_edit(world, client_for):
    _event, activity, klass = _seed(world)
    client = client_for(world["auditor"])
    assert client.get(f"/activities/{activity.pk}/").status_code == 200
    assert client.get(f"/activities/{activity.pk}/edit/").status_code == 403
    assert client.post(f"/activities/trainings/{klass.pk}/edit/", {}).status_code == 403
    r = client.post("/activities/new/", {
        "kind": "lecture", "title": "x", "date": "2025-05-01", "domain": "medical",
        "host": "巫山县中医院", "metrics-TOTAL_FORMS": "0", "metrics-INITIAL_FORMS": "0"})
    assert r.status_code == 403
    assert Activity.objects.count() == 1


def _form(**extra):
    data = {"kind": "clinic", "title": "新义诊", "date": "2025-05-13", "domain": "medical",
            "host": "巫山县中医院", "sending_org": "烟台山医院", "people": "演示医生甲",
            "metrics-TOTAL_FORMS": "3", "metrics-INITIAL_FORMS": "0",
            "metrics-0-indicator": "medical_services", "metrics-0-value": "120",
            "metrics-0-unit": "人次",
            "metrics-1-indicator": "outcomes", "metrics-1-subject": "建议", "metrics-1-value": "5"}
    data.update(extra)
    return data


def test_create_and_edit_activity_with_metrics(world, client_for):
    event, _activity, _klass = _seed(world)
    client = client_for(world["coordinator"])
    assert client.get("/activities/new/", {"event": event.pk}).status_code == 200
    r = client.post("/activities/new/", _form(event=event.pk))
    assert r.status_code == 302, r.content.decode()[:2000]
    activity = Activity.objects.get(title="新义诊")
    assert sorted(activity.metrics.values_list("indicator", "value")) == [
        ("medical_services", 120), ("outcomes", 5)]
    assert list(activity.people.all()) == [world["doctor"]]
    r = client.get(f"/activities/{activity.pk}/edit/")
    assert r.status_code == 200 and 'value="120' in r.content.decode()
    # remove the first figure, change the second
    r = client.post(f"/activities/{activity.pk}/edit/", _form(**{
        "metrics-0-DELETE": "on", "metrics-1-value": "7", "event": event.pk,
        "version": activity.version}))
    assert r.status_code == 302
    assert list(activity.metrics.values_list("indicator", "value")) == [("outcomes", 7)]
    page = client.get(f"/activities/events/{event.pk}/").content.decode()
    assert 'id="total-outcomes">7<' in page


@pytest.mark.parametrize(("extra", "text"), [
    ({"metrics-1-indicator": "medical_services", "metrics-1-subject": ""}, "twice"),
    ({"metrics-0-value": "-3"}, "metrics-0-value"),
    ({"metrics-0-indicator": ""}, "metrics-0-indicator"),
    ({"host": "没有这个单位"}, "没有这个单位"),
    ({"date": "2030-01-01", "event": "EVENT"}, "date"),
])
def test_bad_activity_form_stores_nothing(world, client_for, extra, text):
    event, _activity, _klass = _seed(world)
    client = client_for(world["coordinator"])
    if extra.get("event") == "EVENT":
        extra["event"] = event.pk
    before = (Activity.objects.count(), ActivityMetric.objects.count())
    r = client.post("/activities/new/", _form(**extra))
    assert r.status_code == 422
    assert (Activity.objects.count(), ActivityMetric.objects.count()) == before


def test_event_and_class_forms(world, client_for):
    client = client_for(world["coordinator"])
    r = client.post("/activities/events/new/", {"name": "潍坊教师开州行", "host_region": "开州区",
                                                "start": "2025-09-01", "end": "2025-09-03"})
    assert r.status_code == 403  # 开州 lies outside the coordinator's 巫山
    r = client.post("/activities/events/new/", {"name": "烟台专家巫山行", "host_region": "巫山县",
                                                "sending_org": "烟台山医院", "start": "2025-09-01",
                                                "end": "2025-09-03"})
    assert r.status_code == 302
    event = Event.objects.get()
    r = client.post(f"/activities/events/{event.pk}/edit/", {
        "name": "烟台专家巫山行", "host_region": "500237", "start": "2025-09-04", "end": "2025-09-03",
        "version": event.version})
    assert r.status_code == 422 and "end" in r.content.decode()
    r = client.post("/activities/trainings/new/", {
        "name": "非遗手工艺培训班", "category": "heritage_craft", "mode": "on_site",
        "organiser": "巫山县中医院", "start": "2025-10-01", "end": "2025-10-03", "sessions": "3"})
    assert r.status_code == 302
    klass = TrainingClass.objects.get()
    assert client.get(f"/activities/trainings/{klass.pk}/edit/").status_code == 200
    # The organiser's picker offers 巫山's one organisation (every organisation may be named).
    assert client.get("/options/orgs.organisation.any/", {"q": "巫山"}).content.decode().count(
        'role="option" aria-selected') == 1
