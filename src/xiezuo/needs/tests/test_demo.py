"""The demo needs load once and a round over them fills the team need completely."""

import pytest
from django.core.management import call_command

from xiezuo.needs import services
from xiezuo.needs.demo import TEAM_NAME, load_needs_demo
from xiezuo.needs.models import Need, TeamNeed

pytestmark = pytest.mark.django_db


def test_demo_needs_and_a_round_over_them(refdata, admin_user):
    call_command("demo", verbosity=0)  # the demo command loads the needs
    # 12 demo needs, and the one the demo maths offer answers (offers/demo.py)
    assert Need.objects.filter(status="published").count() == 13
    assert load_needs_demo() == 0  # idempotent
    team = TeamNeed.objects.get(name=TEAM_NAME)
    needs = Need.objects.filter(organisation__name="巫山县中医院")
    round_ = services.create_round(actor=admin_user, name="演示", needs=needs)
    round_ = services.start_round(actor=admin_user, round_=round_, background=False)
    matched = {int(a["need"]) for a in round_.result["assignments"]}
    assert set(team.roles.values_list("pk", flat=True)) <= matched
    neuro = needs.get(specialty__name__startswith="神经外科")
    assert neuro.pk in matched
