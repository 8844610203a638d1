"""Demo cooperation records on the real demo pairings (`xiezuo.demo.registry`):
`load_cooperation_demo()` after the registry is loaded. Idempotent: records are found by
title (name) and left alone when they exist.

Figures are illustrative, of the order the 2024/2025 summaries report.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from xiezuo.cooperation import services
from xiezuo.cooperation.models import (
    Agreement,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.demo.registry import PAIRINGS
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing

D = datetime.date
YI = Decimal(100_000_000)  # 1 亿元
WAN = Decimal(10_000)  # 1 万元


def _system() -> User:
    """The demo loader acts as an administrator: an unsaved superuser (nothing stores it)."""
    return User(username="demo-loader", is_superuser=True, is_active=True)


def _pairing(key: str) -> Pairing | None:
    spec = next(p for p in PAIRINGS if p["key"] == key)
    queryset = Pairing.objects.filter(level=spec["level"], east_region__code=spec["east"],
                                      west_region__code=spec["west"])
    if "east_org" not in spec:
        queryset = queryset.filter(east_org__isnull=True, west_org__isnull=True)
    return queryset.order_by("start").first()


def _org(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def _yearly(years, **measures):
    """Targets for each year; a value grows by a tenth a year when given as a number."""
    rows = []
    for index, year in enumerate(years):
        for measure, value in measures.items():
            amount = Decimal(value) * (Decimal("1.1") ** index)
            rows.append({"year": year, "measure": measure, "target": amount.quantize(Decimal(1))})
    return rows


AGREEMENTS = [
    {"title": "山东省—重庆市东西部协作框架协议（2025—2027年）", "kind": "framework", "pairing": "sd_cq",
     "signed_on": D(2025, 3, 18), "start": D(2025, 1, 1), "end": D(2027, 12, 31),
     "reference": "鲁渝协作〔2025〕1号",
     "targets": _yearly((2025, 2026, 2027), cadres_sent=70, professionals_sent=2600, trainees=5000,
                        funds=Decimal("1.2") * YI, positions_offered=30000,
                        consumption_sales=40 * YI)},
    {"title": "烟台市—巫山县医疗卫生对口帮扶协议", "kind": "health", "pairing": "yt_ws",
     "east_party": "烟台山医院", "west_party": "巫山县中医院",
     "signed_on": D(2025, 4, 2), "start": D(2025, 1, 1), "end": D(2026, 12, 31),
     "targets": _yearly((2025, 2026), professionals_sent=24, trainees=300, medical_services=12000)},
    {"title": "潍坊市—开州区教育协作协议", "kind": "education", "pairing": "wf_kz",
     "east_party": "潍坊市教育局", "west_party": "开州区教育委员会",
     "signed_on": D(2025, 5, 10), "start": D(2025, 1, 1), "end": D(2027, 12, 31),
     "targets": _yearly((2025, 2026, 2027), professionals_sent=40, trainees=800, pairs=30)},
    {"title": "鲁东大学—重庆兔儿坪农业开发有限公司校企合作协议", "kind": "school_enterprise",
     "pairing": "yt_ws", "east_party": "鲁东大学", "west_party": "重庆兔儿坪农业开发有限公司",
     "signed_on": D(2025, 6, 6), "start": D(2025, 7, 1), "end": D(2026, 6, 30),
     "note": "脆李种植技术攻关、电商人才订单式培养。",
     "targets": _yearly((2025, 2026), trainees=120, jobs=60)},
]

PROJECTS = [
    ("巫山脆李冷链物流中心", "industry", "yt_ws", None, 2025, 1800 * WAN, "completed"),
    ("巫山县中医院远程会诊中心", "health", "yt_ws", "巫山县中医院", 2025, 350 * WAN, "completed"),
    ("鲁渝劳务协作就业帮扶车间", "labour", "sd_cq", None, 2025, 500 * WAN, "completed"),
    ("开州区乡村振兴示范村建设", "rural_development", "wf_kz", None, 2026, 1200 * WAN, "in_progress"),
    ("开州中学智慧教室", "education", "wf_kz", "开州中学", 2026, 280 * WAN, "planned"),
    ("巫山县消费帮扶直营店", "consumption", "yt_ws", None, 2026, 120 * WAN, "in_progress"),
    ("鲁渝乡村人才振兴培训基地", "talent", "sd_cq", None, 2026, 900 * WAN, "planned"),
]

JOB_FAIRS = [
    ("2025年鲁渝劳务协作春风行动网络招聘会", "online", "sd_cq", D(2025, 2, 10), 12000, 1800, 900, 600),
    ("烟台—巫山劳务协作现场招聘会", "offline", "yt_ws", D(2025, 3, 8), 3200, 420, 260, 120),
    ("潍坊—开州“直播带岗”专场", "livestream", "wf_kz", D(2025, 6, 18), 1500, 230, 150, 60),
    ("2026年鲁渝协作定向输送专场", "targeted", "sd_cq", D(2026, 3, 1), 5000, 900, 300, 550),
]

CONSUMPTION = [
    ("鲁渝消费帮扶（2025年）", "sd_cq", 2025, 320, 150, 45 * YI),
    ("鲁渝消费帮扶（2026年）", "sd_cq", 2026, 360, 180, 52 * YI),
    ("巫山脆李进烟台", "yt_ws", 2025, 35, 28, 8600 * WAN),
    ("巫山农特产品烟台展销", "yt_ws", 2026, 40, 32, 9800 * WAN),
    ("开州农产品进潍坊商超", "wf_kz", 2025, 28, 20, 6500 * WAN),
]


@transaction.atomic
def load_cooperation_demo() -> dict[str, int]:
    """Create the demo agreements, projects, job fairs and consumption records; returns
    how many of each were created now."""
    actor = _system()
    created = {"agreements": 0, "projects": 0, "labour": 0, "consumption": 0}
    for spec in AGREEMENTS:
        pairing = _pairing(spec["pairing"])
        if pairing is None or Agreement.objects.filter(title=spec["title"]).exists():
            continue
        fields = {k: v for k, v in spec.items() if k not in ("pairing", "east_party", "west_party")}
        services.create_agreement(actor=actor, pairing=pairing,
                                  east_party=_org(spec["east_party"]) if "east_party" in spec else None,
                                  west_party=_org(spec["west_party"]) if "west_party" in spec else None,
                                  **fields)
        created["agreements"] += 1
    for name, category, key, org, year, funds, status in PROJECTS:
        pairing = _pairing(key)
        if pairing is None or Project.objects.filter(name=name, year=year).exists():
            continue
        services.create_project(actor=actor, name=name, category=category, pairing=pairing,
                                organisation=_org(org) if org else None, year=year, funds=funds,
                                status=status, start=D(year, 3, 1), end=D(year, 12, 31))
        created["projects"] += 1
    for title, kind, key, day, positions, hired, local, east in JOB_FAIRS:
        pairing = _pairing(key)
        if pairing is None or LabourCooperation.objects.filter(title=title).exists():
            continue
        services.create_labour(actor=actor, title=title, kind=kind, pairing=pairing, date=day,
                               positions_offered=positions, people_hired=hired,
                               employed_locally=local, employed_in_east=east)
        created["labour"] += 1
    for title, key, year, companies, coops, sales in CONSUMPTION:
        pairing = _pairing(key)
        if pairing is None or ConsumptionAssistance.objects.filter(title=title).exists():
            continue
        services.create_consumption(actor=actor, title=title, pairing=pairing, year=year,
                                    companies_registered=companies, cooperatives_registered=coops,
                                    sales=sales)
        created["consumption"] += 1
    return created
