"""Services and selectors: metrics written with their activity, trainee names, counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.activities import services
from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.activities.selectors import completion_rate, event_totals, training_counts
from xiezuo.activities.tests.world import build
from xiezuo.core.errors import Conflict
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def _event(world, **extra):
    return services.create_event(actor=world["coordinator"], name="烟台专家组巫山行",
                                 host_region=Region.objects.get(code="500237"),
                                 sending_org=world["yt"], start=D(2025, 5, 12), end=D(2025, 5, 15),
                                 **extra)


def _activity(world, event=None, metrics=(), **extra):
    fields = {"kind": "clinic", "title": "义诊", "date": D(2025, 5, 12), "domain": "medical",
              "host": world["ws"], "sending_org": world["yt"], "event": event, **extra}
    return services.create_activity(actor=world["coordinator"], metrics=list(metrics), **fields)


def test_activity_with_metrics_and_event_totals(world):
    event = _event(world)
    _activity(world, event, [{"indicator": "medical_services", "value": 120, "unit": "人次"}])
    _activity(world, event, [{"indicator": "medical_services", "value": "82", "unit": "人次"},
                             {"indicator": "outcomes", "subject": "问题", "value": 32},
                             {"indicator": "outcomes", "subject": "建议", "value": 58}],
              kind="survey", title="调研", date=D(2025, 5, 14))
    _activity(world, None, [{"indicator": "medical_services", "value": 999}], date=D(2025, 6, 1))
    totals = event_totals(event)
    assert totals == {"medical_services": Decimal(202), "outcomes": Decimal(90)}
    assert list(totals) == ["medical_services", "outcomes"]


def test_metrics_replaced_on_update(world):
    activity = _activity(world, metrics=[{"indicator": "medical_services", "value": 10}])
    services.update_activity(actor=world["coordinator"], instance=activity, changes={"title": "新"},
                             metrics=[{"indicator": "training_person_times", "value": 5}])
    assert list(activity.metrics.values_list("indicator", "value")) == [
        ("training_person_times", Decimal(5))]
    services.update_activity(actor=world["coordinator"], instance=activity, changes={})
    assert activity.metrics.count() == 1  # no metrics given: left alone


@pytest.mark.parametrize(("metrics", "field"), [
    ([{"indicator": "nonsense", "value": 1}], "metrics[0].indicator"),
    ([{"indicator": "outcomes", "value": -1}], "metrics[0].value"),
    ([{"indicator": "outcomes", "value": "x"}], "metrics[0].value"),
    ([{"indicator": "outcomes", "value": 1}, {"indicator": "outcomes", "value": 2}], "metrics[1].subject"),
])
def test_bad_metric_stores_nothing(world, metrics, field):
    with pytest.raises(ValidationError) as exc:
        _activity(world, metrics=metrics)
    assert field in exc.value.message_dict
    assert Activity.objects.count() == 0 and ActivityMetric.objects.count() == 0


def test_bad_metric_on_update_keeps_everything(world):
    activity = _activity(world, metrics=[{"indicator": "medical_services", "value": 10}])
    with pytest.raises(ValidationError):
        services.update_activity(actor=world["coordinator"], instance=activity,
                                 changes={"title": "改"}, metrics=[{"indicator": "jobs", "value": -3}])
    activity.refresh_from_db()
    assert activity.title == "义诊" and activity.metrics.get().value == 10


def test_activity_date_outside_event(world):
    event = _event(world)
    with pytest.raises(ValidationError) as exc:
        _activity(world, event, date=D(2025, 6, 1))
    assert "date" in exc.value.message_dict
    assert Activity.objects.count() == 0


def test_event_dates_cannot_leave_activities_behind(world):
    event = _event(world)
    _activity(world, event, date=D(2025, 5, 15))
    with pytest.raises(ValidationError) as exc:
        services.update_event(actor=world["coordinator"], instance=event,
                              changes={"end": D(2025, 5, 14)})
    assert "start" in exc.value.message_dict
    event.refresh_from_db()
    assert event.end == D(2025, 5, 15)


def test_event_end_before_start(world):
    with pytest.raises(ValidationError) as exc:
        _event(world) if False else services.create_event(
            actor=world["admin"], name="x", host_region=world["ws"].region,
            start=D(2025, 5, 2), end=D(2025, 5, 1))
    assert "end" in exc.value.message_dict and Event.objects.count() == 0


def test_scope_of_writes(world):
    with pytest.raises(PermissionDenied):
        services.create_activity(actor=world["outsider"], kind="lecture", title="x",
                                 date=D(2025, 1, 1), domain="medical", host=world["ws"])
    with pytest.raises(PermissionDenied):
        services.create_activity(actor=world["auditor"], kind="lecture", title="x",
                                 date=D(2025, 1, 1), domain="medical", host=world["ws"])
    assert Activity.objects.count() == 0


def _class(world, name="乡村医生培训班", **extra):
    fields = {"name": name, "category": "rural_doctor", "organiser": world["ws"],
              "start": D(2025, 7, 1), "end": D(2025, 7, 10), "sessions": 5, **extra}
    return services.create_training_class(actor=world["coordinator"], **fields)


def test_trainee_names_follow_the_registry(world):
    klass = _class(world)
    linked = services.create_trainee(actor=world["coordinator"], training_class=klass,
                                     person=world["doctor"], sessions_attended=3)
    assert (linked.name, linked.organisation, linked.organisation_name) == (
        "演示医生甲", world["ws"], "巫山县中医院")
    other = services.create_trainee(actor=world["coordinator"], training_class=klass, name="某某",
                                    organisation=world["kz"], sessions_attended=1)
    assert other.organisation_name == "开州中学"
    plain = services.create_trainee(actor=world["coordinator"], training_class=klass, name="乙",
                                    organisation_name="某村卫生室")
    assert plain.organisation is None and plain.organisation_name == "某村卫生室"
    services.update_trainee(actor=world["coordinator"], instance=other,
                            changes={"organisation": world["ws"]})
    assert other.organisation_name == "巫山县中医院"


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": "甲", "sessions_attended": 6}, "sessions_attended"),
    ({"name": "甲", "completed": True}, "completed"),
    ({"name": ""}, "name"),
])
def test_bad_trainee_names_the_field(world, fields, field):
    klass = _class(world)
    with pytest.raises(ValidationError) as exc:
        services.create_trainee(actor=world["coordinator"], training_class=klass, **fields)
    assert field in exc.value.message_dict
    assert Trainee.objects.count() == 0


def test_duplicate_trainee_refused(world):
    klass = _class(world)
    services.create_trainee(actor=world["coordinator"], training_class=klass, person=world["doctor"])
    with pytest.raises(ValidationError):
        services.create_trainee(actor=world["coordinator"], training_class=klass,
                                person=world["doctor"])
    assert Trainee.objects.count() == 1


def test_class_sessions_cannot_drop_below_attendance(world):
    klass = _class(world)
    services.create_trainee(actor=world["coordinator"], training_class=klass, name="甲",
                            sessions_attended=5)
    with pytest.raises(ValidationError) as exc:
        services.update_training_class(actor=world["coordinator"], instance=klass,
                                       changes={"sessions": 3})
    assert "sessions" in exc.value.message_dict
    klass.refresh_from_db()
    assert klass.sessions == 5


def test_trainee_in_class_outside_scope_refused(world):
    klass = services.create_training_class(
        actor=world["admin"], name="开州班", category="teacher", organiser=world["kz"],
        start=D(2025, 7, 1), end=D(2025, 7, 2))
    with pytest.raises(PermissionDenied):
        services.create_trainee(actor=world["coordinator"], training_class=klass, name="甲",
                                organisation=world["ws"])
    assert Trainee.objects.count() == 0


def test_person_times_versus_distinct_people(world):
    a, b = _class(world, "甲班"), _class(world, "乙班")
    coordinator = world["coordinator"]
    # One registry person in both classes: 2 person-times, 1 person.
    services.create_trainee(actor=coordinator, training_class=a, person=world["doctor"],
                            sessions_attended=5, completed=True)
    services.create_trainee(actor=coordinator, training_class=b, person=world["doctor"],
                            sessions_attended=2)
    # An unlinked trainee in both classes (same name and organisation; spaces ignored).
    services.create_trainee(actor=coordinator, training_class=a, name="张三",
                            organisation_name="某村卫生室", sessions_attended=1)
    services.create_trainee(actor=coordinator, training_class=b, name="张三 ",
                            organisation_name=" 某村卫生室", sessions_attended=4, completed=True)
    # Same name, another organisation: another person.
    services.create_trainee(actor=coordinator, training_class=b, name="张三",
                            organisation_name="另一卫生室", sessions_attended=1)
    # Enrolled, never attended: an enrolment, neither a person-time nor a person trained.
    services.create_trainee(actor=coordinator, training_class=a, name="缺席者", sessions_attended=0)
    counts = training_counts(TrainingClass.objects.all())
    assert counts == {"distinct_people": 3, "person_times": 5, "completed": 2, "enrolments": 6,
                      "classes": 2}
    assert training_counts(TrainingClass.objects.filter(pk=a.pk)) == {
        "distinct_people": 2, "person_times": 2, "completed": 1, "enrolments": 3, "classes": 1}
    assert completion_rate(counts) == pytest.approx(2 / 6)
    assert training_counts(TrainingClass.objects.none())["enrolments"] == 0


def test_delete_event_with_activities_is_a_conflict(world):
    event = _event(world)
    _activity(world, event)
    with pytest.raises(Conflict):
        services.delete_event(actor=world["coordinator"], instance=event)
    assert Event.objects.count() == 1
