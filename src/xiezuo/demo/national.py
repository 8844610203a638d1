"""A national-size synthetic data set for benchmarks: ~50 eastern cities paired to ~450
western counties, ~2,000 organisations, ~100,000 people (`xiezuo demo --scale national`)."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.db import transaction

from xiezuo.demo.synthetic import PeopleFactory, create_people
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing, Region

SYNTHETIC_ORG_NOTE = "演示数据（虚构单位）"
SYNTHETIC_PAIRING_NOTE = "演示数据（虚构结对）"
# East–West cooperation province pairs after the 2021 adjustment.
PROVINCE_PAIRS = [
    ("110000", "150000"),
    ("120000", "620000"),
    ("310000", "530000"),
    ("320000", "610000"),
    ("320000", "630000"),
    ("330000", "510000"),
    ("350000", "640000"),
    ("370000", "500000"),
    ("370000", "620000"),
    ("440000", "450000"),
    ("440000", "520000"),
]
EAST_ORG_MIX = [
    ("hospital", 8),
    ("school", 8),
    ("university", 2),
    ("institute", 2),
    ("company", 1),
    ("department", 1),
]


def _east_parties(province: Region) -> list[Region]:
    cities = list(Region.objects.filter(parent=province, level="city").order_by("code"))
    return cities or list(Region.objects.filter(parent=province).order_by("code"))


def _west_counties(province: Region) -> list[Region]:
    return list(
        Region.objects.filter(code__startswith=province.prefix, level="county")
        .exclude(kind="市辖区")
        .order_by("code")
    )


@transaction.atomic
def load_national(
    *, seed: int = 1, cities: int = 50, counties: int = 450, people: int = 100_000
) -> dict:
    rng = random.Random(seed)
    start = datetime.date(2021, 4, 1)
    provinces = {r.code: r for r in Region.objects.filter(level="province")}
    pairs = []
    for east_code, west_code in PROVINCE_PAIRS:
        east, west = provinces[east_code], provinces[west_code]
        parent = Pairing.objects.filter(
            level="province_province", east_region=east, west_region=west
        ).first()
        if parent is None:
            parent = Pairing.objects.create(
                level="province_province", east_region=east, west_region=west, start=start
            )
        pairs.append((parent, _east_parties(east), _west_counties(west)))

    taken = set(
        Pairing.objects.exclude(level="province_province").values_list(
            "west_region__code", flat=True
        )
    )
    # Each county has one eastern partner; a province may pair with two western ones.
    free_by_pair = [[c for c in west if c.code not in taken] for _, _, west in pairs]
    sharing = Counter(parent.west_region_id for parent, _, _ in pairs)
    west_quota = _spread(
        counties,
        [
            len(free) // sharing[p.west_region_id]
            for (p, _, _), free in zip(pairs, free_by_pair, strict=True)
        ],
    )
    east_pool = {parent.east_region_id: east for parent, east, _ in pairs}
    east_ids = list(east_pool)
    city_quota = _spread(cities, [len(east_pool[p]) for p in east_ids])
    east_chosen = {
        p: rng.sample(east_pool[p], q) for p, q in zip(east_ids, city_quota, strict=True)
    }
    new_pairings, west_used = [], []
    for (parent, _, _), free, quota in zip(pairs, free_by_pair, west_quota, strict=True):
        chosen_east = east_chosen[parent.east_region_id]
        free = [c for c in free if c.code not in taken]
        chosen_west = rng.sample(free, quota)
        taken.update(c.code for c in chosen_west)
        for i, county in enumerate(chosen_west):
            east = chosen_east[i % len(chosen_east)]
            level = "city_county" if east.level == "city" else "district_county"
            new_pairings.append(
                Pairing(
                    level=level,
                    east_region=east,
                    west_region=county,
                    start=start,
                    parent=parent,
                    note=SYNTHETIC_PAIRING_NOTE,
                )
            )
            west_used.append(county)
    Pairing.objects.bulk_create(new_pairings, batch_size=1000)
    east_used = [city for chosen in east_chosen.values() for city in chosen]

    orgs: list[Organisation] = []
    for city in east_used:
        for kind, count in EAST_ORG_MIX:
            for n in range(1, count + 1):
                orgs.append(
                    Organisation(
                        name=f"{city.name}{_org_name(kind, n)}",
                        kind=kind,
                        region=city,
                        hospital_grade="3A" if kind == "hospital" else "",
                        school_stage=rng.choice(["primary", "junior", "senior"])
                        if kind == "school"
                        else "",
                        note=SYNTHETIC_ORG_NOTE,
                    )
                )
    for county in west_used:
        orgs.append(
            Organisation(
                name=f"{county.name}人民医院（演示）",
                kind="hospital",
                region=county,
                hospital_grade="2A",
                note=SYNTHETIC_ORG_NOTE,
            )
        )
        orgs.append(
            Organisation(
                name=f"{county.name}第一中学（演示）",
                kind="school",
                region=county,
                school_stage="senior",
                note=SYNTHETIC_ORG_NOTE,
            )
        )
    existing = set(Organisation.objects.values_list("name", "region_id"))
    orgs = [o for o in orgs if (o.name, o.region_id) not in existing]
    Organisation.objects.bulk_create(orgs, batch_size=2000)

    east_orgs = [o for o in orgs if o.region.role == "east"]
    west_orgs = [o for o in orgs if o.region.role == "west"]
    east_share = int(people * 0.9)
    plan = list(zip(east_orgs, _spread(east_share, [east_share] * len(east_orgs)), strict=True))
    west_share = people - east_share
    plan += list(zip(west_orgs, _spread(west_share, [west_share] * len(west_orgs)), strict=True))
    factory = PeopleFactory(seed)
    made = create_people(factory, plan, with_availability=True)
    return {
        "pairings": len(new_pairings),
        "organisations": len(orgs),
        "people": made,
        "western_counties": len(west_used),
        "eastern_parties": len(east_used),
    }


def _spread(total: int, capacities: list[int]) -> list[int]:
    """Split `total` as evenly as the capacities allow (no share above its capacity)."""
    shares = [0] * len(capacities)
    left = min(total, sum(capacities))
    while left:
        open_ = [i for i, cap in enumerate(capacities) if shares[i] < cap]
        for i in open_[:left]:
            shares[i] += 1
        left -= min(left, len(open_))
    return shares


def _org_name(kind: str, n: int) -> str:
    return {
        "hospital": f"第{n}人民医院（演示）",
        "school": f"第{n}中学（演示）",
        "university": f"职业技术学院{n}（演示）",
        "institute": f"农业科学研究所{n}（演示）",
        "company": f"科技有限公司{n}（演示）",
        "department": f"人力资源和社会保障局{n}（演示）",
    }[kind]
