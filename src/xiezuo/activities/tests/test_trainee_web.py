"""Trainees on the web (issue 13, item 5): added to a class from its page, edited and removed,
through the services; read-only roles see no form and are refused."""

import datetime

import pytest

from xiezuo.activities.models import Trainee, TrainingClass
from xiezuo.activities.tests.world import build
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(refdata, make_user):
    world = build(make_user)
    world["klass"] = TrainingClass.objects.create(
        name="乡村医生培训班", category="rural_doctor", organiser=world["ws"], pairing=world["pairing"],
        start=D(2025, 6, 9), end=D(2025, 6, 13), sessions=5)
    return world


def _add(client, klass, **fields):
    data = {"trainee-person": "", "trainee-name": "", "trainee-organisation": "",
            "trainee-sessions_attended": "0", "trainee-note": ""}
    data.update({f"trainee-{k}": v for k, v in fields.items()})
    return client.post(f"/activities/trainings/{klass.pk}/trainees/", data)


def _edit_data(trainee, **fields):
    data = {"person": "", "name": trainee.name, "organisation": trainee.organisation_name,
            "sessions_attended": trainee.sessions_attended, "note": trainee.note,
            "version": trainee.version}
    if trainee.completed:
        data["completed"] = "on"
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def test_a_coordinator_adds_a_registry_person_and_the_counts_change(world, client_for):
    client = client_for(world["coordinator"])
    klass = world["klass"]
    page = client.get(klass.get_absolute_url())
    assert 'id="add-trainee"' in page.content.decode()
    assert page.context["counts"]["enrolments"] == 0
    response = _add(client, klass, person="演示医生甲", sessions_attended="5", completed="on")
    assert response.status_code == 302
    assert response["Location"] == f"{klass.get_absolute_url()}#trainees"
    trainee = Trainee.objects.get(training_class=klass)
    assert (trainee.person, trainee.name, trainee.organisation, trainee.organisation_name) == (
        world["doctor"], "演示医生甲", world["ws"], "巫山县中医院")
    counts = client.get(klass.get_absolute_url()).context["counts"]
    assert (counts["enrolments"], counts["person_times"], counts["completed"]) == (1, 1, 1)


def test_someone_not_in_the_registry_with_a_workplace_as_written(world, client_for):
    client = client_for(world["coordinator"])
    response = _add(client, world["klass"], name="张村医", organisation="巫山县铜鼓镇卫生院",
                    sessions_attended="3")
    assert response.status_code == 302
    trainee = Trainee.objects.get()
    assert (trainee.person, trainee.organisation, trainee.organisation_name) == (
        None, None, "巫山县铜鼓镇卫生院")
    named = _add(client, world["klass"], name="李村医", organisation="开州中学")  # a known one
    assert named.status_code == 302
    assert Trainee.objects.get(name="李村医").organisation == world["kz"]


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": "王村医", "sessions_attended": "6"}, "sessions_attended"),  # the class held 5
    ({"name": "王村医", "completed": "on"}, "completed"),  # no session attended
    ({"name": "王村医", "sessions_attended": "-1"}, "sessions_attended"),
    ({"person": "不存在的人"}, "person"),
    ({}, "name"),  # neither a registry person nor a name
])
def test_bad_trainee_input_is_named_and_nothing_stored(world, client_for, fields, field):
    response = _add(client_for(world["coordinator"]), world["klass"], **fields)
    assert response.status_code == 422
    form = response.context["trainee_form"]
    assert field in form.errors, form.errors
    assert 'id="add-trainee" class="inline-form" open' in response.content.decode()
    assert not Trainee.objects.exists()


def test_an_ambiguous_workplace_asks_for_the_region(world, client_for):
    Organisation.objects.create(name="中心卫生院", kind="hospital", region=world["ws"].region)
    Organisation.objects.create(name="中心卫生院", kind="hospital", region=world["kz"].region)
    response = _add(client_for(world["coordinator"]), world["klass"], name="赵村医",
                    organisation="中心卫生院")
    assert response.status_code == 422
    assert "organisation" in response.context["trainee_form"].errors
    assert not Trainee.objects.exists()


def test_the_same_person_twice_is_refused(world, client_for):
    client = client_for(world["coordinator"])
    assert _add(client, world["klass"], person="演示医生甲").status_code == 302
    again = _add(client, world["klass"], person="演示医生甲")
    assert again.status_code == 422
    assert "此人已在该培训班中" in again.content.decode()
    assert Trainee.objects.count() == 1


def test_edit_and_remove_a_trainee(world, client_for):
    client = client_for(world["coordinator"])
    _add(client, world["klass"], name="张村医", organisation="巫山县铜鼓镇卫生院", sessions_attended="2")
    trainee = Trainee.objects.get()
    page = client.get(f"/activities/trainees/{trainee.pk}/edit/")
    assert page.status_code == 200
    assert page.context["form"].initial["organisation"] == "巫山县铜鼓镇卫生院"
    response = client.post(f"/activities/trainees/{trainee.pk}/edit/",
                           _edit_data(trainee, sessions_attended="5", completed="on"))
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.sessions_attended, trainee.completed, trainee.organisation_name) == (
        5, True, "巫山县铜鼓镇卫生院")
    too_many = client.post(f"/activities/trainees/{trainee.pk}/edit/",
                           _edit_data(trainee, sessions_attended="9"))
    assert too_many.status_code == 422 and "sessions_attended" in too_many.context["form"].errors
    stale = client.post(f"/activities/trainees/{trainee.pk}/edit/",
                        _edit_data(trainee, note="补考", version=1))
    assert stale.status_code == 409
    trainee.refresh_from_db()
    assert trainee.note == ""
    removed = client.post(f"/activities/trainees/{trainee.pk}/remove/")
    assert removed.status_code == 302
    assert not Trainee.objects.exists()
    assert "data-confirm" in page.content.decode()


def test_the_auditor_sees_no_form_and_is_refused(world, client_for):
    client = client_for(world["coordinator"])
    _add(client, world["klass"], name="张村医")
    trainee = Trainee.objects.get()
    auditor = client_for(world["auditor"])
    page = auditor.get(world["klass"].get_absolute_url()).content.decode()
    main = page.split("<main>")[1]
    assert 'method="post"' not in main and "/trainees/import/" not in main
    assert f"/activities/trainees/{trainee.pk}/edit/" not in main
    assert "/activities/trainings/new/" not in auditor.get("/activities/trainings/").content.decode()
    assert _add(auditor, world["klass"], name="审计员加的").status_code == 403
    assert auditor.get(f"/activities/trainees/{trainee.pk}/edit/").status_code == 403
    assert auditor.post(f"/activities/trainees/{trainee.pk}/edit/",
                        _edit_data(trainee, name="改名")).status_code == 403
    assert auditor.post(f"/activities/trainees/{trainee.pk}/remove/").status_code == 403
    assert list(Trainee.objects.values_list("name", flat=True)) == ["张村医"]


def test_a_coordinator_of_another_county_does_not_find_the_class(world, client_for):
    client = client_for(world["coordinator"])
    _add(client, world["klass"], name="张村医")
    trainee = Trainee.objects.get()
    outsider = client_for(world["outsider"])
    assert _add(outsider, world["klass"], name="外县加的").status_code == 404
    assert outsider.get(f"/activities/trainees/{trainee.pk}/edit/").status_code == 404
    assert outsider.post(f"/activities/trainees/{trainee.pk}/remove/").status_code == 404
    assert Trainee.objects.count() == 1


def test_a_registry_person_outside_the_scope_cannot_be_named(world, client_for):
    Person.objects.create(name="开州老师", organisation=world["kz"], domain="education",
                          specialty_text="语文")
    response = _add(client_for(world["coordinator"]), world["klass"], person="开州老师")
    assert response.status_code == 422
    assert "person" in response.context["trainee_form"].errors
    assert not Trainee.objects.exists()


def test_an_edit_keeps_a_workplace_whose_name_is_shared(world, client_for):
    client = client_for(world["coordinator"])
    _add(client, world["klass"], name="钱村医", organisation="巫山县中医院", sessions_attended="1")
    trainee = Trainee.objects.get()
    assert trainee.organisation == world["ws"]
    Organisation.objects.create(name="巫山县中医院", kind="hospital", region=world["kz"].region)
    response = client.post(f"/activities/trainees/{trainee.pk}/edit/",
                           _edit_data(trainee, organisation="巫山县中医院", sessions_attended="4"))
    assert response.status_code == 302, response.content.decode()
    trainee.refresh_from_db()
    assert (trainee.sessions_attended, trainee.organisation) == (4, world["ws"])
