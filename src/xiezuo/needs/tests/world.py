"""A small constructed world: 巫山县中医院 (west) paired with 烟台 (east), two surgeons."""

import datetime

from xiezuo.needs import services
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Availability, Person
from xiezuo.reference.models import Specialty
from xiezuo.regions.models import Pairing, Region
from xiezuo.vocab.specialties import resolve_specialty

D = datetime.date


def spec(name):
    return Specialty.objects.get(code=resolve_specialty(name, domain="medical").code)


def build(make_user):
    west = Organisation.objects.create(name="巫山县中医院", kind="hospital",
                                       region=Region.objects.get(code="500237"))
    other = Organisation.objects.create(name="开州区人民医院", kind="hospital",
                                        region=Region.objects.get(code="500154"))
    east = Organisation.objects.create(name="烟台山医院", kind="hospital",
                                       region=Region.objects.get(code="370602"))
    Pairing.objects.create(level="city_county", east_region=Region.objects.get(code="370600"),
                           west_region=Region.objects.get(code="500237"), start=D(2021, 4, 1))
    neuro = spec("神经外科")
    people = {}
    for name, level in (("甲医生", 5), ("乙医生", 4)):
        person = Person.objects.create(name=name, organisation=east, domain="medical",
                                       specialty=neuro, title_level=level, position="科主任")
        Availability.objects.create(person=person, start=D(2027, 1, 1), end=D(2027, 12, 31),
                                    modes=["long_posting", "short_visit"])
        people[name] = person
    admin = make_user("needs-root", superuser=True)
    coordinator = make_user("wushan-coord", region="500237")
    stranger = make_user("kaizhou-coord", region="500154")
    east_coordinator = make_user("yantai-coord", region="370600")  # the eastern side of 巫山
    need = services.create_need(
        actor=admin, organisation=west, domain="medical", specialty=neuro, slots=1,
        min_title_level=4, mode="long_posting", start=D(2027, 3, 1), end=D(2027, 8, 31),
        priority=5, problem="开展颅脑外伤手术")
    unfillable = services.create_need(
        actor=admin, organisation=west, domain="medical", specialty_text="高压氧舱", slots=1,
        min_title_level=3, mode="long_posting", start=D(2027, 3, 1), end=D(2027, 8, 31))
    for n in (need, unfillable):
        services.publish_directly(actor=admin, need=n)
    need.refresh_from_db()
    unfillable.refresh_from_db()
    return {"west": west, "other": other, "east": east, "people": people, "need": need,
            "unfillable": unfillable, "admin": admin, "coordinator": coordinator,
            "stranger": stranger, "neuro": neuro, "east_coordinator": east_coordinator}
