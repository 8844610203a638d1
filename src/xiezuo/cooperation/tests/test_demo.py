from decimal import Decimal

import pytest

from xiezuo.cooperation.demo import load_cooperation_demo
from xiezuo.cooperation.models import Agreement, ConsumptionAssistance, LabourCooperation, Project
from xiezuo.cooperation.selectors import targets_for
from xiezuo.demo.registry import load_registry
from xiezuo.regions.models import Pairing

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(refdata):
    load_registry()
    created = load_cooperation_demo()
    assert created == {"agreements": 4, "projects": 7, "labour": 4, "consumption": 5}
    assert load_cooperation_demo() == {"agreements": 0, "projects": 0, "labour": 0, "consumption": 0}
    assert Agreement.objects.count() == 4
    assert set(Project.objects.values_list("year", flat=True)) == {2025, 2026}
    assert set(LabourCooperation.objects.values_list("kind", flat=True)) >= {"online", "offline", "livestream"}
    assert set(ConsumptionAssistance.objects.values_list("year", flat=True)) == {2025, 2026}
    sd_cq = Pairing.objects.filter(east_region__code="370000", west_region__code="500000")
    targets = targets_for(sd_cq, 2025)
    assert targets["cadres_sent"] == 70 and targets["funds"] == Decimal(120_000_000)
    assert targets_for(Pairing.objects.all(), 2026)["professionals_sent"] > targets["professionals_sent"]
