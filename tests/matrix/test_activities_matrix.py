"""Permission matrix rows of the activities endpoints and pages (events, activities,
training classes, trainees)."""

import datetime

import pytest

from tests.matrix import test_api_matrix, test_page_matrix
from tests.matrix.world import (
    ROLES,
    build_world,
    check,
    check_crud,
    client_for,
    crud_operations,
    expected,
    page_status,
)

pytestmark = pytest.mark.django_db
D = datetime.date
ENTITIES = {"/api/events/": "event", "/api/activities/": "activity",
            "/api/training-classes/": "trainingclass", "/api/trainees/": "trainee"}
# Every record of the world is placed by the in/out organisation (host, sending
# organisation, organiser) and region: coordinators, auditors and the organisation's users
# see the in-side ones; trainees follow their class.
SEES = {entity: {"admin", "coordinator", "auditor", "org_user"} for entity in ENTITIES.values()}
CHANGES = {entity: {"admin", "coordinator", "org_user"} for entity in ENTITIES.values()}


def build_activities_world():
    from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass

    world = build_world()
    for side in ("in", "out"):
        org, region = world[side]["organisation"], world[side]["region"]
        event = Event.objects.create(name=f"活动周{side}", host_region=region, sending_org=org,
                                     start=D(2025, 5, 1), end=D(2025, 5, 4))
        activity = Activity.objects.create(kind="clinic", title=f"义诊{side}", date=D(2025, 5, 2),
                                           domain="medical", host=org, event=event)
        ActivityMetric.objects.create(activity=activity, indicator="medical_services", value=10)
        klass = TrainingClass.objects.create(name=f"培训班{side}", category="rural_doctor",
                                             organiser=org, start=D(2025, 6, 1), end=D(2025, 6, 3),
                                             sessions=3)
        trainee = Trainee.objects.create(training_class=klass, name=f"学员{side}",
                                         organisation_name="某村卫生室", sessions_attended=2)
        world[side].update({"event": event, "activity": activity, "trainingclass": klass,
                            "trainee": trainee})
    return world


def body(entity, side, world):
    org = world[side]["organisation"].pk
    return {
        "event": {"name": "新活动", "host_region": world[side]["region"].code, "sending_org": org,
                  "start": "2025-05-01", "end": "2025-05-04"},
        "activity": {"kind": "lecture", "title": "新讲座", "date": "2025-05-03", "domain": "medical",
                     "host": org, "metrics": [{"indicator": "training_person_times", "value": 30}]},
        "trainingclass": {"name": "新班", "category": "teacher", "organiser": org,
                          "start": "2025-06-01", "end": "2025-06-02", "sessions": 2},
        "trainee": {"training_class": world[side]["trainingclass"].pk, "name": "新学员",
                    "sessions_attended": 1},
    }[entity]


PATCHES = {"event": {"name": "改"}, "activity": {"title": "改"}, "trainingclass": {"name": "改"},
           "trainee": {"note": "改"}}


def expect(role, entity, side, write):
    return expected(role, side, write, SEES[entity], CHANGES[entity])


OPERATIONS = crud_operations(ENTITIES)
EXTRA_READS = [("get", "/api/events/{pk}/totals")]
test_api_matrix.EXTRA_COVERED |= {(m, p) for m, p, _ in OPERATIONS} | set(EXTRA_READS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "kind"), OPERATIONS)
def test_activities_crud(refdata, role, method, path, kind):
    world = build_activities_world()
    entity = ENTITIES[path.split("{")[0]]
    check_crud(client_for(world, role), world, role, method, path, kind, entity=entity,
               sees_roles=SEES[entity], change_roles=CHANGES[entity],
               body=lambda side: body(entity, side, world), patch=PATCHES[entity])


@pytest.mark.parametrize("role", ROLES)
def test_event_totals(refdata, role):
    world = build_activities_world()
    client = client_for(world, role)
    for side in ("in", "out"):
        response = client.get(f"/api/events/{world[side]['event'].pk}/totals")
        check(response, expect(role, "event", side, False), side)
        if response.status_code == 200:
            assert [t["indicator"] for t in response.json()["totals"]] == ["medical_services"]


# ---- pages --------------------------------------------------------------------------

DETAIL_PAGES = {
    "activities:event_detail": ("event", "/activities/events/{pk}/"),
    "activities:activity_detail": ("activity", "/activities/{pk}/"),
    "activities:training_detail": ("trainingclass", "/activities/trainings/{pk}/"),
}
LIST_PAGES = {
    "activities:event_list": "/activities/events/",
    "activities:activity_list": "/activities/",
    "activities:training_list": "/activities/trainings/",
    "activities:event_export": "/activities/events/export.xlsx",
    "activities:activity_export": "/activities/export.xlsx",
    "activities:training_export": "/activities/trainings/export.xlsx",
    "activities:trainee_export": "/activities/trainees/export.xlsx",
}
FORM_PAGES = {
    "activities:event_create": "/activities/events/new/",
    "activities:activity_create": "/activities/new/",
    "activities:training_create": "/activities/trainings/new/",
    "activities:event_template": "/activities/events/template.xlsx",
    "activities:activity_template": "/activities/template.xlsx",
    "activities:training_template": "/activities/trainings/template.xlsx",
    "activities:trainee_template": "/activities/trainees/template.xlsx",
    "activities:event_import": "/activities/events/import/",
    "activities:activity_import": "/activities/import/",
    "activities:training_import": "/activities/trainings/import/",
    "activities:trainee_import": "/activities/trainees/import/",
}
CHANGE_PAGES = {
    "activities:event_edit": ("event", "/activities/events/{pk}/edit/"),
    "activities:activity_edit": ("activity", "/activities/{pk}/edit/"),
    "activities:training_edit": ("trainingclass", "/activities/trainings/{pk}/edit/"),
}
test_page_matrix.EXTRA_COVERED |= (set(DETAIL_PAGES) | set(LIST_PAGES) | set(FORM_PAGES)
                                   | set(CHANGE_PAGES))
OUT_TEXTS = ("活动周out", "义诊out", "培训班out", "学员out", "开州区人民医院")


@pytest.mark.parametrize("role", ROLES)
def test_activities_pages(refdata, role):
    import io

    import openpyxl

    world = build_activities_world()
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
        assert response.status_code == page_status(role, name), name
        if name not in LIST_PAGES or role in ("anonymous", "admin"):
            continue
        if url.endswith(".xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
        else:
            text = response.content.decode()
        assert not any(t in text for t in OUT_TEXTS), name
        if role not in SEES["activity"] and not url.endswith(".xlsx"):
            assert "义诊in" not in text and "培训班in" not in text, name
    for name, (entity, url) in CHANGE_PAGES.items():
        for side in ("in", "out"):
            target = url.format(pk=world[side][entity].pk)
            for method in ("get", "post"):
                response = getattr(client, method)(target, {})
                if role == "anonymous":
                    assert response.status_code == 302, name
                elif role != "admin" and (side == "out" or role not in SEES[entity]):
                    assert response.status_code == 404, (name, side, method)
                elif role not in CHANGES[entity]:
                    assert response.status_code == 403, (name, side, method)
                else:
                    assert response.status_code < 500, (name, side, method)
