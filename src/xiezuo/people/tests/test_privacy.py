"""Personal data: masked unless the role may see it, logged when shown, exportable, erasable."""

import io

import openpyxl
import pytest

from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region
from xiezuo.people.models import Person, PersonalDataAccess

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"


@pytest.fixture
def doctor(refdata):
    org = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    return PersonFactory(name="医生甲", organisation=org, phone="13912345678", id_number=ID)


def test_auditor_sees_masked_data_everywhere(doctor, make_user, client_for):
    client = client_for(make_user("a", region="500237", role="auditor"))
    body = client.get(f"/api/people/{doctor.pk}").json()
    assert body["phone"] == "139****5678"
    assert body["id_number"] == "110105********002X"
    assert body["birth_date"] is None and body["personal_data_masked"] is True
    page = client.get(f"/people/{doctor.pk}/").content.decode()
    assert "13912345678" not in page and "139****5678" in page
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/people/export.xlsx").content)).active
    row = [c.value for c in sheet[2]]
    assert "139****5678" in row and ID not in row
    assert not PersonalDataAccess.objects.exists()
    assert client.get(f"/people/{doctor.pk}/data.json").status_code == 403


def test_coordinator_sees_unmasked_data_and_each_view_is_logged(doctor, make_user, client_for):
    user = make_user("c", region="500237")
    client = client_for(user)
    assert client.get(f"/api/people/{doctor.pk}").json()["phone"] == "13912345678"
    assert "13912345678" in client.get(f"/people/{doctor.pk}/").content.decode()
    client.get("/people/export.xlsx")
    channels = sorted(PersonalDataAccess.objects.filter(user=user).values_list("channel", flat=True))
    assert channels == ["api", "export", "page"]


def test_history_of_personal_fields_is_masked_for_auditors(doctor, make_user, client_for, admin_user):
    client_for(admin_user).patch(f"/api/people/{doctor.pk}", {"phone": "13800000000", "version": 1},
                                 content_type="application/json")
    page = client_for(make_user("a", region="500237", role="auditor")).get(f"/people/{doctor.pk}/")
    text = page.content.decode()
    assert "13800000000" not in text and "13912345678" not in text
    assert "****" in text


def test_data_export_and_erasure(doctor, admin_user, client_for):
    client = client_for(admin_user)
    exported = client.get(f"/api/people/{doctor.pk}/personal-data").json()
    assert exported["person"]["fields"]["phone"] == "13912345678"
    assert client.post(f"/api/people/{doctor.pk}/erase").status_code == 204
    erased = Person.objects.get(pk=doctor.pk)
    assert erased.name.startswith("已匿名") and erased.phone == "" and erased.id_number == ""
    assert erased.organisation.name == "巫山县中医院" and erased.domain == "medical"  # statistics kept
    assert not erased.history.filter(phone="13912345678").exists()  # old versions purged


def test_only_administrators_erase(doctor, make_user, client_for):
    client = client_for(make_user("c", region="500237"))
    assert client.post(f"/api/people/{doctor.pk}/erase").status_code == 403
    assert Person.objects.get(pk=doctor.pk).phone == "13912345678"
