"""Cooperation records per pairing: projects, labour cooperation, consumption assistance,
and the agreements whose yearly targets lie close to what all the records give."""

from __future__ import annotations

import datetime
from decimal import Decimal

from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.demo.records.state import Records, weighted
from xiezuo.demo.records.volumes import (
    AGREEMENT_TITLES,
    DAY,
    JOB_FAIRS,
    MARK,
    PROJECT_CATEGORIES,
    TARGETS,
)


def add_cooperation(r: Records) -> None:
    rng = r.rng
    projects, labour, consumption = [], [], []
    for year in r.years:
        first, last, fraction = r.window(year)
        for pairing in r.counties + r.provinces:
            is_province = pairing.level == "province_province"
            county, city = pairing.west_region, pairing.east_region
            west_orgs = r.west_orgs.get(county.pk, {}).get("*", [])
            for _ in range(rng.randint(2, 4) if is_province else rng.randint(7, 13)):
                category = weighted(rng, PROJECT_CATEGORIES)
                label = next(t for c, _, t in PROJECT_CATEGORIES if c == category)
                funds = int(round(10 ** rng.uniform(5, 7), -3))
                start = r.day(datetime.date(year, 1, 1), datetime.date(year, 6, 30))
                end = start + rng.randint(90, 540) * DAY
                if start > r.today:
                    status = "planned"
                elif end < r.today:
                    status = "cancelled" if rng.random() < 0.03 else "completed"
                else:
                    status = "in_progress"
                projects.append(Project(
                    name=f"{year}年{county.name}{label}项目", category=category,
                    pairing_id=pairing.pk,
                    organisation_id=rng.choice(west_orgs) if west_orgs else None,
                    year=year, funds=Decimal(funds), status=status, start=start, end=end,
                    note=MARK))
                if status != "cancelled":
                    r.actual[(pairing.pk, year, "funds")] += funds
                    r.actual[(pairing.pk, year, "projects")] += 1
            if not fraction:
                continue
            for _ in range(rng.randint(1, 3) if is_province else rng.randint(2, 6)):
                kind = weighted(rng, JOB_FAIRS)
                label = next(t for k, _, t in JOB_FAIRS if k == kind)
                positions = rng.randint(50, 3000 if is_province else 1500)
                hired = int(positions * rng.uniform(0.1, 0.45))
                in_east = int(hired * rng.uniform(0.3, 0.7))
                local = int((hired - in_east) * rng.uniform(0.5, 1.0))
                labour.append(LabourCooperation(
                    title=f"{year}年{city.name}—{county.name}{label}", kind=kind,
                    pairing_id=pairing.pk, date=r.day(first, last),
                    positions_offered=positions, people_hired=hired,
                    employed_locally=local, employed_in_east=in_east, note=MARK))
                r.actual[(pairing.pk, year, "positions_offered")] += positions
                r.actual[(pairing.pk, year, "jobs")] += hired
            for number in range(1, rng.randint(1, 2) + 1):
                sales = int(round(10 ** rng.uniform(6, 8.3 if is_province else 8) * fraction, -2))
                channel = "消费帮扶专馆" if number == 1 else "线上直播带货"
                consumption.append(ConsumptionAssistance(
                    title=f"{year}年{county.name}产品进{city.name}{channel}",
                    pairing_id=pairing.pk, year=year,
                    companies_registered=rng.randint(5, 80),
                    cooperatives_registered=rng.randint(2, 50),
                    sales=Decimal(sales), note=MARK))
                r.actual[(pairing.pk, year, "consumption_sales")] += sales
    r.bulk(Project, projects, "projects")
    r.bulk(LabourCooperation, labour, "labour_cooperation")
    r.bulk(ConsumptionAssistance, consumption, "consumption_assistance")


def add_agreements(r: Records) -> None:
    rng = r.rng
    first_year, last_year = r.years[0], r.years[-1]
    # A province pairing's figures are its own plus its counties'.
    for pairing in r.counties:
        if pairing.parent_id:
            for year in r.years:
                for measure, _ in TARGETS:
                    value = r.actual.get((pairing.pk, year, measure), 0)
                    r.actual[(pairing.parent_id, year, measure)] += value
    agreements, targets = [], []
    for pairing in r.counties + r.provinces:
        county, city = pairing.west_region, pairing.east_region
        kinds = ["framework", "health", "education"]
        if pairing.level == "province_province" or rng.random() < 0.5:
            kinds.append("labour")
        made = {}
        for number, kind in enumerate(kinds, start=1):
            start = datetime.date(first_year, 1, 1)
            east_party = west_party = None
            if kind in ("health", "education"):
                domain = "medical" if kind == "health" else "education"
                east_party = r.east_org(city.pk, domain)
                west_party = r.west_org(county.pk, domain)
            agreement = Agreement(
                title=f"{city.name}—{county.name}{AGREEMENT_TITLES[kind]}", kind=kind,
                pairing_id=pairing.pk, east_party_id=east_party, west_party_id=west_party,
                signed_on=start - rng.randint(10, 60) * DAY, start=start,
                end=datetime.date(last_year, 12, 31),
                reference=f"协字〔{first_year}〕{pairing.pk % 1000}-{number}号", note=MARK)
            agreements.append(agreement)
            made[kind] = agreement
        for measure, kind in TARGETS:
            agreement = made.get(kind, made["framework"])
            for year in r.years:
                _, _, fraction = r.window(year)
                value = r.actual.get((pairing.pk, year, measure), 0)
                expected = value / fraction if fraction else value * 1.1
                targets.append((agreement, year, measure, _target(expected * rng.uniform(0.85, 1.2),
                                                                  measure)))
    r.bulk(Agreement, agreements, "agreements")
    rows = [AgreementTarget(agreement_id=a.pk, year=year, measure=measure, target=target)
            for a, year, measure, target in targets]
    r.bulk(AgreementTarget, rows, "agreement_targets")


def _target(value: float, measure: str) -> Decimal:
    """A round target: whole 10,000 元 for money, two significant digits for large counts."""
    if measure in ("funds", "consumption_sales"):
        return Decimal(max(10_000, int(round(value, -4))))
    value = max(1, round(value))
    if value >= 100:
        digits = len(str(value)) - 2
        value = round(value, -digits)
    return Decimal(value)
