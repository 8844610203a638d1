"""The demo offers load once, and a round over the demo needs can use them."""

import pytest
from django.core.management import call_command

from xiezuo.needs import services
from xiezuo.needs.models import Need
from xiezuo.offers.choices import OfferStatus
from xiezuo.offers.demo import NEED_PROBLEM, load_offers_demo
from xiezuo.offers.models import Offer

pytestmark = pytest.mark.django_db


def test_demo_offers_and_a_round_with_them(refdata, admin_user):
    call_command("demo", verbosity=0)
    assert Offer.objects.filter(status=OfferStatus.PUBLISHED).count() == 3
    assert Offer.objects.filter(status=OfferStatus.DRAFT).count() == 1
    assert load_offers_demo() == 0  # idempotent
    maths = Offer.objects.get(specialty__name__contains="数学")
    needs = Need.objects.filter(organisation__name="开州中学", status="published")
    round_ = services.create_round(actor=admin_user, name="演示供给", needs=needs,
                                   offers=Offer.objects.filter(status=OfferStatus.PUBLISHED))
    round_ = services.start_round(actor=admin_user, round_=round_, background=False)
    offered = [(int(m["need"]), int(m["offer"])) for m in round_.result["offer_matches"]]
    wanted = needs.get(problem=NEED_PROBLEM)
    assert offered and {o for _n, o in offered} == {maths.pk}
    assert {n for n, _o in offered} == {wanted.pk}
    assert str(wanted.pk) not in {u["need"] for u in round_.result["unfilled"]}
