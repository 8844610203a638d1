"""Roles in the chokepoint: what each role sees and may change."""

import pytest
from django.core.exceptions import ValidationError

from xiezuo.accounts.models import UserScope
from xiezuo.core.scoping import Action, scoped
from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(refdata):
    hospital = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    school = OrganisationFactory(name="巫山中学", kind="school", region=region("500237"))
    other = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    return {
        "hospital": hospital, "school": school, "other": other,
        "doctor": PersonFactory(name="医生甲", organisation=hospital),
        "teacher": PersonFactory(name="教师乙", organisation=school, domain="education"),
        "stranger": PersonFactory(name="开州丙", organisation=other),
    }


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_coordinator_sees_and_changes_the_region(world, make_user):
    user = make_user("c", region="500237")
    assert names(scoped(Person, user)) == ["医生甲", "教师乙"]
    assert names(scoped(Person, user, Action.CHANGE)) == ["医生甲", "教师乙"]


def test_organisation_user_sees_own_organisation_only(world, make_user):
    user = make_user("o", organisation=world["hospital"])
    assert names(scoped(Person, user)) == ["医生甲"]
    assert names(scoped(Organisation, user)) == ["巫山县中医院"]


def test_auditor_reads_but_never_changes(world, make_user, client_for):
    user = make_user("a", region="500237", role="auditor")
    assert names(scoped(Person, user)) == ["医生甲", "教师乙"]
    assert not scoped(Person, user, Action.CHANGE).exists()
    client = client_for(user)
    pk = world["doctor"].pk
    assert client.get(f"/api/people/{pk}").status_code == 200
    response = client.patch(f"/api/people/{pk}", {"title": "主任医师", "version": 1},
                            content_type="application/json")
    assert response.status_code == 403
    response = client.post("/api/organisations/", {"name": "新单位", "kind": "hospital", "region": "500237"},
                           content_type="application/json")
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="新单位").exists()
    assert client.delete(f"/api/people/{pk}").status_code == 403
    assert Person.objects.filter(pk=pk).exists()


def test_self_service_sees_and_edits_only_own_profile(world, make_user, client_for):
    user = make_user("s", person=world["doctor"])
    assert names(scoped(Person, user)) == ["医生甲"]
    assert names(scoped(Organisation, user)) == ["巫山县中医院"]  # sees where they work
    assert not scoped(Organisation, user, Action.CHANGE).exists()
    client = client_for(user)
    pk = world["doctor"].pk
    response = client.patch(f"/api/people/{pk}", {"position": "科室主任", "version": 1},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    assert client.get(f"/api/people/{world['teacher'].pk}").status_code == 404
    assert client.get("/api/people/").json()["count"] == 1


def test_scope_validation():


    with pytest.raises(ValidationError) as err:
        UserScope(role="coordinator").clean()
    assert "region" in err.value.message_dict
    with pytest.raises(ValidationError):
        UserScope(role="self_service").clean()
