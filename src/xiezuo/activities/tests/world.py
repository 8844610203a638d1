"""A small world for the activities tests: 巫山 (in scope) and 开州 (outside), 烟台 sending."""

import datetime

from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Pairing, Region

D = datetime.date


def build(make_user) -> dict:
    region = Region.objects.get
    ws = Organisation.objects.create(name="巫山县中医院", kind="hospital", region=region(code="500237"))
    kz = Organisation.objects.create(name="开州中学", kind="school", region=region(code="500154"))
    yt = Organisation.objects.create(name="烟台山医院", kind="hospital", region=region(code="370602"))
    pairing = Pairing.objects.create(level="city_county", east_region=region(code="370600"),
                                     west_region=region(code="500237"), start=D(2021, 4, 1))
    doctor = Person.objects.create(name="演示医生甲", organisation=ws, domain="medical",
                                   specialty_text="全科")
    return {
        "ws": ws, "kz": kz, "yt": yt, "pairing": pairing, "doctor": doctor,
        "admin": make_user("root", superuser=True),
        "coordinator": make_user("ws-coord", region="500237"),
        "auditor": make_user("ws-audit", region="500237", role="auditor"),
        "outsider": make_user("kz-coord", region="500154"),
    }
