"""factory_boy factories for the registry (reference data must be loaded: `refdata`)."""

import datetime

import factory

from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Pairing, Region


def region(code: str) -> Region:
    return Region.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试医院{n}")
    kind = "hospital"
    region = factory.LazyFunction(lambda: region("500237"))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试人员{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    domain = "medical"
    specialty_text = "骨科"
    title = "主治医师"
    title_level = 3


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    level = "city_county"
    east_region = factory.LazyFunction(lambda: region("370600"))
    west_region = factory.LazyFunction(lambda: region("500237"))
    start = datetime.date(2021, 4, 1)
