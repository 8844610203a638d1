"""Issue 11, findings 7, 9 (availability), 11 and 12: erasure reaches every copy of a name,
availability has a bounded size, ID numbers tell nothing across scopes, self-service
users keep to their own details."""

import datetime
import io

import openpyxl
import pytest
from django.db import IntegrityError, transaction
from tests.excel_files import PEOPLE_HEADERS, person_row, workbook_bytes

from xiezuo.activities.models import Trainee, TrainingClass
from xiezuo.core.models import Job
from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region
from xiezuo.people.models import Availability, Person
from xiezuo.people.services import MAX_WINDOWS

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"
D = datetime.date


@pytest.fixture
def hospital(refdata):
    return OrganisationFactory(name="巫山县中医院", region=region("500237"))


@pytest.fixture
def doctor(hospital):
    return PersonFactory(name="医生甲", organisation=hospital, phone="13912345678", id_number=ID,
                         title="主治医师", title_level=3)


# ---- finding 12: self-service keeps to its own details ------------------------------------


@pytest.fixture
def self_client(doctor, make_user, client_for):
    return client_for(make_user("self", person=doctor))


def test_self_service_updates_contact_details(doctor, self_client):
    response = self_client.patch(f"/api/people/{doctor.pk}", {"phone": "13800000000", "version": 1},
                                 content_type="application/json")
    assert response.status_code == 200, response.content
    doctor.refresh_from_db()
    assert doctor.phone == "13800000000"


@pytest.mark.parametrize("change", [{"title_level": 5}, {"title": "主任医师"}, {"specialty_text": "神经外科"},
                                    {"domain": "education"}])
def test_self_service_cannot_raise_its_title_or_change_what_matching_reads(doctor, self_client, change):
    response = self_client.patch(f"/api/people/{doctor.pk}", {**change, "version": 1},
                                 content_type="application/json")
    assert response.status_code == 403, response.content
    assert "单位维护" in response.json()["detail"]
    doctor.refresh_from_db()
    assert (doctor.title_level, doctor.title, doctor.domain) == (3, "主治医师", "medical")


def test_self_service_replace_with_unchanged_matching_fields_is_accepted(doctor, self_client):
    body = self_client.get(f"/api/people/{doctor.pk}").json()
    payload = {k: body[k] for k in ("name", "organisation", "domain", "specialty_text", "title",
                                    "position", "phone", "id_number", "note")}
    payload.update(organisation=doctor.organisation_id, phone="13700000000", version=body["version"],
                   title_level=3)
    response = self_client.put(f"/api/people/{doctor.pk}", payload, content_type="application/json")
    assert response.status_code == 200, response.content


def test_self_service_cannot_delete_its_person_record(doctor, self_client):
    response = self_client.delete(f"/api/people/{doctor.pk}")
    assert response.status_code == 403
    assert Person.objects.filter(pk=doctor.pk).exists()


def test_self_service_still_states_its_availability(doctor, self_client):
    response = self_client.patch(f"/api/people/{doctor.pk}", {
        "availability": [{"start": "2030-01-01", "end": "2030-06-30", "modes": ["short_visit"]}],
        "version": 1}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert doctor.availability.count() == 1


def test_a_coordinator_still_deletes_and_sets_levels(doctor, make_user, client_for):
    client = client_for(make_user("c", region="500237"))
    assert client.patch(f"/api/people/{doctor.pk}", {"title_level": 4, "version": 1},
                        content_type="application/json").status_code == 200
    assert client.delete(f"/api/people/{doctor.pk}").status_code == 204


# ---- finding 11: no ID-number oracle across scopes -------------------------------------------


def payload(org, **extra):
    return {"name": "新人", "organisation": org.pk, "domain": "medical", "specialty_text": "骨科",
            "id_number": ID, **extra}


def test_an_id_number_registered_outside_the_scope_tells_nothing(doctor, make_user, client_for):
    """开州's coordinator registers a person with an ID number that 巫山 holds: nothing
    distinguishes the answer from a new number."""
    kaizhou = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    client = client_for(make_user("k", region="500154"))
    response = client.post("/api/people/", payload(kaizhou), content_type="application/json")
    assert response.status_code == 201, response.content
    assert "医生甲" not in response.content.decode()


def test_an_id_number_held_in_the_scope_names_the_holder(doctor, hospital, make_user, client_for):
    client = client_for(make_user("c", region="500237"))
    other = OrganisationFactory(name="巫山县人民医院", region=region("500237"))
    response = client.post("/api/people/", payload(other), content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "id_number"]
    assert "医生甲" in detail["msg"] and "巫山县中医院" in detail["msg"]
    assert Person.objects.count() == 1


def test_the_same_id_number_twice_in_one_organisation_is_refused_by_the_database(doctor, hospital):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="重复", organisation=hospital, domain="medical",
                              specialty_text="骨科", id_number=ID)


def test_excel_import_checks_id_numbers_within_the_scope(doctor, hospital, make_user, client_for):
    client = client_for(make_user("c", region="500237"))
    row = person_row(1, org="巫山县中医院")
    row[PEOPLE_HEADERS.index("身份证号")] = ID
    data = workbook_bytes([PEOPLE_HEADERS, row])
    response = client.post("/people/import/", {"file": io.BytesIO(data)}, follow=True)
    text = response.content.decode()
    assert "医生甲" in text  # the holder is named to the coordinator who can see them
    assert Person.objects.count() == 1


# ---- finding 9: a bounded number of availability windows --------------------------------------


def test_too_many_availability_windows_are_refused_quickly(hospital, admin_user, client_for):
    windows = [{"start": str(D(2030, 1, 1) + datetime.timedelta(days=2 * i)),
                "end": str(D(2030, 1, 1) + datetime.timedelta(days=2 * i)), "modes": ["short_visit"]}
               for i in range(20_000)]
    response = client_for(admin_user).post("/api/people/", {**payload(hospital), "id_number": "",
                                                            "availability": windows},
                                           content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "availability"] and str(MAX_WINDOWS) in detail["msg"]
    assert not Person.objects.exists() and not Availability.objects.exists()


# ---- finding 7: erasure reaches the copies of the name ----------------------------------------


@pytest.mark.parametrize("through", ["api", "page"])
def test_erasure_reaches_trainee_records_their_history_and_exports(doctor, admin_user, client_for,
                                                                   through):
    klass = TrainingClass.objects.create(name="骨科进修班", category="medical_staff", organiser=doctor.organisation,
                                         start=D(2025, 6, 1), end=D(2025, 6, 3), sessions=3)
    trainee = Trainee.objects.create(training_class=klass, person=doctor, name="医生甲",
                                     sessions_attended=2)
    trainee.note = "改过一次"
    trainee.save()
    stored = Job.objects.create(kind=Job.Kind.EXPORT, resource="activities.trainee", actor=admin_user,
                                status=Job.Status.SUCCEEDED, result="workbook naming 医生甲".encode())
    client = client_for(admin_user)
    url = f"/api/people/{doctor.pk}/erase" if through == "api" else f"/people/{doctor.pk}/erase/"
    assert client.post(url).status_code == (204 if through == "api" else 302)

    trainee.refresh_from_db()
    assert trainee.name.startswith("已匿名")
    assert not trainee.history.filter(name="医生甲").exists()
    assert trainee.history.count() == 1
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/activities/trainees/export.xlsx").content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "医生甲" not in cells and any(str(c).startswith("已匿名") for c in cells if c)
    stored.refresh_from_db()
    assert stored.result is None and stored.message
    page = client.get(f"/activities/trainings/{klass.pk}/").content.decode()
    assert "医生甲" not in page
