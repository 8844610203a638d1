"""The demo activities load once, with the figures of the sample report."""

from decimal import Decimal

import pytest

from xiezuo.activities.demo import EVENT_NAME, load_activities_demo
from xiezuo.activities.models import Event, TrainingClass
from xiezuo.activities.selectors import event_totals, training_counts
from xiezuo.demo.registry import load_registry
from xiezuo.people.models import Person

pytestmark = pytest.mark.django_db


def test_demo_loads_once(refdata):
    orgs = load_registry()
    for name in ("演示医生甲", "演示医生乙"):
        Person.objects.create(name=name, organisation=orgs["ws_tcm"], domain="medical",
                              specialty_text="全科")
    counts = load_activities_demo()
    assert counts["events"] == 2 and counts["classes"] == 2 and counts["trainees"] >= 55
    assert load_activities_demo() == {}
    totals = event_totals(Event.objects.get(name=EVENT_NAME))
    assert totals["medical_services"] == Decimal(202)
    assert totals["training_person_times"] == Decimal(320)
    assert totals["outcomes"] == Decimal(32 + 58 + 11)
    both = training_counts(TrainingClass.objects.all())
    doctors = training_counts(TrainingClass.objects.filter(name="乡村医生培训班"))
    crafts = training_counts(TrainingClass.objects.filter(name="非遗手工艺培训班"))
    assert doctors["enrolments"] - doctors["person_times"] == 2  # two never came
    assert both["person_times"] == doctors["person_times"] + crafts["person_times"]
    # eight people attended both classes: counted twice as person-times, once as people
    assert both["distinct_people"] == both["person_times"] - 8
    assert TrainingClass.objects.get(name="乡村医生培训班").trainees.filter(
        person__isnull=False).count() == 2
    assert 0 < both["completed"] < both["person_times"]
