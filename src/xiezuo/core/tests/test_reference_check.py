"""The services check the references they are given themselves (`core.lookups.check_references`,
called by `core.services.save_new` / `save_changes`): a service called directly with a record
the actor may not name refuses it, names the field, stores nothing, and answers as an entry
point would (the lookup's message, the same for an id that does not exist)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError

from xiezuo.activities import services as activities
from xiezuo.activities.models import Activity, Trainee
from xiezuo.cooperation import services as cooperation
from xiezuo.cooperation.models import Agreement
from xiezuo.core import lookups
from xiezuo.core.lookups import (
    Lookup,
    checked_references,
    reference_lookup,
    references_among,
    register_reference,
    resolve,
)
from xiezuo.core.tests.factories import OrganisationFactory, PairingFactory, PersonFactory, region
from xiezuo.exchange import services as exchange
from xiezuo.exchange.models import Posting
from xiezuo.needs import services as needs
from xiezuo.needs.models import Need, TeamNeed
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON
from xiezuo.people.models import Person
from xiezuo.regions.lookups import PAIRING
from xiezuo.reports.models import FactRecord, ReportDocument

D = datetime.date
pytestmark = pytest.mark.django_db
MISSING = 987654


@pytest.fixture
def scene(refdata, make_user):
    wushan = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    kaizhou = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    yantai = OrganisationFactory(name="烟台山医院", region=region("370600"))
    return {
        "coordinator": make_user("wushan-coord", region="500237"),
        "root": make_user("root", superuser=True),
        "wushan": wushan, "kaizhou": kaizhou, "yantai": yantai,
        "doctor": PersonFactory(name="巫山医生", organisation=wushan),
        "outsider": PersonFactory(name="开州医生", organisation=kaizhou),
        "pairing": PairingFactory(east_region=region("370600"), west_region=region("500237")),
        "other_pairing": PairingFactory(east_region=region("370700"), west_region=region("500154")),
    }


def refused(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    """The one message of the one field the refusal names."""
    assert set(exc.value.message_dict) == {field}
    [text] = exc.value.message_dict[field]
    return text


def entry_point_answer(lookup: Lookup[Any], actor: Any, value: object, field: str) -> str:
    """What an entry point answers for the same reference (it resolves it first)."""
    with pytest.raises(ValidationError) as exc:
        resolve(lookup, actor, value, field=field)
    return refused(exc, field)


def posting(actor: Any, **fields: Any) -> Posting:
    return exchange.create_posting(actor=actor, kind="medical", direction="east_west",
                                   planned_start=D(2025, 3, 1), planned_end=D(2025, 8, 31), **fields)


# ---- a record the actor may not name -----------------------------------------------------


def test_a_person_of_another_county_on_a_posting_is_refused(scene):
    coordinator, outsider = scene["coordinator"], scene["outsider"]
    with pytest.raises(ValidationError) as exc:
        posting(coordinator, person=outsider, host=scene["wushan"])
    assert refused(exc, "person") == entry_point_answer(PERSON, coordinator, outsider.pk, "person")
    assert not Posting.objects.exists()


def test_a_person_that_does_not_exist_gets_the_same_answer(scene):
    coordinator = scene["coordinator"]
    with pytest.raises(ValidationError) as exc:
        posting(coordinator, person_id=MISSING, host=scene["wushan"])
    assert refused(exc, "person") == entry_point_answer(PERSON, coordinator, MISSING, "person")
    # … which is the answer for a person outside the view, but for the value given.
    assert refused(exc, "person").replace(str(MISSING), "X") == entry_point_answer(
        PERSON, coordinator, scene["outsider"].pk, "person").replace(str(scene["outsider"].pk), "X")
    assert not Posting.objects.exists()


def test_a_person_of_another_county_as_a_trainee_is_refused(scene):
    coordinator, outsider = scene["coordinator"], scene["outsider"]
    klass = activities.create_training_class(
        actor=coordinator, name="巫山班", category="rural_doctor", organiser=scene["wushan"],
        start=D(2025, 5, 1), end=D(2025, 5, 3))
    with pytest.raises(ValidationError) as exc:
        activities.create_trainee(actor=coordinator, training_class=klass, person=outsider)
    assert refused(exc, "person") == entry_point_answer(PERSON, coordinator, outsider.pk, "person")
    assert not Trainee.objects.exists()
    # A person of the county is a trainee.
    trainee = activities.create_trainee(actor=coordinator, training_class=klass,
                                        person=scene["doctor"])
    assert trainee.organisation == scene["wushan"]


def test_a_pairing_outside_the_scope_is_refused_on_an_activity_and_an_agreement(
        scene, make_user):
    coordinator, other = scene["coordinator"], scene["other_pairing"]
    with pytest.raises(ValidationError) as exc:
        activities.create_activity(actor=coordinator, kind="lecture", title="讲座",
                                   date=D(2025, 5, 1), domain="medical", host=scene["wushan"],
                                   pairing=other)
    assert refused(exc, "pairing") == entry_point_answer(PAIRING, coordinator, other.pk, "pairing")
    # The hospital's user sees the pairings of the hospital, not the county's.
    hospital = make_user("wushan-tcm", organisation=scene["wushan"])
    county = scene["pairing"]
    with pytest.raises(ValidationError) as exc:
        cooperation.create_agreement(actor=hospital, title="协议", kind="health", pairing=county,
                                     west_party=scene["wushan"], start=D(2025, 1, 1),
                                     end=D(2025, 12, 31))
    assert refused(exc, "pairing") == entry_point_answer(PAIRING, hospital, county.pk, "pairing")
    assert not Activity.objects.exists() and not Agreement.objects.exists()


def test_every_refused_reference_is_named_at_once(scene):
    coordinator = scene["coordinator"]
    with pytest.raises(ValidationError) as exc:
        posting(coordinator, person=scene["outsider"], host=scene["wushan"],
                pairing=scene["other_pairing"])
    assert set(exc.value.message_dict) == {"person", "pairing"}
    assert not Posting.objects.exists()


def test_a_needs_organisation_or_team_outside_the_scope_is_refused(scene):
    coordinator = scene["coordinator"]
    fields = {"domain": "medical", "specialty_text": "骨科", "start": D(2027, 1, 1),
              "end": D(2027, 3, 1)}
    # A need lies where its organisation is: one outside the scope is refused by the scope
    # first, with the answer it always had.
    with pytest.raises(PermissionDenied):
        needs.create_need(actor=coordinator, organisation=scene["kaizhou"], **fields)
    # A need of the county that names another county's team need: the field is named.
    team = needs.create_team_need(actor=scene["root"], name="开州医疗队",
                                  organisation=scene["kaizhou"], domain="medical",
                                  start=D(2027, 1, 1), end=D(2027, 3, 1))
    with pytest.raises(ValidationError) as exc:
        needs.create_need(actor=coordinator, organisation=scene["wushan"], team=team, **fields)
    assert refused(exc, "team") == entry_point_answer(
        reference_lookup(Need, Need._meta.get_field("team")), coordinator, team.pk, "team")
    assert not Need.objects.exists()
    assert TeamNeed.objects.count() == 1


# ---- what may be named -----------------------------------------------------------------


def test_a_superuser_names_everything(scene):
    made = posting(scene["root"], person=scene["outsider"], host=scene["wushan"],
                   pairing=scene["other_pairing"])
    assert made.person == scene["outsider"]


def test_a_legitimate_actor_names_what_they_may(scene):
    # A person of the county posted to any organisation, on a pairing of the county.
    made = posting(scene["coordinator"], person=scene["doctor"], host=scene["yantai"],
                   pairing=scene["pairing"])
    assert Posting.objects.get(pk=made.pk).host == scene["yantai"]
    # The other side's institution on an agreement of the county.
    agreement = cooperation.create_agreement(
        actor=scene["coordinator"], title="协议", kind="health", pairing=scene["pairing"],
        east_party=scene["yantai"], west_party=scene["wushan"], start=D(2025, 1, 1),
        end=D(2025, 12, 31))
    assert agreement.east_party == scene["yantai"]


def test_an_edit_keeps_an_old_reference_that_left_the_view(scene):
    coordinator, other = scene["coordinator"], scene["other_pairing"]
    activity = activities.create_activity(actor=scene["root"], kind="lecture", title="讲座",
                                          date=D(2025, 5, 1), domain="medical",
                                          host=scene["wushan"], pairing=other)
    # The pairing given again unchanged (as a form sends every field) is not checked.
    changed = activities.update_activity(actor=coordinator, instance=activity,
                                         changes={"title": "新讲座", "pairing": other})
    assert Activity.objects.get(pk=changed.pk).title == "新讲座"
    # A new reference is.
    third = PairingFactory(east_region=region("370700"), west_region=region("500154"),
                           start=D(2022, 1, 1))
    with pytest.raises(ValidationError) as exc:
        activities.update_activity(actor=coordinator, instance=Activity.objects.get(pk=activity.pk),
                                   changes={"pairing": third})
    assert refused(exc, "pairing") == entry_point_answer(PAIRING, coordinator, third.pk, "pairing")
    assert Activity.objects.get(pk=activity.pk).pairing == other


def test_a_service_may_check_a_reference_among_its_own_wider_set(scene):
    coordinator, outsider = scene["coordinator"], scene["outsider"]
    with references_among(Posting, "person", Person.objects.filter(pk=outsider.pk)):
        made = posting(coordinator, person=outsider, host=scene["wushan"])
    assert made.person == outsider
    with pytest.raises(ValidationError):
        posting(coordinator, person=outsider, host=scene["wushan"])


# ---- the declarations --------------------------------------------------------------------


def test_declarations_and_exemptions():
    assert reference_lookup(Posting, Posting._meta.get_field("person")) is PERSON
    assert reference_lookup(Posting, Posting._meta.get_field("host")) is ANY_ORGANISATION
    assert reference_lookup(Agreement, Agreement._meta.get_field("pairing")) is PAIRING
    assert "duplicate_of" not in {f.name for f in checked_references(ReportDocument)}
    assert "uploaded_by" not in {f.name for f in checked_references(ReportDocument)}
    assert {f.name for f in checked_references(FactRecord)} == {"document", "fact"}
    with pytest.raises(ImproperlyConfigured):
        register_reference(Posting, "person", ANY_ORGANISATION)  # not a person
    with pytest.raises(ImproperlyConfigured):
        register_reference(Posting, "host", ANY_ORGANISATION.__class__(
            ANY_ORGANISATION.model))  # declared already



def test_declarations_are_found_without_importing_the_apps_lookups_first():
    """`discover()` imports every app's lookups module (as the admin finds admin modules):
    a write that no page or API prepared still checks a posting's host as any organisation."""
    lookups.discover()
    host = Posting._meta.get_field("host")
    assert lookups.reference_lookup(Posting, host).public is True
    person = Posting._meta.get_field("person")
    assert lookups.reference_lookup(Posting, person).source is not None  # people posted too
