"""People on the web (issue 13, item 5): add and edit a person with availability windows
through the services, and the person's page with their postings, teams, mentorships,
engagements, activities and trainings."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.activities.models import Activity, Trainee, TrainingClass
from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region
from xiezuo.exchange.models import Engagement, Mentorship, Posting, Team
from xiezuo.people import services
from xiezuo.people.models import Availability, Person, PersonalDataAccess

pytestmark = pytest.mark.django_db
D = datetime.date
VALID_ID = "11010519491231002X"  # GB 11643's worked example
BAD_ID = "110105194912310021"  # wrong check digit


@pytest.fixture
def world(refdata, make_user):
    wushan = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    kaizhou = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    yantai = OrganisationFactory(name="烟台山医院", region=region("370602"))
    doctor = PersonFactory(name="李医生", organisation=wushan, phone="13912345678")
    return {
        "wushan": wushan, "kaizhou": kaizhou, "yantai": yantai, "doctor": doctor,
        "coordinator": make_user("ws-coord", region="500237"),
        "auditor": make_user("ws-audit", region="500237", role="auditor"),
        "outsider": make_user("kz-coord", region="500154"),
        "org_user": make_user("ws-org", organisation=wushan),
        "self": make_user("ws-self", person=doctor),
        "admin": make_user("root", superuser=True),
    }


def _fields(world, **extra):
    return {"name": "王新", "organisation": world["wushan"], "domain": "medical",
            "specialty_text": "骨科", **extra}


def _post_data(**extra):
    """The person form's input with one availability window (and one blank row)."""
    data = {
        "name": "王新", "gender": "female", "organisation": "巫山县中医院", "domain": "medical",
        "specialty": "脑外科", "title": "副主任医师", "title_level": "", "position": "科室主任",
        "phone": "13800000001", "id_number": VALID_ID, "birth_date": "", "note": "",
        "availability-TOTAL_FORMS": "2", "availability-INITIAL_FORMS": "0",
        "availability-MIN_NUM_FORMS": "0", "availability-MAX_NUM_FORMS": "50",
        "availability-0-start": "2027-03-01", "availability-0-end": "2027-08-31",
        "availability-0-modes": ["long_posting", "remote"],
        "availability-1-start": "", "availability-1-end": "",
    }
    data.update(extra)
    return data


def _edit_data(person, **extra):
    windows = list(person.availability.order_by("start"))
    data = {
        "name": person.name, "gender": person.gender, "organisation": person.organisation.name,
        "domain": person.domain, "specialty": person.specialty_label, "title": person.title,
        "title_level": person.title_level or "", "position": person.position,
        "phone": person.phone, "id_number": person.id_number, "birth_date": "",
        "note": person.note, "version": person.version,
        "availability-TOTAL_FORMS": str(len(windows) + 1),
        "availability-INITIAL_FORMS": str(len(windows)),
        "availability-MIN_NUM_FORMS": "0", "availability-MAX_NUM_FORMS": "50",
    }
    for i, w in enumerate(windows):
        data.update({f"availability-{i}-start": w.start.isoformat(),
                     f"availability-{i}-end": w.end.isoformat(), f"availability-{i}-modes": w.modes})
    data.update(extra)
    return data


def _text(response) -> str:
    return response.content.decode()


# ---- the services: bad input names its field and stores nothing ----------------------------


def test_create_person_with_a_window(world):
    person = services.create_person(
        actor=world["coordinator"], **_fields(world, title="副主任医师"),
        availability=[{"start": D(2027, 3, 1), "end": D(2027, 8, 31), "modes": ["long_posting"]}])
    assert person.title_level == 4
    assert list(person.availability.values_list("modes", flat=True)) == [["long_posting"]]


@pytest.mark.parametrize(("change", "field"), [
    ({"name": ""}, "name"),
    ({"specialty_text": ""}, "specialty"),
    ({"id_number": BAD_ID}, "id_number"),
    ({"domain": "astrology"}, "domain"),
])
def test_bad_person_input_names_the_field(world, change, field):
    with pytest.raises(ValidationError) as err:
        services.create_person(actor=world["coordinator"], **_fields(world, **change))
    assert field in err.value.message_dict
    assert not Person.objects.filter(name="王新").exists()


def test_a_window_ending_before_it_starts_is_named_and_nothing_stored(world):
    with pytest.raises(ValidationError) as err:
        services.create_person(actor=world["coordinator"], **_fields(world), availability=[
            {"start": D(2027, 1, 1), "end": D(2027, 6, 30), "modes": ["remote"]},
            {"start": D(2027, 9, 1), "end": D(2027, 8, 1), "modes": ["remote"]}])
    assert "availability[1].end" in err.value.message_dict
    assert not Person.objects.filter(name="王新").exists()
    assert not Availability.objects.exists()


def test_an_organisation_outside_the_scope_is_named_as_the_organisation(world):
    with pytest.raises(ValidationError) as err:
        services.create_person(actor=world["coordinator"], **_fields(world, organisation=world["kaizhou"]))
    assert list(err.value.message_dict) == ["organisation"]
    assert "开州区人民医院" not in str(err.value)  # the same answer as for one that does not exist
    assert not Person.objects.filter(name="王新").exists()


def test_an_auditor_may_not_create_through_the_service(world):
    with pytest.raises(PermissionDenied):
        services.create_person(actor=world["auditor"], **_fields(world))
    assert not Person.objects.filter(name="王新").exists()


# ---- the create page -------------------------------------------------------------------


def test_a_coordinator_adds_a_person_with_a_window(world, client_for):
    client = client_for(world["coordinator"])
    page = client.get("/people/new/")
    assert page.status_code == 200
    assert 'name="availability-0-start"' in _text(page)
    response = client.post("/people/new/", _post_data())
    assert response.status_code == 302, _text(response)
    person = Person.objects.get(name="王新")
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.organisation == world["wushan"]
    assert person.specialty is not None and person.specialty.name.startswith("神经外科")  # by alias
    assert (person.title_level, person.birth_date) == (4, D(1949, 12, 31))
    window = person.availability.get()
    assert (window.start, window.end, window.modes) == (D(2027, 3, 1), D(2027, 8, 31),
                                                        ["long_posting", "remote"])
    shown = _text(client.get(response["Location"]))
    assert "神经外科" in shown and "med:" not in shown  # the name, not the code
    assert "2027年3月1日" in shown


def test_a_specialty_not_in_the_vocabulary_is_kept_as_written(world, client_for):
    response = client_for(world["coordinator"]).post(
        "/people/new/", _post_data(specialty="高原病防治", id_number=""))
    assert response.status_code == 302
    person = Person.objects.get(name="王新")
    assert (person.specialty, person.specialty_text) == (None, "高原病防治")


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"organisation": "不存在的医院"}, "organisation", "不存在的医院"),
    ({"organisation": "开州区人民医院"}, "organisation", "开州区人民医院"),  # outside the county
    ({"id_number": BAD_ID}, "id_number", "校验位"),
    ({"name": ""}, "name", ""),
])
def test_bad_input_is_shown_on_its_field_and_nothing_stored(world, client_for, change, field, message):
    response = client_for(world["coordinator"]).post("/people/new/", _post_data(**change))
    assert response.status_code == 422
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert not Person.objects.filter(name="王新").exists()
    assert not Availability.objects.exists()


def test_a_bad_window_is_named_on_its_row(world, client_for):
    response = client_for(world["coordinator"]).post("/people/new/", _post_data(**{
        "availability-1-start": "2028-05-01", "availability-1-end": "2028-01-01",
        "availability-1-modes": ["short_visit"]}))
    assert response.status_code == 422
    rows = response.context["windows"].forms
    assert not rows[0].errors
    assert "end" in rows[1].errors
    assert "结束日期" in " ".join(rows[1].errors["end"]) or "不能早于" in " ".join(rows[1].errors["end"])
    assert not Person.objects.filter(name="王新").exists()


def test_a_window_without_a_mode_is_named_on_its_row(world, client_for):
    data = _post_data()
    del data["availability-0-modes"]
    response = client_for(world["coordinator"]).post("/people/new/", data)
    assert response.status_code == 422
    assert "modes" in response.context["windows"].forms[0].errors
    assert not Person.objects.filter(name="王新").exists()


# ---- who may: the auditor, the coordinator of another county, self-service ------------------


def test_the_auditor_gets_no_form_and_no_write(world, client_for):
    client = client_for(world["auditor"])
    doctor = world["doctor"]
    assert client.get("/people/new/").status_code == 403
    assert client.post("/people/new/", _post_data()).status_code == 403
    assert client.get(f"/people/{doctor.pk}/edit/").status_code == 403
    assert client.post(f"/people/{doctor.pk}/edit/", _edit_data(doctor, name="改名")).status_code == 403
    assert not Person.objects.filter(name__in=["王新", "改名"]).exists()
    listing = _text(client.get("/people/"))
    assert "/people/new/" not in listing and "/people/import/" not in listing
    page = _text(client.get(f"/people/{doctor.pk}/"))
    assert f"/people/{doctor.pk}/edit/" not in page
    assert 'method="post"' not in page.split("<main>")[1]


def test_a_coordinator_of_another_county_does_not_find_the_person(world, client_for):
    client = client_for(world["outsider"])
    doctor = world["doctor"]
    assert client.get(f"/people/{doctor.pk}/edit/").status_code == 404
    assert client.post(f"/people/{doctor.pk}/edit/", _edit_data(doctor, name="改名")).status_code == 404
    assert client.get(f"/people/{doctor.pk}/").status_code == 404
    doctor.refresh_from_db()
    assert doctor.name == "李医生"


def test_the_coordinator_sees_the_actions(world, client_for):
    client = client_for(world["coordinator"])
    assert "/people/new/" in _text(client.get("/people/"))
    assert f"/people/{world['doctor'].pk}/edit/" in _text(client.get(f"/people/{world['doctor'].pk}/"))


def test_an_organisation_user_adds_people_only_in_its_organisation(world, client_for):
    client = client_for(world["org_user"])
    assert client.post("/people/new/", _post_data()).status_code == 302
    response = client.post("/people/new/", _post_data(name="外人", organisation="烟台山医院",
                                                      id_number=""))
    assert response.status_code == 422
    assert "organisation" in response.context["form"].errors
    assert not Person.objects.filter(name="外人").exists()


def test_self_service_edits_only_its_own_contact_data_and_windows(world, client_for):
    doctor = world["doctor"]
    client = client_for(world["self"])
    assert client.get("/people/new/").status_code == 403
    assert "/people/new/" not in _text(client.get("/people/"))
    page = client.get(f"/people/{doctor.pk}/edit/")
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {"name", "gender", "position", "phone",
                                                "id_number", "birth_date", "note", "version"}
    data = {k: v for k, v in _edit_data(doctor, phone="13700000000").items()
            if k not in ("organisation", "domain", "specialty", "title", "title_level")}
    data.update({"organisation": "开州区人民医院", "title_level": "5",  # not on its form: ignored
                 "availability-0-start": "2027-01-01", "availability-0-end": "2027-03-31",
                 "availability-0-modes": ["remote"]})
    response = client.post(f"/people/{doctor.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()
    doctor.refresh_from_db()
    assert (doctor.phone, doctor.organisation, doctor.title_level) == (
        "13700000000", world["wushan"], 3)
    assert doctor.availability.get().modes == ["remote"]


# ---- edits: version, windows replaced, personal data logged ---------------------------------


def test_an_edit_replaces_the_windows_and_keeps_a_stale_form_out(world, client_for):
    doctor = world["doctor"]
    Availability.objects.create(person=doctor, start=D(2027, 1, 1), end=D(2027, 6, 30),
                                modes=["remote"])
    client = client_for(world["coordinator"])
    page = client.get(f"/people/{doctor.pk}/edit/")
    assert page.status_code == 200
    assert PersonalDataAccess.objects.filter(person=doctor).exists()  # the form shows the phone
    data = _edit_data(doctor, position="副院长", **{
        "availability-0-DELETE": "on", "availability-1-start": "2028-01-01",
        "availability-1-end": "2028-12-31", "availability-1-modes": ["short_visit"]})
    response = client.post(f"/people/{doctor.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()
    doctor.refresh_from_db()
    assert doctor.position == "副院长" and doctor.version == 2
    assert list(doctor.availability.values_list("start", flat=True)) == [D(2028, 1, 1)]
    assert doctor.specialty_text == "骨科"  # unchanged text stays as written
    stale = client.post(f"/people/{doctor.pk}/edit/", {**data, "position": "院长", "version": 1})
    assert stale.status_code == 409
    assert "院长" in stale.content.decode()  # the input is kept
    doctor.refresh_from_db()
    assert doctor.position == "副院长"


# ---- the person's page -----------------------------------------------------------------------


def test_the_page_shows_the_person_records_with_names_and_links(world, client_for):
    doctor, wushan, yantai = world["doctor"], world["wushan"], world["yantai"]
    mentor = PersonFactory(name="烟台导师", organisation=yantai)
    team = Team.objects.create(name="烟台赴巫山医疗队", host=wushan, sending_org=yantai,
                               domain="medical", planned_start=D(2026, 1, 1), planned_end=D(2026, 12, 31))
    posting = Posting.objects.create(person=doctor, host=wushan, direction="west_east", kind="medical",
                                     planned_start=D(2026, 1, 1), planned_end=D(2026, 6, 30), team=team,
                                     team_role="member")
    mentorship = Mentorship.objects.create(mentor=mentor, host=wushan, start=D(2026, 2, 1))
    mentorship.apprentices.add(doctor)
    engagement = Engagement.objects.create(person=doctor, organisation=wushan, role="advisor",
                                           start=D(2026, 3, 1))
    activity = Activity.objects.create(kind="clinic", title="送医下乡义诊", date=D(2026, 4, 2),
                                       domain="medical", host=wushan)
    activity.people.add(doctor)
    klass = TrainingClass.objects.create(name="乡村医生培训班", category="rural_doctor", organiser=wushan,
                                         start=D(2026, 5, 1), end=D(2026, 5, 3), sessions=3)
    Trainee.objects.create(training_class=klass, person=doctor, name=doctor.name, sessions_attended=3,
                           completed=True)
    page = _text(client_for(world["coordinator"]).get(f"/people/{doctor.pk}/"))
    for url in (posting.get_absolute_url(), team.get_absolute_url(), mentorship.get_absolute_url(),
                engagement.get_absolute_url(), activity.get_absolute_url(), klass.get_absolute_url()):
        assert f'href="{url}"' in page
    assert "烟台赴巫山医疗队" in page and "送医下乡义诊" in page and "3 / 3" in page
    assert "师从 烟台导师" in page
    assert "暂无" not in page.split('id="postings"')[1].split("</section>")[0]


def test_the_page_shows_only_what_the_reader_may_see_and_says_when_empty(world, client_for):
    doctor, kaizhou = world["doctor"], world["kaizhou"]
    elsewhere = TrainingClass.objects.create(name="开州培训班", category="rural_doctor", organiser=kaizhou,
                                             start=D(2026, 5, 1), end=D(2026, 5, 3), sessions=2)
    Trainee.objects.create(training_class=elsewhere, person=doctor, name=doctor.name,
                           organisation=doctor.organisation)
    page = _text(client_for(world["coordinator"]).get(f"/people/{doctor.pk}/"))
    # The enrolment is visible (the trainee's workplace is in the county), the class is not:
    # named, not linked to a page the reader would not find.
    trainings = page.split('id="trainings"')[1].split("</section>")[0]
    assert "开州培训班" in trainings and elsewhere.get_absolute_url() not in trainings
    for section, empty in (("postings", "暂无您可查看的选派记录"), ("teams", "暂无您可查看的组团帮扶记录"),
                           ("mentorships", "暂无您可查看的师带徒记录"),
                           ("engagements", "暂无您可查看的柔性引才记录"),
                           ("activities", "暂无您可查看的帮扶活动记录")):
        assert empty in page.split(f'id="{section}"')[1].split("</section>")[0]
    assert not re.search(r"med:\d", page)


def test_a_new_title_brings_its_level_unless_a_level_is_chosen(world, client_for):
    doctor = world["doctor"]  # 主治医师, 中级 (3)
    client = client_for(world["coordinator"])
    response = client.post(f"/people/{doctor.pk}/edit/", _edit_data(doctor, title="主任医师"))
    assert response.status_code == 302
    doctor.refresh_from_db()
    assert (doctor.title, doctor.title_level) == ("主任医师", 5)
    response = client.post(f"/people/{doctor.pk}/edit/",
                           _edit_data(doctor, title="专家", title_level="4"))
    assert response.status_code == 302
    doctor.refresh_from_db()
    assert (doctor.title, doctor.title_level) == ("专家", 4)


def test_an_edit_keeps_an_organisation_whose_name_is_shared(world, client_for, make_user):
    doctor = world["doctor"]
    OrganisationFactory(name="巫山县中医院", region=region("500154"))  # the same name in 开州
    client = client_for(make_user("cq-coord", region="500000"))  # 重庆市: sees both
    response = client.post(f"/people/{doctor.pk}/edit/", _edit_data(doctor, position="主任"))
    assert response.status_code == 302, response.content.decode()
    doctor.refresh_from_db()
    assert (doctor.position, doctor.organisation) == ("主任", world["wushan"])
    new = client.post("/people/new/", _post_data())  # a new person must say which one
    assert new.status_code == 422 and "organisation" in new.context["form"].errors
