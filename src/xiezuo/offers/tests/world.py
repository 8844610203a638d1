"""The needs' small world (巫山县中医院 west, 烟台山医院 east) with an offer of 烟台山医院
and a third eastern surgeon below the need's title level."""

import datetime

from xiezuo.needs.tests.world import build as build_needs
from xiezuo.offers import services
from xiezuo.people.models import Availability, Person

D = datetime.date


def build(make_user):
    world = build_needs(make_user)
    junior = Person.objects.create(name="丙医生", organisation=world["east"], domain="medical",
                                   specialty=world["neuro"], title_level=3, position="医师")
    Availability.objects.create(person=junior, start=D(2027, 1, 1), end=D(2027, 12, 31),
                                modes=["long_posting"])
    world["people"]["丙医生"] = junior
    world["offer"] = services.create_offer(
        actor=world["admin"], organisation=world["east"], domain="medical",
        specialty=world["neuro"], count=2, min_title_level=4, start=D(2027, 1, 1),
        end=D(2027, 12, 31), modes=["long_posting", "short_visit"], note="春季可派")
    world["auditor"] = make_user("yantai-auditor", region="370600", role="auditor")
    return world


def place(world):
    """Publish the offer and give it the need's place (as an approved round does)."""
    offer = services.transition_offer(actor=world["admin"], offer=world["offer"], action="publish")
    [placement] = services.create_placements(rows=[(world["need"], offer)], round_=None)
    return placement
