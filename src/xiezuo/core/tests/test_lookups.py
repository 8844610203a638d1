"""core.lookups: references given in input resolve to records the actor may name, and
a reference outside that set gets the same answer as one that does not exist."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from xiezuo.core.lookups import NOT_KNOWN, Lookup, lookup_for, register, resolve
from xiezuo.core.tests.factories import OrganisationFactory, PairingFactory, PersonFactory, region
from xiezuo.exchange.models import Engagement
from xiezuo.orgs.lookups import ANY_ORGANISATION, ORGANISATION
from xiezuo.people.lookups import PERSON
from xiezuo.people.models import Person
from xiezuo.regions.lookups import PAIRING, REGION, pairing_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(refdata, make_user):
    wushan = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    wushan_school = OrganisationFactory(name="巫山中学", kind="school", region=region("500237"))
    kaizhou = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    yantai = OrganisationFactory(name="烟台山医院", region=region("370600"))
    # Two organisations of one name, in two regions.
    OrganisationFactory(name="人民医院", region=region("500237"))
    OrganisationFactory(name="人民医院", region=region("500154"))
    visiting = PersonFactory(name="张医生", organisation=yantai)
    Engagement.objects.create(person=visiting, organisation=wushan, role="advisor",
                              start=datetime.date(2024, 1, 1))
    return {
        "user": make_user("wushan", region="500237"),
        "wushan": wushan, "kaizhou": kaizhou, "yantai": yantai,
        "doctor": PersonFactory(name="巫山医生", organisation=wushan, id_number="50023719900101123X"),
        "li_hospital": PersonFactory(name="李老师", organisation=wushan),
        "li_school": PersonFactory(name="李老师", organisation=wushan_school),
        "outsider": PersonFactory(name="开州医生", organisation=kaizhou),
        "visiting": visiting,
        "pairing": PairingFactory(east_region=region("370600"), west_region=region("500237")),
        "other_pairing": PairingFactory(east_region=region("370700"), west_region=region("500154")),
    }


def message(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    assert set(exc.value.message_dict) == {field}
    [text] = exc.value.message_dict[field]
    return text


def test_nothing_given_is_none(scene):
    assert resolve(PERSON, scene["user"], None, field="person") is None
    assert resolve(PERSON, scene["user"], "", field="person") is None


def test_person_by_id_id_number_and_name(scene):
    user, doctor = scene["user"], scene["doctor"]
    assert resolve(PERSON, user, doctor.pk, field="person") == doctor
    assert resolve(PERSON, user, str(doctor.pk), field="person") == doctor
    assert resolve(PERSON, user, f"#{doctor.pk}", field="person") == doctor
    assert resolve(PERSON, user, doctor, field="person") == doctor
    assert resolve(PERSON, user, "50023719900101123x", field="person") == doctor
    assert resolve(PERSON, user, "巫山医生", field="person") == doctor
    assert resolve(PERSON, user, "李老师 / 巫山中学", field="person") == scene["li_school"]
    assert resolve(PERSON, user, "李老师（巫山县中医院）", field="person") == scene["li_hospital"]


def test_person_named_by_several_is_ambiguous(scene):
    with pytest.raises(ValidationError) as exc:
        resolve(PERSON, scene["user"], "李老师", field="mentor")
    assert message(exc, "mentor") == str(PERSON.ambiguous) % {"value": "李老师"}


def test_people_engaged_at_the_actors_organisations_may_be_named(scene):
    assert resolve(PERSON, scene["user"], "张医生 / 烟台山医院", field="person") == scene["visiting"]


def test_an_id_outside_the_scope_is_answered_like_a_missing_one(scene):
    user, outsider = scene["user"], scene["outsider"]
    missing = Person.objects.order_by("-pk").first().pk + 1000
    answers = []
    for value in (outsider.pk, missing):
        with pytest.raises(ValidationError) as exc:
            resolve(PERSON, user, value, field="person")
        answers.append(message(exc, "person").replace(str(value), "…"))
    assert answers[0] == answers[1] == str(NOT_KNOWN) % {"model": Person._meta.verbose_name,
                                                          "value": "…"}
    with pytest.raises(ValidationError):
        resolve(PERSON, user, "开州医生", field="person")  # by name: no more known
    with pytest.raises(ValidationError):
        resolve(PERSON, user, outsider, field="person")  # nor as a record


def test_unusable_texts_name_nothing(scene):
    for value in ("  ", "巫山医生\x00", "巫" * 301, True):
        with pytest.raises(ValidationError):
            resolve(PERSON, scene["user"], value, field="person")


def test_organisation_in_scope_or_any(scene):
    user = scene["user"]
    assert resolve(ORGANISATION, user, "巫山县中医院", field="organisation") == scene["wushan"]
    assert resolve(ORGANISATION, user, scene["wushan"].pk, field="organisation") == scene["wushan"]
    with pytest.raises(ValidationError):
        resolve(ORGANISATION, user, "开州区人民医院", field="organisation")
    # A host or partner may be any organisation.
    assert resolve(ANY_ORGANISATION, user, "开州区人民医院", field="host") == scene["kaizhou"]
    assert resolve(ANY_ORGANISATION, user, scene["kaizhou"].pk, field="host") == scene["kaizhou"]


def test_organisation_by_name_and_region(scene):
    user = scene["user"]
    with pytest.raises(ValidationError) as exc:
        resolve(ANY_ORGANISATION, user, "人民医院", field="host")
    assert message(exc, "host") == str(ANY_ORGANISATION.ambiguous) % {"value": "人民医院"}
    for text in ("人民医院 / 开州区", "人民医院/500154", "人民医院 / 重庆市开州区"):
        found = resolve(ANY_ORGANISATION, user, text, field="host")
        assert found is not None and found.region.code == "500154", text
    # In the actor's scope the name is no longer ambiguous.
    found = resolve(ORGANISATION, user, "人民医院", field="organisation")
    assert found is not None and found.region.code == "500237"


def test_pairing_by_id_or_by_its_sides(scene):
    user, pairing = scene["user"], scene["pairing"]
    assert pairing_label(pairing) == "烟台市—巫山县"
    assert resolve(PAIRING, user, "烟台市—巫山县", field="pairing") == pairing
    assert resolve(PAIRING, user, "烟台 - 巫山县", field="pairing") == pairing
    assert resolve(PAIRING, user, pairing.pk, field="pairing") == pairing
    assert resolve(PAIRING, user, float(pairing.pk), field="pairing") == pairing  # a number cell
    for value in ("潍坊市—开州区", scene["other_pairing"].pk):
        with pytest.raises(ValidationError) as exc:
            resolve(PAIRING, user, value, field="pairing")
        assert message(exc, "pairing") == str(PAIRING.not_known) % {"value": value}
    with pytest.raises(ValidationError) as exc:
        resolve(PAIRING, user, "巫山县", field="pairing")
    assert message(exc, "pairing") == str(PAIRING.malformed)


def test_region_by_code_or_name_is_public(scene):
    user = scene["user"]
    assert resolve(REGION, user, "370600", field="region") == region("370600")
    assert resolve(REGION, user, "巫山县", field="region") == region("500237")
    assert resolve(REGION, user, "重庆市开州区", field="region") == region("500154")
    with pytest.raises(ValidationError) as exc:
        resolve(REGION, user, "999999", field="host_region")
    assert message(exc, "host_region") == str(REGION.not_known) % {"value": "999999"}


def test_a_model_without_a_lookup_is_found_by_id_in_scope(scene, make_user):
    engagement = Engagement.objects.get()
    assert lookup_for(Engagement).keys == Lookup(Engagement).keys
    assert resolve(Engagement, scene["user"], engagement.pk, field="engagement") == engagement
    with pytest.raises(ValidationError):
        resolve(Engagement, scene["user"], "advisor", field="engagement")
    stranger = make_user("kaizhou", region="500154")
    with pytest.raises(ValidationError):
        resolve(Engagement, stranger, engagement.pk, field="engagement")


def test_one_registered_lookup_per_model():
    assert lookup_for(Person) is PERSON
    with pytest.raises(ImproperlyConfigured):
        register(Lookup(Person))
