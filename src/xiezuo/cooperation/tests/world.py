"""A small constructed world: 烟台市 ↔ 巫山县 and 潍坊市 ↔ 开州区, their hospitals, users."""

import datetime
from decimal import Decimal

from xiezuo.cooperation import services
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing, Region

D = datetime.date


def region(code):
    return Region.objects.get(code=code)


def build(make_user):
    west = Organisation.objects.create(name="巫山县中医院", kind="hospital", region=region("500237"))
    east = Organisation.objects.create(name="烟台山医院", kind="hospital", region=region("370602"))
    kaizhou = Organisation.objects.create(name="开州区人民医院", kind="hospital", region=region("500154"))
    weifang = Organisation.objects.create(name="潍坊市教育局", kind="department", region=region("370700"))
    yt_ws = Pairing.objects.create(level="city_county", east_region=region("370600"),
                                   west_region=region("500237"), start=D(2021, 4, 1))
    hospitals = Pairing.objects.create(level="hospital_hospital", east_region=region("370600"),
                                       west_region=region("500237"), east_org=east, west_org=west,
                                       start=D(2021, 6, 1), parent=yt_ws)
    wf_kz = Pairing.objects.create(level="city_county", east_region=region("370700"),
                                   west_region=region("500154"), start=D(2021, 4, 1))
    admin = make_user("coop-root", superuser=True)
    world = {
        "west": west, "east": east, "kaizhou": kaizhou, "weifang": weifang,
        "yt_ws": yt_ws, "hospitals": hospitals, "wf_kz": wf_kz, "admin": admin,
        "coordinator": make_user("wushan-coord", region="500237"),
        "stranger": make_user("kaizhou-coord", region="500154"),
        "auditor": make_user("wushan-audit", region="500237", role="auditor"),
        "org_user": make_user("wushan-tcm", organisation=west),
    }
    world["agreement"] = services.create_agreement(
        actor=admin, title="烟台—巫山医疗协议", kind="health", pairing=yt_ws, east_party=east,
        west_party=west, start=D(2025, 1, 1), end=D(2026, 12, 31),
        targets=[{"year": 2025, "measure": "professionals_sent", "target": 20},
                 {"year": 2026, "measure": "professionals_sent", "target": 24},
                 {"year": 2025, "measure": "funds", "target": Decimal("1500000")}])
    world["other_agreement"] = services.create_agreement(
        actor=admin, title="潍坊—开州教育协议", kind="education", pairing=wf_kz, start=D(2025, 1, 1),
        end=D(2027, 12, 31), targets=[{"year": 2025, "measure": "professionals_sent", "target": 40}])
    world["project"] = services.create_project(
        actor=admin, name="巫山远程会诊中心", category="health", pairing=yt_ws, organisation=west,
        year=2025, funds=Decimal("3500000"), status="completed")
    world["other_project"] = services.create_project(
        actor=admin, name="开州智慧教室", category="education", pairing=wf_kz, year=2025,
        funds=Decimal("2800000"))
    world["labour"] = services.create_labour(
        actor=admin, title="巫山现场招聘会", kind="offline", pairing=yt_ws, date=D(2025, 3, 8),
        positions_offered=3200, people_hired=420, employed_locally=260, employed_in_east=120)
    world["other_labour"] = services.create_labour(
        actor=admin, title="开州直播带岗", kind="livestream", pairing=wf_kz, date=D(2025, 6, 18),
        positions_offered=1500, people_hired=230, employed_locally=150, employed_in_east=60)
    world["consumption"] = services.create_consumption(
        actor=admin, title="巫山脆李进烟台", pairing=yt_ws, year=2025, companies_registered=35,
        cooperatives_registered=28, sales=Decimal("86000000"))
    world["other_consumption"] = services.create_consumption(
        actor=admin, title="开州农产品进潍坊", pairing=wf_kz, year=2025, companies_registered=28,
        cooperatives_registered=20, sales=Decimal("65000000"))
    return world
