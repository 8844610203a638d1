import pytest
from django.core.exceptions import ValidationError

from xiezuo.core.tests.factories import OrganisationFactory
from xiezuo.people.models import Availability, Person
from xiezuo.people.validators import id_check_char, validate_id_number, validate_phone

VALID_ID = "11010519491231002X"  # the standard's worked example


def test_id_check_digit_of_the_standard_example():
    assert id_check_char(VALID_ID[:17]) == "X"
    validate_id_number(VALID_ID)
    validate_id_number(VALID_ID.lower())


@pytest.mark.parametrize(
    ("number", "code"),
    [("110105194912310021", "id_check"), ("11010519491231002", "id_format"),
     ("1101051949123100AX", "id_format"), ("110105194913310028", "id_birth")],
)
def test_bad_id_numbers_are_named(number, code):
    with pytest.raises(ValidationError) as err:
        validate_id_number(number)
    assert err.value.code == code


def test_phone_numbers():
    validate_phone("13912345678")
    validate_phone("023-57681234")
    with pytest.raises(ValidationError):
        validate_phone("12345")


@pytest.mark.django_db
def test_api_person_create_derives_level_and_specialty(refdata, admin_user, client_for):
    org = OrganisationFactory(name="烟台山医院")
    response = client_for(admin_user).post("/api/people/", {
        "name": "施宏志", "organisation": org.pk, "domain": "medical", "specialty": "脑外科",
        "title": "副主任医师", "id_number": VALID_ID,
        "availability": [{"start": "2025-01-01", "end": "2025-12-31", "modes": ["long_posting"]}],
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title_level"] == 4
    assert body["specialty_name"].startswith("神经外科")
    assert body["birth_date"] == "1949-12-31"
    assert body["availability"][0]["modes"] == ["long_posting"]


@pytest.mark.django_db
def test_api_person_bad_input_stores_nothing(refdata, admin_user, client_for):
    org = OrganisationFactory()
    client = client_for(admin_user)
    bad_id = client.post("/api/people/", {
        "name": "甲", "organisation": org.pk, "domain": "medical", "specialty_text": "骨科",
        "id_number": "110105194912310021",
    }, content_type="application/json")
    assert bad_id.status_code == 422
    assert bad_id.json()["detail"][0]["loc"] == ["body", "id_number"]
    assert "校验位" in bad_id.json()["detail"][0]["msg"]
    no_specialty = client.post("/api/people/", {
        "name": "乙", "organisation": org.pk, "domain": "medical",
    }, content_type="application/json")
    assert no_specialty.status_code == 422
    bad_window = client.post("/api/people/", {
        "name": "丙", "organisation": org.pk, "domain": "medical", "specialty_text": "骨科",
        "availability": [{"start": "2025-06-01", "end": "2025-01-01", "modes": ["remote"]}],
    }, content_type="application/json")
    assert bad_window.status_code == 422
    assert bad_window.json()["detail"][0]["loc"] == ["body", "availability[0].end"]
    bad_mode = client.post("/api/people/", {
        "name": "丁", "organisation": org.pk, "domain": "medical", "specialty_text": "骨科",
        "availability": [{"start": "2025-01-01", "end": "2025-06-01", "modes": ["teleport"]}],
    }, content_type="application/json")
    assert bad_mode.status_code == 422
    assert not Person.objects.exists()
    assert not Availability.objects.exists()


@pytest.mark.django_db
def test_duplicate_id_number_is_rejected(refdata, admin_user, client_for):
    org = OrganisationFactory()
    client = client_for(admin_user)
    payload = {"name": "甲", "organisation": org.pk, "domain": "medical",
               "specialty_text": "骨科", "id_number": VALID_ID}
    assert client.post("/api/people/", payload, content_type="application/json").status_code == 201
    again = client.post("/api/people/", payload, content_type="application/json")
    assert again.status_code == 422
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_api_person_update_and_delete(refdata, admin_user, client_for):
    org = OrganisationFactory()
    client = client_for(admin_user)
    pk = client.post("/api/people/", {"name": "甲", "organisation": org.pk, "domain": "medical",
                                      "specialty_text": "骨科"}, content_type="application/json").json()["id"]
    patched = client.patch(f"/api/people/{pk}", {"title": "主任医师", "version": 1}, content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["title_level"] == 5
    assert client.delete(f"/api/people/{pk}").status_code == 204
    assert not Person.objects.exists()
