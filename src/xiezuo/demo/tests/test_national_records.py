"""The national-scale synthetic records: shape, model constraints, plausibility, idempotence."""

import datetime
from collections import defaultdict

import pytest

from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.demo.national import load_national
from xiezuo.demo.national_records import load_national_records
from xiezuo.demo.records.volumes import COUNTS, MARK
from xiezuo.exchange.models import Engagement, Mentorship, Posting
from xiezuo.regions.models import Pairing

TODAY = datetime.date(2026, 6, 30)
MODELS = {
    "postings": Posting, "engagements": Engagement, "mentorships": Mentorship, "events": Event,
    "activities": Activity, "activity_metrics": ActivityMetric,
    "training_classes": TrainingClass, "trainees": Trainee, "agreements": Agreement,
    "agreement_targets": AgreementTarget, "projects": Project,
    "labour_cooperation": LabourCooperation, "consumption_assistance": ConsumptionAssistance,
}


@pytest.fixture
def national(refdata):
    load_national(seed=3, cities=12, counties=20, people=1500)
    return load_national_records(seed=5, scale=0.08, today=TODAY)


@pytest.mark.django_db
def test_every_model_gets_records_and_counts_match(national):
    assert set(national) == set(COUNTS)
    assert all(national[key] > 0 for key in COUNTS), national
    for key, model in MODELS.items():
        assert model.objects.count() == national[key], key
    assert Mentorship.apprentices.through.objects.filter(
        mentorship__plan__contains=MARK).count() == national["mentorship_apprentices"]
    assert Activity.people.through.objects.filter(
        activity__description=MARK).count() == national["activity_people"]
    # Every county pairing and every province parent has records.
    counties = Pairing.objects.filter(note="演示数据（虚构结对）")
    assert counties.count() == 20
    for pairing in counties:
        assert pairing.postings.exists() and pairing.projects.exists()
        assert pairing.agreements.filter(kind="framework").exists()
        assert pairing.parent.agreements.exists()


@pytest.mark.django_db
def test_a_second_run_adds_nothing(national):
    before = {key: model.objects.count() for key, model in MODELS.items()}
    again = load_national_records(seed=5, scale=0.08, today=TODAY)
    assert not any(again.values())
    assert {key: model.objects.count() for key, model in MODELS.items()} == before


@pytest.mark.django_db
def test_nothing_without_the_national_demo(refdata):
    assert not any(load_national_records(scale=0.05, today=TODAY).values())
    assert not Posting.objects.exists()


@pytest.mark.django_db
def test_sampled_records_pass_model_validation(national):
    for key, model in MODELS.items():
        for record in model.objects.order_by("pk")[:25]:
            record.full_clean()
        for record in model.objects.order_by("-pk")[:25]:
            record.full_clean()
        assert model.objects.exists(), key


@pytest.mark.django_db
def test_postings_are_plausible(national):
    by_person = defaultdict(list)
    for posting in Posting.objects.filter(note=MARK):
        by_person[posting.person_id].append((posting.start, posting.end))
        assert posting.planned_end >= posting.planned_start
        # States follow the dates.
        if posting.state in ("completed", "ended_early"):
            assert posting.actual_end < TODAY and posting.actual_start
        elif posting.state in ("on_post", "extended"):
            assert posting.actual_start <= TODAY <= posting.planned_end
            assert posting.actual_end is None
        else:
            assert posting.planned_start > TODAY and posting.actual_start is None
        if posting.direction == "east_west":
            assert posting.person.organisation.region_id == posting.pairing.east_region_id
            assert posting.host.region_id == posting.pairing.west_region_id
        else:
            assert posting.person.organisation.region_id == posting.pairing.west_region_id
            assert posting.host.region_id == posting.pairing.east_region_id
    # Nobody holds two overlapping postings.
    for periods in by_person.values():
        periods.sort()
        for (_, end), (start, _) in zip(periods, periods[1:], strict=False):
            assert start > end
    east_west = Posting.objects.filter(note=MARK, direction="east_west")
    assert east_west.filter(kind="cadre").count() < east_west.exclude(kind="cadre").count()
    assert Posting.objects.filter(note=MARK, direction="west_east").exists()
    assert Posting.objects.filter(note=MARK, state="on_post").exists()
    assert Posting.objects.filter(note=MARK, state="completed").exists()


@pytest.mark.django_db
def test_activities_events_and_mentorships_are_consistent(national):
    for activity in Activity.objects.filter(event__isnull=False).select_related("event"):
        assert activity.event.start <= activity.date <= activity.event.end
        assert activity.pairing_id == activity.event.pairing_id
    assert not Activity.objects.filter(date__gt=TODAY).exists()
    assert not Activity.objects.filter(metrics__isnull=True).exists()
    clinics = ActivityMetric.objects.filter(activity__kind="clinic")
    assert set(clinics.values_list("indicator", flat=True)) <= {
        "medical_services", "beneficiaries", "outcomes"}
    for mentorship in Mentorship.objects.prefetch_related("apprentices"):
        apprentices = list(mentorship.apprentices.all())
        assert apprentices and mentorship.mentor not in apprentices
        assert all(a.organisation_id == mentorship.host_id for a in apprentices)
        assert mentorship.posting.person_id == mentorship.mentor_id


@pytest.mark.django_db
def test_trainings_count_people_and_person_times_differently(national):
    trainees = list(Trainee.objects.all())
    identities = {t.identity for t in trainees if t.attended}
    attended = [t for t in trainees if t.attended]
    assert len(identities) < len(attended)  # some people in several classes
    assert any(t.person_id for t in trainees) and any(not t.person_id for t in trainees)
    completion = sum(t.completed for t in trainees) / len(trainees)
    assert 0.75 < completion < 0.95
    assert not [t for t in trainees if t.completed and not t.sessions_attended]
    sizes = defaultdict(int)
    for trainee in trainees:
        sizes[trainee.training_class_id] += 1
    assert all(20 <= n <= 60 for n in sizes.values())


@pytest.mark.django_db
def test_cooperation_records_are_plausible(national):
    for record in LabourCooperation.objects.all():
        assert record.employed_locally + record.employed_in_east <= record.people_hired
    for project in Project.objects.all():
        assert 100_000 <= project.funds <= 10_000_000
    years = set(AgreementTarget.objects.values_list("year", flat=True))
    assert years == {2024, 2025, 2026}
    # A framework agreement carries yearly targets for the headline measures.
    framework = Agreement.objects.filter(kind="framework").first()
    measures = set(framework.targets.values_list("measure", flat=True))
    assert {"cadres_sent", "professionals_sent", "funds", "projects"} <= measures
