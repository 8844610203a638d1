"""Services: agreements with their targets in one transaction, validation naming the field
with nothing stored, scope of writes, and the `targets_for` selector."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.cooperation import selectors, services
from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.cooperation.tests.world import build
from xiezuo.core.errors import Conflict
from xiezuo.regions.models import Pairing

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def counts():
    return (Agreement.objects.count(), AgreementTarget.objects.count(), Project.objects.count(),
            LabourCooperation.objects.count(), ConsumptionAssistance.objects.count())


def test_agreement_with_targets_and_targets_for(world):
    pairings = Pairing.objects.filter(pk=world["yt_ws"].pk)
    assert selectors.targets_for(pairings, 2025) == {"funds": Decimal("1500000"),
                                                     "professionals_sent": Decimal(20)}
    assert selectors.targets_for(Pairing.objects.all(), 2025)["professionals_sent"] == Decimal(60)
    assert selectors.targets_for(pairings, 2030) == {}
    agreement = services.update_agreement(
        actor=world["coordinator"], instance=world["agreement"], expected_version=1,
        changes={"targets": [{"year": 2026, "measure": "trainees", "target": "300"}]})
    assert agreement.version == 2
    assert list(agreement.targets.values_list("year", "measure", "target")) == [
        (2026, "trainees", Decimal(300))]
    years = selectors.targets_by_year(agreement)
    assert [y for y, _t in years] == [2026]
    # An update without targets keeps them.
    services.update_agreement(actor=world["coordinator"], instance=agreement, changes={"note": "x"})
    assert agreement.targets.count() == 1
    services.delete_agreement(actor=world["coordinator"], instance=agreement)
    assert not AgreementTarget.objects.filter(agreement_id=world["agreement"].pk).exists()


def _agreement(world, **overrides):
    fields = {"title": "新协议", "kind": "health", "pairing": world["yt_ws"], "start": D(2025, 1, 1),
              "end": D(2026, 12, 31), "targets": [{"year": 2025, "measure": "trainees", "target": 10}]}
    fields.update(overrides)
    return services.create_agreement(actor=world["coordinator"], **fields)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"end": D(2024, 1, 1)}, "end"),
    ({"east_party": "west"}, "east_party"),
    ({"west_party": "east"}, "west_party"),
    ({"west_party": "kaizhou"}, "west_party"),
    ({"targets": [{"year": 2030, "measure": "trainees", "target": 1}]}, "targets.1.year"),
    ({"targets": [{"year": 2025, "measure": "trainees", "target": -1}]}, "targets.1.target"),
    ({"targets": [{"year": 2025, "measure": "nonsense", "target": 1}]}, "targets.1.measure"),
    ({"targets": [{"year": 2025, "measure": "trainees", "target": 1},
                  {"year": 2025, "measure": "trainees", "target": 2}]}, "targets.2.measure"),
    ({"title": ""}, "title"),
])
def test_agreement_validation_names_the_field_and_stores_nothing(world, overrides, field):
    before = counts()
    overrides = {k: world[v] if k in ("east_party", "west_party") else v for k, v in overrides.items()}
    with pytest.raises(ValidationError) as exc:
        _agreement(world, **overrides)
    assert field in exc.value.message_dict, exc.value.message_dict
    assert counts() == before


def test_good_parties_are_accepted(world):
    agreement = _agreement(world, east_party=world["east"], west_party=world["west"])
    assert agreement.targets.count() == 1


def test_update_refused_keeps_the_old_targets(world):
    agreement = world["agreement"]
    with pytest.raises(ValidationError) as exc:
        services.update_agreement(actor=world["admin"], instance=agreement, changes={
            "targets": [{"year": 2025, "measure": "trainees", "target": 5},
                        {"year": 2031, "measure": "trainees", "target": 5}]})
    assert "targets.2.year" in exc.value.message_dict
    assert agreement.targets.count() == 3
    # Shortening the period past existing targets is refused on the end date.
    with pytest.raises(ValidationError) as exc:
        services.update_agreement(actor=world["admin"], instance=Agreement.objects.get(pk=agreement.pk),
                                  changes={"end": D(2025, 12, 31)})
    assert "end" in exc.value.message_dict
    assert Agreement.objects.get(pk=agreement.pk).end == D(2026, 12, 31)


def test_stale_version_conflicts(world):
    agreement = world["agreement"]
    services.update_agreement(actor=world["admin"], instance=agreement, changes={"note": "a"})
    with pytest.raises(Conflict):
        services.update_agreement(actor=world["admin"], instance=Agreement.objects.get(pk=agreement.pk),
                                  changes={"note": "b"}, expected_version=1)


@pytest.mark.parametrize(("create", "fields", "field"), [
    ("create_project", {"name": "p", "category": "health", "year": 2025, "funds": Decimal(-1)}, "funds"),
    ("create_project", {"name": "p", "category": "health", "year": 2025, "start": D(2025, 5, 1),
                        "end": D(2025, 1, 1)}, "end"),
    ("create_project", {"name": "p", "category": "health", "year": 1990}, "year"),
    ("create_project", {"name": "p", "category": "health", "year": 2025, "organisation": "kaizhou"},
     "organisation"),
    ("create_labour", {"title": "l", "kind": "online", "date": D(2025, 1, 1), "people_hired": 10,
                       "employed_locally": 8, "employed_in_east": 5}, "people_hired"),
    ("create_labour", {"title": "l", "kind": "online", "date": D(2025, 1, 1), "positions_offered": -3},
     "positions_offered"),
    ("create_consumption", {"title": "c", "year": 2025, "sales": Decimal(-5)}, "sales"),
    ("create_consumption", {"title": "c", "year": 2025, "companies_registered": -1},
     "companies_registered"),
])
def test_record_validation_names_the_field(world, create, fields, field):
    before = counts()
    fields = {k: world[v] if k == "organisation" else v for k, v in fields.items()}
    with pytest.raises(ValidationError) as exc:
        getattr(services, create)(actor=world["coordinator"], pairing=world["yt_ws"], **fields)
    assert field in exc.value.message_dict, exc.value.message_dict
    assert counts() == before


def test_scope_of_writes(world):
    before = counts()
    for actor in (world["stranger"], world["auditor"]):
        with pytest.raises(PermissionDenied):
            services.create_project(actor=actor, name="p", category="health", pairing=world["yt_ws"],
                                    year=2025)
        with pytest.raises(PermissionDenied):
            services.update_labour(actor=actor, instance=world["labour"], changes={"title": "x"})
        with pytest.raises(PermissionDenied):
            services.delete_consumption(actor=actor, instance=world["consumption"])
    # A coordinator cannot move a record out of their area.
    with pytest.raises(PermissionDenied):
        services.update_project(actor=world["coordinator"], instance=world["project"],
                                changes={"pairing": world["wf_kz"], "organisation": None})
    assert counts() == before
    assert Project.objects.get(pk=world["project"].pk).pairing == world["yt_ws"]


def test_totals(world):
    totals = selectors.labour_totals(LabourCooperation.objects.all())
    assert totals == {"count": 2, "positions_offered": 4700, "people_hired": 650,
                      "employed_locally": 410, "employed_in_east": 180}
    assert selectors.project_totals(Project.objects.none())["funds"] == 0
    assert selectors.consumption_totals(ConsumptionAssistance.objects.all())["sales"] == Decimal("151000000")
